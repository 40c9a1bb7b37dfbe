"""Round 55: a comma-less "after …" right after a time noun with its article, which is that
noun's complement and not a clause of its own (`sentences.DAY_AFTER`).

heldout55's "The road to Brazil had been shut for three days, since the day after police
destroyed 57 dredges on the Malinowski river." was cut to "…, since the day.", a key point
that reads broken."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

ROAD = (
    "The road to Brazil had been shut for three days, since the day after police destroyed 57 "
    "dredges on the Malinowski river."
)
CARRETERA = (
    "La carretera a Brasil estuvo cerrada tres días, desde el día después de que la policía "
    "destruyó 57 dragas en el río Malinowski."
)
NOCHE = (
    "Los vecinos no han vuelto a sus casas desde la noche después del incendio que arrasó el "
    "mercado central de la ciudad."
)
# an "after" on the main clause's verb, no time noun before it
REOPENED = (
    "The road to Brazil was reopened by the regional government on Thursday after police "
    "destroyed 57 dredges on the Malinowski river."
)


def _set(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    monkeypatch.setattr(sentences, "DAY_AFTER", value)
    briefs.clear_readings()


@pytest.mark.parametrize(
    ("sentence", "noun"), [(ROAD, "the day"), (CARRETERA, "el día"), (NOCHE, "la noche")]
)
def test_the_time_nouns_complement_is_no_clause(
    monkeypatch: pytest.MonkeyPatch, sentence: str, noun: str
) -> None:
    # no cut leaves the time noun bare; a relative clause further on may still go
    _set(monkeypatch, 1)
    cuts = clause_cuts(sentence)
    assert not any(c.rstrip(".").endswith(noun) for c in cuts), cuts


@pytest.mark.parametrize(
    ("sentence", "left"),
    [
        (ROAD, "The road to Brazil had been shut for three days, since the day."),
        (CARRETERA, "La carretera a Brasil estuvo cerrada tres días, desde el día."),
    ],
)
def test_off_the_cut_leaves_the_day_bare(
    monkeypatch: pytest.MonkeyPatch, sentence: str, left: str
) -> None:
    _set(monkeypatch, 0)
    assert left in clause_cuts(sentence)


@pytest.mark.parametrize("value", [0, 1])
def test_an_after_on_the_verb_is_still_a_clause(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    _set(monkeypatch, value)
    assert clause_cuts(REOPENED) == [
        "The road to Brazil was reopened by the regional government on Thursday."
    ]


def test_no_key_point_of_heldout55_ends_on_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, 1)
    points = corpus_points("heldout55", "madre-de-dios-dredges")
    assert not any(p.rstrip(".").endswith(("the day", "el día")) for p in points), points


def test_off_heldout55_keeps_the_bare_day(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, 0)
    points = corpus_points("heldout55", "madre-de-dios-dredges")
    assert "The road to Brazil had been shut for three days, since the day." in points, points


def test_the_default() -> None:
    # off until a round's grid picks it
    assert sentences.DAY_AFTER == 0
