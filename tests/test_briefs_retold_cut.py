"""The cuts made again against the final key points (`briefs.RETOLD_CUT`): a key point's
clause that the others say part of is cut, unless it gives a figure none of them gives; and
the selection going on past `briefs.STOP` while a candidate gives a number, name or date
not yet given (`briefs.STOP_ANCHORS`). Each test sets the switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from tests.helpers import report

T0 = datetime(2025, 9, 15, 14, 0, tzinfo=UTC)
DECERTIFIED = (
    "The United States on Monday decertified Colombia as a partner in the fight against "
    "drugs for the first time since the 1990s."
)
# its news in the main clause, the decertification retold in an "after" clause that the
# key point above says only in part (other words: "a partner in the fight against drugs")
PETRO = (
    "Colombian President Gustavo Petro said on Tuesday that his country would no longer "
    "depend on U.S. military aid after Washington decertified Colombia as a counternarcotics "
    "partner."
)
SIX = (
    "Seis hinchas murieron el sábado en una avalancha en una puerta del Estadio Nacional de "
    "Lima, informó la policía."
)
# the toll in words, in a clause: a figure no other key point gives
SEVEN = (
    "Un hincha herido en la avalancha del Estadio Nacional murió este lunes en el hospital, "
    "con lo que ya son siete los muertos, informó el Ministerio de Salud."
)


def _final(texts: list[tuple[str, str]], start: datetime = T0) -> list[str]:
    """The key points made of every sentence of these reports, the earliest chosen first."""
    briefs.clear_readings()
    reports = [
        report(i + 1, text, start + timedelta(days=i), lang) for i, (text, lang) in enumerate(texts)
    ]
    st = briefs._story(reports)
    chosen = sorted(st.pool, key=lambda s: s.report.id)
    return [s.text for s in briefs._finish(chosen, [], len(chosen), st.space, st.centroid)]


def test_a_clause_the_final_key_points_say_in_part_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "RETOLD_CUT", 0.3)
    assert _final([(DECERTIFIED, "en"), (PETRO, "en")]) == [
        DECERTIFIED,
        "Colombian President Gustavo Petro said on Tuesday that his country would no longer "
        "depend on U.S. military aid.",
    ]


def test_without_the_switch_the_clause_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "RETOLD_CUT", 0.0)
    assert _final([(DECERTIFIED, "en"), (PETRO, "en")]) == [DECERTIFIED, PETRO]


def test_a_clause_giving_a_figure_no_key_point_gives_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "RETOLD_CUT", 0.1)
    start = datetime(2027, 8, 8, 2, 0, tzinfo=UTC)
    assert _final([(SIX, "es"), (SEVEN, "es")], start) == [SIX, SEVEN]
    # said in part as much as a cut needs: only the figure keeps it
    st = briefs._story([report(1, SIX, start, "es"), report(2, SEVEN, start, "es")])
    six, seven = sorted(st.pool, key=lambda s: s.report.id)
    (clause,) = seven.clauses
    assert briefs._coverage(clause.of(SEVEN), seven, [six], st.space, True) >= 0.1


AIRLINE = (
    "The regulator fined the airline 4 million dollars on Monday over the delays. "
    "The airline said it would appeal. "
    "Officials said the fine was fair. "
    "About 12,000 passengers were stranded at Bogotá airport. "
    "Critics said more was needed."
)
APOLOGY = (
    "Passengers said the queues were long. "
    "The airline apologised to them on Tuesday for the delays."
)


def _selected(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(briefs, "STOP", 10.0)  # every candidate is under it
    briefs.clear_readings()
    st = briefs._story(
        [report(1, AIRLINE, T0, "en"), report(2, APOLOGY, T0 + timedelta(days=1), "en")]
    )
    return [s.text for s in briefs._select(st.pool, 5, st.space, st.centroid)]


def test_the_selection_goes_on_while_a_candidate_gives_a_new_anchor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "STOP_ANCHORS", True)
    assert _selected(monkeypatch) == [
        "The regulator fined the airline 4 million dollars on Monday over the delays.",
        "About 12,000 passengers were stranded at Bogotá airport.",
        "The airline apologised to them on Tuesday for the delays.",
    ]


def test_without_the_switch_it_ends_under_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "STOP_ANCHORS", False)
    assert _selected(monkeypatch) == [
        "The regulator fined the airline 4 million dollars on Monday over the delays.",
        "About 12,000 passengers were stranded at Bogotá airport.",
    ]
