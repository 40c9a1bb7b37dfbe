"""Round 40: `briefs.LEDE_TOLD` keeps round 34's guard under `LEDE_PRIORITY`. A later
report's lede that retells a count a key point gives (with `OWN_LEDE_NEW` 3, two names) is
a repeat, and is given no priority over the sentences `_select` would choose; with 2 it is
still given priority when it names somebody no key point names."""

from __future__ import annotations

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, set_briefs


def _points(corpus: str, story: str) -> list[str]:
    return [p.rsplit(" (", 1)[0] for p in corpus_points(corpus, story)]


@pytest.mark.parametrize("told", [1, 2])
def test_a_lede_retelling_a_told_count_wins_no_priority(
    monkeypatch: pytest.MonkeyPatch, told: int
) -> None:
    set_briefs(monkeypatch, OWN_LEDE=0.8, OWN_LEDE_NEW=2, LEDE_PRIORITY=1, LEDE_TOLD=told)
    points = _points("heldout13", "mexico-minimum-wage")
    assert sum("312 pesos" in p for p in points) == 1, points


@pytest.mark.parametrize("told", [1, 2])
def test_a_lede_retelling_two_told_names_wins_no_priority(
    monkeypatch: pytest.MonkeyPatch, told: int
) -> None:
    set_briefs(monkeypatch, OWN_LEDE=0.8, OWN_LEDE_NEW=3, LEDE_PRIORITY=1, LEDE_TOLD=told)
    points = _points("heldout2", "mine-rescue")
    assert not any(p.startswith("Los nueve mineros atrapados") for p in points), points


def test_without_the_guard_the_priority_brings_the_retelling_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, OWN_LEDE=0.8, OWN_LEDE_NEW=2, LEDE_PRIORITY=1, LEDE_TOLD=0)
    points = _points("heldout13", "mexico-minimum-wage")
    assert sum("312 pesos" in p for p in points) == 2, points


@pytest.mark.parametrize("told", [1, 2])
@pytest.mark.parametrize(
    ("story", "news"),
    [
        ("riobamba-measles", "first measles cases outside Chimborazo"),
        ("boyaca-cycling-doping", "retira su patrocinio"),
    ],
)
def test_a_later_lede_with_its_own_news_still_wins_its_slot(
    monkeypatch: pytest.MonkeyPatch, told: int, story: str, news: str
) -> None:
    set_briefs(monkeypatch, LEDE_PRIORITY=1, LEDE_TOLD=told)
    points = _points("heldout39", story)
    assert any(news in p for p in points), points


def test_the_round_40_pick_is_the_default() -> None:
    # GRID40's rule kept main's settings: every row added pairs on the forty-one development
    # corpora, and each fails an existing test (UNPICKABLE40)
    assert briefs.LEDE_TOLD == 0
    assert briefs.LEDE_PRIORITY == 0
