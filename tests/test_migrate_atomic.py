"""A migration killed at any moment leaves the database at the old revision or the new one.

The child process migrates a database and SIGKILLs itself right after its k-th SQL
statement, for k spread over every statement a whole migration runs: a crash at a
chosen point, the same on every run. The next start must then succeed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from monitor.storage import Store, migrate
from tests.conftest import PG_URL, _pg_schema_url

# Imports once, then per line "URL K" on stdin forks a process that migrates the
# database at URL and, when K > 0, dies by SIGKILL right after its K-th SQL statement.
# The forked process prints "count N" (the statements it ran) when it finishes; the
# parent then prints "status S", S being the exit code or minus the signal number.
ZYGOTE = """
import os, signal, sys
from sqlalchemy import event
from monitor.storage import Store, migrate
import alembic.command, alembic.runtime.migration, alembic.script

for line in sys.stdin:
    url, kill_after = line.split()
    pid = os.fork()
    if pid == 0:
        store = Store(url)
        count = 0

        @event.listens_for(store.engine, "after_cursor_execute")
        def _count(*_args):
            global count
            count += 1
            if count == int(kill_after):
                os.kill(os.getpid(), signal.SIGKILL)

        migrate.ensure_schema(store)
        print("count", count, flush=True)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    print("status", code, flush=True)
"""

FRESH_TRIALS = 12
UPGRADE_TRIALS = 6


class Migrator:
    """The zygote above: one import, then one forked migration per call."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, url: str, kill_after: int = 0) -> tuple[int, int | None]:
        """(exit status, statements run when it finished) of one migration of `url`."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{url} {kill_after}\n")
        self.proc.stdin.flush()
        count = None
        while True:
            line = self.proc.stdout.readline()
            assert line, "the migrating process went away"
            word, value = line.split()
            if word == "count":
                count = int(value)
            else:
                return int(value), count

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def migrator() -> Iterator[Migrator]:
    m = Migrator()
    yield m
    m.close()


def _kill_points(migrator: Migrator, url: str, trials: int) -> list[int]:
    """`trials` statement numbers spread from the first to the last of a whole migration."""
    status, total = migrator.run(url)
    assert status == 0 and total is not None
    assert total > trials
    return sorted({1 + round(i * (total - 1) / (trials - 1)) for i in range(trials)})


def _tables(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _revision(store: Store) -> str | None:
    return migrate.current(store) if "alembic_version" in _tables(store) else None


@contextmanager
def _database(kind: str, tmp_path: Path, name: str) -> Iterator[str]:
    """An empty database of one kind: a new SQLite file, or a new PostgreSQL schema."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    schema = _pg_schema_url()
    try:
        yield next(schema)
    finally:
        schema.close()  # drops the schema


def _check_restart(store: Store) -> None:
    migrate.ensure_schema(store)
    assert migrate.current(store) == migrate.head()
    assert migrate.diffs(store) == []


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL not configured: set MONITOR_TEST_POSTGRES_URL")
    return str(request.param)


def test_first_start_killed_anywhere_in_the_migration_starts_again(
    kind: str, tmp_path: Path, migrator: Migrator
) -> None:
    with _database(kind, tmp_path, "probe") as url:
        points = _kill_points(migrator, url, FRESH_TRIALS)
    outcomes = []
    for point in points:
        with _database(kind, tmp_path, f"k{point}") as url:
            assert migrator.run(url, point) == (-9, None), point
            store = Store(url)
            try:
                # all or nothing: no tables at all, or the whole schema at head
                revision, tables = _revision(store), _tables(store)
                assert (revision, tables) == (None, set()) or revision == migrate.head(), (
                    point,
                    revision,
                    sorted(tables),
                )
                outcomes.append(revision)
                _check_restart(store)
            finally:
                store.close()
    # the kills landed inside the migration, not all after it
    assert outcomes.count(None) >= len(points) - 2, outcomes


def _baseline_with_rows(url: str) -> None:
    """A database at the baseline revision holding a feed, a story and an article."""
    store = Store(url)
    try:
        migrate.upgrade(store, migrate.BASELINE)
        naive = datetime(2026, 2, 3, 12, tzinfo=UTC).replace(tzinfo=None)
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO feed (id, url, configured, status, consecutive_failures, "
                    "next_check_at, entries_seen, created_at) "
                    "VALUES (1, 'https://example.com/feed', true, 'new', 0, :t, 0, :t)"
                ),
                {"t": naive},
            )
            conn.execute(
                text(
                    "INSERT INTO article (id, url, title, source, feed_id, relevant, topics, "
                    "fetched_at, text_origin) VALUES (1, 'https://example.com/a', "
                    "'Petro meets Trump', 'example.com', 1, true, '[\"us-colombia\"]', :t, "
                    "'page')"
                ),
                {"t": naive},
            )
    finally:
        store.close()


def test_upgrade_killed_anywhere_keeps_the_old_revision_and_its_rows(
    kind: str, tmp_path: Path, migrator: Migrator
) -> None:
    with _database(kind, tmp_path, "probe") as url:
        _baseline_with_rows(url)
        points = _kill_points(migrator, url, UPGRADE_TRIALS)
    outcomes = []
    for point in points:
        with _database(kind, tmp_path, f"k{point}") as url:
            _baseline_with_rows(url)
            assert migrator.run(url, point) == (-9, None), point
            store = Store(url)
            try:
                revision = _revision(store)
                assert revision in (migrate.BASELINE, migrate.head()), (point, revision)
                outcomes.append(revision)
                _check_restart(store)
                with store.tx() as tx:
                    (article,) = tx.articles(relevant=True)
                    assert article.title == "Petro meets Trump"
                    assert article.topics == ["us-colombia"]
            finally:
                store.close()
    assert outcomes.count(migrate.BASELINE) >= len(points) - 2, outcomes
