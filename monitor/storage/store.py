"""The one way into the database. Stages ask a `Tx` for what they need; no SQL elsewhere.

Database and driver errors do not leave the store as SQLAlchemy's or the driver's types:
they become `StorageError` (`Conflict` for a row whose key is already stored), so no
caller imports SQLAlchemy to handle them.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any, TypeVar

from sqlalchemy import Engine, event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, SQLModel, create_engine

from monitor.redact import redact as redact_text
from monitor.storage import searchindex as search
from monitor.storage.alerts import AlertQueries
from monitor.storage.browse import BrowseQueries
from monitor.storage.feeds import FeedQueries
from monitor.storage.models import Article

T = TypeVar("T", bound=SQLModel)


class StorageError(Exception):
    """The database cannot be used (unreachable, unwritable, wrong URL) or refused a write."""


class Conflict(StorageError):
    """A row with this key is already stored: another run or node wrote it first."""


class InstanceLocked(StorageError):
    """Another `monitor run` already uses this SQLite database."""


# What the database or its driver raise (SQLAlchemy wraps the driver's own exceptions),
# and a connection pool that stays exhausted.
DRIVER_ERRORS = (DBAPIError, PoolTimeout)


def storage_error(exc: Exception, url: str, doing: str = "use") -> StorageError:
    """Our error for a database or driver error, saying what failed and where."""
    reason = getattr(exc, "orig", None) or exc
    if isinstance(exc, IntegrityError):
        return Conflict(f"already stored in {redact(url)}: {reason}")
    return StorageError(f"cannot {doing} database {redact(url)}: {reason}")


@contextmanager
def translated(url: str, doing: str = "use") -> Iterator[None]:
    """Raise database and driver errors from the block as StorageError."""
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise storage_error(exc, url, doing) from exc


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


def create_private(path: Path) -> bool:
    """Create `path` empty and readable by its owner only, unless it exists; True if made.

    The database, its lock and its backups hold feed credentials: they must not take a
    umask such as Docker's 022. SQLite gives its -wal and -shm files the database's mode.
    """
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return False
    return True


def compact_json(value: Any) -> str:
    """JSON columns without the spaces after separators: a story's members and facts are
    rewritten on every article that joins it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


SQLITE_PAGE_SIZE = 8192
# The database file is read through a memory map up to this size (SQLite caps it at its
# build's SQLITE_MAX_MMAP_SIZE, 2 GB here; past it, reads as before). See `make_engine`.
SQLITE_MMAP_BYTES = 1 << 30


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).parent.mkdir(parents=True, exist_ok=True)
            create_private(Path(db))  # an empty file is an empty SQLite database
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            json_serializer=compact_json,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            # Asked only of a new (empty) database: on an existing one, setting auto_vacuum
            # takes the write lock, so a connection opened while another writes would wait.
            if cur.execute("PRAGMA page_count").fetchone()[0] == 0:
                # Compressed article rows are 1-3 KB: on 4 KB pages one or two fit and a
                # third of the page stays empty.
                cur.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
                # Pages freed (the search index's merges free a copy of what they rewrite)
                # can be handed back, see `Store.compact_search`.
                cur.execute("PRAGMA auto_vacuum=INCREMENTAL")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            # A page not in the connection's own cache (2 MB) is read from the map, not
            # copied by a read() call: with 100,000 stored articles most index pages an
            # ingest touches are not in that cache (bench/README.md, "Scale"). Writes and
            # their durability do not change: the WAL is written and synced as before,
            # and pages go to the file only by checkpoints, through write().
            cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            cur.close()
            search.register_functions(dbapi_conn)

        return engine
    return _postgres_engine(url)


# A PostgreSQL server that drops packets must not hold a connection attempt, a query or a
# lock wait forever: each blocks a worker thread, and a stop waits for none of them.
PG_CONNECT_TIMEOUT = 10  # seconds to establish a connection, handshake included
PG_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10}
PG_KEEPALIVE_COUNT = 3  # unanswered probes before the kernel drops the connection
PG_TCP_USER_TIMEOUT_MS = 60_000  # sent data unacknowledged this long: the peer is gone
PG_SESSION_LIMITS = {
    "statement_timeout": "10min",  # far above any query here, migrations included
    "lock_timeout": "1min",  # a lock held longer is another node stuck: retry next tick
    "idle_in_transaction_session_timeout": "10min",  # a vanished client's transaction
}


