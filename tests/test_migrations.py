"""Alembic migrations on SQLite and PostgreSQL: fresh, from the pre-migration schema, drift."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlmodel import SQLModel
from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.storage import Article, Feed, StorageError, Store, Story, migrate


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
    """The first released schema came from create_all, with no version table."""
    store = Store(db_url)
    try:
        SQLModel.metadata.create_all(store.engine)
        now = datetime(2026, 2, 3, 12, tzinfo=UTC)
        with store.tx() as tx:
            feed = tx.add(Feed(url="https://example.com/feed", next_check_at=now))
            story = tx.add(Story(title="Summit", first_seen=now, last_seen=now))
            tx.add(
                Article(
                    url="https://example.com/a",
                    title="Petro meets Trump",
                    feed_id=feed.id,
                    story_id=story.id,
                    relevant=True,
                    topics=["us-colombia"],
                    fetched_at=now,
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
