"""Backups: SQLite through its online backup API; PostgreSQL is pg_dump's job."""

from __future__ import annotations

import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from monitor.storage import StorageError, Store
from monitor.storage.store import create_private


def backup_sqlite(store: Store, target: Path) -> int:
    """Copy the live database to `target` page by page; safe while the daemon writes.

    Returns the number of pages copied; raises StorageError when SQLite cannot.
    """
    db = make_url(store.url).database
    if not db or db == ":memory:":
        raise ValueError("an in-memory database has nothing to back up")
    target.parent.mkdir(parents=True, exist_ok=True)
    if not create_private(target):
        raise FileExistsError(f"{target} exists; choose a new file")
    try:
        with (
            closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            with dst:
                src.backup(dst, pages=1024)
            return int(dst.execute("PRAGMA page_count").fetchone()[0])
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"cannot back up {db}: {exc}") from exc


def pg_dump_command(store: Store, target: Path) -> str:
    """The pg_dump call for this database, password left to PGPASSWORD or ~/.pgpass."""
    parsed = make_url(store.url)
    url = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return shlex.join(
        ["pg_dump", "--format=custom", f"--file={target}", url.render_as_string(False)]
    )
