"""Two sentences of one report telling one fact (`SAME_REPORT`): a report seldom tells a
fact twice but in other words, so a candidate is judged against a chosen key point of its
own report more strictly than against another report's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs

T0 = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)

CHARGED = (
    "A prosecutor in the province of Vallegrande charged the pilot of a crop-spraying plane "
    "on Wednesday with endangering public health after pesticide drifted over a school."
)
ALONGSIDE = (
    "The pilot, Ramiro Ocampo, 47, was charged alongside the owner of the spraying firm, "
    "the prosecutor's office said."
)
SUSPENDED = "The energy ministry suspended the seismic survey off the Valdés coast for 90 days."
ORDER = (
    "The order tells the survey company to stop its air-gun blasts at once and to move its "
    "ship out of the block, 80 kilometres off the coast, until experts have reviewed it."
)
LATER = (
    "Fishermen in the port said the ship had been working off the coast since March, and "
    "that they had asked the ministry to review it in January."
)


def _report(n: int, texts: tuple[str, ...]) -> briefs.Report:
    return briefs.Report(
        id=n,
        title="t",
        text=" ".join(texts),
        url=f"https://news{n}.example/{n}",
        outlet=f"outlet-{n}",
        published=T0,
        language="en",
    )


def _one_report(*texts: str) -> list[briefs._Sentence]:
    """The texts read as the sentences of one report, in order."""
    report = _report(1, texts)
    pool = [briefs._sentence(t, report, i) for i, t in enumerate(texts)]
    briefs._vectors(pool)
    return pool


def _two_reports(first: str, second: str) -> list[briefs._Sentence]:
    """The texts read as the first and second sentence of two reports of their own."""
    pool = [
        briefs._sentence(first, _report(1, (first,)), 0),
        briefs._sentence(second, _report(2, ("Earlier.", second)), 1),
    ]
    briefs._vectors(pool)
    return pool


def test_one_report_telling_a_charge_twice_is_one_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "SAME_REPORT", 0)
    charged, alongside = _one_report(CHARGED, ALONGSIDE)
    assert not briefs.same_thing(alongside, charged, news=True)
    monkeypatch.setattr(briefs, "SAME_REPORT", 1)
    # alike and sharing the charge: the second sentence retells the first, news or not
    assert briefs.same_thing(alongside, charged, news=True)
    # the same two sentences from two reports are judged as before
    charged, alongside = _two_reports(CHARGED, ALONGSIDE)
    assert not briefs.same_thing(alongside, charged, news=True)


def test_the_sentence_after_the_lede_telling_its_terms_is_one_fact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "SAME_REPORT", 1)
    suspended, order, later = _one_report(SUSPENDED, ORDER, LATER)
    assert not briefs.same_thing(order, suspended, news=True)
    monkeypatch.setattr(briefs, "SAME_REPORT", 2)
    monkeypatch.setattr(briefs, "SAME_REPORT_STEMS", 2)
    # next to the lede and sharing its survey and coast: the order's terms retell it
    assert briefs.same_thing(order, suspended, news=True)
    # two sentences on: the stems it shares are not enough
    assert not briefs.same_thing(later, suspended, news=True)
    monkeypatch.setattr(briefs, "SAME_REPORT_STEMS", 4)
    assert not briefs.same_thing(order, suspended, news=True)
