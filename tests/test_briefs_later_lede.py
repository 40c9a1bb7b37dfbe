"""A story's later developments win a slot (`briefs.LEDE_PRIORITY`): heldout39's briefs left
out the first measles cases in a second city, a buyer arrested abroad and a sponsor's
withdrawal, each the lede of a later report, for the colour of reports already represented
("The first case was detected three weeks ago …", a vet's quote, "La Fiscalía investiga al
médico del equipo")."""

from __future__ import annotations

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points

LATER = [
    ("riobamba-measles", "first measles cases outside Chimborazo"),
    ("leticia-wildlife-smuggling", "Spanish police arrested a 46-year-old man in Valladolid"),
    ("boyaca-cycling-doping", "retira su patrocinio"),
]


@pytest.mark.parametrize("priority", [1, 2])
@pytest.mark.parametrize(("story", "news"), LATER)
def test_a_later_reports_lede_is_a_key_point(
    monkeypatch: pytest.MonkeyPatch, priority: int, story: str, news: str
) -> None:
    monkeypatch.setattr(briefs, "LEDE_PRIORITY", priority)
    points = corpus_points("heldout39", story)
    assert any(news in p for p in points), points


def test_off_the_colour_keeps_its_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    # a test of round 39's rule alone: round 51's LATER_NEWS (and round 52's LATER_CUT,
    # which acts only with it) set off, as grouping rounds 24 and 32 did for their switches
    monkeypatch.setattr(briefs, "LATER_NEWS", 0)
    monkeypatch.setattr(briefs, "LEDE_PRIORITY", 0)
    points = corpus_points("heldout39", "riobamba-measles")
    assert not any("outside Chimborazo" in p for p in points), points


def test_the_first_report_still_leads(monkeypatch: pytest.MonkeyPatch) -> None:
    # the priority starts once a key point is chosen: the story's first event stays first
    monkeypatch.setattr(briefs, "LEDE_PRIORITY", 1)
    points = corpus_points("heldout39", "boyaca-cycling-doping")
    assert points[0].startswith("Colombian police raided the headquarters"), points


@pytest.mark.parametrize("news", [False, True])
def test_a_later_day_is_news_beside_a_retold_count(
    monkeypatch: pytest.MonkeyPatch, news: bool
) -> None:
    # "called off the search on Thursday for 40 people still missing" retells the
    # survivors' 40 missing: a repeat unless a later report's later day is news (LEDE_NEWS)
    monkeypatch.setattr(briefs, "LEDE_PRIORITY", 1)
    monkeypatch.setattr(briefs, "LEDE_NEWS", news)
    points = corpus_points("heldout39", "el-hierro-shipwreck")
    assert any("called off the search" in p for p in points) == news, points


def test_the_round_39_pick_is_the_default() -> None:
    # GRID39's rule kept main's settings: every row added pairs on the forty development
    # corpora, and each fails an existing test (UNPICKABLE39)
    assert briefs.LEDE_PRIORITY == 0
    assert not briefs.LEDE_NEWS
