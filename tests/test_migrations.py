"""Alembic migrations on SQLite and PostgreSQL: fresh, from the pre-migration schema, drift."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, inspect, text
from typer.testing import CliRunner

from monitor.review.cli import app as cli
from monitor.storage import StorageError, Store, migrate
from tests.conftest import _pg_schema_url


def test_upgrade_from_nothing_matches_the_models(db_url: str) -> None:
    store = Store(db_url)
    try:
        assert migrate.current(store) is None
        before, after = migrate.upgrade(store)
        assert (before, after) == (None, migrate.head())
        assert migrate.current(store) == migrate.head()
        assert migrate.diffs(store) == []
        assert migrate.upgrade(store) == (after, after)  # idempotent
    finally:
        store.close()


def test_downgrade_to_base_and_back(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store)
        with store.engine.begin() as conn:
            cfg = migrate.alembic_config(store)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        with store.engine.connect() as conn:
            assert not inspect(conn).has_table("article")
        migrate.upgrade(store)
        assert migrate.diffs(store) == []
    finally:
        store.close()


def test_upgrade_keeps_rows_of_a_database_made_before_migrations(db_url: str) -> None:
    """The first released schema came from create_all, with no version table.

    It is rebuilt from the baseline revision, not from today's models, so later revisions
    have something to migrate.
    """
    store = Store(db_url)
    try:
        migrate.upgrade(store, migrate.BASELINE)
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
        assert migrate.current(store) is None
        now = datetime(2026, 2, 3, 12, tzinfo=UTC)
        naive = now.replace(tzinfo=None)
        # rows written as the baseline code wrote them: only the columns it had
        old = MetaData()
        old.reflect(store.engine, only=["feed", "story", "article"])
        with store.engine.begin() as conn:
            feed_id = conn.execute(
                old.tables["feed"]
                .insert()
                .values(
                    url="https://example.com/feed",
                    configured=True,
                    status="new",
                    consecutive_failures=0,
                    next_check_at=naive,
                    entries_seen=0,
                    created_at=naive,
                )
            ).inserted_primary_key[0]
            story_id = conn.execute(
                old.tables["story"]
                .insert()
                .values(
                    title="Summit",
                    first_seen=naive,
                    last_seen=naive,
                    profile={},
                    facts=[],
                    article_count=1,
                    topics=["us-colombia"],
                )
            ).inserted_primary_key[0]
            conn.execute(
                old.tables["article"]
                .insert()
                .values(
                    url="https://example.com/a",
                    title="Petro meets Trump",
                    source="example.com",
                    feed_id=feed_id,
                    story_id=story_id,
                    relevant=True,
                    topics=["us-colombia"],
                    fetched_at=naive,
                    text_origin="page",
                )
            )
        migrate.ensure_schema(store)
        assert migrate.current(store) == migrate.head()
        assert migrate.diffs(store) == []
        with store.tx() as tx:
            (article,) = tx.articles(relevant=True)
            assert article.title == "Petro meets Trump"
            assert article.topics == ["us-colombia"]
            assert article.fetched_at == now
    finally:
        store.close()


def test_auto_migrate_off_refuses_an_old_schema(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    try:
        with pytest.raises(StorageError, match="monitor db upgrade"):
            migrate.ensure_schema(store, auto_migrate=False)
        migrate.upgrade(store)
        migrate.ensure_schema(store, auto_migrate=False)
    finally:
        store.close()


def test_head_read_from_the_revision_files_is_alembics(sqlite_url: str) -> None:
    """Starts compare the stored revision with this, without importing Alembic."""
    assert migrate.declared_head() == migrate.head()
    store = Store(sqlite_url)
    try:
        migrate.upgrade(store, "0007")
        migrate.ensure_schema(store)  # one revision behind: the shortcut must not skip it
        assert migrate.current(store) == migrate.head()
        assert migrate.diffs(store) == []
    finally:
        store.close()


def _schema(url: str) -> list[tuple[str, str, str, list[str], list[str]]]:
    """sqlite_master with each statement's lines sorted: Alembic's batch mode writes a
    rebuilt table's foreign keys in no fixed order."""
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master").all()
            return sorted(
                (
                    kind,
                    name,
                    table,
                    sorted(line.rstrip(", ") for line in (sql or "").split("\n")),
                    # and the rows the revisions write into an empty database
                    sorted(map(repr, conn.exec_driver_sql(f'SELECT * FROM "{name}"').all()))
                    if kind == "table"
                    else [],
                )
                for kind, name, table, sql in rows
            )
    finally:
        store.close()


def test_a_new_sqlite_database_is_made_as_the_migrations_make_it(tmp_path: Path) -> None:
    migrated, made = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    store = Store(migrated)
    try:
        migrate.upgrade(store)
    finally:
        store.close()
    snapshot = migrate._snapshot()
    assert snapshot is not None and snapshot[0] == migrate.head(), (
        f"{migrate.SQLITE_HEAD.name} is not at the head revision: write it again with "
        "`python -c 'from monitor.storage import migrate; migrate.write_sqlite_head()'`"
    )
    # in a process of its own, to see that the start made it without Alembic
    code = (
        "import sys; from monitor.storage import Store, migrate; "
        f"s = Store({made!r}); migrate.ensure_schema(s); s.close(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert _schema(made) == _schema(migrated)
    store = Store(made)
    try:
        assert migrate.current(store) == migrate.head()
        assert migrate.diffs(store) == []
        migrate.ensure_schema(store)  # the usual start on it: nothing to do
        assert migrate.upgrade(store) == (migrate.head(), migrate.head())
    finally:
        store.close()


def test_a_snapshot_of_another_revision_is_not_used(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    try:
        assert not migrate._create_new(store, "0016")
        with store.engine.connect() as conn:
            assert not inspect(conn).get_table_names()
        migrate.ensure_schema(store)
        assert migrate.current(store) == migrate.head()
        assert not migrate._create_new(store, migrate.head())  # it has tables now
    finally:
        store.close()


def test_db_commands(tmp_path: Path) -> None:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n'
        '[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["-c", str(cfg), "db", "current"])
    assert result.exit_code == 0, result.output
    assert "none" in result.output and "upgrade needed" in result.output
    result = runner.invoke(cli, ["-c", str(cfg), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"to {migrate.head()}" in result.output
    result = runner.invoke(cli, ["-c", str(cfg), "db", "current"])
    assert "up to date" in result.output


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _pg_schema_url()


@pytest.mark.postgres
def test_two_instances_upgrading_at_once_do_not_collide(tmp_path: Path, pg_url: str) -> None:
    """Two processes starting together on one PostgreSQL: both succeed, schema at head."""
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(f'[storage]\nurl = "{pg_url}"\n[[topics]]\nname = "t"\nquery = "x"\n')
    cmd = [sys.executable, "-m", "monitor", "-c", str(cfg), "db", "upgrade"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert sorted("already at" in out for out, _ in results) == [False, True]
    store = Store(pg_url)
    try:
        assert migrate.current(store) == migrate.head()
    finally:
        store.close()
