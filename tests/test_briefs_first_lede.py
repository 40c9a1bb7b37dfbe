"""Round 45: a story's first event told by its first report's lede, and "mil"/"thousand"
inside a count said in words dropped with the count.

heldout45's helicopter story had no key point telling the crash: the grounding report's lede
was chosen first, its clause "two days after one of the firm's air ambulances crashed …,
killing the five people on board" made the crash's terms said, and the first lede fell below
"Los cuerpos fueron trasladados …"; that clause was cut afterwards (`briefs.FIRST_LEDE`). And
"los cerca de doce mil turistas" kept its count beside "About 12,000 tourists were stranded"
under `GIVEN_DROP` 2, "mil" read as a figure's multiplier (`GIVEN_DROP` 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import briefs
from tests.helpers import corpus_points, set_briefs

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
CRASH = "An air-ambulance helicopter crashed in snow-covered hills near Villa Cerro Castillo"
RETOLD = "que cayó el domingo en Aysén con cinco personas a bordo"
TOURISTS = "comenzaron a trasladar a los"


@pytest.mark.parametrize("mode", [2, 3])  # 3: the first report's lede alone (round 46)
def test_the_first_lede_tells_the_crash(monkeypatch: pytest.MonkeyPatch, mode: int) -> None:
    set_briefs(monkeypatch, FIRST_LEDE=mode)
    points = corpus_points("heldout45", "aysen-helicopter-crash")
    assert [p for p in points if p.startswith(CRASH)], points
    arrest = [p for p in points if "detuvo este miércoles al jefe de mantenimiento" in p]
    assert arrest, points
    assert not [p for p in arrest if RETOLD in p], points  # the retelling clause is cut


def test_the_first_lede_chosen_first(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, FIRST_LEDE=1)
    points = corpus_points("heldout45", "aysen-helicopter-crash")
    assert points[0].startswith(CRASH), points


def test_without_the_switch_the_crash_is_told_only_in_a_clause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, FIRST_LEDE=0)
    points = corpus_points("heldout45", "aysen-helicopter-crash")
    assert not [p for p in points if p.startswith(CRASH)], points
    assert [p for p in points if RETOLD in p], points


def test_mil_in_a_count_in_words_goes_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=3)
    points = corpus_points("heldout6", "cabos-hurricane")
    moved = [p for p in points if TOURISTS in p]
    assert moved, points
    assert [p for p in moved if f"{TOURISTS} turistas." in p], points
    assert not [p for p in moved if " mil " in p], points


def test_mil_in_a_count_in_words_stays_with_given_drop_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=2)
    points = corpus_points("heldout6", "cabos-hurricane")
    assert [p for p in points if f"{TOURISTS} cerca de doce mil turistas" in p], points


@pytest.mark.parametrize("drop", [2, 3])
def test_a_figure_keeps_its_multiplier_still(monkeypatch: pytest.MonkeyPatch, drop: int) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=drop)
    points = corpus_points("heldout41", "asuncion-pension-fraud")
    assert [p for p in points if "de los 40 millones de dólares" in p], points


def test_what_reads_as_thousand_in_words() -> None:
    words = list(briefs._COUNT_WORDS.finditer("doce mil turistas 12 mil thousand"))
    assert briefs._thousand_in_words(words, 1, 3)
    assert not briefs._thousand_in_words(words, 1, 2)  # off below 3
    assert not briefs._thousand_in_words(words, 4, 3)  # "12 mil": a figure's multiplier
    assert not briefs._thousand_in_words(words, 0, 3)


def test_broken_reads_the_dropped_count_whole() -> None:
    cabos = load_stories(CORPUS / "heldout6.toml")["cabos-hurricane"]
    point = (
        "El aeropuerto internacional de Los Cabos reabrió este jueves y las aerolíneas "
        "comenzaron a trasladar a los turistas."
    )
    assert not broken_cut(point, cabos)


def test_the_round_45_pick_is_the_default() -> None:
    # GRID45's rule took given drop 3: one pair fewer at the same facts; the FIRST_LEDE rows
    # fail existing tests (UNPICKABLE45)
    assert briefs.GIVEN_DROP == 3
    assert briefs.FIRST_LEDE == 0
