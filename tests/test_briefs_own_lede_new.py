"""`briefs.OWN_LEDE_NEW`: a report's later sentence is weighed down (`briefs.OWN_LEDE`) only
when its own lede gives a number or a name no key point gives yet. Round 32's `OWN_LEDE`
alone pushed a report's background below a lede that adds nothing new."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points
from tests.test_briefs_own_lede import LATER
from tests.test_briefs_own_score import FUNERALS, _next_after_buried


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    briefs.clear_readings()
    yield
    briefs.clear_readings()


def test_a_lede_that_adds_no_anchor_leaves_the_background_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_SCORE", False)
    monkeypatch.setattr(briefs, "OWN_LEDE", 0.8)
    monkeypatch.setattr(briefs, "OWN_LEDE_NEW", True)
    assert _next_after_buried() == [FUNERALS]


def test_without_it_own_lede_pushes_the_background_down(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_SCORE", False)
    monkeypatch.setattr(briefs, "OWN_LEDE", 0.8)
    monkeypatch.setattr(briefs, "OWN_LEDE_NEW", False)
    assert _next_after_buried() != [FUNERALS]


def test_a_lede_with_a_new_count_still_passes_over_the_later_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_LEDE", 0.8)
    monkeypatch.setattr(briefs, "OWN_LEDE_NEW", True)
    briefs.clear_readings()
    points = [p.rsplit(" (", 1)[0] for p in corpus_points("heldout32", "villa-de-leyva-footbridge")]
    assert LATER not in points, points
    assert any("23 personas cayeron al río" in p for p in points), points
