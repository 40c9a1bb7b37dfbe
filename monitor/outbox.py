"""Delivery of the outbox: at least once, with a stable id, retried with backoff.

A delivery row is written in the same transaction as the alert and the articles behind it,
so a crash can never lose an alert; delivery state is recorded only after the channel
answered, so a crash mid-send repeats that one send with the same id, which receivers drop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from monitor import silences
from monitor.channels.base import AlertMessage, ArticlePayload, Channel, DeliveryError, StoryPayload
from monitor.config import DeliveryConfig
from monitor.logs import redact
from monitor.storage import Alert, Article, Delivery, DeliveryAttempt, Store, Story, Tx, utcnow

log = logging.getLogger(__name__)


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt is not None else None


def article_payload(a: Article) -> ArticlePayload:
    return ArticlePayload(
        url=a.url,
        title=a.title,
        source=a.source_name or a.source,
        published_at=iso(a.published_at),
        language=a.language,
    )


def story_payload(tx: Tx, story: Story, articles: list[Article] | None = None) -> StoryPayload:
    """A story as channels see it; `articles` narrows the listed ones (a digest's)."""
    assert story.id is not None
    everything = list(tx.story_articles(story.id))
    return StoryPayload(
        id=story.id,
        title=story.title,
        first_seen=iso(story.first_seen) or "",
        outlets=len({a.source for a in everything}),
        articles=[article_payload(a) for a in (everything if articles is None else articles)],
    )


def build_message(tx: Tx, alert: Alert, now: datetime) -> AlertMessage:
    """The alert as channels receive it, from the story as it stands now."""
    if alert.event == "digest":
        return _digest_message(tx, alert, now)
    assert alert.story_id is not None
    story = tx.resolve_story(alert.story_id)  # the survivor, if the story was merged
    assert story is not None
    payload = story_payload(tx, story)
    trigger = tx.get(Article, alert.article_id) if alert.article_id is not None else None
    return AlertMessage(
        id=alert.id,
        event=alert.event,
        rule=alert.rule,
        story=payload,
        article=article_payload(trigger) if trigger and alert.event == "development" else None,
        new_information=list(alert.new_information),
        created_at=iso(alert.created_at) or iso(now) or "",
    )


def _digest_message(tx: Tx, alert: Alert, now: datetime) -> AlertMessage:
    wanted = set(alert.article_ids)
    stories = []
    for story_id in alert.story_ids:
        story = tx.resolve_story(story_id)
        if story is None or story.id is None:
            continue
        mine = [a for a in tx.story_articles(story.id) if a.id in wanted]
        mine.sort(key=lambda a: (a.published_at or a.fetched_at, a.id or 0), reverse=True)
        stories.append(story_payload(tx, story, mine))
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
    )


def _story_from_dict(story: dict[str, Any]) -> StoryPayload:
    return StoryPayload(
        id=story["id"],
        title=story["title"],
        first_seen=story["first_seen"],
        outlets=story["outlets"],
        articles=[ArticlePayload(**a) for a in story["articles"]],
    )


def message_from_payload(payload: str) -> AlertMessage:
    data = json.loads(payload)
    period = data.get("period")
    return AlertMessage(
        id=data["id"],
        event=data["event"],
        rule=data["rule"],
        story=_story_from_dict(data["story"]) if data.get("story") else None,
        article=ArticlePayload(**data["article"]) if data.get("article") else None,
        new_information=data.get("new_information", []),
        created_at=data.get("created_at", ""),
        stories=[_story_from_dict(s) for s in data.get("stories", [])],
        period=(period["since"], period["until"]) if period else None,
    )


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


