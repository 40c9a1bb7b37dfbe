"""Round 53: a later report's key point closing on a clause a lapse of time opens, which
retells the story's first event another key point tells (`briefs.LAPSE_CUT`).

heldout53's planning office "sealed the site … on Tuesday and halted all work there, a day
after a digger knocked most of the building down in the middle of the night" beside "Una
retroexcavadora derribó durante la madrugada de este lunes la Casa Pombo Tinoco …"; its
municipality "closed six hiking trails in the foothills on Wednesday, two days after a puma
came down into the suburb and hid in a school yard" beside "La puma capturada el lunes en
el patio del Colegio Los Arrayanes …". Neither clause is read as told: other words, another
language, no news word in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, finished_points, set_briefs

SEALED = "Cartagena's planning office sealed the site"
TRAILS = "The municipality of Lo Barnechea closed six hiking trails"
# report 1 is published on Monday 9 March 2026, report 2 on Tuesday 10 March
START = datetime(2026, 3, 8, 12, tzinfo=UTC)
FIRST = (
    "Una retroexcavadora derribó este lunes una casona colonial del siglo XVIII en el centro "
    "de Cartagena, denunciaron los vecinos del barrio.",
    "es",
)


def _point(points: list[str], opening: str) -> str:
    return next(p for p in points if p.startswith(opening))


@pytest.mark.parametrize("value", [1, 2])
def test_the_closing_lapse_clause_told_by_another_key_point_is_cut(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    set_briefs(monkeypatch, LAPSE_CUT=value)
    sealed = _point(corpus_points("heldout53", "getsemani-demolition"), SEALED)
    assert sealed.endswith("on Tuesday and halted all work there."), sealed
    trails = _point(corpus_points("heldout53", "lo-barnechea-puma"), TRAILS)
    assert trails.endswith("in the foothills on Wednesday."), trails


def test_off_the_clauses_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, LAPSE_CUT=0)
    sealed = _point(corpus_points("heldout53", "getsemani-demolition"), SEALED)
    assert sealed.endswith(
        ", a day after a digger knocked most of the building down in the middle of the night."
    ), sealed
    trails = _point(corpus_points("heldout53", "lo-barnechea-puma"), TRAILS)
    assert "two days after a puma came down" in trails, trails


@pytest.mark.parametrize("value", [1, 2])
def test_a_spanish_lapse_clause_goes_whole(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    # "un día después de que …" points to Monday, the day the first key point gives
    set_briefs(monkeypatch, LAPSE_CUT=value)
    later = (
        "La alcaldía selló la obra este martes y suspendió todos los trabajos, un día después "
        "de que una máquina tirara abajo el edificio durante la noche.",
        "es",
    )
    points = finished_points([FIRST, later], START)
    assert points[1] == "La alcaldía selló la obra este martes y suspendió todos los trabajos.", (
        points
    )


@pytest.mark.parametrize(("value", "cut"), [(0, False), (1, False), (2, True)])
def test_a_lapse_to_a_day_no_key_point_gives_is_cut_by_its_form_alone(
    monkeypatch: pytest.MonkeyPatch, value: int, cut: bool
) -> None:
    # "este jueves, dos días después" points to a day the first key point does not give:
    # 1 keeps the clause; 2 cuts it, the other key point being of an earlier report
    set_briefs(monkeypatch, LAPSE_CUT=value)
    later = (
        "La alcaldía selló la obra este jueves y suspendió todos los trabajos, dos días "
        "después de que una máquina tirara abajo el edificio durante la noche.",
        "es",
    )
    points = finished_points([FIRST, later], START)
    assert ("dos días después de que" not in points[1]) == cut, points


def test_a_count_of_its_own_keeps_the_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    # the clause's 14 injured are told by no other key point: news, not a retelling
    set_briefs(monkeypatch, LAPSE_CUT=2)
    later = (
        "La alcaldía selló la obra este martes y suspendió todos los trabajos, un día después "
        "de que una máquina tirara abajo el edificio e hiriera a 14 obreros.",
        "es",
    )
    points = finished_points([FIRST, later], START)
    assert "14 obreros" in points[1], points


def test_a_cut_never_leaves_its_connector(monkeypatch: pytest.MonkeyPatch) -> None:
    # round 52's over-broad reader left "…, un día después de." behind: were a cut to leave
    # the connector without its clause, the key point stays whole
    set_briefs(monkeypatch, LAPSE_CUT=2)
    later = (
        "La alcaldía selló la obra este martes y suspendió todos los trabajos, un día después "
        "de que una máquina tirara abajo el edificio durante la noche.",
        "es",
    )
    left = (
        "La alcaldía selló la obra este martes y suspendió todos los trabajos, un día después de."
    )
    monkeypatch.setattr(briefs, "cut", lambda text, clause: left)
    points = finished_points([FIRST, later], START)
    assert points[1] == later[0], points
    for ending in ("…, un día después de.", "…, a day after.", "…, dos días después de que."):
        assert briefs._CONNECTOR_LEFT.search(ending), ending


@pytest.mark.parametrize(
    ("opening", "days"),
    [
        (", a day after ", {1}),
        (", two days after ", {2}),
        (", un día después de que ", {1}),
        (", dos días después de que ", {2}),
        (", tres semanas después de ", {21}),
        (", hours after ", {0, 1}),
        (", several days after ", None),
        (", after ", None),
    ],
)
def test_the_lapse_read(opening: str, days: set[int] | None) -> None:
    assert briefs._lapse_days(opening) == (None if days is None else frozenset(days))


def test_the_default() -> None:
    # picked in round 53: the closing clause goes only when another key point gives its day
    assert briefs.LAPSE_CUT == 1
