"""Round 47: `briefs.FIRST_RETOLD`, a story's first event told by no key point of its own and
retold inside later ones.

The first report's lede was passed over as the same thing as a later report's lede that
retells the first event on its way to its own news, across the languages over the names and
counts they share (heldout47's reliquary: "La Policía capturó este martes a dos hombres
señalados de robar el relicario …"); the retelling is no clause a cut knows. With 1 the first
lede is not judged a repeat of a key point with news of a later day, with 2 nor is such a key
point's overlap weighed against it."""

from __future__ import annotations

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, set_briefs

THEFT = "Thieves stole a 17th-century silver reliquary set with emeralds"
SEARCH = "Unos 40 rescatistas buscan desde el domingo a Florencia Bentancor Rivas"


def test_the_theft_told_by_its_own_lede(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, FIRST_RETOLD=0)
    assert not [p for p in corpus_points("heldout47", "popayan-relic-theft") if THEFT in p]
    set_briefs(monkeypatch, FIRST_RETOLD=2)
    points = corpus_points("heldout47", "popayan-relic-theft")
    assert [p for p in points if p.startswith(THEFT)], points


def test_the_search_told_by_its_own_lede(monkeypatch: pytest.MonkeyPatch) -> None:
    # a test of round 47's rule alone: round 51's LATER_NEWS (and round 52's LATER_CUT,
    # which acts only with it) set off, as grouping rounds 24 and 32 did for their switches
    monkeypatch.setattr(briefs, "LATER_NEWS", 0)
    set_briefs(monkeypatch, FIRST_RETOLD=2)
    points = corpus_points("heldout46", "torres-del-paine-lost-hiker")
    assert [p for p in points if p.startswith(SEARCH)], points


def test_a_brief_told_from_its_first_lede_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    # heldout47's shark brief, whose first report's lede is a key point with the switch off,
    # is the same with it on
    set_briefs(monkeypatch, FIRST_RETOLD=0)
    before = corpus_points("heldout47", "mazatlan-shark-beaches")
    assert [p for p in before if p.startswith("Un tiburón toro")], before
    set_briefs(monkeypatch, FIRST_RETOLD=2)
    assert corpus_points("heldout47", "mazatlan-shark-beaches") == before


def test_the_round_47_defaults() -> None:
    assert briefs.FIRST_RETOLD == 0
    assert briefs.FIRST_LEDE == 0
