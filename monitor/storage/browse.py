"""Queries for reading the log page by page: the web pages, the API and /metrics.

Every listing is keyset-paginated: it takes the sort key of the last row already shown
and returns the rows after it, so a page is as cheap at the end of the log as at its
start and rows stored meanwhile neither repeat nor go missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, and_, cast, exists, func, or_
from sqlmodel import col, select

from monitor.storage.base import Queries
from monitor.storage.models import (
    Alert,
    Article,
    Delivery,
    DeliveryAttempt,
    Feed,
    Silence,
    Story,
)


@dataclass(frozen=True)
class LogFilter:
    """What a reader narrows the log to. Times are aware UTC; None means no bound."""

    since: datetime | None = None
    until: datetime | None = None
    topic: str | None = None
    source: str | None = None  # outlet host (its subdomains too) or outlet name
    lang: str | None = None  # "es" also matches "es-CO"
    story: int | None = None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _json_has(column: Any, value: str) -> Any:
    """The JSON list in `column` holds the string `value`.

    Matched on the stored text, which both backends keep as written, so one expression
    serves SQLite and PostgreSQL; the quotes make it match whole items only.
    """
    return cast(column, Text).like(f"%{_like_escape(json.dumps(value))}%", escape="\\")


def _source_matches(source: str) -> Any:
    host = source.strip().lower()
    return or_(
        col(Article.source) == host,
        col(Article.source).like(f"%.{_like_escape(host)}", escape="\\"),
        func.lower(col(Article.source_name)) == source.strip().lower(),
    )


def _lang_matches(lang: str) -> Any:
    code = lang.strip().lower()
    return or_(
        func.lower(col(Article.language)) == code,
        func.lower(col(Article.language)).like(f"{_like_escape(code)}-%", escape="\\"),
    )


class BrowseQueries(Queries):
    # stories

    def stories_page(
        self, f: LogFilter, after: tuple[datetime, int] | None, limit: int
    ) -> list[Story]:
        """Stories still standing, most recent development first (last seen, then id).

        The page's ids are found first and the rows read after: sorting whole rows would
        read every story's profile and members (a quarter of a second at 5,000 stories
        on SQLite, where the merged_into index wins over last_seen's).
        """
        q = select(Story.id).where(col(Story.merged_into).is_(None))
        if f.since is not None:
            q = q.where(Story.last_seen >= f.since)
        if f.until is not None:
            q = q.where(Story.first_seen <= f.until)
        if f.topic:
            q = q.where(_json_has(Story.topics, f.topic))
        if f.story is not None:
            q = q.where(Story.id == f.story)
        member = [col(Article.story_id) == col(Story.id)]
        if f.source:
            q = q.where(exists().where(*member, _source_matches(f.source)))
        if f.lang:
            q = q.where(exists().where(*member, _lang_matches(f.lang)))
        if after is not None:
            seen, sid = after
            last = col(Story.last_seen)
            q = q.where(or_(last < seen, and_(last == seen, col(Story.id) < sid)))
        q = q.order_by(col(Story.last_seen).desc(), col(Story.id).desc()).limit(limit)
        ids = [i for i in self.session.exec(q).all() if i is not None]
        rows = {s.id: s for s in self.session.exec(select(Story).where(col(Story.id).in_(ids)))}
        return [rows[i] for i in ids]

    def story_faces(self, story_ids: Iterable[int]) -> dict[int, tuple[list[str], list[str]]]:
        """Per story, its outlets (display names) and languages, each sorted."""
        ids = list(story_ids)
        outlets: dict[int, set[str]] = {i: set() for i in ids}
        langs: dict[int, set[str]] = {i: set() for i in ids}
        for i in range(0, len(ids), 500):
            rows = self.session.exec(
                select(Article.story_id, Article.source, Article.source_name, Article.language)
                .where(col(Article.story_id).in_(ids[i : i + 500]))
                .distinct()
            ).all()
            for sid, source, name, lang in rows:
                if sid is None:
                    continue
                outlets[sid].add(name or source)
                if lang:
                    langs[sid].add(lang)
        return {i: (sorted(outlets[i], key=str.casefold), sorted(langs[i])) for i in ids}

    def story_alert_states(self, story_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Per story (stories merged into it included): how many of its alerts' deliveries
        are in each status; an alert with no delivery counts under its own state."""
        ids = list(story_ids)
        out: dict[int, dict[str, int]] = {i: {} for i in ids}
        if not ids:
            return out
        owner = {i: i for i in ids}
        for absorbed, survivor in self.session.exec(
            select(Story.id, Story.merged_into).where(col(Story.merged_into).in_(ids))
        ).all():
            if absorbed is not None and survivor is not None:
                owner[absorbed] = survivor
        rows = self.session.exec(
            select(Alert.story_id, Alert.state, Delivery.status, func.count())
            .join(Delivery, col(Delivery.alert_id) == col(Alert.id), isouter=True)
            .where(col(Alert.story_id).in_(list(owner)))
            .group_by(col(Alert.story_id), col(Alert.state), col(Delivery.status))
        ).all()
        for sid, state, status, n in rows:
            if sid is None:
                continue
            key = status or state  # an alert without deliveries: open, sealed or silenced
            counts = out[owner[sid]]
            counts[key] = counts.get(key, 0) + int(n)
        return out

    def story_silence(self, story_id: int, now: datetime) -> Silence | None:
        """The active silence naming this story, if any (query silences are not resolved)."""
        return self.session.exec(
            select(Silence)
            .where(
                Silence.story_id == story_id,
                Silence.created_at <= now,
                Silence.expires_at > now,
            )
            .order_by(col(Silence.expires_at).desc())
            .limit(1)
        ).first()

    # articles

    def articles_page(
        self, f: LogFilter, after: int | None, limit: int, *, relevant_only: bool = True
    ) -> Sequence[Article]:
        """Articles, newest first by id (the order they were stored in)."""
        q = select(Article)
        if relevant_only:
            q = q.where(col(Article.relevant))
        if f.since is not None:
            q = q.where(Article.fetched_at >= f.since)
        if f.until is not None:
            q = q.where(Article.fetched_at <= f.until)
        if f.topic:
            q = q.where(_json_has(Article.topics, f.topic))
        if f.source:
            q = q.where(_source_matches(f.source))
        if f.lang:
            q = q.where(_lang_matches(f.lang))
        if f.story is not None:
            q = q.where(Article.story_id == f.story)
        if after is not None:
            q = q.where(col(Article.id) < after)
        return self.session.exec(q.order_by(col(Article.id).desc()).limit(limit)).all()

    # feeds

    def feeds_page(self, after: int | None, limit: int) -> Sequence[Feed]:
        q = select(Feed)
        if after is not None:
            q = q.where(col(Feed.id) > after)
        return self.session.exec(q.order_by(col(Feed.id)).limit(limit)).all()

    def articles_per_feed(self, since: datetime, feed_ids: Iterable[int]) -> dict[int, int]:
        """Articles each feed brought (first seen there) since `since`."""
        ids = list(feed_ids)
        out: dict[int, int] = dict.fromkeys(ids, 0)
        for i in range(0, len(ids), 500):
            rows = self.session.exec(
                select(Article.feed_id, func.count())
                .where(col(Article.feed_id).in_(ids[i : i + 500]), Article.fetched_at >= since)
                .group_by(col(Article.feed_id))
            ).all()
            out.update({int(fid): int(n) for fid, n in rows if fid is not None})
        return out

    # alerts

    def alerts_page(
        self,
        f: LogFilter,
        after: tuple[datetime, str] | None,
        limit: int,
        *,
        status: str | None = None,
    ) -> Sequence[Alert]:
        """Alerts, newest first (created, then id); `status`: with a delivery in it."""
        q = select(Alert)
        if f.since is not None:
            q = q.where(Alert.created_at >= f.since)
        if f.until is not None:
            q = q.where(Alert.created_at <= f.until)
        if f.story is not None:
            family = select(Story.id).where(
                or_(col(Story.id) == f.story, col(Story.merged_into) == f.story)
            )
            q = q.where(col(Alert.story_id).in_(family))
        if status is not None:
            q = q.where(
                col(Alert.id).in_(select(Delivery.alert_id).where(Delivery.status == status))
            )
        if after is not None:
            created, aid = after
            q = q.where(
                or_(
                    col(Alert.created_at) < created,
                    and_(col(Alert.created_at) == created, col(Alert.id) < aid),
                )
            )
        q = q.order_by(col(Alert.created_at).desc(), col(Alert.id).desc()).limit(limit)
        return self.session.exec(q).all()

    def deliveries_of(self, alert_ids: Iterable[str]) -> dict[str, list[Delivery]]:
        ids = list(alert_ids)
        out: dict[str, list[Delivery]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            for d in self.session.exec(
                select(Delivery)
                .where(col(Delivery.alert_id).in_(ids[i : i + 500]))
                .order_by(col(Delivery.id))
            ).all():
                out[d.alert_id].append(d)
        return out

    def attempts_of(self, delivery_ids: Iterable[int]) -> dict[int, list[DeliveryAttempt]]:
        ids = list(delivery_ids)
        out: dict[int, list[DeliveryAttempt]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            for a in self.session.exec(
                select(DeliveryAttempt)
                .where(col(DeliveryAttempt.delivery_id).in_(ids[i : i + 500]))
                .order_by(col(DeliveryAttempt.id))
            ).all():
                out[a.delivery_id].append(a)
        return out

    # counts, for /metrics and /healthz

    def count_by(self, column: Any) -> dict[str, int]:
        rows = self.session.exec(select(column, func.count()).group_by(column)).all()
        return {str(k): int(n) for k, n in rows}

    def feed_states(self) -> dict[str, int]:
        """Feeds by status; feeds no longer in the config count as "removed"."""
        rows = self.session.exec(
            select(Feed.configured, Feed.status, func.count()).group_by(
                col(Feed.configured), col(Feed.status)
            )
        ).all()
        out: dict[str, int] = {}
        for configured, status, n in rows:
            key = status if configured else "removed"
            out[key] = out.get(key, 0) + int(n)
        return out

    def article_totals(self) -> tuple[int, int, int]:
        """(articles stored, of which relevant, of which copies of another)."""
        total, relevant = self.session.exec(
            select(func.count(), func.count().filter(col(Article.relevant))).select_from(Article)
        ).one()
        copies = self.session.exec(
            select(func.count()).select_from(Article).where(col(Article.duplicate_of).is_not(None))
        ).one()
        return int(total), int(relevant), int(copies)

    def story_total(self) -> int:
        return int(
            self.session.exec(
                select(func.count()).select_from(Story).where(col(Story.merged_into).is_(None))
            ).one()
        )

    def last_feed_success(self) -> datetime | None:
        """When any feed was last polled successfully, by any node."""
        return self.session.exec(select(func.max(Feed.last_success_at))).one()
