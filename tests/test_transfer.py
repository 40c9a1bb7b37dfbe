"""Moving a log: SQLite online backup, and export → import into SQLite or PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from monitor.config import parse_config
from monitor.demo.replay import ReplayServer, load_corpus
from monitor.review import export as exporter
from monitor.review.transfer import import_rows, read_jsonl
from monitor.service.app import App
from monitor.storage import Store, migrate
from monitor.storage.backup import backup_sqlite, pg_dump_command


def _snapshot(store: Store) -> dict[str, Any]:
    """What must survive a move: articles, their stories as groups, duplicate links."""
    with store.tx() as tx:
        articles = list(tx.articles(relevant=True))
        by_id = {a.id: a for a in articles}
        groups: dict[int, set[str]] = {}
        for a in articles:
            if a.story_id is not None:
                groups.setdefault(a.story_id, set()).add(a.url)
        titles = {s.id: s.title for s in tx.stories()}
        return {
            "articles": {
                a.url: (a.title, a.text, a.topics, a.published_at, a.language, a.source)
                for a in articles
            },
            "stories": sorted((sorted(urls), titles[sid]) for sid, urls in groups.items()),
            "copies": {
                a.url: by_id[a.duplicate_of].url for a in articles if a.duplicate_of is not None
            },
        }


async def _source_log(tmp_path: Path) -> Store:
    corpus = load_corpus()
    with ReplayServer(corpus) as server:
        server.set_round(corpus.max_round)
        cfg = parse_config(
            {
                "storage": {"url": f"sqlite:///{tmp_path / 'source.db'}"},
                "fetch": {"allow_private_addresses": True},
                "topics": [{"name": "us-colombia", "query": "petro OR colombia*"}],
                "feeds": [{"url": u} for u in server.feed_urls().values()],
            }
        )
        async with App(cfg) as app:
            await app.run_once()
    return Store(cfg.storage.url)


async def test_export_then_import_keeps_articles_stories_and_copies(
    tmp_path: Path, db_url: str
) -> None:
    source = await _source_log(tmp_path)
    buf = io.StringIO()
    exporter.write(source, buf, fmt="jsonl", with_text=True)
    before = _snapshot(source)
    assert before["copies"] and before["stories"]  # something to lose
    source.close()

    target = Store(db_url)
    try:
        migrate.upgrade(target)
        rows = read_jsonl(buf.getvalue().splitlines())
        report = import_rows(target, rows)
        assert report.articles == len(before["articles"])
        assert report.duplicates == len(before["copies"])
        assert _snapshot(target) == before
        again = import_rows(target, rows)  # an interrupted import can simply be rerun
        assert (again.articles, again.skipped) == (0, len(rows))
        with target.tx() as tx:
            assert all(s.profile for s in tx.stories())  # new articles can still join them
            for s in tx.stories():  # each imported story's timeline starts with its first report
                assert s.id is not None
                assert [e.kind for e in tx.story_events(s.id)][:1] == ["first_report"]
    finally:
        target.close()


async def test_sqlite_backup_is_a_usable_copy(tmp_path: Path) -> None:
    source = await _source_log(tmp_path)
    try:
        pages = backup_sqlite(source, tmp_path / "backup" / "m.db")
        assert pages > 0
        copy = Store(f"sqlite:///{tmp_path / 'backup' / 'm.db'}")
        assert migrate.current(copy) == migrate.head()
        assert _snapshot(copy) == _snapshot(source)
        copy.close()
    finally:
        source.close()


def test_backup_command_points_postgresql_to_pg_dump(tmp_path: Path) -> None:
    store = Store("postgresql+psycopg://monitor:s3cret-pw@db.example:5432/news")
    command = pg_dump_command(store, tmp_path / "news.dump")
    assert command.startswith("pg_dump --format=custom")
    assert "postgresql://monitor@db.example:5432/news" in command
    assert "s3cret-pw" not in command
    store.close()


def test_import_command_refuses_an_export_without_text(tmp_path: Path) -> None:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n[[topics]]\nname = "t"\nquery = "x"\n'
    )
    export = tmp_path / "log.jsonl"
    export.write_text('{"id": 1, "url": "https://example.com/a", "title": "A"}\n')
    result = CliRunner().invoke(
        __import__("monitor.review.cli", fromlist=["app"]).app,
        ["-c", str(cfg), "import", str(export)],
    )
    assert result.exit_code == 2
    assert "--with-text" in result.output
