"""The one way into the database. Stages ask a `Tx` for what they need; no SQL elsewhere."""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from sqlalchemy import Engine, case, delete, event, func, insert, or_, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, col, create_engine, select

from monitor.storage.models import (
    DOCS,
    Alert,
    Article,
    ArticleBand,
    Delivery,
    DeliveryAttempt,
    DigestState,
    Feed,
    HealthCondition,
    Sighting,
    Silence,
    Story,
    StoryEvent,
    StoryTerm,
    TermCount,
)

T = TypeVar("T", bound=SQLModel)


class StorageError(Exception):
    """The database cannot be used (unreachable, unwritable, wrong URL)."""


class InstanceLocked(StorageError):
    """Another `monitor run` already uses this SQLite database."""


# Singleton locks of SQLite stores, which serve one process: (database URL, name) -> lock.
_LOCAL_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOCAL_LOCKS_GUARD = threading.Lock()


def lock_key(name: str) -> int:
    """A stable signed 64-bit PostgreSQL advisory-lock key for a job name."""
    digest = hashlib.blake2b(f"monitor:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def node_id() -> str:
    """Who holds a lease: host, process and a random part, unique per running pipeline."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self._instance_lock: IO[str] | None = None
        try:
            self.engine = make_engine(url)
        except Exception as exc:  # bad URL or missing driver
            raise StorageError(f"cannot open database {redact(url)}: {exc}") from exc

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def create_schema(self) -> None:
        try:
            SQLModel.metadata.create_all(self.engine)
        except OperationalError as exc:
            raise StorageError(f"cannot use database {redact(self.url)}: {exc.orig}") from exc

    def drop_schema(self) -> None:
        SQLModel.metadata.drop_all(self.engine)

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield Tx(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()
        if self._instance_lock is not None:
            self._instance_lock.close()  # closing the file releases the lock
            self._instance_lock = None

    @property
    def sole_node(self) -> bool:
        """This process holds the SQLite instance lock: any lease left is a dead process's."""
        return self._instance_lock is not None

    def lock_instance(self) -> None:
        """Claim a SQLite database for this process, or raise InstanceLocked.

        SQLite serves one node: a second `monitor run` on the same file would poll and
        deliver everything twice. An exclusive lock on a file beside the database,
        held until `close()` or process exit, refuses it. PostgreSQL needs none: nodes
        share feeds by lease.
        """
        if self.backend != "sqlite" or self._instance_lock is not None:
            return
        db = make_url(self.url).database
        if not db or db == ":memory:":
            return
        path = Path(f"{db}.lock")
        handle = path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            handle.close()
            raise InstanceLocked(
                f"{db} is already used by another `monitor run` ({holder}); SQLite serves "
                "one monitor at a time: stop the other one, or use PostgreSQL to run several"
            ) from None
        handle.truncate(0)
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        handle.flush()
        self._instance_lock = handle

    @contextmanager
    def singleton(self, name: str, *, wait: bool = False) -> Iterator[bool]:
        """Run a periodic job on one node at a time; yields whether this node got it.

        With `wait=True` the block waits its turn instead (and always yields True).

        On PostgreSQL a session advisory lock, held on a connection of its own for the
        block: if the node dies, the server drops it. Elsewhere a process-local lock.
        The lock only stops two nodes running the job together; a job that must run
        once per period records in the database that it ran.

            with store.singleton("retention") as mine:
                if mine:
                    ...
        """
        if self.backend != "postgresql":
            with _LOCAL_LOCKS_GUARD:
                lock = _LOCAL_LOCKS.setdefault((self.url, name), threading.Lock())
            got = lock.acquire(blocking=wait)
            try:
                yield got
            finally:
                if got:
                    lock.release()
            return
        key = lock_key(name)
        with self.engine.connect() as conn:
            if wait:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
                got = True
            else:
                try_lock = text("SELECT pg_try_advisory_lock(:k)")
                got = bool(conn.execute(try_lock, {"k": key}).scalar())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()

    def ping(self) -> None:
        """Raise unless the database answers and holds the migrated schema."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()


def redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable database URL>"


class Tx:
    def __init__(self, session: Session) -> None:
        self.session = session

    # generic
    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def insert_rows(self, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
        """Many rows in one statement, for loading a log in bulk (ids may be given)."""
        if rows:
            table = model.__table__  # type: ignore[attr-defined]
            self.session.connection().execute(insert(table), rows)

    def get(self, model: type[T], key: Any) -> T | None:
        return self.session.get(model, key)

    def exclusive(self, name: str) -> None:
        """Until this transaction ends, no other node's transaction that asks for `name`
        runs (a PostgreSQL transaction advisory lock; SQLite has one writer anyway)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(name)})

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

    def due_feeds(self, now: datetime, limit: int | None = None) -> Sequence[Feed]:
        q = (
            select(Feed)
            .where(col(Feed.configured), Feed.status != "disabled", Feed.next_check_at <= now)
            .where(or_(col(Feed.lease_until).is_(None), col(Feed.lease_until) <= now))
            .order_by(col(Feed.next_check_at), col(Feed.id))
        )
        if limit:
            q = q.limit(limit)
        return self.session.exec(q).all()

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

    def known_article_urls(self, urls: Iterable[str]) -> set[str]:
        urls = list(urls)
        found: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            found.update(
                self.session.exec(select(Article.url).where(col(Article.url).in_(chunk))).all()
            )
        return found

    def sightings(self, article_id: int) -> Sequence[Sighting]:
        return self.session.exec(
            select(Sighting).where(Sighting.article_id == article_id).order_by(col(Sighting.id))
        ).all()

    # articles
    def article_by_url(self, url: str) -> Article | None:
        return self.session.exec(select(Article).where(Article.url == url)).first()

    def article_by_text_hash(self, digest: str) -> Article | None:
        """The first relevant article with this text hash.

        `relevant` is checked here, not in SQL: with it in the WHERE clause SQLite picks
        the index on `relevant` and reads every relevant article (0.36 s at 100,000).
        """
        rows = self.session.exec(
            select(Article).where(Article.text_hash == digest).order_by(col(Article.id))
        )
        return next((a for a in rows if a.relevant), None)

    def band_matches(
        self, bands: list[int], since: datetime, limit: int = 200
    ) -> list[tuple[int, int]]:
        """(article id, shared keys) of relevant articles indexed since `since`, best first."""
        if not bands:
            return []
        n = func.count().label("n")
        rows = self.session.exec(
            select(ArticleBand.article_id, n)
            .where(col(ArticleBand.band).in_(bands), ArticleBand.created_at >= since)
            .group_by(col(ArticleBand.article_id))
            .order_by(n.desc(), col(ArticleBand.article_id))
            .limit(limit)
        ).all()
        return [(int(a), int(c)) for a, c in rows]

    def signatures(self, ids: Iterable[int]) -> dict[int, bytes]:
        """Stored MinHash signatures of relevant articles, by id."""
        ids = list(ids)
        if not ids:
            return {}
        rows = self.session.exec(
            select(Article.id, Article.minhash).where(
                col(Article.id).in_(ids), col(Article.relevant), col(Article.minhash).is_not(None)
            )
        ).all()
        return {int(i): m for i, m in rows if i is not None and m is not None}

    def articles_by_ids(self, ids: Iterable[int]) -> list[Article]:
        ids = list(ids)
        if not ids:
            return []
        return list(
            self.session.exec(
                select(Article).where(col(Article.id).in_(ids)).order_by(col(Article.id))
            ).all()
        )

    def add_bands(self, article_id: int, bands: Iterable[int], at: datetime) -> None:
        self.session.add_all(
            [ArticleBand(article_id=article_id, band=b, created_at=at) for b in set(bands)]
        )

    def prune_bands(self, before: datetime) -> int:
        """Drop index keys older than `before`; articles and their URLs stay."""
        result = self.session.execute(
            delete(ArticleBand).where(col(ArticleBand.created_at) < before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def articles(
        self,
        *,
        relevant: bool | None = True,
        story_id: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Sequence[Article]:
        q = select(Article)
        if relevant is not None:
            q = q.where(Article.relevant == relevant)
        if story_id is not None:
            q = q.where(Article.story_id == story_id)
        q = q.order_by(col(Article.id).desc() if newest_first else col(Article.id))
        if limit:
            q = q.limit(limit)
        return self.session.exec(q).all()

    # terms and stories
    def term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(terms)
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            rows = self.session.exec(
                select(TermCount).where(col(TermCount.term).in_(terms[i : i + 500]))
            ).all()
            out.update({r.term: r.df for r in rows})
        return out

    def count_terms(self, terms: Iterable[str]) -> None:
        """Count one more article having each of `terms` (and one more article)."""
        terms = sorted({*terms, DOCS})
        existing = {
            r.term: r
            for i in range(0, len(terms), 500)
            for r in self.session.exec(
                select(TermCount).where(col(TermCount.term).in_(terms[i : i + 500]))
            ).all()
        }
        for t in terms:
            if t in existing:
                existing[t].df += 1
            else:
                self.session.add(TermCount(term=t, df=1))

    def counted_articles(self) -> int:
        """Articles whose terms were counted: the N of the document frequencies. One row,
        kept by count_terms, where a count(*) would read every relevant article."""
        row = self.session.get(TermCount, DOCS)
        return row.df if row is not None else 0

    def story_candidates(self, terms: list[str], since: datetime, limit: int = 50) -> list[Story]:
        """Stories active since `since` sharing the most of `terms`, best first.

        Reads only postings inside the window (index on term, last_seen) and returns at
        most `limit` stories, so the cost does not grow with the number of old stories.
        """
        if not terms:
            return []
        hits = (
            select(StoryTerm.story_id, func.count().label("n"))
            .where(col(StoryTerm.term).in_(terms), StoryTerm.last_seen >= since)
            .group_by(col(StoryTerm.story_id))
            .order_by(func.count().desc(), col(StoryTerm.story_id).desc())
            .limit(limit)
            .subquery()
        )
        rows = self.session.exec(
            select(Story)
            .join(hits, hits.c.story_id == Story.id)
            .where(col(Story.merged_into).is_(None))
            .order_by(hits.c.n.desc(), col(Story.id).desc())
        ).all()
        return list(rows)

    def set_story_terms(self, story_id: int, terms: Iterable[str], last_seen: datetime) -> None:
        wanted = set(terms)
        current = self.session.exec(select(StoryTerm).where(StoryTerm.story_id == story_id)).all()
        have = {r.term for r in current}
        for row in current:
            if row.term not in wanted:
                self.session.delete(row)
            elif row.last_seen != last_seen:
                row.last_seen = last_seen
                self.session.add(row)
        self.session.add_all(
            [StoryTerm(term=t, story_id=story_id, last_seen=last_seen) for t in wanted - have]
        )

    def merge_story(self, absorbed_id: int, survivor_id: int) -> None:
        """Move a story's articles and timeline to the survivor and point it there.

        Its alerts stay on it (their ids and history do not change); stories it had
        absorbed before now point at the survivor too, so one hop always resolves.
        """
        self.session.flush()
        self.session.execute(
            update(Article).where(col(Article.story_id) == absorbed_id).values(story_id=survivor_id)
        )
        self.session.execute(
            update(StoryEvent)
            .where(col(StoryEvent.story_id) == absorbed_id)
            .values(story_id=survivor_id)
        )
        self.session.execute(
            update(Story)
            .where(col(Story.merged_into) == absorbed_id)
            .values(merged_into=survivor_id)
        )
        for row in self.session.exec(select(StoryTerm).where(StoryTerm.story_id == absorbed_id)):
            self.session.delete(row)
        absorbed = self.session.get(Story, absorbed_id)
        assert absorbed is not None
        absorbed.merged_into = survivor_id
        self.session.add(absorbed)
        self.session.flush()

    def resolve_story(self, story_id: int) -> Story | None:
        """The story as it stands: the survivor if this one was merged into another."""
        story = self.session.get(Story, story_id)
        if story is not None and story.merged_into is not None:
            return self.session.get(Story, story.merged_into)
        return story

    def story_family(self, story_id: int) -> list[int]:
        """The story and every story merged into it."""
        absorbed = self.session.exec(
            select(Story.id).where(Story.merged_into == story_id).order_by(col(Story.id))
        ).all()
        return [story_id, *(i for i in absorbed if i is not None)]

    def stories(self, limit: int | None = None, *, merged: bool = False) -> Sequence[Story]:
        q = select(Story).order_by(col(Story.last_seen).desc())
        if not merged:
            q = q.where(col(Story.merged_into).is_(None))
        if limit:
            q = q.limit(limit)
        return self.session.exec(q).all()

    def story_articles(self, story_id: int) -> Sequence[Article]:
        return self.articles(story_id=story_id)

    def story_outlets(self, story_id: int) -> list[str]:
        return sorted(
            self.session.exec(
                select(Article.source).where(Article.story_id == story_id).distinct()
            ).all()
        )

    def story_outlet_arrivals(self, story_id: int) -> dict[str, datetime]:
        """Each outlet of a story (copies included) with when its first article about it
        appeared: published, else first seen (never later than first seen)."""
        rows = self.session.exec(
            select(Article.source, Article.published_at, Article.fetched_at).where(
                Article.story_id == story_id
            )
        ).all()
        out: dict[str, datetime] = {}
        for source, published, fetched in rows:
            at = min(published, fetched) if published is not None else fetched
            if source not in out or at < out[source]:
                out[source] = at
        return out

    def articles_fetched_between(self, since: datetime, until: datetime) -> Sequence[Article]:
        """Relevant articles placed in a story and first seen in (since, until]."""
        return self.session.exec(
            select(Article)
            .where(
                col(Article.relevant),
                col(Article.story_id).is_not(None),
                Article.fetched_at > since,
                Article.fetched_at <= until,
            )
            .order_by(col(Article.fetched_at), col(Article.id))
        ).all()

    def feed_names(self) -> dict[int, str]:
        # Two columns, not whole rows: a feed row carries its arrival history.
        rows = self.session.exec(select(Feed.id, Feed.name)).all()
        return {i: name for i, name in rows if i is not None and name}

    def feed_name(self, feed_id: int) -> str | None:
        """One feed's name; rules ask for it once per relevant article."""
        name = self.session.exec(select(Feed.name).where(Feed.id == feed_id)).first()
        return name or None

    # digests and silences
    def digest_state(self, rule: str) -> DigestState | None:
        return self.session.get(DigestState, rule)

    def silences(self, *, active_at: datetime | None = None) -> Sequence[Silence]:
        q = select(Silence).order_by(col(Silence.id))
        if active_at is not None:
            q = q.where(Silence.expires_at > active_at, Silence.created_at <= active_at)
        return self.session.exec(q).all()

    def add_story_event(self, event: StoryEvent) -> StoryEvent:
        return self.add(event)

    def story_events(self, story_id: int) -> Sequence[StoryEvent]:
        """The story's timeline, oldest first."""
        return self.session.exec(
            select(StoryEvent)
            .where(StoryEvent.story_id == story_id)
            .order_by(col(StoryEvent.at), col(StoryEvent.id))
        ).all()

    # alerts and the outbox
    def alerts_for(self, story_id: int, rule: str) -> Sequence[Alert]:
        """Alerts of the story under `rule`, including those of stories merged into it."""
        return self.session.exec(
            select(Alert)
            .where(col(Alert.story_id).in_(self.story_family(story_id)), Alert.rule == rule)
            .order_by(col(Alert.created_at))
        ).all()

    def alerts_for_story(self, story_id: int) -> Sequence[Alert]:
        return self.session.exec(
            select(Alert)
            .where(col(Alert.story_id).in_(self.story_family(story_id)))
            .order_by(col(Alert.created_at))
        ).all()

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

    # health conditions
    def health_conditions(self) -> Sequence[HealthCondition]:
        return self.session.exec(select(HealthCondition).order_by(col(HealthCondition.key))).all()
