"""Round 54: a later report retelling a person's arrest in a participle phrase on the
person's name after a comma (`briefs.NAME_ARREST_CUT`).

heldout54's health commission "clausuró este martes la Clínica Esbelta Vida, de Zapopan,
donde operaba Rodrigo Almaraz Peña, detenido el lunes por ejercer como cirujano plástico sin
título de médico", beside a judge who "ordered Rodrigo Almaraz Peña, the man accused of
operating on patients without a medical degree, to be held in custody". The participle
readers want a place word after the participle and no comma before it, so the phrase was
never offered as a clause that may retell."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, finished_points, set_briefs

CLOSED = "La Comisión para la Protección contra Riesgos Sanitarios de Jalisco clausuró"
START = datetime(2026, 3, 8, 12, tzinfo=UTC)
CUSTODY = (
    "A judge on Thursday ordered Martín Olivera Soto held in custody pending trial on fraud "
    "charges.",
    "en",
)
LATER = (
    "The court in Lima heard on Thursday from Martín Olivera Soto, arrested on Monday for "
    "selling fake concert tickets.",
    "en",
)
# up to a comma, not on the subject (round 36's SUBJECT_PARTICIPLE reads that one)
MIDDLE = (
    "The court in Lima heard on Thursday from Martín Olivera Soto, arrested on Monday for "
    "selling fake concert tickets, and from two of his buyers.",
    "en",
)


def _point(points: list[str], opening: str) -> str:
    return next(p for p in points if p.startswith(opening))


def _broken(point: str) -> bool:
    """A key point a cut left broken: a doubled or dangling comma, or a connector left
    without its clause."""
    return bool(
        re.search(r",\s*[,.]|\s,|,\s*$", point)
        or briefs._CONNECTOR_LEFT.search(point.rstrip(" .!?…\"”»’'"))
    )


@pytest.mark.parametrize("value", [1, 2])
def test_the_arrest_on_the_name_told_by_another_key_point_is_cut(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    set_briefs(monkeypatch, NAME_ARREST_CUT=value)
    closed = _point(corpus_points("heldout54", "zapopan-fake-surgeon"), CLOSED)
    assert closed.endswith("de Zapopan, donde operaba Rodrigo Almaraz Peña."), closed
    assert not _broken(closed), closed


def test_off_the_phrase_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, NAME_ARREST_CUT=0)
    closed = _point(corpus_points("heldout54", "zapopan-fake-surgeon"), CLOSED)
    assert closed.endswith(
        "Rodrigo Almaraz Peña, detenido el lunes por ejercer como cirujano plástico sin título "
        "de médico."
    ), closed


@pytest.mark.parametrize("value", [1, 2])
def test_a_closing_phrase_goes(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    set_briefs(monkeypatch, NAME_ARREST_CUT=value)
    points = finished_points([CUSTODY, LATER], START)
    assert points[1] == "The court in Lima heard on Thursday from Martín Olivera Soto.", points


@pytest.mark.parametrize("value", [1, 2])
def test_a_phrase_up_to_a_comma_takes_both_commas(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    # the custody key point names the man: the phrase goes with both its commas
    set_briefs(monkeypatch, NAME_ARREST_CUT=value)
    points = finished_points([CUSTODY, MIDDLE], START)
    assert points[1] == (
        "The court in Lima heard on Thursday from Martín Olivera Soto and from two of his buyers."
    ), points
    assert not _broken(points[1]), points


@pytest.mark.parametrize(("value", "cut"), [(0, False), (1, False), (2, True)])
def test_an_arrest_without_the_name_is_told_only_with_2(
    monkeypatch: pytest.MonkeyPatch, value: int, cut: bool
) -> None:
    # another key point tells an arrest but names somebody else: 1 keeps the phrase
    set_briefs(monkeypatch, NAME_ARREST_CUT=value)
    other = ("Police arrested the ticket seller's partner at the airport on Friday.", "en")
    points = finished_points([other, LATER], START)
    assert ("arrested on Monday" not in points[1]) == cut, points
    assert not _broken(points[1]), points


def test_a_count_of_its_own_keeps_the_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    # the phrase's 300 buyers are told by no other key point: news, not a retelling
    set_briefs(monkeypatch, NAME_ARREST_CUT=2)
    later = (
        "The court in Lima heard on Thursday from Martín Olivera Soto, arrested on Monday for "
        "selling fake tickets to 300 buyers.",
        "en",
    )
    points = finished_points([CUSTODY, later], START)
    assert "300 buyers" in points[1], points


def test_a_cut_never_leaves_a_connector(monkeypatch: pytest.MonkeyPatch) -> None:
    # a phrase ending on "after" would leave the key point on its connector: not cut
    set_briefs(monkeypatch, NAME_ARREST_CUT=2)
    later = (
        "The court heard from the lawyer of Martín Olivera Soto, arrested on Monday for fraud, "
        "after.",
        "en",
    )
    points = finished_points([CUSTODY, later], START)
    assert points[1] == later[0], points


def test_the_default() -> None:
    # picked in round 54: the phrase goes only when another key point names the person
    # with the arrest, a custody or a charge
    assert briefs.NAME_ARREST_CUT == 1
