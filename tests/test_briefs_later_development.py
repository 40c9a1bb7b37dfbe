"""Round 51: a story's later developments lost their key points to background
(`briefs.LATER_NEWS`) or were read as a repeat of an earlier event (`briefs.LATER_STATE`).

heldout51's blackout left out the customers' discount the government ordered for "Temperatures
in the city reached 38 degrees …"; its savings club left out the founder's preventive
detention, chosen and then dropped at the end as said for the names it shares; Puebla's
airport reopening was read as the schools' closure retold ("three days" and "fase 3" one
count in two languages)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, report, set_briefs

DISCOUNT = "descuento del 20 por ciento"
DETENTION = "held in preventive detention"
REOPENED = "Puebla airport reopened"


@pytest.mark.parametrize("value", [1, 2])
def test_a_later_order_wins_its_slot_over_background(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    set_briefs(monkeypatch, LATER_NEWS=value)
    points = corpus_points("heldout51", "asuncion-blackout")
    assert any(DISCOUNT in p for p in points), points
    assert not any(p.startswith("Temperatures in the city") for p in points), points


def test_off_the_background_keeps_its_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, LATER_NEWS=0)
    points = corpus_points("heldout51", "asuncion-blackout")
    assert not any(DISCOUNT in p for p in points), points
    assert any(p.startswith("Temperatures in the city") for p in points), points


@pytest.mark.parametrize(("value", "kept"), [(0, False), (1, True)])
def test_a_later_lede_with_its_own_day_is_not_dropped_as_said(
    monkeypatch: pytest.MonkeyPatch, value: int, kept: bool
) -> None:
    set_briefs(monkeypatch, LATER_NEWS=value)
    points = corpus_points("heldout51", "santa-cruz-savings-scheme")
    assert any(DETENTION in p for p in points) == kept, points


def test_the_first_report_still_leads(monkeypatch: pytest.MonkeyPatch) -> None:
    # the later ledes are weighed only once the first key points are chosen
    set_briefs(monkeypatch, LATER_NEWS=2)
    points = corpus_points("heldout51", "santa-cruz-savings-scheme")
    assert points[0].startswith("Bolivian police arrested the founder"), points


@pytest.mark.parametrize("state", [False, True])
def test_a_later_state_is_news_beside_an_earlier_closure(
    monkeypatch: pytest.MonkeyPatch, state: bool
) -> None:
    set_briefs(monkeypatch, LATER_STATE=state)
    points = corpus_points("heldout51", "popocatepetl-ash")
    assert any(p.startswith(REOPENED) for p in points) == state, points


def test_a_shared_state_is_no_news(monkeypatch: pytest.MonkeyPatch) -> None:
    # a later lede giving only states the earlier key point gives is judged as before
    set_briefs(monkeypatch, LATER_STATE=True)
    story = briefs._story(_reports("popocatepetl-ash"))
    later = next(s for s in story.pool if s.text.startswith(REOPENED))
    earlier = next(s for s in story.pool if s.text.startswith("El aeropuerto de Puebla"))
    assert briefs._news(later, earlier)
    assert not briefs._news(earlier, later)  # the earlier report is no later news


def _reports(story: str) -> list[briefs.Report]:
    path = Path(__file__).resolve().parents[1] / "bench" / "corpus" / "heldout51.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = [a for a in data["articles"] if a["story"] == story]
    return [
        replace(report(i + 1, a["text"], a["published"], a["lang"]), title=a["title"])
        for i, a in enumerate(found)
    ]
