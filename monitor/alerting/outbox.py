"""Delivery of the outbox: at least once, with a stable id, retried with backoff.

A delivery row is written (by `monitor.alerting.enqueue`) in the same transaction as the
alert and the articles behind it, so a crash can never lose an alert; delivery state is
recorded only after the channel answered, so a crash mid-send repeats that one send with
the same id, which receivers drop.

Each channel delivers in order of creation and on its own: channels send concurrently,
each send has the channel's timeout, and while a channel is down (no answer, 429, 502-504)
its newer alerts wait behind the oldest one, which is retried with capped exponential
backoff; a message the receiver rejects with another 5xx is retried without holding others.
No answer at all may also be one message the receiver cannot take: after `stuck_after` such
failures the newer alerts are tried right after its next attempt, and if they go through
it is dead. Blocking channels keep the outcome of a send the outbox stopped waiting for,
so the retry never sends a second copy while the first may still arrive.
Quiet hours hold non-urgent alerts; when the window ends they go out as one bundle whose id
derives from the channel and the window, written in one transaction with the rows it replaces.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from monitor.alerting import silences
from monitor.alerting.channels.base import (
    AlertMessage,
    ArticlePayload,
    Channel,
    DeliveryError,
    StoryPayload,
)
from monitor.alerting.channels.render import event_label, one_line
from monitor.alerting.enqueue import alert_id, enqueue
from monitor.alerting.quiet import QuietHours
from monitor.alerting.rewrite import Rewriter
from monitor.collect.outlets import ArticleSource, Outlet, fold, names_by_row
from monitor.collect.outlets import group as group_outlets
from monitor.config import DeliveryConfig
from monitor.judge.briefs import Brief
from monitor.judge.storybrief import StoryReads, alert_brief, story_brief
from monitor.redact import redact
from monitor.service import metrics
from monitor.storage import (
    Alert,
    Article,
    Conflict,
    Delivery,
    DeliveryAttempt,
    Store,
    Story,
    Tx,
    utcnow,
)

log = logging.getLogger(__name__)

# Answers that mean the receiver as a whole is unavailable, not that it refused one message.
CHANNEL_DOWN = (429, 502, 503, 504)


# Of those, the answers in which the receiver itself says it is unavailable. The others (no
# answer at all, a gateway error) may as well be one message the receiver cannot take.
SAID_DOWN = (429, 503)


def channel_down(error: DeliveryError | None) -> bool:
    """True when a failure says the channel is down, so newer alerts should wait behind it.

    A receiver that answers 500 to one message is up: the others still go out, so one
    message it cannot take never holds a channel's alerts back until max_age.
    """
    return error is not None and (error.status is None or error.status in CHANNEL_DOWN)


def stuck(d: Delivery, error: DeliveryError | None, stuck_after: int) -> bool:
    """A message that keeps failing without the receiver saying it is down. Newer messages
    still wait for its next attempt, but are then tried right after it: if the receiver
    takes them, it is up and this message is one it cannot take."""
    return (
        d.status == "pending"
        and channel_down(error)
        and error is not None
        and error.status not in SAID_DOWN
        and d.attempts >= stuck_after
    )


TIMEOUT_MARGIN = 2.0  # seconds past a channel's own timeout before the outbox gives up
# An alert's timeline, in lines: the story's first entry and the latest ones, as a desk
# reads it at a glance (`[briefs] timeline_lines`); the story page lists every entry.
TIMELINE_LINES = 8


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt is not None else None


def article_payload(a: Article, outlet: str | None = None) -> ArticlePayload:
    return ArticlePayload(
        url=a.url,
        title=a.title,
        source=outlet or a.source_name or a.source,
        published_at=iso(a.published_at),
        language=a.language,
    )


def _brief(make: Callable[[], Brief | None], what: str) -> Brief | None:
    """A brief, or None if making it failed: a brief never stops an alert going out."""
    try:
        return make()
    except Exception:
        log.exception("no brief for %s", what)
        return None


def _outlet_names(everything: list[Article]) -> tuple[list[Outlet], dict[int | None, str]]:
    """The outlets behind a story's articles, and each article's outlet name."""
    outlets = group_outlets(
        ArticleSource(a.source, a.source_name, a.aggregator_unresolved) for a in everything
    )
    rows = names_by_row(outlets, len(everything))
    return outlets, dict(zip((a.id for a in everything), rows, strict=True))


def _naming(
    everything: list[Article],
) -> tuple[list[Outlet], dict[int | None, str], Callable[[Article], str]]:
    """The story's outlets, each article's outlet name, and the namer reading them."""
    outlets, names = _outlet_names(everything)

    def outlet(a: Article) -> str:
        return names.get(a.id) or article_payload(a).source

    return outlets, names, outlet


def _named(
    everything: list[Article], reads: StoryReads | None
) -> tuple[list[Outlet], dict[int | None, str], Callable[[Article], str]]:
    return _naming(everything) if reads is None else reads.kept(everything, _naming)


def _listing(everything: list[Article], reads: StoryReads) -> list[ArticlePayload]:
    """Each of the story's articles as channels see it, under its outlet's name."""
    names = _named(everything, reads)[1]
    return [article_payload(a, names.get(a.id)) for a in everything]


def outlet_namer(tx: Tx, story_id: int) -> Callable[[Article], str]:
    """How the story's articles' outlets are named: two feeds of one outlet are one."""
    _, names = _outlet_names(list(tx.story_articles(story_id)))
    return lambda a: names.get(a.id) or article_payload(a).source


def story_payload(
    tx: Tx,
    story: Story,
    articles: list[Article] | None = None,
    *,
    brief: bool = False,
    everything: list[Article] | None = None,
    reads: StoryReads | None = None,
    timeline_cap: int | None = None,
) -> StoryPayload:
    """A story as channels see it; `articles` narrows the listed ones (a digest's);
    `brief` adds the story's own brief (a digest's stories); `everything`: all the
    story's articles, when the caller has read them; `timeline_cap`: the brief's timeline
    entries at most.

    Outlets are counted and named as readers know them: two feeds of one outlet are one,
    and each article's `source` is its outlet's name.
    """
    assert story.id is not None
    story_id = story.id
    if everything is None:
        everything = list(tx.story_articles(story_id))
    outlets, names, outlet = _named(everything, reads)
    if articles is not None:
        listed = [article_payload(a, names.get(a.id)) for a in articles]
    elif reads is not None:
        # every alert sealed about the story in a pass lists the same articles (a story
        # of a thousand reports sealed in a hundred alerts): built once, each message
        # its own list of them
        listed = list(reads.kept(everything, _listing, reads))
    else:
        listed = [article_payload(a, names.get(a.id)) for a in everything]
    return StoryPayload(
        id=story_id,
        title=story.title,
        first_seen=iso(story.first_seen) or "",
        outlets=len(outlets),
        articles=listed,
        outlet_names=sorted((o.name for o in outlets), key=fold),
        brief=_brief(
            lambda: story_brief(tx, story_id, outlet=outlet, timeline_cap=timeline_cap),
            f"story {story_id}",
        )
        if brief
        else None,
    )


def build_message(
    tx: Tx,
    alert: Alert,
    now: datetime,
    reads: StoryReads | None = None,
    *,
    timeline_lines: int = TIMELINE_LINES,
) -> AlertMessage:
    """The alert as channels receive it, from the story as it stands now. `reads`: the
    stories' rows kept over the messages built in this transaction; `timeline_lines`: the
    most timeline entries a brief lists."""
    if alert.event == "digest":
        return _digest_message(tx, alert, now, timeline_lines)
    # the survivor, if the story was merged; None for an alert about no single story
    story = tx.resolve_story(alert.story_id) if alert.story_id is not None else None
    # read once: the payload, the outlets' names and the brief all list the story's articles
    everything: list[Article] = []
    if story is not None and story.id is not None:
        everything = (
            reads.articles(story.id) if reads is not None else list(tx.story_articles(story.id))
        )
    payload = (
        story_payload(tx, story, everything=everything, reads=reads) if story is not None else None
    )
    trigger = None
    if payload is not None and alert.event == "development" and alert.article_id is not None:
        row = tx.get(Article, alert.article_id)
        if row is not None:
            listed = next((a.source for a in payload.articles if a.url == row.url), None)
            trigger = article_payload(row, listed)
    brief = None
    if story is not None and story.id is not None:
        namer = _named(everything, reads)[2]
        brief = _brief(
            lambda: alert_brief(
                tx,
                alert,
                outlet=namer,
                articles=everything,
                reads=reads,
                timeline_cap=timeline_lines,
            ),
            f"alert {alert.id}",
        )
    return AlertMessage(
        id=alert.id,
        event=alert.event,
        rule=alert.rule,
        story=payload,
        article=trigger,
        new_information=list(alert.new_information),
        created_at=iso(alert.created_at) or iso(now) or "",
        urgent=alert.urgent,
        brief=brief,
    )


def _digest_message(tx: Tx, alert: Alert, now: datetime, timeline_lines: int) -> AlertMessage:
    wanted = set(alert.article_ids)
    stories = []
    for story_id in alert.story_ids:
        story = tx.resolve_story(story_id)
        if story is None or story.id is None:
            continue
        everything = list(tx.story_articles(story.id))
        mine = [a for a in everything if a.id in wanted]
        mine.sort(key=lambda a: (a.published_at or a.fetched_at, a.id or 0), reverse=True)
        stories.append(
            story_payload(
                tx, story, mine, brief=True, everything=everything, timeline_cap=timeline_lines
            )
        )
    period = None
    if alert.period_start is not None and alert.period_end is not None:
        period = (iso(alert.period_start) or "", iso(alert.period_end) or "")
    return AlertMessage(
        id=alert.id,
        event=alert.event,
        rule=alert.rule,
        story=None,
        created_at=iso(alert.created_at) or iso(now) or "",
        stories=stories,
        period=period,
        urgent=alert.urgent,
    )


def message_from_payload(payload: str) -> AlertMessage:
    return AlertMessage.from_dict(json.loads(payload))


def seal(
    tx: Tx,
    alert: Alert,
    now: datetime,
    reads: StoryReads | None = None,
    *,
    timeline_lines: int = TIMELINE_LINES,
) -> AlertMessage:
    """Freeze the alert's payload at its first delivery attempt; every retry sends it.

    The alert is sealed before its message is built, under its row's lock, so an article
    folded into it is either in the message or, once the seal committed, not folded.
    """
    if alert.state == "open":
        tx.claim_open(alert, seal_at=now)  # re-read: sealed by another node, its payload
    if alert.payload is None:
        msg = build_message(tx, alert, now, reads, timeline_lines=timeline_lines)
        alert.payload = json.dumps(msg.to_dict(), ensure_ascii=False)
        alert.state = "sealed"
        alert.sealed_at = alert.sealed_at or now
        tx.add(alert)
        # the message just written: its payload read back is equal to it (`to_dict` gives
        # JSON's own types, which `from_dict` reads back as they were), where reading a
        # story's whole listing back cost as much as writing it
        return msg
    assert alert.payload is not None
    return message_from_payload(alert.payload)


def bundle_id(channel: str, window_end: datetime) -> str:
    return alert_id("bundle", channel, iso(window_end) or "")


def _summary_line(msg: AlertMessage) -> str:
    line = f"{event_label(msg.event)}: {one_line(msg.headline) or '(untitled story)'}"
    changed = msg.brief.what_changed if msg.brief is not None else msg.new_information
    if changed:
        line += " (" + "; ".join(one_line(x) for x in changed[:3]) + ")"
    return line


def bundle_message(
    bid: str, channel: str, quiet: str, messages: list[AlertMessage], now: datetime
) -> AlertMessage:
    stories: list[StoryPayload] = []
    seen: set[int] = set()
    for m in messages:
        if m.story is not None and m.brief is not None and m.story.brief is None:
            # the bundle lists the story with the brief its alert carried
            m.story.brief = m.brief
        for s in [m.story, *m.stories] if m.story is not None else m.stories:
            if s.id not in seen:
                seen.add(s.id)
                stories.append(s)
    count = len(messages)
    return AlertMessage(
        id=bid,
        event="bundle",
        rule=f"quiet hours of {channel}",
        title=f"{count} alerts held during quiet hours ({quiet})",
        stories=stories,
        new_information=[_summary_line(m) for m in messages],
        covers=[m.id for m in messages],
        created_at=iso(now) or "",
    )


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    held: int = 0
    bundled: int = 0
    errors: list[str] = field(default_factory=list)


class Outbox:
    def __init__(
        self,
        store: Store,
        channels: dict[str, Channel],
        cfg: DeliveryConfig,
        clock: Callable[[], datetime] = utcnow,
        quiet: dict[str, QuietHours] | None = None,
        rewriter: Rewriter | None = None,
        timeline_lines: int = TIMELINE_LINES,
    ) -> None:
        self.store = store
        self.channels = channels
        self.cfg = cfg
        self.clock = clock
        self.quiet = dict(quiet or {})
        self.rewriter = rewriter  # rewords briefs when a language model is configured
        self.timeline_lines = timeline_lines  # an alert brief's timeline entries at most
        self._busy: set[str] = set()  # channels with a send in flight
        self._fresh: set[str] = set()  # alerts sealed by the last _seal_due

    def backoff(self, attempts: int) -> float:
        """Exponential, capped at retry_max, with jitter over the upper half so retries
        of many alerts spread out but a recovered channel is tried within retry_max."""
        ceiling = min(self.cfg.retry_max, self.cfg.retry_base * 2 ** min(max(attempts - 1, 0), 40))
        return ceiling / 2 + random.random() * ceiling / 2

    # quiet hours

    def _release_held(self, now: datetime, report: DeliveryReport) -> None:
        """Alerts held through a quiet window that has ended: one bundle per channel and
        window, or the alert itself when it was the only one."""
        with self.store.tx() as tx:
            groups: dict[tuple[str, datetime], list[Delivery]] = {}
            for d in tx.held_due(now):
                groups.setdefault((d.channel, d.next_attempt_at), []).append(d)
            for (channel, window_end), rows in groups.items():
                if len(rows) == 1:
                    rows[0].status = "pending"
                    rows[0].next_attempt_at = now
                    tx.add(rows[0])
                    continue
                messages = []
                kept = []
                for d in rows:
                    alert = tx.get(Alert, d.alert_id)
                    assert alert is not None
                    if alert.state == "open" and silences.hold(tx, alert, now):
                        d.status = "silenced"  # silenced while it was held
                        tx.add(d)
                        continue
                    messages.append(seal(tx, alert, now, timeline_lines=self.timeline_lines))
                    kept.append(d)
                if len(kept) <= 1:
                    for d in kept:
                        d.status = "pending"
                        d.next_attempt_at = now
                        tx.add(d)
                    continue
                rows = kept
                bid = bundle_id(channel, window_end)
                quiet = self.quiet.get(channel)
                msg = bundle_message(bid, channel, quiet.text if quiet else "", messages, now)
                enqueue(
                    tx,
                    Alert(
                        id=bid,
                        story_id=None,
                        rule=msg.rule,
                        event="bundle",
                        state="sealed",
                        payload=json.dumps(msg.to_dict(), ensure_ascii=False),
                        created_at=now,
                        sealed_at=now,
                    ),
                    [channel],
                    send_at=now,
                )
                for d in rows:
                    d.status = "bundled"
                    d.bundle_id = bid
                    tx.add(d)
                report.bundled += len(rows)
                log.info(
                    "quiet hours over on %s: %d alerts bundled",
                    channel,
                    len(rows),
                    extra={"alert_id": bid, "channel": channel},
                )

    def _held_until(self, channel: str, alert: Alert, now: datetime) -> datetime | None:
        quiet = self.quiet.get(channel)
        if quiet is None or alert.urgent or alert.event == "bundle":
            return None
        return quiet.ends_at(now)

    # sending

    def _seal_due(
        self, now: datetime, report: DeliveryReport, flush: bool = False
    ) -> list[tuple[Delivery, AlertMessage]]:
        """The due deliveries with their messages; alerts sealed here are in `_fresh`."""
        self._fresh = set()
        with self.store.tx() as tx:
            backoff = tx.channel_backoff(CHANNEL_DOWN)
            blocked = {c for c, until in backoff.items() if until > now}
            due = [
                d
                for d in tx.due_deliveries(now, flush=flush)
                if d.channel not in blocked and d.channel not in self._busy
            ]
            messages: dict[str, AlertMessage] = {}
            silenced: set[str] = set()
            batch: list[tuple[Delivery, AlertMessage]] = []
            reads = StoryReads(tx)  # a story's alerts are sealed one after another
            for d in due:
                if d.alert_id in silenced:
                    continue
                alert = tx.get(Alert, d.alert_id)
                assert alert is not None
                if alert.state == "open" and silences.hold(tx, alert, now):
                    silenced.add(alert.id)
                    continue
                until = self._held_until(d.channel, alert, now)
                if until is not None:
                    d.status = "held"
                    d.next_attempt_at = until
                    tx.add(d)
                    report.held += 1
                    continue
                if d.alert_id not in messages:
                    unsealed = alert.state == "open" or alert.payload is None
                    messages[d.alert_id] = seal(
                        tx, alert, now, reads, timeline_lines=self.timeline_lines
                    )
                    if unsealed and alert.sealed_at == now:  # not sealed by another node
                        self._fresh.add(alert.id)
                batch.append((d, messages[d.alert_id]))
            return batch

    async def _reword(
        self, batch: list[tuple[Delivery, AlertMessage]]
    ) -> list[tuple[Delivery, AlertMessage]]:
        """Briefs of the alerts just sealed, reworded by the configured model where it gave a
        rewrite that holds up; stored in the payload before anything is sent, so every
        attempt sends the same. Waits at most the model's timeout."""
        rewriter = self.rewriter
        briefs = {m.id: m.brief for _, m in batch if m.id in self._fresh and m.brief is not None}
        if rewriter is None or not briefs:
            return batch
        fresh = {m.id: m for _, m in batch}
        ids = list(briefs)
        outcomes = await asyncio.gather(*(rewriter.rewrite(briefs[i]) for i in ids))
        changed: dict[str, AlertMessage] = {}
        for key, outcome in zip(ids, outcomes, strict=True):
            if not outcome.rewritten:
                log.info(
                    "brief sent as extracted: %s",
                    redact(outcome.why),
                    extra={"alert_id": key},
                )
                continue
            changed[key] = replace(fresh[key], brief=outcome.brief)
        if not changed:
            return batch
        await asyncio.to_thread(self._store_rewrites, changed)
        return [(d, changed.get(m.id, m)) for d, m in batch]

    def _store_rewrites(self, changed: dict[str, AlertMessage]) -> None:
        with self.store.tx() as tx:
            for key, msg in changed.items():
                alert = tx.get(Alert, key)
                if alert is None:
                    continue
                alert.payload = json.dumps(msg.to_dict(), ensure_ascii=False)
                tx.add(alert)

    async def deliver_due(self, *, flush: bool = False) -> DeliveryReport:
        """Send everything due; one channel's failure or hang never holds up another's.

        `flush` also sends alerts still waiting out a timer (`run --once` exits after).
        """
        report = DeliveryReport()
        now = self.clock()
        try:
            await asyncio.to_thread(self._release_held, now, report)
        except Conflict:  # another instance wrote the same bundle first
            log.info("quiet-hours bundle already written by another instance")
        # sealing writes each alert's brief, which reads its story's reports: off the loop
        batch = await asyncio.to_thread(self._seal_due, now, report, flush)
        if not batch:
            return report
        batch = await self._reword(batch)
        by_channel: dict[str, list[tuple[Delivery, AlertMessage]]] = {}
        for d, msg in batch:
            by_channel.setdefault(d.channel, []).append((d, msg))
        self._busy.update(by_channel)
        await asyncio.gather(
            *(self._send_all(name, items, report) for name, items in by_channel.items())
        )
        return report

    async def _send_one(self, name: str, msg: AlertMessage) -> DeliveryError | None:
        channel = self.channels.get(name)
        if channel is None:
            return DeliveryError(f"channel {name!r} is not configured", retryable=True)
        timeout = float(getattr(channel, "timeout", 30.0)) + TIMEOUT_MARGIN
        try:
            await asyncio.wait_for(channel.send(msg), timeout)
        except DeliveryError as exc:
            return exc
        except TimeoutError:
            # It may still arrive: channels that block keep its outcome for the retry
            # (BlockingSends), and the stable id lets receivers drop a repeat.
            return DeliveryError(
                f"{name}: no answer within {timeout:g}s, outcome unknown", retryable=True
            )
        except Exception as exc:  # a channel bug must not stop the others
            return DeliveryError(f"{type(exc).__name__}: {exc}", retryable=True)
        return None

    async def _send_all(
        self, name: str, items: list[tuple[Delivery, AlertMessage]], report: DeliveryReport
    ) -> None:
        stuck_ids: list[int] = []  # stuck messages that failed again in this sweep
        not_before: datetime | None = None  # their latest retry
        try:
            for delivery, msg in items:  # in order of creation, per channel
                error = await self._send_one(name, msg)
                row = await asyncio.to_thread(
                    self._record, delivery, error, report, not_before=not_before
                )
                if error is None:
                    if stuck_ids:  # the receiver took this one: they are what it cannot take
                        await asyncio.to_thread(self._give_up, stuck_ids, report)
                        stuck_ids, not_before = [], None
                    continue
                if row.status == "pending" and stuck(row, error, self.cfg.stuck_after):
                    assert row.id is not None
                    stuck_ids.append(row.id)
                    if not_before is None or row.next_attempt_at > not_before:
                        not_before = row.next_attempt_at
                    continue  # the next message probes the receiver
                if row.status == "pending" and channel_down(error):
                    # The channel is down: the rest wait behind this one rather than each
                    # spending a timeout, and keep their order.
                    return
        finally:
            self._busy.discard(name)

    def _give_up(self, ids: list[int], report: DeliveryReport) -> None:
        """Stuck messages whose receiver took a newer one right after: dead, saying why."""
        with self.store.tx() as tx:
            for key in ids:
                d = tx.get(Delivery, key)
                if d is None or d.status != "pending":
                    continue
                self._stuck_dead(d)
                tx.add(d)
                report.dead += 1
                report.retrying -= 1

    def _stuck_dead(self, d: Delivery) -> None:
        d.status = "dead"
        d.last_error = (
            f"{d.channel} takes other messages but not this one: it failed {d.attempts} "
            f"times ({d.last_error})"
        )
        log.error(
            "delivery to %s is dead: %s; `monitor alerts retry` re-queues it",
            d.channel,
            d.last_error,
            extra={"alert_id": d.alert_id, "channel": d.channel, "attempt": d.attempts},
        )

    def _record(
        self,
        delivery: Delivery,
        error: DeliveryError | None,
        report: DeliveryReport,
        *,
        not_before: datetime | None = None,
    ) -> Delivery:
        """Write the outcome of one attempt. A failure retried after `not_before` at the
        earliest, so a message never overtakes a stuck one tried before it."""
        now = self.clock()
        with self.store.tx() as tx:
            d = tx.get(Delivery, delivery.id)
            assert d is not None
            previous = d.last_attempt_at
            d.attempts += 1
            d.last_attempt_at = now
            if error is None:
                d.status = "delivered"
                d.delivered_at = now
                metrics.delivered(d.channel, (now - (d.queued_at or d.created_at)).total_seconds())
                d.last_error = None
                d.last_status = None
                report.delivered += 1
            else:
                d.last_error = redact(str(error))  # shown by `monitor alerts show`
                d.last_status = error.status
                queued = d.queued_at or d.created_at
                too_old = now - queued > timedelta(seconds=self.cfg.max_age)
                if not error.retryable or too_old:
                    d.status = "dead"
                    report.dead += 1
                else:
                    wait = self.backoff(d.attempts)
                    if error.retry_after is not None:
                        wait = min(max(wait, error.retry_after), self.cfg.retry_max)
                    d.next_attempt_at = now + timedelta(seconds=wait)
                    if not_before is not None and channel_down(error):
                        d.next_attempt_at = max(d.next_attempt_at, not_before)
                    report.retrying += 1
                report.errors.append(f"{d.channel}: {d.last_error}")
            tx.add(d)
            assert d.id is not None
            taken = (
                previous is not None
                and stuck(d, error, self.cfg.stuck_after)
                and tx.delivered_since(d.channel, previous, other_than=d.id)
            )
            if taken:  # the receiver took others since this one last failed
                self._stuck_dead(d)
                tx.add(d)
                report.retrying -= 1
                report.dead += 1
            tx.add(
                DeliveryAttempt(
                    delivery_id=d.id,
                    at=now,
                    ok=error is None,
                    status=error.status if error is not None else None,
                    error=d.last_error if error is not None else None,
                )
            )
        if taken:
            return d  # logged by _stuck_dead
        fields = {"alert_id": d.alert_id, "channel": d.channel, "attempt": d.attempts}
        if error is None:
            log.info("alert delivered to %s", d.channel, extra=fields)
        elif d.status == "dead":
            why = "a permanent failure" if not error.retryable else "it is older than max_age"
            log.error(
                "delivery to %s is dead (%s): %s; `monitor alerts retry` re-queues it",
                d.channel,
                why,
                d.last_error,
                extra={**fields, "status": error.status},
            )
        else:
            log.warning(
                "delivery to %s failed, retrying at %s: %s",
                d.channel,
                iso(d.next_attempt_at),
                d.last_error,
                extra={**fields, "status": error.status},
            )
        return d


def channel_test_message(channel: str) -> AlertMessage:
    """What `monitor channels test` sends: marked as a test in every format."""
    now = utcnow()
    return AlertMessage(
        id=f"test-{channel}-{now:%Y%m%dT%H%M%S}",
        event="test",
        rule="channels test",
        title=f"news-monitor test message for channel {channel}",
        new_information=["This is a test: nothing happened. It checks that alerts arrive here."],
        created_at=iso(now) or "",
    )


def requeue(tx: Tx, deliveries: list[Delivery], now: datetime) -> int:
    """Put dead or pending deliveries back at the front of the queue, with a fresh max_age."""
    count = 0
    for d in deliveries:
        if d.status not in ("dead", "pending"):
            continue
        d.status = "pending"
        d.next_attempt_at = now
        d.queued_at = now
        tx.add(d)
        count += 1
    return count
