"""Digests on a controllable clock: a daily digest in a time zone, a missed digest sent once
after a restart, nothing sent when nothing is new (unless asked), and no alerts as they
happen from a digest rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import time_machine

from monitor.alerting.channels.render import render_html, render_text, subject
from monitor.alerting.cron import Schedule
from monitor.alerting.digests import digest_id
from monitor.alerting.outbox import message_from_payload
from monitor.service.daemon import Daemon
from monitor.storage import Alert, DigestState
from tests.desk import AGENDA, SANCTIONS, T0, Desk

BOGOTA_DAILY = {"schedule": "daily 07:00", "timezone": "America/Bogota"}
SLOT = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)  # Tuesday 07:00 in Bogotá (UTC-5)


def test_schedules_find_the_latest_slot_in_their_time_zone() -> None:
    daily = Schedule("daily 07:00", "America/Bogota")
    assert daily.last_slot(SLOT) == SLOT  # exactly on the slot
    assert daily.last_slot(SLOT - timedelta(microseconds=1)) == SLOT - timedelta(days=1)
    assert daily.next_slot(SLOT) == SLOT + timedelta(days=1)
    weekly = Schedule("weekly mon 07:00", "America/Bogota")
    assert weekly.last_slot(SLOT) == datetime(2026, 2, 2, 12, 0, tzinfo=UTC)
    cron = Schedule("*/15 * * * *")
    assert cron.last_slot(datetime(2026, 2, 3, 9, 44, tzinfo=UTC)) == datetime(
        2026, 2, 3, 9, 30, tzinfo=UTC
    )


async def test_daily_digest_in_a_time_zone_groups_stories_newest_first(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:  # Monday 10:00 in Bogotá
        d = desk(BOGOTA_DAILY)
        assert d.app.run_digests() == 0  # first sight: the period starts at Monday's slot
        clock.shift(timedelta(hours=1))
        assert d.publish("wire.example").alerts == 0  # a digest rule sends nothing now
        d.publish("copy.example")
        clock.shift(timedelta(hours=3))
        d.publish("agenda.example", AGENDA)
        clock.shift(timedelta(hours=4))
        d.publish("caracas.example", SANCTIONS)
        assert (await d.deliver()).delivered == 0
        clock.move_to(SLOT - timedelta(seconds=1))  # 06:59:59 in Bogotá
        assert d.app.run_digests() == 0
        clock.move_to(SLOT + timedelta(seconds=20))
        assert d.app.run_digests() == 1
        assert d.app.run_digests() == 0  # the slot is done
        assert (await d.deliver()).delivered == 1
    (body,) = d.receiver.bodies
    assert body["event"] == "digest" and body["story"] is None
    assert body["id"] == digest_id("summit", SLOT)
    assert body["period"] == {"since": "2026-02-02T12:00:00Z", "until": "2026-02-03T12:00:00Z"}
    titles = [s["title"] for s in body["stories"]]
    assert titles == [SANCTIONS[0], "Petro and Trump agree to meet at the White House"]
    summit = body["stories"][1]
    assert summit["outlets"] == 3
    assert [a["source"] for a in summit["articles"]] == [
        "agenda.example",
        "copy.example",
        "wire.example",
    ]
    (alert,) = d.alerts()
    assert "daily 07:00" in alert.reasons[0] and "07:00:00-05:00" in alert.reasons[0]


async def test_missed_digest_is_sent_once_after_a_restart(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        first = desk(BOGOTA_DAILY)
        first.app.run_digests()
        clock.shift(timedelta(hours=1))
        first.publish("wire.example")
        await first.app.aclose()  # down across four slots
        clock.move_to(SLOT + timedelta(days=3, hours=2))
        again = desk(BOGOTA_DAILY)
        assert again.app.run_digests() == 1
        assert again.app.run_digests() == 0
        restarted = desk(BOGOTA_DAILY)  # a second restart before the next slot
        assert restarted.app.run_digests() == 0
        assert (await restarted.deliver()).delivered == 1
        clock.shift(timedelta(days=1))  # the next slot: nothing new since
        assert restarted.app.run_digests() == 0
    (body,) = again.receiver.bodies
    latest = SLOT + timedelta(days=3)
    assert body["id"] == digest_id("summit", latest)
    assert body["period"]["until"] == "2026-02-06T12:00:00Z"
    assert len(body["stories"]) == 1
    with again.app.store.tx() as tx:
        state = tx.get(DigestState, "summit")
        assert state is not None and state.last_slot == latest + timedelta(days=1)


async def test_a_digest_created_but_not_sent_before_a_crash_is_sent_once(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(BOGOTA_DAILY)
        d.app.run_digests()
        d.publish("wire.example")
        clock.move_to(SLOT)
        assert d.app.run_digests() == 1  # written with its outbox rows, then "crash"
        await d.app.aclose()
        after = desk(BOGOTA_DAILY)
        assert after.app.run_digests() == 0
        assert (await after.deliver()).delivered == 1
        assert (await after.deliver()).delivered == 0
    assert len(after.receiver.bodies) == 1


async def test_empty_digest_is_not_sent_unless_asked(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        quiet = desk(BOGOTA_DAILY)
        quiet.app.run_digests()
        clock.move_to(SLOT + timedelta(minutes=1))
        assert quiet.app.run_digests() == 0
        assert (await quiet.deliver()).delivered == 0
        with quiet.app.store.tx() as tx:
            state = tx.get(DigestState, "summit")
            assert state is not None and state.last_slot == SLOT and state.last_alert_id is None
        assert quiet.receiver.bodies == []

        clock.move_to(SLOT + timedelta(days=1, minutes=1))
        loud = desk({**BOGOTA_DAILY, "send_empty": True})
        assert loud.app.run_digests() == 1
        await loud.deliver()
    (body,) = loud.receiver.bodies
    assert body["event"] == "digest" and body["stories"] == []


async def test_run_once_sends_a_due_digest(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(BOGOTA_DAILY)
        d.app.run_digests()
        d.publish("wire.example")
        clock.move_to(SLOT)
        summary = await d.app.run_once()
    assert summary.delivery.delivered == 1
    assert d.events == ["digest"]


async def test_digest_reads_well_as_text_and_html(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(BOGOTA_DAILY)
        d.app.run_digests()
        d.publish("wire.example")
        clock.shift(timedelta(minutes=1))
        d.publish("caracas.example", SANCTIONS)
        clock.move_to(SLOT)
        d.app.run_digests()
        await d.deliver()
    with d.app.store.tx() as tx:
        (alert,) = tx.alerts()
    assert alert.payload is not None
    message = message_from_payload(alert.payload)
    assert subject(message) == "[news-monitor] Digest (summit): 2 stories"
    text = render_text(message)
    assert "Digest: 2 stories" in text
    assert "From 2026-02-02 12:00 UTC to 2026-02-03 12:00 UTC" in text
    assert f"1. {SANCTIONS[0]}" in text and "   1 outlet; first seen" in text
    assert "caracas.example" in text
    page = render_html(message)
    assert "<h3" in page and "Trump sanctions on Venezuela oil test Petro" in page


async def test_the_daemon_digest_tick_creates_and_sends_a_due_digest(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(BOGOTA_DAILY)
        daemon = Daemon(d.app)
        await daemon.digest()  # first tick: the rule's period starts
        d.publish("wire.example")
        await daemon.digest()
        assert d.receiver.bodies == []
        clock.move_to(SLOT + timedelta(seconds=30))
        await daemon.digest()
        await daemon.digest()
    assert d.events == ["digest"]


async def test_digest_applies_the_rule_thresholds(desk: Callable[..., Desk]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({**BOGOTA_DAILY, "min_outlets": 2})
        d.app.run_digests()
        d.publish("wire.example")
        d.publish("copy.example")  # two outlets: in the digest
        d.publish("caracas.example", SANCTIONS)  # one outlet: left out
        d.publish("old.example", AGENDA, published=T0 - timedelta(days=5))  # backfill
        clock.move_to(SLOT)
        assert d.app.run_digests() == 1
        await d.deliver()
    (body,) = d.receiver.bodies
    (story,) = body["stories"]
    assert story["title"].startswith("Petro and Trump agree")
    assert {a["source"] for a in story["articles"]} == {"wire.example", "copy.example"}


async def test_a_digest_another_instance_wrote_first_is_not_doubled(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(BOGOTA_DAILY)
        d.app.run_digests()
        clock.shift(timedelta(hours=1))
        d.publish("wire.example")
        clock.move_to(SLOT + timedelta(seconds=20))
        # What this instance meets when another one committed the slot's digest between
        # its reading the digest state and its writing the alert.
        with d.app.store.tx() as tx:
            tx.add(Alert(id=digest_id("summit", SLOT), rule="summit", event="digest"))
        assert d.app.run_digests() == 0
        with d.app.store.tx() as tx:
            assert [a.id for a in tx.alerts()] == [digest_id("summit", SLOT)]


async def test_an_article_committed_after_its_slots_digest_ran_is_in_the_next_one(
    desk: Callable[..., Desk],
) -> None:
    """Stamped before the slot, committed after the slot's digest ran: the next digest
    carries it, and nothing a digest already carried is carried twice."""
    with time_machine.travel(T0, tick=False) as clock:
        d = desk(BOGOTA_DAILY)
        d.app.run_digests()
        clock.move_to(SLOT - timedelta(minutes=10))
        d.publish("wire.example")  # committed in time for the slot's digest
        clock.move_to(SLOT + timedelta(seconds=1))
        assert d.app.run_digests() == 1
        clock.move_to(SLOT - timedelta(seconds=1))
        d.publish("daily.example", AGENDA)  # its transaction began before the slot...
        clock.move_to(SLOT + timedelta(days=1, seconds=1))  # ...and committed after
        assert d.app.run_digests() == 1
        await d.deliver()
    first, second = d.receiver.bodies
    urls = [[a["url"] for s in body["stories"] for a in s["articles"]] for body in (first, second)]
    assert len(urls[0]) == 1 and "wire.example" in urls[0][0]
    assert len(urls[1]) == 1 and "daily.example" in urls[1][0]