def _postgres_engine(url: str) -> Engine:
    """`pool_pre_ping` replaces connections a restart or a cut broke; the timeouts bound
    how long a dead or silent server can hold a thread. The URL's own values win."""
    parsed = make_url(url)
    given = dict(parsed.query)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        for key, value in {
            "connect_timeout": PG_CONNECT_TIMEOUT,
            **PG_KEEPALIVE,
            "keepalives_count": PG_KEEPALIVE_COUNT,
            "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
        }.items():
            if key not in given:
                connect_args[key] = value
    engine = create_engine(
        url, pool_pre_ping=True, connect_args=connect_args, json_serializer=compact_json
    )
    if parsed.get_backend_name() != "postgresql":
        return engine
    options = str(given.get("options", ""))
    limits = {k: v for k, v in PG_SESSION_LIMITS.items() if k not in options}

    @event.listens_for(engine, "connect")
    def _session_limits(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        for name, value in limits.items():
            cur.execute(f"SET {name} = '{value}'")
        cur.close()
        dbapi_conn.commit()

    return engine


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self._instance_lock: IO[str] | None = None
        self._auto_vacuum: bool | None = None  # SQLite: incremental auto-vacuum, once read
        try:
            self.engine = make_engine(url)
        except Exception as exc:  # bad URL or missing driver
            raise StorageError(f"cannot open database {redact(url)}: {exc}") from exc

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A database error inside the block or at commit comes out as StorageError.
        """
        with translated(self.url), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield Tx(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def compact_search(self, written: int) -> None:
        """After a poll that indexed `written` articles: merge the search index's segments
        (SQLite; work bounded by what was written, `searchindex.compact`) and hand the
        pages this freed back to the file system.

        Only on a database made with incremental auto-vacuum (new ones since 0017, or
        after `PRAGMA auto_vacuum=INCREMENTAL; VACUUM;`): elsewhere the merged segment
        is written before the old ones are freed, and the file would keep both (at the
        first merge of 600 articles, 4.0 MB instead of 3.3)."""
        if self.backend != "sqlite" or written <= 0:
            return
        with translated(self.url):
            if self._auto_vacuum is None:
                with self.engine.connect() as conn:
                    self._auto_vacuum = conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 2
            if not self._auto_vacuum:
                return
            with self.engine.begin() as conn:
                search.compact(conn, written)
            raw = self.engine.raw_connection()
            try:
                # each step of the pragma frees one page: executescript runs it to the end
                raw.driver_connection.executescript("PRAGMA incremental_vacuum")  # type: ignore[union-attr]
            finally:
                raw.close()

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
        handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600), "a+")
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
        with translated(self.url), self.engine.connect() as conn:
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
        """Raise StorageError unless the database answers and holds the migrated schema."""
        with translated(self.url), self.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite database URL names; None for other databases, memory or a bad URL."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else Path(parsed.database)


def redact(url: str) -> str:
    """A database URL as shown: no password, nor any other secret `monitor.redact` knows."""
    try:
        return redact_text(make_url(url).render_as_string(hide_password=True))
    except Exception:
        return "<unparsable database URL>"


class Tx(FeedQueries, AlertQueries, BrowseQueries):
    """One transaction's view of the database; each domain's queries live in their own module."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # generic
    def insert_rows(self, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
        """Many rows in one statement, for loading a log in bulk (ids may be given).

        Relevant articles get their search entries in the same transaction."""
        if not rows:
            return
        table = model.__table__  # type: ignore[attr-defined]
        conn = self.session.connection()
        if model is not Article:
            conn.execute(insert(table), rows)
        elif all("id" in r for r in rows):
            conn.execute(insert(table), rows)
            search.index_rows(conn, rows)
        else:
            ids = conn.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            ).scalars()
            search.index_rows(conn, ({**r, "id": i} for r, i in zip(rows, ids, strict=True)))

    def clock_stepped_back(self, now: datetime, by: timedelta) -> int:
        """The wall clock went back `by`: bring forward what was scheduled after `now` by as
        much (feed checks, leases, delivery retries), so nothing waits the jump out.
        Returns how many feeds moved."""
        # Row by row: date arithmetic in SQL differs per database, and these are few rows.
        from sqlmodel import col, or_, select

        from monitor.storage.models import Delivery, Feed

        feeds = self.session.exec(
            select(Feed).where(or_(col(Feed.next_check_at) > now, col(Feed.lease_until) > now))
        ).all()
        moved = 0
        for feed in feeds:
            if feed.next_check_at > now:
                feed.next_check_at -= by
                moved += 1
            if feed.lease_until is not None and feed.lease_until > now:
                feed.lease_until -= by
            self.session.add(feed)
        retries = self.session.exec(
            select(Delivery).where(
                col(Delivery.status) == "pending", col(Delivery.next_attempt_at) > now
            )
        ).all()
        for delivery in retries:
            delivery.next_attempt_at -= by
            self.session.add(delivery)
        self.session.flush()
        return moved

    def exclusive(self, name: str) -> None:
        """Until this transaction ends, no other node's transaction that asks for `name`
        runs (a PostgreSQL transaction advisory lock; SQLite has one writer anyway)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(name)})
