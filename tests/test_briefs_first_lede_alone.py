"""Round 46: `briefs.FIRST_LEDE` 3, the first report's lede alone weighed for what it adds
against the key points as cut against it.

Mode 2 (round 45) took heldout45's crash, but it weighed every candidate so, and moved 25
development corpora (heldout23's fake-chemotherapy brief among them, which existing tests pin).
Mode 3 weighs only the first report's lede so: the crash comes in
(`tests/test_briefs_first_lede.py`), the briefs whose first lede is chosen anyway, or never
offered, stay as they were."""

from __future__ import annotations

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, set_briefs

BELFRY = "El campanario de la iglesia de San Agustín de Trujillo se derrumbó este domingo"


def test_other_candidates_weighed_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    # mode 2 changes this brief (a later candidate weighed against cut key points); mode 3
    # leaves it as it is with the switch off
    set_briefs(monkeypatch, FIRST_LEDE=0)
    before = corpus_points("heldout23", "valdivia-fake-chemo")
    set_briefs(monkeypatch, FIRST_LEDE=2)
    assert corpus_points("heldout23", "valdivia-fake-chemo") != before
    set_briefs(monkeypatch, FIRST_LEDE=3)
    assert corpus_points("heldout23", "valdivia-fake-chemo") == before


def test_the_belfry_told_by_its_own_lede(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, FIRST_LEDE=3)
    points = corpus_points("heldout23", "trujillo-bell-tower")
    assert [p for p in points if p.startswith(BELFRY)], points
    ministry = [p for p in points if p.startswith("The colonial church in Trujillo")]
    assert ministry, points
    assert not [p for p in ministry if "whose bell tower fell" in p], points


def test_the_round_46_defaults() -> None:
    # GRID46's rule took first lede 3 (two facts more, one pair fewer on the forty-seven
    # development corpora), but it changes key points existing tests pin (UNPICKABLE46):
    # main's settings stay
    assert briefs.FIRST_LEDE == 0
    assert briefs.GIVEN_DROP == 3
