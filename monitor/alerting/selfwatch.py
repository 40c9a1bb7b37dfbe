"""The monitor watching itself, so that silence never means it quietly broke.

Conditions (configured in `[health]`): a feed without a successful poll for too long,
page extraction failing for most articles of a feed, the outbox backing up. Each
condition fires one `health` alert when it starts and one `health_resolved` alert when it
clears. The condition's state and its alert are written in one transaction, and alert
ids derive from the condition and its episode number, so neither a crash nor two
checks at once can send an episode twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerting.channels.base import AlertMessage
from monitor.alerting.enqueue import alert_id as stable_id
from monitor.alerting.enqueue import enqueue
from monitor.config import HealthConfig
from monitor.redact import redact
from monitor.storage import Alert, Conflict, Feed, HealthCondition, Store, Tx, utcnow

log = logging.getLogger(__name__)

HEALTH_EVENTS = ("health", "health_resolved")


@dataclass(frozen=True)
class Finding:
    key: str
    kind: str  # feed_failing | extraction_failing | outbox_backlog
    title: str
    detail: list[str]


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"


def _feed_label(feed: Feed) -> str:
    return f"{feed.name or feed.title or redact(feed.url)}"


def alert_id(key: str, episode: int, event: str) -> str:
    return stable_id("health", key, episode, event)


class SelfWatch:
    def __init__(
        self, store: Store, cfg: HealthConfig, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.store = store
        self.cfg = cfg
        self.clock = clock

    def findings(self, tx: Tx, now: datetime) -> list[Finding]:
        cfg = self.cfg
        found: list[Finding] = []
        feeds = [f for f in tx.feeds(configured_only=True) if f.status != "disabled"]
        for feed in feeds:
            if feed.consecutive_failures == 0:
                continue
            since = feed.last_success_at or feed.created_at
            if now - since < timedelta(seconds=cfg.feed_failing_for):
                continue
            never = feed.last_success_at is None
            found.append(
                Finding(
                    key=f"feed_failing:{feed.id}",
                    kind="feed_failing",
                    title=f"Feed {_feed_label(feed)} failing for {_hours(now - since)}",
                    detail=[
                        f"No successful poll {'since it was added' if never else 'since'} "
                        f"{_iso(since)}; {feed.consecutive_failures} failures in a row.",
                        f"Last error: {redact(feed.last_error or 'none recorded')}",
                        f"Feed URL: {redact(feed.url)}",
                    ],
                )
            )
        counts = tx.extraction_counts(now - timedelta(seconds=cfg.extraction_window))
        by_id = {f.id: f for f in feeds}
        for feed_id, (total, failed) in sorted(counts.items()):
            source = by_id.get(feed_id)
            if source is None or total < cfg.extraction_min_articles:
                continue
            if failed / total < cfg.extraction_failure_ratio:
                continue
            found.append(
                Finding(
                    key=f"extraction_failing:{feed_id}",
                    kind="extraction_failing",
                    title=f"Article extraction failing for feed {_feed_label(source)}",
                    detail=[
                        f"{failed} of {total} articles from this feed in the last "
                        f"{_hours(timedelta(seconds=cfg.extraction_window))} kept only the "
                        "feed's summary: their pages could not be extracted.",
                        f"Feed URL: {redact(source.url)}",
                    ],
                )
            )
        oldest = tx.oldest_pending(exclude_events=HEALTH_EVENTS)
        if oldest is not None:
            waited = now - (oldest.queued_at or oldest.created_at)
            if waited >= timedelta(seconds=cfg.outbox_pending_for):
                found.append(
                    Finding(
                        key="outbox_backlog",
                        kind="outbox_backlog",
                        title=f"Alerts are not going out: oldest has waited {_hours(waited)}",
                        detail=[
                            f"{tx.pending_count()} deliveries pending; the oldest, to channel "
                            f"{oldest.channel}, after {oldest.attempts} attempts.",
                            f"Last error: {oldest.last_error or 'none yet'}",
                        ],
                    )
                )
        return found

    def check(self) -> list[str]:
        """Open and close condition episodes; the ids of the alerts this raised."""
        try:
            return self._check(self.clock())
        except Conflict:  # another instance opened or closed the same episode first
            log.info("health conditions already recorded by another instance")
            return []

    def _check(self, now: datetime) -> list[str]:
        raised: list[str] = []
        with self.store.tx() as tx:
            findings = {f.key: f for f in self.findings(tx, now)}
            known = {c.key: c for c in tx.health_conditions()}
            for key, finding in findings.items():
                cond = known.get(key) or HealthCondition(key=key, kind=finding.kind)
                if cond.active:
                    continue
                cond.active = True
                cond.episode += 1
                cond.since = now
                cond.cleared_at = None
                cond.detail = "\n".join(finding.detail)
                tx.add(cond)
                raised.append(self._alert(tx, cond, "health", finding.title, finding.detail, now))
            for key, cond in known.items():
                if not cond.active or key in findings:
                    continue
                cond.active = False
                cond.cleared_at = now
                tx.add(cond)
                first_line = (cond.detail or "").splitlines()[:1]
                raised.append(
                    self._alert(
                        tx,
                        cond,
                        "health_resolved",
                        f"Resolved: {cond.kind.replace('_', ' ')} ({key})",
                        [
                            f"The condition started {_iso(cond.since or now)} and cleared "
                            f"{_iso(now)}.",
                            *(f"It was: {line}" for line in first_line),
                        ],
                        now,
                    )
                )
        return raised

    def _alert(
        self,
        tx: Tx,
        cond: HealthCondition,
        event: str,
        title: str,
        detail: list[str],
        now: datetime,
    ) -> str:
        aid = alert_id(cond.key, cond.episode, event)
        message = AlertMessage(
            id=aid,
            event=event,
            rule=f"health: {cond.kind}",
            title=title,
            new_information=detail,
            created_at=_iso(now),
            urgent=self.cfg.urgent,
        )
        enqueue(
            tx,
            Alert(
                id=aid,
                story_id=None,
                rule=message.rule,
                event=event,
                state="sealed",  # its content is fixed when it is raised
                payload=json.dumps(message.to_dict(), ensure_ascii=False),
                created_at=now,
                sealed_at=now,
                urgent=self.cfg.urgent,
            ),
            self.cfg.channels,
            send_at=now,
        )
        level = logging.ERROR if event == "health" else logging.INFO
        log.log(level, "%s: %s", event, title, extra={"alert_id": aid, "condition": cond.key})
        return aid
