"""Alert rule semantics on a controllable clock: timers, thresholds, spikes and backfill.

Articles go through the real ingest path into a real database and alerts through the real
outbox to a loopback webhook (`tests/desk.py`). The clock is moved with time-machine,
never waited for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from monitor.config import ConfigError, parse_config
from monitor.service.configcheck import check_config
from tests.desk import AGENDA, T0, VENUE, Desk

# timers


async def test_group_wait_holds_the_first_alert_so_outlets_arrive_together(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "10m"})
        assert d.publish("wire.example").alerts == 1
        assert (await d.deliver()).delivered == 0
        clock.shift(timedelta(minutes=4))
        d.publish("daily.example")  # a copy: one more outlet, folded into the waiting alert
        assert (await d.deliver()).delivered == 0
        clock.shift(timedelta(minutes=5, seconds=59))
        assert (await d.deliver()).delivered == 0 and d.receiver.bodies == []
        clock.shift(timedelta(seconds=2))  # 10 minutes after the first article
        assert (await d.deliver()).delivered == 1
    (body,) = d.receiver.bodies
    assert body["event"] == "new_story"
    assert body["story"]["outlets"] == 2
    (alert,) = d.alerts()
    assert len(alert.article_ids) == 2
    assert any(r.startswith("group_wait 10m") for r in alert.reasons)


async def test_default_group_wait_is_one_minute(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk()
        d.publish("wire.example")
        (row,) = d.deliveries()
        assert row.next_attempt_at == T0 + timedelta(minutes=1)
        clock.shift(timedelta(minutes=1))
        assert (await d.deliver()).delivered == 1


async def test_copies_after_the_first_alert_went_out_join_it_not_a_second_alert(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk()  # the defaults: group_wait 1m, fold_window 10m
        d.publish("wire.example")
        clock.shift(timedelta(seconds=30))
        d.publish("early.example")  # before the first message: folded and sent with it
        clock.shift(timedelta(seconds=30))
        assert (await d.deliver()).delivered == 1
        clock.shift(timedelta(minutes=4))
        late = d.publish("daily.example")  # a copy after the message went out
        assert late.kind == "duplicate"
        clock.shift(timedelta(minutes=2))
        d.publish("weekly.example")
        assert (await d.deliver()).delivered == 0
        clock.shift(timedelta(minutes=10))
        d.publish("monthly.example")  # outside fold_window: not on the first alert
        clock.shift(timedelta(hours=1))
        assert (await d.deliver()).delivered == 0
    assert d.events == ["new_story"]
    assert d.receiver.bodies[0]["story"]["outlets"] == 2
    (alert,) = d.alerts()
    assert alert.state == "sealed"
    assert len(alert.article_ids) == 4  # wire, early, daily, weekly
    assert len(alert.matches) == 4


async def test_fold_window_zero_leaves_the_sent_alert_as_it_was(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"fold_window": "0s"})
        d.publish("wire.example")
        clock.shift(timedelta(minutes=1))
        await d.deliver()
        clock.shift(timedelta(minutes=1))
        d.publish("daily.example")
    (alert,) = d.alerts()
    assert len(alert.article_ids) == 1


async def test_group_interval_sends_one_development_with_everything_new(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "0s", "group_interval": "30m"})
        d.publish("wire.example")
        assert (await d.deliver()).delivered == 1
        clock.shift(timedelta(minutes=5))
        assert d.publish("agenda.example", AGENDA).alerts == 1
        assert (await d.deliver()).delivered == 0  # waits for the interval
        clock.shift(timedelta(minutes=10))
        d.publish("venue.example", VENUE)  # folds into the waiting development
        assert (await d.deliver()).delivered == 0
        clock.shift(timedelta(minutes=15))  # 30 minutes after the first message
        assert (await d.deliver()).delivered == 1
    assert d.events == ["new_story", "development"]
    dev = d.receiver.bodies[1]
    said = " ".join(dev["new_information"]).lower()
    assert "sarabia" in said and "leavitt" in said
    developments = [a for a in d.alerts() if a.event == "development"]
    assert len(developments) == 1
    assert any(r.startswith("group_interval 30m") for r in developments[0].reasons)


async def test_repeat_interval_resends_a_story_still_gaining_coverage(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "0s", "repeat_interval": "2h"})
        d.publish("wire.example")
        await d.deliver()
        clock.shift(timedelta(hours=1))
        assert d.publish("second.example").alerts == 0  # within the repeat interval
        clock.shift(timedelta(hours=1, minutes=1))
        assert d.publish("third.example").alerts == 1
        await d.deliver()
    assert d.events == ["new_story", "repeat"]
    assert d.receiver.bodies[1]["story"]["outlets"] == 3


async def test_no_repeat_by_default(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "0s"})
        d.publish("wire.example")
        await d.deliver()
        clock.shift(timedelta(days=2))
        assert d.publish("late.example").alerts == 0


async def test_spike_fires_once_per_window(desk: Callable[..., Desk]) -> None:
    rule = {"events": ["spike"], "spike": {"outlets": 3, "within": "60m"}}
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(rule)
        d.publish("one.example")
        clock.shift(timedelta(minutes=20))
        assert d.publish("two.example").alerts == 0
        clock.shift(timedelta(minutes=20))
        assert d.publish("three.example").alerts == 1  # 3 outlets within 40 minutes
        assert (await d.deliver()).delivered == 1  # a spike does not wait
        clock.shift(timedelta(minutes=10))
        assert d.publish("four.example").alerts == 0  # same window: no second spike
        clock.shift(timedelta(hours=2))
        for host in ("five.example", "six.example"):
            assert d.publish(host).alerts == 0
        assert d.publish("seven.example").alerts == 1  # a new window, three new outlets
        await d.deliver()
    assert d.events == ["spike", "spike"]
    spike = d.alerts()[0]
    assert "3 new outlets within 1h" in spike.reasons[0]


async def test_slow_coverage_is_no_spike(desk: Callable[..., Desk]) -> None:
    rule = {"events": ["spike"], "spike": {"outlets": 3, "within": "60m"}}
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(rule)
        for host in ("one.example", "two.example", "three.example", "four.example"):
            assert d.publish(host).alerts == 0
            clock.shift(timedelta(minutes=35))


async def test_old_coverage_stored_by_backfill_is_no_spike(desk: Callable[..., Desk]) -> None:
    rule = {"events": ["spike"], "spike": {"outlets": 3, "within": "60m"}}
    with time_machine.travel(T0, tick=False):
        d = desk(rule)  # default backfill: 24h
        for host in ("old1.example", "old2.example", "old3.example"):
            assert d.publish(host, published=T0 - timedelta(days=3)).alerts == 0
        assert d.publish("fresh1.example").alerts == 0  # 1 outlet arrived in the window
        assert d.publish("fresh2.example").alerts == 0
        assert d.publish("fresh3.example").alerts == 1


# thresholds


async def test_min_outlets_counts_copies_and_waits_for_enough(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s", "min_outlets": 3})
        assert d.publish("wire.example").alerts == 0
        assert d.publish("copy.example").alerts == 0
        assert d.publish("wire.example", AGENDA).alerts == 0  # same outlet again
        assert d.publish("third.example").alerts == 1
        await d.deliver()
    (body,) = d.receiver.bodies
    assert body["story"]["outlets"] == 3
    (alert,) = d.alerts()
    assert alert.reasons[0].startswith("min_outlets 3 met: 3 outlets")


async def test_languages_limit_which_articles_alert(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s", "languages": ["es"]})
        assert d.publish("wire.example", language="en").alerts == 0
        assert d.publish("eltiempo.example", language="es").alerts == 1


async def test_sources_allow_and_deny_by_host_and_feed_name(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s", "sources": {"deny": ["tabloid.example", "Blog feed"]}})
        assert d.publish("news.tabloid.example").alerts == 0  # subdomain of a denied host
        assert d.publish("reuters.example", feed="Blog feed").alerts == 0
        assert d.publish("reuters.example").alerts == 1


async def test_sources_allow_list(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s", "sources": {"allow": ["apnews.example", "Blog feed"]}})
        assert d.publish("wire.example").alerts == 0
        assert d.publish("other.example", feed="Blog feed").alerts == 1


# backfill


async def test_old_entries_are_stored_but_do_not_alert(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s"}, alerts={"backfill": "24h"})
        old = d.publish("wire.example", published=T0 - timedelta(days=3))
        assert old.kind == "article" and old.alerts == 0
        assert d.publish("copy.example", published=T0 - timedelta(hours=30)).alerts == 0
        fresh = d.publish("late.example", AGENDA, published=T0 - timedelta(hours=2))
        assert fresh.alerts == 1  # the story is news once a recent article arrives
        (alert,) = d.alerts()
        assert alert.article_ids == [fresh.article_id]


async def test_undated_entries_count_from_first_seen(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s"})  # default backfill: 24h
        assert d.publish("wire.example", published=None).alerts == 1


async def test_per_rule_backfill_overrides_the_default(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s", "backfill": "7d"})
        assert d.publish("wire.example", published=T0 - timedelta(days=3)).alerts == 1


# configuration


def test_rule_keys_are_validated_with_file_key_and_reason() -> None:
    base: dict[str, Any] = {
        "topics": [{"name": "t", "query": "x"}],
        "channels": [{"name": "c", "type": "console"}],
    }
    cases = {
        "rules[0].group_wait: expected a duration": {"group_wait": "soon"},
        "rules[0].min_outlets: Input should be greater than or equal to 1": {"min_outlets": 0},
        "rules[0]: events include 'spike' but there is no spike": {"events": ["spike"]},
        "rules[0].schedule: 25:00 is not a time of day": {"schedule": "daily 25:00"},
        "rules[0].schedule: expected 'daily HH:MM'": {"schedule": "every morning"},
        "rules[0].timezone: unknown time zone 'Mars/Base'": {
            "schedule": "daily 07:00",
            "timezone": "Mars/Base",
        },
        "alerts.backfill: expected a duration": None,
    }
    for expected, rule in cases.items():
        data = {**base, "rules": [{"name": "r", "channels": ["c"], **(rule or {})}]}
        if rule is None:
            data["alerts"] = {"backfill": "yesterday"}
        with pytest.raises(ConfigError) as info:
            check_config(parse_config(data, "m.toml"), "m.toml")
        assert any(p.startswith(f"m.toml: {expected}") for p in info.value.problems), (
            info.value.problems
        )
    ok = parse_config(
        {
            **base,
            "alerts": {"backfill": "off"},
            "rules": [
                {
                    "name": "d",
                    "channels": ["c"],
                    "schedule": "weekly mon 07:00",
                    "send_empty": True,
                },
                {"name": "n", "channels": ["c"], "schedule": "30 6 * * 1-5", "timezone": "UTC"},
            ],
        }
    )
    assert ok.alerts.backfill is None
    assert ok.rules[0].group_wait == 60 and ok.rules[0].group_interval == 1800
    assert ok.rules[0].fold_window == 600
