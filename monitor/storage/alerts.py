"""Queries about alerts: digests, silences, alerts, deliveries and attempts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, or_, update
from sqlalchemy.orm import defer
from sqlmodel import col, select

from monitor.storage.models import (
    Alert,
    Article,
    Delivery,
    DeliveryAttempt,
    DigestState,
    Silence,
)
from monitor.storage.stories import StoryQueries

# the columns an open alert's fold does not read: its lists, which grow with the story
_FOLDED = [defer(Alert.article_ids), defer(Alert.matches), defer(Alert.payload)]  # type: ignore[arg-type]


@dataclass(frozen=True)
class AlertMark:
    """What rules decide by about an alert already raised."""

    id: str
    event: str
    state: str
    created_at: datetime
    sealed_at: datetime | None

    @classmethod
    def of(cls, alert: Alert) -> AlertMark:
        return cls(alert.id, alert.event, alert.state, alert.created_at, alert.sealed_at)


class AlertQueries(StoryQueries):
    # digests and silences
    def digest_state(self, rule: str) -> DigestState | None:
        return self.session.get(DigestState, rule)

    def silences(self, *, active_at: datetime | None = None) -> Sequence[Silence]:
        q = select(Silence).order_by(col(Silence.id))
        if active_at is not None:
            q = q.where(Silence.expires_at > active_at, Silence.created_at <= active_at)
        return self.session.exec(q).all()

    def digested_articles(self, rule: str, since: datetime) -> set[int]:
        """Articles carried by the rule's digests whose period ended after `since`."""
        rows = self.session.exec(
            select(Alert.article_ids).where(
                Alert.rule == rule, Alert.event == "digest", col(Alert.period_end) > since
            )
        ).all()
        return {i for ids in rows for i in ids or []}

    # alerts and the outbox
    def alert_marks(self, story_id: int, rule: str) -> list[AlertMark]:
        """The story's alerts under `rule`, those of stories merged into it included,
        oldest first, as marks: rules read this for every relevant article, and a story
        that absorbed others has their alerts too (over a hundred in a long story), each
        row carrying its lists and its sealed payload."""
        rows = self.rows(
            "SELECT id, event, state, created_at, sealed_at FROM alert"
            " WHERE (story_id = ? OR story_id IN (SELECT id FROM story WHERE merged_into = ?))"
            " AND rule = ? ORDER BY created_at",
            (story_id, story_id, rule),
        )
        return [
            AlertMark(i, event, state, self.read_time(made), self.read_time(sealed))
            for i, event, state, made, sealed in rows
        ]

    def fold_open(
        self, alert_id: str, article_id: int, terms: list[str]
    ) -> tuple[bool, Alert | None]:
        """`claim_open` for an alert known by its id that, when it is open, also appends
        `article_id` to its article list and its `terms` to its matches: whether it was
        open, and its row (read after the compare-and-set).

        One driver statement, the compare-and-set and the append together: a story's open
        alert gains one article for each of the story's articles (over a thousand in a
        burst), and reading, decoding, extending and encoding the whole list and matches
        for each made folding quadratic in the story's size. The database appends to the
        stored JSON (SQLite's JSON functions; on PostgreSQL the `json` text, spliced, so
        the keys keep their order). The row is read without those two columns, loaded
        only if something asks for them; a sealed alert is read whole, as the outbox
        left it."""
        self.session.flush()  # a driver statement does not flush pending changes itself
        entry = json.dumps(sorted(set(terms)))
        if self.session.get_bind().dialect.name == "postgresql":
            result = self._driver(
                "UPDATE alert SET article_ids = CAST(CASE"
                " WHEN coalesce(article_ids::text, 'null') IN ('[]', 'null') THEN '['"
                " ELSE left(article_ids::text, -1) || ', ' END || ? || ']' AS json),"
                " matches = CAST(CASE"
                " WHEN coalesce(matches::text, 'null') IN ('{}', 'null') THEN '{'"
                " ELSE left(matches::text, -1) || ', ' END || ? || '}' AS json)"
                " WHERE id = ? AND state = 'open'",
                (str(article_id), f"{json.dumps(str(article_id))}: {entry}", alert_id),
            )
        else:
            result = self._driver(
                "UPDATE alert SET"
                " article_ids = json_insert(coalesce(article_ids, '[]'), '$[#]', ?),"
                " matches = json_set(coalesce(matches, '{}'), ?, json(?))"
                " WHERE id = ? AND state = 'open'",
                (article_id, f'$."{article_id}"', entry, alert_id),
            )
        if int(result.rowcount or 0) != 1:
            return False, self.session.get(Alert, alert_id, populate_existing=True)
        alert = self.session.get(Alert, alert_id, options=_FOLDED)
        if alert is not None:  # one already loaded holds the lists as they were
            self.session.expire(alert, ["article_ids", "matches"])
        return True, alert

    def claim_open(self, alert: Alert, *, seal_at: datetime | None = None) -> bool:
        """Whether `alert` is still open, its row locked until the transaction ends and
        re-read; with `seal_at`, it is sealed by the same statement.

        A compare-and-set on `state = 'open'`: folding an article into an alert and sealing
        it exclude each other (a row lock on PostgreSQL, the write lock on SQLite), so an
        article is never folded into an alert whose payload was built without it.
        """
        values: dict[str, object] = {"state": "open"}
        if seal_at is not None:
            values = {"state": "sealed", "sealed_at": seal_at}
        result = self.session.execute(
            update(Alert)
            .where(col(Alert.id) == alert.id, col(Alert.state) == "open")
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(alert)
        return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]

    def alerts_for_story(self, story_id: int) -> Sequence[Alert]:
        return self.session.exec(
            select(Alert)
            .where(col(Alert.story_id).in_(self.story_family(story_id)))
            .order_by(col(Alert.created_at))
        ).all()

    def sent_alerts(self, story_ids: Iterable[int]) -> list[Alert]:
        """Alerts about any of the stories, digests included, that reached a reader: one
        of their deliveries delivered, or bundled into a quiet-hours bundle delivered."""
        ids = set(story_ids)
        delivered = select(Delivery.alert_id).where(Delivery.status == "delivered")
        bundled = select(Delivery.alert_id).where(
            Delivery.status == "bundled", col(Delivery.bundle_id).in_(delivered)
        )
        rows = self.session.exec(
            select(Alert)
            .where(
                or_(col(Alert.id).in_(delivered), col(Alert.id).in_(bundled)),
                or_(col(Alert.story_id).in_(ids), col(Alert.event) == "digest"),
            )
            .order_by(col(Alert.created_at))
        ).all()
        return [a for a in rows if a.story_id in ids or ids & set(a.story_ids or [])]

    def alert_by_prefix(self, prefix: str) -> Alert | None:
        """An alert by the first characters of its id, as `monitor alerts` prints it."""
        rows = self.session.exec(
            select(Alert).where(col(Alert.id).startswith(prefix)).limit(2)
        ).all()
        return rows[0] if len(rows) == 1 else None

    def alerts(self, *, status: str | None = None, limit: int | None = None) -> Sequence[Alert]:
        q = select(Alert).order_by(col(Alert.created_at).desc())
        if status is not None:
            q = q.where(
                col(Alert.id).in_(select(Delivery.alert_id).where(Delivery.status == status))
            )
        if limit:
            q = q.limit(limit)
        return self.session.exec(q).all()

    def deliveries(self, alert_id: str) -> Sequence[Delivery]:
        return self.session.exec(
            select(Delivery).where(Delivery.alert_id == alert_id).order_by(col(Delivery.id))
        ).all()

    def delivery_attempts(self, delivery_id: int) -> Sequence[DeliveryAttempt]:
        return self.session.exec(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id == delivery_id)
            .order_by(col(DeliveryAttempt.id))
        ).all()

    def due_deliveries(
        self, now: datetime, limit: int = 200, *, flush: bool = False
    ) -> Sequence[Delivery]:
        """Pending deliveries due by `now`; with `flush`, also those never tried yet."""
        due = col(Delivery.next_attempt_at) <= now
        if flush:
            due = or_(due, col(Delivery.attempts) == 0)
        return self.session.exec(
            select(Delivery)
            .join(Alert, col(Alert.id) == Delivery.alert_id)
            .where(Delivery.status == "pending", due)
            .order_by(col(Alert.created_at), col(Delivery.id))
            .limit(limit)
        ).all()

    def pending_count(self) -> int:
        return int(
            self.session.exec(
                select(func.count()).select_from(Delivery).where(Delivery.status == "pending")
            ).one()
        )

    def channel_backoff(self, down_statuses: Iterable[int]) -> dict[str, datetime]:
        """Per channel, the latest retry time of a delivery still pending after the channel
        itself failed (no answer, or one of `down_statuses`): until then newer alerts wait
        behind it so order is kept. A message the receiver rejects holds up no other."""
        rows = self.session.exec(
            select(Delivery.channel, func.max(Delivery.next_attempt_at))
            .where(
                Delivery.status == "pending",
                Delivery.attempts > 0,
                or_(
                    col(Delivery.last_status).is_(None),
                    col(Delivery.last_status).in_(list(down_statuses)),
                ),
            )
            .group_by(col(Delivery.channel))
        ).all()
        out: dict[str, datetime] = {}
        for channel, latest in rows:
            if latest is not None:
                out[channel] = latest if latest.tzinfo else latest.replace(tzinfo=UTC)
        return out

    def delivered_since(self, channel: str, since: datetime, *, other_than: int) -> bool:
        """Whether the channel took another delivery after `since`: its receiver is up."""
        row = self.session.exec(
            select(Delivery.id)
            .where(
                Delivery.channel == channel,
                Delivery.status == "delivered",
                Delivery.id != other_than,
                col(Delivery.delivered_at) > since,
            )
            .limit(1)
        ).first()
        return row is not None

    def held_due(self, now: datetime) -> Sequence[Delivery]:
        """Deliveries held for quiet hours whose window has ended, oldest alert first."""
        return self.session.exec(
            select(Delivery)
            .join(Alert, col(Alert.id) == Delivery.alert_id)
            .where(Delivery.status == "held", Delivery.next_attempt_at <= now)
            .order_by(col(Delivery.channel), col(Alert.created_at), col(Delivery.id))
        ).all()

    def deliveries_by_status(self, status: str) -> Sequence[Delivery]:
        return self.session.exec(
            select(Delivery).where(Delivery.status == status).order_by(col(Delivery.id))
        ).all()

    def oldest_pending(self, exclude_events: Iterable[str] = ()) -> Delivery | None:
        """The pending delivery that has waited longest, leaving out some kinds of alert."""
        q = (
            select(Delivery)
            .join(Alert, col(Alert.id) == Delivery.alert_id)
            .where(Delivery.status == "pending")
        )
        excluded = list(exclude_events)
        if excluded:
            q = q.where(col(Alert.event).not_in(excluded))
        return self.session.exec(q.order_by(col(Delivery.created_at)).limit(1)).first()

    def extraction_counts(self, since: datetime) -> dict[int, tuple[int, int]]:
        """Per feed, (articles, articles whose page could not be extracted) since `since`."""
        failed = func.sum(case((col(Article.extraction_error).is_not(None), 1), else_=0))
        rows = self.session.exec(
            select(Article.feed_id, func.count(), failed)
            .where(col(Article.feed_id).is_not(None), Article.fetched_at >= since)
            .group_by(col(Article.feed_id))
        ).all()
        return {int(f): (int(n), int(bad or 0)) for f, n, bad in rows if f is not None}