class Outbox:
    def __init__(
        self,
        store: Store,
        channels: dict[str, Channel],
        cfg: DeliveryConfig,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.channels = channels
        self.cfg = cfg
        self.clock = clock
        self._lock = asyncio.Lock()

    def backoff(self, attempts: int) -> float:
        """Exponential with full jitter above half, so retries of many alerts spread out."""
        ceiling = min(self.cfg.retry_max, self.cfg.retry_base * 2 ** max(attempts - 1, 0))
        return ceiling / 2 + random.random() * ceiling / 2

    def _seal_due(self, now: datetime, flush: bool = False) -> list[tuple[Delivery, AlertMessage]]:
        with self.store.tx() as tx:
            due = list(tx.due_deliveries(now, flush=flush))
            messages: dict[str, AlertMessage] = {}
            held: set[str] = set()
            for d in due:
                if d.alert_id in messages or d.alert_id in held:
                    continue
                alert = tx.get(Alert, d.alert_id)
                assert alert is not None
                if alert.state == "open" and silences.hold(tx, alert, now):
                    held.add(alert.id)
                    continue
                if alert.state == "open" or alert.payload is None:
                    msg = build_message(tx, alert, now)
                    alert.payload = json.dumps(msg.to_dict(), ensure_ascii=False)
                    alert.state = "sealed"
                    alert.sealed_at = now
                    tx.add(alert)
                messages[d.alert_id] = message_from_payload(alert.payload)
            return [(d, messages[d.alert_id]) for d in due if d.alert_id not in held]

    async def deliver_due(self, *, flush: bool = False) -> DeliveryReport:
        """Send everything due; one channel's failure never holds up another's.

        `flush` also sends alerts still waiting out a timer (`run --once` exits after).
        """
        async with self._lock:
            now = self.clock()
            batch = self._seal_due(now, flush)
            report = DeliveryReport()
            if not batch:
                return report
            by_channel: dict[str, list[tuple[Delivery, AlertMessage]]] = {}
            for d, msg in batch:
                by_channel.setdefault(d.channel, []).append((d, msg))
            await asyncio.gather(
                *(self._send_all(name, items, report) for name, items in by_channel.items())
            )
            return report

    async def _send_all(
        self, name: str, items: list[tuple[Delivery, AlertMessage]], report: DeliveryReport
    ) -> None:
        channel = self.channels.get(name)
        for delivery, msg in items:  # in order of creation, per channel
            error: DeliveryError | None = None
            if channel is None:
                error = DeliveryError(f"channel {name!r} is not configured", retryable=True)
            else:
                try:
                    await channel.send(msg)
                except DeliveryError as exc:
                    error = exc
                except Exception as exc:  # a channel bug must not stop the others
                    error = DeliveryError(f"{type(exc).__name__}: {exc}", retryable=True)
            self._record(delivery, error, report)

    def _record(
        self, delivery: Delivery, error: DeliveryError | None, report: DeliveryReport
    ) -> None:
        now = self.clock()
        with self.store.tx() as tx:
            d = tx.get(Delivery, delivery.id)
            assert d is not None
            d.attempts += 1
            d.last_attempt_at = now
            if error is None:
                d.status = "delivered"
                d.delivered_at = now
                d.last_error = None
                report.delivered += 1
            else:
                d.last_error = redact(str(error))  # shown by `monitor alerts show`
                d.last_status = error.status
                too_old = now - d.created_at > timedelta(seconds=self.cfg.max_age)
                if not error.retryable or too_old:
                    d.status = "dead"
                    report.dead += 1
                else:
                    wait = self.backoff(d.attempts)
                    if error.retry_after is not None:
                        wait = min(max(wait, error.retry_after), self.cfg.retry_max)
                    d.next_attempt_at = now + timedelta(seconds=wait)
                    report.retrying += 1
                report.errors.append(f"{d.channel}: {d.last_error}")
            tx.add(d)
            assert d.id is not None
            tx.add(
                DeliveryAttempt(
                    delivery_id=d.id,
                    at=now,
                    ok=error is None,
                    status=error.status if error is not None else None,
                    error=d.last_error if error is not None else None,
                )
            )
        fields = {"alert_id": d.alert_id, "channel": d.channel, "attempt": d.attempts}
        if error is None:
            log.info("alert delivered to %s", d.channel, extra=fields)
        else:
            log.warning("delivery to %s failed (%s): %s", d.channel, d.status, error, extra=fields)
