"""The outbox against real receivers: backoff, max age, 4xx, 429, hangs, outages, quiet hours.

Time is moved with time-machine (the outbox reads the wall clock), so hours of backoff pass
in milliseconds; the receivers are real loopback HTTP and SMTP servers.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.alerting.channels.base import AlertMessage, Channel
from monitor.alerting.channels.email import EmailChannel
from monitor.alerting.channels.webhook import WebhookChannel
from monitor.alerting.enqueue import enqueue
from monitor.alerting.outbox import Outbox, bundle_id
from monitor.alerting.quiet import QuietHours
from monitor.config import DeliveryConfig
from monitor.review.cli import app as cli
from monitor.review.cli.common import ExitCode
from monitor.storage import Alert, Article, Delivery, Store, Story, utcnow
from monitor.storage.migrate import ensure_schema
from tests.helpers import Receiver, smtp_server

START = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    ensure_schema(s, auto_migrate=True)
    yield s
    s.close()


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def receiver(httpserver: HTTPServer) -> Receiver:
    return Receiver(httpserver)


def add_alerts(
    store: Store, n: int, channels: tuple[str, ...] = ("hook",), *, urgent: bool = False
) -> list[str]:
    """n stories, each with a new_story alert and its outbox rows, as the rules write them."""
    ids: list[str] = []
    with store.tx() as tx:
        first = len(tx.stories())
        for i in range(first, first + n):
            now = utcnow()
            story = tx.add(
                Story(title=f"Story {i}: Petro and Trump", first_seen=now, last_seen=now)
            )
            assert story.id is not None
            article = tx.add(
                Article(
                    url=f"https://news.example/{i}",
                    title=f"Article {i}",
                    source="news.example",
                    relevant=True,
                    story_id=story.id,
                    published_at=now,
                )
            )
            alert = enqueue(
                tx,
                Alert(
                    id=f"alert-{i:03d}",
                    story_id=story.id,
                    rule="summit",
                    event="new_story",
                    article_id=article.id,
                    article_ids=[article.id or 0],
                    urgent=urgent,
                    created_at=now,
                ),
                channels,
                send_at=now,
            )
            ids.append(alert.id)
    return ids


def rows(store: Store, channel: str = "hook") -> list[Delivery]:
    with store.tx() as tx:
        return [d for d in tx.deliveries_by_status("pending") if d.channel == channel] + [
            d
            for status in ("held", "bundled", "delivered", "dead")
            for d in tx.deliveries_by_status(status)
            if d.channel == channel
        ]


def by_alert(store: Store, channel: str = "hook") -> dict[str, Delivery]:
    return {d.alert_id: d for d in rows(store, channel)}


def outbox(
    store: Store, channels: dict[str, Channel], quiet: dict[str, QuietHours] | None = None
) -> Outbox:
    return Outbox(store, channels, DeliveryConfig(), quiet=quiet)


def hook(receiver: Receiver, timeout: float = 10.0) -> WebhookChannel:
    return WebhookChannel("hook", receiver.url, timeout=timeout)


# --------------------------------------------------------------------------- backoff


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    box = Outbox(Store("sqlite://"), {}, DeliveryConfig(retry_base=30, retry_max=3600))
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (60, 3600)]:
        waits = [box.backoff(attempts) for _ in range(200)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits), (attempts, min(waits), max(waits))
        assert max(waits) - min(waits) > ceiling / 10  # jittered, so retries spread out


async def test_retryable_failures_back_off_then_deliver(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    (alert,) = add_alerts(store, 1)
    box = outbox(store, {"hook": hook(receiver)})
    receiver.fail_with = 503
    waits = []
    for _ in range(4):
        report = await box.deliver_due()
        assert report.retrying == 1
        d = by_alert(store)[alert]
        waits.append((d.next_attempt_at - utcnow()).total_seconds())
        assert d.status == "pending" and d.last_status == 503
        assert (await box.deliver_due()).retrying == 0  # not due again before its time
        clock.move_to(d.next_attempt_at)
    assert [15 <= waits[0] <= 30, 30 <= waits[1] <= 60, 60 <= waits[2] <= 120] == [True] * 3
    receiver.fail_with = None
    assert (await box.deliver_due()).delivered == 1
    d = by_alert(store)[alert]
    assert (d.status, d.attempts, d.last_error) == ("delivered", 5, None)
    assert receiver.accepted() == [alert]


async def test_429_retry_after_is_honoured(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    (alert,) = add_alerts(store, 1)
    receiver.fail_with, receiver.retry_after = 429, "900"
    box = outbox(store, {"hook": hook(receiver)})
    await box.deliver_due()
    d = by_alert(store)[alert]
    assert d.status == "pending" and d.last_status == 429
    assert d.next_attempt_at == utcnow() + timedelta(seconds=900)  # not the 30 s backoff
    receiver.fail_with = None
    clock.shift(timedelta(seconds=899))
    assert (await box.deliver_due()).delivered == 0
    clock.shift(timedelta(seconds=1))
    assert (await box.deliver_due()).delivered == 1


async def test_client_error_is_dead_at_once_logged_and_retry_requeues(
    store: Store,
    receiver: Receiver,
    clock: time_machine.Coordinates,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    db_url: str,
) -> None:
    bad, good = add_alerts(store, 2)
    receiver.fail_with = 404
    box = outbox(store, {"hook": hook(receiver)})
    with caplog.at_level(logging.WARNING, logger="monitor.alerting.outbox"):
        report = await box.deliver_due()
    assert report.dead == 2  # a 4xx is a configuration problem: no retries, next one tried
    d = by_alert(store)[bad]
    assert (d.status, d.attempts, d.last_status) == ("dead", 1, 404)
    assert "configuration problem" in (d.last_error or "")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2 and "dead" in errors[0].getMessage()

    cfg = tmp_path / "m.toml"
    cfg.write_text(
        f'[storage]\nurl = "{db_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    listed = runner.invoke(cli, ["-c", str(cfg), "alerts", "list", "--status", "dead"])
    assert listed.exit_code == 0, listed.output
    assert bad[:8] in listed.output and good[:8] in listed.output
    assert "hook: dead" in listed.output

    retried = runner.invoke(cli, ["-c", str(cfg), "alerts", "retry", bad])
    assert retried.exit_code == 0, retried.output
    assert "re-queued 1" in retried.output
    receiver.fail_with = None
    assert (await box.deliver_due()).delivered == 1
    assert by_alert(store)[bad].status == "delivered"
    assert by_alert(store)[good].status == "dead"

    retried = runner.invoke(cli, ["-c", str(cfg), "alerts", "retry", "--dead"])
    assert "re-queued 1" in retried.output
    assert (await box.deliver_due()).delivered == 1
    assert receiver.accepted() == [bad, good]
    again = runner.invoke(cli, ["-c", str(cfg), "alerts", "retry", bad])
    assert again.exit_code == ExitCode.FAILED  # delivered: nothing to re-queue


async def test_max_age_then_dead(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    (alert,) = add_alerts(store, 1)
    receiver.fail_with = 502
    box = outbox(store, {"hook": hook(receiver)})
    while True:
        await box.deliver_due()
        d = by_alert(store)[alert]
        if d.status != "pending":
            break
        clock.move_to(d.next_attempt_at)
    assert d.status == "dead"
    age = d.last_attempt_at - d.created_at  # type: ignore[operator]
    assert timedelta(hours=24) < age <= timedelta(hours=25)  # max_age 24 h, retries ≤ 1 h apart
    assert 20 <= d.attempts <= 60  # about one try per 30-60 min once capped


# --------------------------------------------------------------------------- order and outages


async def test_six_hour_outage_then_all_fifty_in_order_within_one_retry_interval(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    box = outbox(store, {"hook": hook(receiver)})
    receiver.fail_with = 503
    created: list[str] = []
    outage = timedelta(hours=6)
    step = outage / 50
    for _ in range(50):  # a story every 7.2 minutes; the daemon sweeps in between
        created += add_alerts(store, 1)
        await box.deliver_due()
        clock.shift(step / 2)
        await box.deliver_due()
        clock.shift(step / 2)
    assert utcnow() == START + outage
    assert receiver.accepted() == []
    # while the receiver was down only the oldest alert was tried, a few times
    assert 5 <= len(receiver.attempts()) <= 70

    receiver.fail_with = None
    recovered = utcnow()
    while len(receiver.accepted()) < 50 and utcnow() - recovered <= timedelta(hours=2):
        clock.shift(timedelta(seconds=15))  # the daemon's delivery sweep
        await box.deliver_due()
    assert receiver.accepted() == created  # all, in order of creation, none twice
    assert utcnow() - recovered <= timedelta(seconds=DeliveryConfig().retry_max + 15)
    states = {d.status for d in rows(store)}
    assert states == {"delivered"}


async def test_newer_alerts_wait_behind_a_failing_one(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    box = outbox(store, {"hook": hook(receiver)})
    receiver.fail_with = 503
    first = add_alerts(store, 1)
    await box.deliver_due()
    second = add_alerts(store, 2)
    report = await box.deliver_due()
    assert report.retrying == 0 and report.delivered == 0  # the channel is down: not tried
    assert len(receiver.attempts()) == 1
    receiver.fail_with = None
    clock.move_to(by_alert(store)[first[0]].next_attempt_at)
    assert (await box.deliver_due()).delivered == 3
    assert receiver.accepted() == first + second


async def test_one_rejected_message_does_not_hold_up_the_rest(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    """A receiver that is up but answers 500 to one message: the others are not held back
    until that one goes dead at max_age."""
    box = outbox(store, {"hook": hook(receiver)})
    poison, *others = add_alerts(store, 3)
    receiver.reject[poison] = 500
    report = await box.deliver_due()
    assert report.delivered == 2 and report.retrying == 1
    assert receiver.accepted() == others
    later = add_alerts(store, 1)
    clock.shift(timedelta(seconds=1))
    assert (await box.deliver_due()).delivered == 1  # not blocked behind the rejected one
    assert receiver.accepted() == others + later
    assert by_alert(store)[poison].status == "pending"  # still retried, not lost
    del receiver.reject[poison]
    clock.move_to(by_alert(store)[poison].next_attempt_at)
    assert (await box.deliver_due()).delivered == 1
    assert receiver.accepted() == [*others, *later, poison]


async def test_hanging_webhook_does_not_hold_up_email(
    store: Store, clock: time_machine.Coordinates
) -> None:
    slow = HTTPServer(threaded=True)
    slow.start()
    try:
        receiver = Receiver(slow)
        receiver.hold_from = 1
        with smtp_server() as (mail, port):
            email = EmailChannel(
                "mail", f"smtp://127.0.0.1:{port}", sender="m@monitor.example", to=["d@x.example"]
            )
            box = outbox(store, {"hook": hook(receiver, timeout=30), "mail": email})
            (first,) = add_alerts(store, 1, ("hook", "mail"))
            sweep = asyncio.create_task(box.deliver_due())
            deadline = time.monotonic() + 60

            def first_mailed() -> bool:  # received, and recorded as delivered
                row = by_alert(store, "mail").get(first)
                return row is not None and row.status == "delivered"

            while not (first_mailed() and receiver.holding.is_set()):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)
            assert len(mail.envelopes) == 1 and receiver.holding.is_set()
            assert not sweep.done()  # the webhook still hangs

            # a new alert while the webhook hangs: a second sweep sends its email at once
            (second,) = add_alerts(store, 1, ("hook", "mail"))
            report = await asyncio.wait_for(box.deliver_due(), 60)
            assert report.delivered == 1 and len(mail.envelopes) == 2
            assert by_alert(store, "mail")[second].status == "delivered"

            receiver.release.set()
            first_report = await asyncio.wait_for(sweep, 60)
            assert first_report.retrying == 1
            assert by_alert(store)[first].status == "pending"
            assert by_alert(store)[second].attempts == 0  # waits behind the first, in order
    finally:
        slow.clear()
        slow.stop()


async def test_outbox_gives_up_on_a_channel_past_its_timeout(
    store: Store, clock: time_machine.Coordinates
) -> None:
    class Stuck:
        name = "stuck"
        timeout = 0.5

        async def send(self, message: object) -> None:
            await asyncio.sleep(60)

        async def aclose(self) -> None:
            pass

    (alert,) = add_alerts(store, 1, ("stuck",))
    started = time.monotonic()
    report = await outbox(store, {"stuck": Stuck()}).deliver_due()
    assert time.monotonic() - started < 30  # 0.5 s + margin, far below the 60 s send
    assert report.retrying == 1
    d = by_alert(store, "stuck")[alert]
    assert "no answer within" in (d.last_error or "")


# --------------------------------------------------------------------------- quiet hours

BOGOTA_NIGHT = QuietHours.parse("22:00-07:00", "America/Bogota")  # UTC-5: 03:00-12:00 UTC


async def test_quiet_hours_hold_then_one_bundle_sent_once(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates, tmp_path: Path, db_url: str
) -> None:
    clock.move_to(datetime(2026, 2, 4, 4, 0, tzinfo=UTC))  # 23:00 in Bogotá
    quiet = {"hook": BOGOTA_NIGHT}
    box = outbox(store, {"hook": hook(receiver)}, quiet)
    held = add_alerts(store, 3)
    (urgent,) = add_alerts(store, 1, urgent=True)
    report = await box.deliver_due()
    assert (report.held, report.delivered) == (3, 1)
    assert receiver.accepted() == [urgent]  # urgent rules bypass quiet hours
    window_end = datetime(2026, 2, 4, 12, 0, tzinfo=UTC)  # 07:00 in Bogotá
    assert {by_alert(store)[a].next_attempt_at for a in held} == {window_end}

    clock.move_to(window_end - timedelta(seconds=1))
    assert (await box.deliver_due()).delivered == 0
    clock.move_to(window_end)
    # the bundle is written, then the process dies before sending: a new outbox sends it
    box._release_held(utcnow(), type(report)())
    box = outbox(store, {"hook": hook(receiver)}, quiet)
    report = await box.deliver_due()
    assert (report.bundled, report.delivered) == (0, 1)
    assert (await box.deliver_due()).delivered == 0

    (bundle,) = [b for b in receiver.bodies if b["event"] == "bundle"]
    assert bundle["id"] == bundle_id("hook", window_end)
    assert bundle["covers"] == held
    assert [s["title"] for s in bundle["stories"]] == [
        f"Story {i}: Petro and Trump" for i in range(3)
    ]
    assert {by_alert(store)[a].status for a in held} == {"bundled"}
    assert {by_alert(store)[a].bundle_id for a in held} == {bundle["id"]}
    cfg = tmp_path / "m.toml"
    cfg.write_text(
        f'[storage]\nurl = "{db_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    shown = CliRunner().invoke(cli, ["-c", str(cfg), "alerts", "show", held[0]])
    assert "hook: bundled, 0 attempts" in shown.output
    assert f"sent in bundle {bundle['id']}" in shown.output


async def test_a_single_held_alert_is_sent_as_itself(
    store: Store, receiver: Receiver, clock: time_machine.Coordinates
) -> None:
    clock.move_to(datetime(2026, 2, 4, 4, 0, tzinfo=UTC))
    box = outbox(store, {"hook": hook(receiver)}, {"hook": BOGOTA_NIGHT})
    (alert,) = add_alerts(store, 1)
    assert (await box.deliver_due()).held == 1
    clock.move_to(datetime(2026, 2, 4, 12, 0, tzinfo=UTC))
    assert (await box.deliver_due()).delivered == 1
    assert receiver.accepted() == [alert]


def test_quiet_hours_window_within_a_day_and_across_midnight() -> None:
    office = QuietHours.parse("12:00-13:30", "Europe/Madrid")  # UTC+1 in February
    assert office.ends_at(datetime(2026, 2, 4, 11, 15, tzinfo=UTC)) == datetime(
        2026, 2, 4, 12, 30, tzinfo=UTC
    )
    assert office.ends_at(datetime(2026, 2, 4, 12, 30, tzinfo=UTC)) is None
    night = BOGOTA_NIGHT
    assert night.ends_at(datetime(2026, 2, 4, 2, 59, tzinfo=UTC)) is None  # 21:59 local
    assert night.ends_at(datetime(2026, 2, 4, 3, 0, tzinfo=UTC)) == datetime(
        2026, 2, 4, 12, 0, tzinfo=UTC
    )
    assert night.ends_at(datetime(2026, 2, 4, 11, 59, tzinfo=UTC)) == datetime(
        2026, 2, 4, 12, 0, tzinfo=UTC
    )
    assert night.ends_at(datetime(2026, 2, 4, 12, 0, tzinfo=UTC)) is None


# --------------------------------------------------------------------------- stuck messages


async def test_a_message_the_receiver_never_answers_gives_way_to_the_others(
    store: Store, server: HTTPServer, clock: time_machine.Coordinates, tmp_path: Path, db_url: str
) -> None:
    """One message times out every time while the receiver takes every other: after
    `stuck_after` failures the next message probes the receiver, goes through, and the
    stuck one is dead with the reason shown, instead of holding the channel for max_age."""
    receiver = Receiver(server)  # threaded: a stalled request holds up no other
    box = outbox(store, {"hook": hook(receiver, timeout=0.5)})
    stuck, *others = add_alerts(store, 3)
    receiver.stall[stuck] = 1.5
    for _ in range(DeliveryConfig().stuck_after - 1):
        report = await box.deliver_due()
        assert report.retrying == 1 and report.delivered == 0  # no answer: maybe down, wait
        clock.move_to(by_alert(store)[stuck].next_attempt_at)
    report = await box.deliver_due()
    assert (report.dead, report.delivered, report.retrying) == (1, 2, 0)
    assert receiver.accepted() == others
    d = by_alert(store)[stuck]
    assert d.status == "dead" and d.attempts == DeliveryConfig().stuck_after
    assert "takes other messages but not this one" in (d.last_error or "")

    cfg = tmp_path / "m.toml"
    cfg.write_text(
        f'[storage]\nurl = "{db_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    shown = CliRunner().invoke(cli, ["-c", str(cfg), "alerts", "show", stuck])
    assert shown.exit_code == 0, shown.output
    assert "takes other messages but not this one" in " ".join(shown.output.split())


async def test_a_receiver_that_answers_nothing_is_down_not_stuck(
    store: Store, server: HTTPServer, clock: time_machine.Coordinates
) -> None:
    """No answer to anything: the newer messages probe after the oldest, fail too, keep
    waiting behind it, and nothing is given up; on recovery all go out in order."""
    receiver = Receiver(server)  # threaded: a stalled request holds up no other
    box = outbox(store, {"hook": hook(receiver, timeout=0.5)})
    created = add_alerts(store, 3)
    receiver.stall["*"] = 1.5
    for _ in range(DeliveryConfig().stuck_after + 3):
        report = await box.deliver_due()
        assert report.dead == 0 and report.delivered == 0
        pending = [d for d in rows(store) if d.status == "pending" and d.attempts]
        clock.move_to(max(d.next_attempt_at for d in pending))
    attempts = receiver.attempts()
    # every message is tried only after all older ones were tried at least as often
    assert [attempts.count(a) for a in created] == sorted(
        (attempts.count(a) for a in created), reverse=True
    )
    assert attempts.count(created[1]) >= 1  # probed: the receiver was asked about another
    del receiver.stall["*"]
    assert (await box.deliver_due()).delivered == 3
    assert receiver.accepted() == created


# --------------------------------------------------------------------------- unknown outcomes


async def test_an_email_the_outbox_gave_up_on_that_arrives_late_is_not_sent_again(
    store: Store, clock: time_machine.Coordinates
) -> None:
    """A server slow at every step but never past the socket timeout: the outbox stops
    waiting, the SMTP thread goes on and the mail arrives. The retry must not mail it again."""
    with smtp_server() as (mail, port):
        mail.delay = 1.2  # under the 2 s socket timeout; four replies exceed 2 s + margin
        email = EmailChannel(
            "mail",
            f"smtp://127.0.0.1:{port}",
            sender="m@monitor.example",
            to=["a@x.example", "b@x.example", "c@x.example"],
            timeout=2.0,
        )
        box = outbox(store, {"mail": email})
        (alert,) = add_alerts(store, 1, ("mail",))
        report = await box.deliver_due()
        assert report.retrying == 1 and "outcome unknown" in report.errors[0]
        deadline = time.monotonic() + 30
        while not mail.envelopes:  # the abandoned send arrives after all
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        mail.delay = 0.0
        clock.move_to(by_alert(store, "mail")[alert].next_attempt_at)
        assert (await box.deliver_due()).delivered == 1
        assert len(mail.envelopes) == 1
        assert by_alert(store, "mail")[alert].status == "delivered"


async def test_blocking_sends_run_on_their_own_threads() -> None:
    """Ingest and extraction fill the default executor; a mail still goes out."""
    loop = asyncio.get_running_loop()
    busy = ThreadPoolExecutor(1)
    release = threading.Event()
    loop.set_default_executor(busy)
    blocker = loop.run_in_executor(None, release.wait, 30)
    try:
        with smtp_server() as (mail, port):
            email = EmailChannel(
                "mail", f"smtp://127.0.0.1:{port}", sender="m@monitor.example", to=["d@x.example"]
            )
            msg = AlertMessage(id="pool-1", event="test", rule="t", title="pool")
            await asyncio.wait_for(email.send(msg), 20)
            assert len(mail.envelopes) == 1
    finally:
        release.set()
        await blocker
