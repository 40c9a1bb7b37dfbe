"""Round 55: the day a closing lapse clause points to, given by another key point only in a
clause of its own that retells the event (`briefs.LAPSE_CLAUSE_DAY`).

heldout55's aviation authority "ordered the operator of Mendoza airport to install an
anti-drone detection radar within 60 days, two days after drone sightings halted traffic
there for six hours" beside "La policía de Mendoza detuvo este martes a dos hombres … a
quienes acusa de haber volado los drones que el lunes obligaron a cerrar el aeropuerto
durante seis horas." `LAPSE_CUT` 1 reads the day only in another key point's own clauses,
and Monday is told only in its relative clause."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, finished_points, set_briefs

RADAR = "Argentina's civil aviation authority on Wednesday ordered"
# report 1 is published on Monday 9 March 2026, report 2 on Tuesday 10 March
START = datetime(2026, 3, 8, 12, tzinfo=UTC)
# Sunday 8 March told only in the clause on the drones
FIRST = (
    "La policía detuvo este lunes a dos hombres, a quienes acusa de haber volado los drones "
    "que el domingo obligaron a cerrar el aeropuerto.",
    "es",
)
ORDERED = "The aviation authority on Tuesday ordered the airport operator to install a radar"


def _later(lapse: str) -> tuple[str, str]:
    return (f"{ORDERED}, {lapse} after drone sightings halted traffic there.", "en")


def _point(points: list[str], opening: str) -> str:
    return next(p for p in points if p.startswith(opening))


@pytest.mark.parametrize("value", [1, 2])
def test_the_day_in_another_key_points_clause_cuts_the_lapse(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    set_briefs(monkeypatch, LAPSE_CUT=1, LAPSE_CLAUSE_DAY=value)
    radar = _point(corpus_points("heldout55", "mendoza-airport-drones"), RADAR)
    assert radar.endswith("to install an anti-drone detection radar within 60 days."), radar


def test_off_the_clause_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, LAPSE_CUT=1, LAPSE_CLAUSE_DAY=0)
    radar = _point(corpus_points("heldout55", "mendoza-airport-drones"), RADAR)
    assert radar.endswith(", two days after drone sightings halted traffic there for six hours."), (
        radar
    )


@pytest.mark.parametrize(("value", "cut"), [(0, False), (1, True), (2, True)])
def test_a_day_told_in_a_relative_clause(
    monkeypatch: pytest.MonkeyPatch, value: int, cut: bool
) -> None:
    # Tuesday less two days is Sunday, which the first key point gives only on the drones
    set_briefs(monkeypatch, LAPSE_CUT=1, LAPSE_CLAUSE_DAY=value)
    points = finished_points([FIRST, _later("two days")], START)
    assert (points[1] == f"{ORDERED}.") == cut, points


@pytest.mark.parametrize(("value", "cut"), [(0, False), (1, False), (2, True)])
def test_a_day_off_is_read_with_2_only(
    monkeypatch: pytest.MonkeyPatch, value: int, cut: bool
) -> None:
    # Tuesday less three days is Saturday, a day before the Sunday the first key point gives
    set_briefs(monkeypatch, LAPSE_CUT=1, LAPSE_CLAUSE_DAY=value)
    points = finished_points([FIRST, _later("three days")], START)
    assert (points[1] == f"{ORDERED}.") == cut, points


@pytest.mark.parametrize("value", [1, 2])
def test_without_the_lapse_cut_nothing_is_cut(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    set_briefs(monkeypatch, LAPSE_CUT=0, LAPSE_CLAUSE_DAY=value)
    points = finished_points([FIRST, _later("two days")], START)
    assert points[1] == _later("two days")[0], points


def test_a_day_no_key_point_gives_keeps_the_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tuesday less five days is Thursday, told nowhere: even 2 keeps the clause
    set_briefs(monkeypatch, LAPSE_CUT=1, LAPSE_CLAUSE_DAY=2)
    points = finished_points([FIRST, _later("five days")], START)
    assert "five days after" in points[1], points


def test_the_default() -> None:
    # picked in round 55: the day the lapse points to, or a day off it, read anywhere in
    # another key point, its retelling clauses too
    assert briefs.LAPSE_CLAUSE_DAY == 2
