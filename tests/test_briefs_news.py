"""What a key point brings: a new number or date is news beside a sentence alike in its
stems, the key point chosen first is not dropped as said by the others, and a sentence
giving no number, date or state weighs less."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from tests.helpers import key_point

T0 = datetime(2027, 2, 6, 12, 0, tzinfo=UTC)

BURST = (
    "A dam burst on Thursday above the village of Pampa Linda, sending mud through the "
    "village and killing at least five people, the civil defence office said.",
    "en",
)
TOLL = (
    "Rescuers found two more bodies under the mud of the village of Pampa Linda on Saturday, "
    "bringing the death toll from the dam burst to 11, the civil defence office said.",
    "en",
)
AGAIN = (
    "The dam burst on Thursday above Pampa Linda killed at least five people, the civil "
    "defence office said.",
    "en",
)


def _pool(*texts: tuple[str, str], days: tuple[int, ...] = ()) -> list[briefs._Sentence]:
    """The texts read as candidates of reports published T0 plus `days` (in order)."""
    pool = [
        key_point(i + 1, text, lang, T0 + timedelta(days=days[i] if i < len(days) else 0))
        for i, (text, lang) in enumerate(texts)
    ]
    briefs._vectors(pool)
    return pool


def test_a_new_number_or_date_is_news_beside_a_sentence_alike() -> None:
    toll, burst, again = _pool(TOLL, BURST, AGAIN)
    assert briefs._new_anchor(toll, burst)
    assert not briefs._new_anchor(again, burst)
    # alike in stems and sharing the death: one fact, unless the count and day are new
    assert briefs.same_thing(toll, burst)
    assert not briefs.same_thing(toll, burst, news=True)
    # a retelling with nothing new is still the same thing
    assert briefs.same_thing(again, burst, news=True)


def test_the_first_key_point_is_kept_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    first = ("The dam above Pampa Linda burst on Thursday, the civil defence office said.", "en")
    points = _pool(first, TOLL, BURST)
    space = briefs._vectors(points)
    monkeypatch.setattr(briefs, "KEEP_FIRST", False)
    # the later ones say all of the first, and it goes
    assert briefs._drop_said(list(points), 2, space) == points[1:]
    monkeypatch.setattr(briefs, "KEEP_FIRST", True)
    assert points[0] in briefs._drop_said(list(points), 2, space)


def test_a_sentence_with_no_number_date_or_state_weighs_less(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scene = _pool(("Long queues formed outside the petrol stations of the town.", "en"))[0]
    centroid = dict(scene.vec)
    monkeypatch.setattr(briefs, "BARE", 1.0)
    plain = briefs._score(scene, centroid)
    monkeypatch.setattr(briefs, "BARE", 0.8)
    assert briefs._score(scene, centroid) == pytest.approx(0.8 * plain)
    # a sentence with a count, a day and a death is not touched
    burst = _pool(BURST)[0]
    weighed = briefs._score(burst, dict(burst.vec))
    monkeypatch.setattr(briefs, "BARE", 1.0)
    assert briefs._score(burst, dict(burst.vec)) == pytest.approx(weighed)


EVACUATED = (
    "A wildfire in the hills above Viña del Mar forced 3,200 residents to evacuate on "
    "Thursday, the disaster agency said.",
    "en",
)
BURNED = (
    "Firefighters said the wildfire above Viña del Mar, which forced 3,200 residents to "
    "evacuate, had burned 850 hectares of pine forest.",
    "en",
)
SAME_DAY = (
    "Rescuers digging through the mud of the village of Pampa Linda on Thursday after the "
    "dam burst found 40 survivors, the civil defence office said.",
    "en",
)
EARLIER = (
    "The dam above the village of Pampa Linda had been declared unsafe on Monday, the civil "
    "defence office said.",
    "en",
)


@pytest.fixture
def news(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(briefs, "NEWS_APART", 0)
    monkeypatch.setattr(briefs, "NEWS_LATER", 0)
    return monkeypatch


def test_news_is_apart_from_the_key_points_counts(news: pytest.MonkeyPatch) -> None:
    burned, evacuated = _pool(BURNED, EVACUATED)
    # 850 hectares is new, but the sentence still gives the evacuation's 3,200
    assert not briefs.same_thing(burned, evacuated, news=True)
    news.setattr(briefs, "NEWS_APART", 1)
    assert briefs.same_thing(burned, evacuated, news=True)


def test_news_is_apart_from_the_key_points_dates(news: pytest.MonkeyPatch) -> None:
    same_day, burst = _pool(SAME_DAY, BURST)
    news.setattr(briefs, "NEWS_APART", 1)
    assert not briefs.same_thing(same_day, burst, news=True)
    # 40 survivors are new, on the burst's own Thursday: with 2 that retells the burst
    news.setattr(briefs, "NEWS_APART", 2)
    assert briefs.same_thing(same_day, burst, news=True)
    # a new count on a new day shares neither, and is news
    toll, burst = _pool(TOLL, BURST)
    assert not briefs.same_thing(toll, burst, news=True)


def test_a_new_date_is_news_only_when_later(news: pytest.MonkeyPatch) -> None:
    earlier, toll = _pool(EARLIER, TOLL)
    assert briefs._new_anchor(earlier, toll)
    assert not briefs._new_anchor(earlier, toll, later=True)
    assert briefs._new_anchor(toll, earlier, later=True)


def test_an_earlier_report_is_no_news_beside_a_later_one(news: pytest.MonkeyPatch) -> None:
    toll, burst = _pool(TOLL, BURST, days=(0, 1))
    assert not briefs.same_thing(toll, burst, news=True)
    news.setattr(briefs, "NEWS_LATER", 2)
    # the toll's report came first: the burst's later report has told what it brings
    assert briefs.same_thing(toll, burst, news=True)
    toll, burst = _pool(TOLL, BURST, days=(1, 0))
    assert not briefs.same_thing(toll, burst, news=True)


def test_the_codes_own_settings_let_news_in() -> None:
    toll, burst, again = _pool(TOLL, BURST, AGAIN, days=(1, 0, 1))
    assert briefs.NEW_ANCHORS
    assert not briefs._repeats(toll, [burst], briefs.NEW_ANCHORS)
    assert briefs._repeats(again, [burst], briefs.NEW_ANCHORS)
