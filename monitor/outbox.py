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

from monitor.channels.base import AlertMessage, ArticlePayload, Channel, DeliveryError, StoryPayload
from monitor.config import DeliveryConfig
from monitor.logs import redact
from monitor.storage import Alert, Article, Delivery, Store, Tx, utcnow

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


def build_message(tx: Tx, alert: Alert, now: datetime) -> AlertMessage:
    """The alert as channels receive it, from the story as it stands now."""
    story = tx.resolve_story(alert.story_id)  # the survivor, if the story was merged
    assert story is not None and story.id is not None
    articles = list(tx.story_articles(story.id))
    trigger = next((a for a in articles if a.id == alert.article_id), None)
    return AlertMessage(
        id=alert.id,
        event=alert.event,
        rule=alert.rule,
        story=StoryPayload(
            id=story.id or 0,
            title=story.title,
            first_seen=iso(story.first_seen) or "",
            outlets=len({a.source for a in articles}),
            articles=[article_payload(a) for a in articles],
        ),
        article=article_payload(trigger) if trigger and alert.event == "development" else None,
        new_information=list(alert.new_information),
        created_at=iso(alert.created_at) or iso(now) or "",
    )


def message_from_payload(payload: str) -> AlertMessage:
    data = json.loads(payload)
    story = data["story"]
    return AlertMessage(
        id=data["id"],
        event=data["event"],
        rule=data["rule"],
        story=StoryPayload(
            id=story["id"],
            title=story["title"],
            first_seen=story["first_seen"],
            outlets=story["outlets"],
            articles=[ArticlePayload(**a) for a in story["articles"]],
        ),
        article=ArticlePayload(**data["article"]) if data.get("article") else None,
        new_information=data.get("new_information", []),
        created_at=data.get("created_at", ""),
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

    def _seal_due(self, now: datetime) -> list[tuple[Delivery, AlertMessage]]:
        with self.store.tx() as tx:
            due = list(tx.due_deliveries(now))
            messages: dict[str, AlertMessage] = {}
            for d in due:
                if d.alert_id in messages:
                    continue
                alert = tx.get(Alert, d.alert_id)
                assert alert is not None
                if alert.state == "open" or alert.payload is None:
                    msg = build_message(tx, alert, now)
                    alert.payload = json.dumps(msg.to_dict(), ensure_ascii=False)
                    alert.state = "sealed"
                    alert.sealed_at = now
                    tx.add(alert)
                messages[d.alert_id] = message_from_payload(alert.payload)
            return [(d, messages[d.alert_id]) for d in due]

    async def deliver_due(self) -> DeliveryReport:
        """Send everything due; one channel's failure never holds up another's."""
        async with self._lock:
            now = self.clock()
            batch = self._seal_due(now)
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
        fields = {"alert_id": d.alert_id, "channel": d.channel, "attempt": d.attempts}
        if error is None:
            log.info("alert delivered to %s", d.channel, extra=fields)
        else:
            log.warning("delivery to %s failed (%s): %s", d.channel, d.status, error, extra=fields)
