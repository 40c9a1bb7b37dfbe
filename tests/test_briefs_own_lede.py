"""Round 32's switches for a report's later sentence chosen over its own lede
(`briefs.OWN_LEDE`) and for whole reports left out (`briefs.NEW_REPORT`): heldout32's Villa
de Leyva brief kept "Seis de ellas fueron llevadas al hospital con fracturas." and lost its
lede, "… 23 personas cayeron al río …"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points

LATER = "Seis de ellas fueron llevadas al hospital con fracturas."


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    briefs.clear_readings()
    yield
    briefs.clear_readings()


def _villa(monkeypatch: pytest.MonkeyPatch, own_lede: float, new_report: float) -> list[str]:
    monkeypatch.setattr(briefs, "OWN_LEDE", own_lede)
    monkeypatch.setattr(briefs, "NEW_REPORT", new_report)
    briefs.clear_readings()
    return [p.rsplit(" (", 1)[0] for p in corpus_points("heldout32", "villa-de-leyva-footbridge")]


def test_off_the_later_sentence_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    # a test of round 32's rule alone: round 51's LATER_NEWS (and round 52's LATER_CUT,
    # which acts only with it) set off, as grouping rounds 24 and 32 did for their switches
    monkeypatch.setattr(briefs, "LATER_NEWS", 0)
    assert LATER in _villa(monkeypatch, 1.0, 1.0)


def test_own_lede_passes_over_the_later_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    assert LATER not in _villa(monkeypatch, 0.8, 1.0)


def test_both_give_the_report_its_lede(monkeypatch: pytest.MonkeyPatch) -> None:
    points = _villa(monkeypatch, 0.8, 1.2)
    assert LATER not in points, points
    assert any("23 personas cayeron al río" in p for p in points), points
    assert any("metal bridge" in p for p in points), points


def test_the_round_32_pick_is_the_default() -> None:
    assert briefs.NEW_REPORT == 1.2
    assert briefs.OWN_LEDE == 1.0
