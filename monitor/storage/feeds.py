"""Queries about feeds: configured feeds, leases, known entries, sightings, health conditions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Text, cast, func, or_, update
from sqlmodel import col, select

from monitor.storage.base import Queries
from monitor.storage.models import (
    Article,
    Feed,
    HealthCondition,
    Sighting,
)


class FeedQueries(Queries):
    # feeds
    def feeds(self, *, configured_only: bool = False) -> Sequence[Feed]:
        q = select(Feed).order_by(col(Feed.id))
        if configured_only:
            q = q.where(col(Feed.configured))
        return self.session.exec(q).all()

    def feed_by_url(self, url: str) -> Feed | None:
        return self.session.exec(select(Feed).where(Feed.url == url)).first()

    def feed_by_fetch_url(self, url: str) -> Feed | None:
        return self.session.exec(select(Feed).where(Feed.fetch_url == url)).first()

    def claim_feeds(
        self,
        owner: str,
        now: datetime,
        until: datetime,
        *,
        due_by: datetime | None,
        limit: int | None = None,
    ) -> list[Feed]:
        """Lease feeds to `owner` until `until`: those due by `due_by`, or (None) all active.

        Rows another node is claiming at this moment are skipped, not waited for
        (FOR UPDATE SKIP LOCKED on PostgreSQL), and a lease that ran out, a dead
        node's, is free again.
        """
        q = (
            select(Feed)
            .where(col(Feed.configured), Feed.status != "disabled")
            .where(or_(col(Feed.lease_until).is_(None), col(Feed.lease_until) <= now))
            .order_by(col(Feed.next_check_at), col(Feed.id))
            .with_for_update(skip_locked=True)
        )
        if due_by is not None:
            q = q.where(Feed.next_check_at <= due_by)
        if limit:
            q = q.limit(limit)
        rows = list(self.session.exec(q).all())
        for row in rows:
            row.lease_owner, row.lease_until = owner, until
            self.session.add(row)
        self.session.flush()
        return rows

    def feeds_carrying(self, topic: str, since: datetime) -> set[int]:
        """Feeds that brought a relevant article about `topic` fetched since `since`."""
        # the stored JSON text holds the quoted name: one expression for both backends
        quoted = json.dumps(topic).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = (
            select(Article.feed_id)
            .where(col(Article.relevant), col(Article.fetched_at) >= since)
            .where(col(Article.feed_id).is_not(None))
            .where(cast(col(Article.topics), Text).like(f"%{quoted}%", escape="\\"))
            .distinct()
        )
        return {i for i in self.session.exec(q).all() if i is not None}

    def extend_leases(self, owner: str, ids: Sequence[int], until: datetime) -> None:
        """Push back the end of the leases `owner` still holds on these feeds."""
        for i in range(0, len(ids), 500):
            self.session.execute(
                update(Feed)
                .where(col(Feed.lease_owner) == owner, col(Feed.id).in_(ids[i : i + 500]))
                .values(lease_until=until)
            )

    def release_leases(self, owner: str | None) -> None:
        """Give back every lease `owner` holds (None: anyone's), so the feeds are due again."""
        q = update(Feed).where(col(Feed.lease_owner).is_not(None))
        if owner is not None:
            q = q.where(col(Feed.lease_owner) == owner)
        self.session.execute(q.values(lease_owner=None, lease_until=None))

    # sightings
    def known_entry_keys(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            found.update(
                self.session.exec(
                    select(Sighting.entry_key).where(
                        Sighting.feed_id == feed_id, col(Sighting.entry_key).in_(chunk)
                    )
                ).all()
            )
        return found

    def feeds_by_id(self, ids: Iterable[int]) -> dict[int, Feed]:
        """Many feeds in a few queries (a poll settles thousands at once)."""
        ids = list(ids)
        found: dict[int, Feed] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in self.session.exec(select(Feed).where(col(Feed.id).in_(chunk))).all():
                assert row.id is not None
                found[row.id] = row
        return found

    def add_sighting(
        self, feed_id: int, entry_key: str, url: str, article_id: int | None, at: datetime
    ) -> None:
        """Record that a feed showed an entry (a driver statement: no row object is
        needed, and ingest writes one for every entry)."""
        self.run_sql(
            "INSERT INTO sighting (feed_id, entry_key, url, article_id, seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (feed_id, entry_key, url, article_id, self.bind_time(at)),
        )

    def known_article_urls(self, urls: Iterable[str]) -> set[str]:
        urls = list(urls)
        found: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            found.update(
                self.session.exec(select(Article.url).where(col(Article.url).in_(chunk))).all()
            )
        return found

    def resolved_links(self, links: Iterable[str]) -> dict[str, str]:
        """Aggregator links some feed showed before, mapped to the publisher URL they led to."""
        links = list(links)
        found: dict[str, str] = {}
        for i in range(0, len(links), 500):
            chunk = links[i : i + 500]
            rows = self.session.exec(
                select(Sighting.url, Article.url)
                .join(Article, col(Article.id) == col(Sighting.article_id))
                .where(col(Sighting.url).in_(chunk), col(Article.aggregator_unresolved).is_(False))
                .where(col(Article.aggregator).is_not(None))
            ).all()
            found.update({link: url for link, url in rows})
        return found

    def aggregator_counts(self, feed_id: int) -> tuple[int, int]:
        """Of a feed's entries that linked through an aggregator: (resolved, unresolved)."""
        rows = self.session.exec(
            select(Article.aggregator_unresolved, func.count())
            .join(Sighting, col(Sighting.article_id) == col(Article.id))
            .where(Sighting.feed_id == feed_id, col(Article.aggregator).is_not(None))
            .group_by(col(Article.aggregator_unresolved))
        ).all()
        counts = {bool(unresolved): n for unresolved, n in rows}
        return counts.get(False, 0), counts.get(True, 0)

    def sightings(self, article_id: int) -> Sequence[Sighting]:
        return self.session.exec(
            select(Sighting).where(Sighting.article_id == article_id).order_by(col(Sighting.id))
        ).all()

    # health conditions
    def health_conditions(self) -> Sequence[HealthCondition]:
        return self.session.exec(select(HealthCondition).order_by(col(HealthCondition.key))).all()
