"""A clause retelling in one language what a key point in the other tells ("that crashed in
Iquique on Wednesday, killing a Brazilian tourist" beside "Una turista brasileña … murió este
miércoles en Iquique …") is told by the anchors the two share: names and places, dates,
counts, states and the news words of `news_words.txt` (`ANCHOR_SHARE`, with `DEATH_ONE` and
`ANCHOR_ORDINAL`). Round 22."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, set_briefs

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
SWITCHES: dict[str, object] = {"ANCHOR_SHARE": 0.6, "DEATH_ONE": True, "ANCHOR_ORDINAL": True}
OFF: dict[str, object] = {"ANCHOR_SHARE": 0.0, "DEATH_ONE": False, "ANCHOR_ORDINAL": False}


def test_an_english_clause_retelling_a_spanish_lede_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, **SWITCHES)
    points = corpus_points("heldout22", "iquique-paragliding")
    assert not [p for p in points if "that crashed in Iquique" in p], points
    assert any(
        p.startswith("The instructor flying the tandem paraglider had had his licence suspended")
        for p in points
    ), points
    assert any(p.startswith("Una turista brasileña de 27 años murió") for p in points), points


def test_a_spanish_place_clause_retelling_an_english_key_point_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, **SWITCHES)
    points = corpus_points("heldout21", "chillan-hantavirus")
    assert not [p for p in points if "donde el hantavirus ya mató" in p], points
    assert any(p.startswith("A nurse died on Thursday, the fourth death") for p in points)


def test_without_the_switches_the_retellings_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, **OFF)
    assert any(
        "that crashed in Iquique" in p for p in corpus_points("heldout22", "iquique-paragliding")
    )
    assert any(
        "donde el hantavirus ya mató" in p for p in corpus_points("heldout21", "chillan-hantavirus")
    )


def test_killed_and_died_are_one_news_word_and_the_fourth_death_a_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, **SWITCHES)
    published = datetime(2029, 7, 21, tzinfo=UTC)
    killed = briefs._anchors_of(
        "donde el virus ya mató a cuatro personas", "es", published, True, True
    )
    died = briefs._anchors_of("A nurse died, the fourth death.", "en", published, True, True)
    assert killed.counts == died.counts == {"num:4"}
    assert killed.news & died.news - {"state:deaths"}
    apart = briefs._anchors_of("A nurse died, the fourth death.", "en", published, False, False)
    assert not apart.counts


def test_the_round_22_pick_is_the_default() -> None:
    assert briefs.ANCHOR_SHARE == 0.6
    assert briefs.DEATH_ONE is True
    assert briefs.ANCHOR_ORDINAL is True
    assert briefs.ANCHORS_ACROSS == 0
