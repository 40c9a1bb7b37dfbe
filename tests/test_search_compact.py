"""Merging the SQLite search index after a poll (`Store.compact_search`): the index gets
smaller, the file gives the freed pages back, and every search finds, ranks and cuts
snippets as before."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from sqlalchemy import text

from monitor.storage import Article, Store, migrate
from monitor.storage.search import search_articles
from tests.helpers import indexed_words

QUERIES = ["kinati", "petro", "lima AND cega", '"drug policy"', "petro -kinati", "ze*", "report"]
WORDS = "kinati cega lima baba ru mi ze zekelo nako duno tava muke masela vasape".split()


def _results(store: Store) -> dict[str, list[tuple[int, float, object]]]:
    out = {}
    with store.tx() as tx:
        for q in QUERIES:
            hits, _ = search_articles(tx, q, limit=200)
            out[q] = [(h.article_id, round(h.rank, 9), h.snippet) for h in hits]
    return out


def _index_bytes(store: Store) -> tuple[int, int]:
    with store.engine.connect() as conn:
        blobs = conn.execute(text("SELECT sum(length(block)) FROM articlesearch_data")).scalar()
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    return int(blobs or 0), int(pages or 0)


def test_compact_search_merges_without_changing_results(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'monitor.db'}")
    try:
        migrate.upgrade(store)
        rng = random.Random(7)
        for i in range(1, 121):  # one transaction each, as the monitor writes them
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 400)))
            if i % 3 == 0:
                body = f"Talks on tariffs and drug policy. {body}"
            with store.tx() as tx:
                tx.add(
                    Article(
                        id=i,
                        url=f"https://o/{i}",
                        title=f"Petro report {i}",
                        text=body,
                        relevant=i % 7 != 0,
                    )
                )
        before, words = _results(store), indexed_words(store)
        assert all(before.values()) and len(before['"drug policy"']) == 35
        assert len(before["petro -kinati"]) < len(before["petro"]) == 103
        blobs, pages = _index_bytes(store)

        store.compact_search(120)

        assert _results(store) == before
        assert indexed_words(store) == words
        merged_blobs, merged_pages = _index_bytes(store)
        assert merged_blobs < blobs and merged_pages < pages
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO articlesearch(articlesearch) VALUES('integrity-check')"))
            assert conn.execute(text("PRAGMA auto_vacuum")).scalar() == 2  # incremental
            assert conn.execute(text("PRAGMA freelist_count")).scalar() == 0
        # entries change after a merge as before it
        with store.tx() as tx:
            row = tx.get(Article, 3)
            assert row is not None
            row.relevant = False
            tx.add(row)
        store.compact_search(1)
        after = _results(store)
        ids = [h[0] for h in before['"drug policy"'] if h[0] != 3]
        assert [h[0] for h in after['"drug policy"']] == ids
        assert {w for w in indexed_words(store) if w[1] == 3} == set()
    finally:
        store.close()


def test_compact_search_leaves_a_database_without_auto_vacuum(tmp_path: Path) -> None:
    """There the merged segment would be written beside the old ones, which the file
    would keep: an older database is left as it was."""
    path = tmp_path / "monitor.db"
    with sqlite3.connect(path) as con:  # made before auto-vacuum: none
        con.execute("CREATE TABLE made_before (x)")
    store = Store(f"sqlite:///{path}")
    try:
        migrate.upgrade(store)
        for i in range(1, 30):
            with store.tx() as tx:
                tx.add(Article(id=i, url=f"https://o/{i}", title=f"petro {i}", relevant=True))
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA auto_vacuum")).scalar() == 0
        index = _index_bytes(store)
        store.compact_search(29)
        assert _index_bytes(store) == index
        assert len(_results(store)["petro"]) == 29
    finally:
        store.close()


def test_compact_search_elsewhere_does_nothing(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store)
        store.compact_search(0)
        store.compact_search(5)  # PostgreSQL: nothing to merge (GIN merges itself)
    finally:
        store.close()


def test_a_connection_opened_while_another_writes_does_not_wait(tmp_path: Path) -> None:
    """Setting auto_vacuum takes the write lock: a new connection's set-up must not ask it
    of an existing database, or every connection opened beside a writer waits (30 s) for it."""
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    store = Store(url)
    other = Store(url)
    try:
        migrate.upgrade(store)
        with store.tx() as tx:  # a write transaction left open
            tx.add(Article(id=1, url="https://o/1", title="petro", relevant=True))
            started = time.monotonic()
            with other.engine.connect() as conn:  # a new connection: its set-up runs now
                assert conn.execute(text("PRAGMA auto_vacuum")).scalar() == 2
            assert time.monotonic() - started < 5
    finally:
        other.close()
        store.close()


def test_a_sqlite_connection_reads_the_file_through_a_map(tmp_path: Path) -> None:
    """Every connection of the store maps the file (`SQLITE_MMAP_BYTES`), and what it
    reads through the map is what was written, in this connection and in another."""
    from monitor.storage.store import SQLITE_MMAP_BYTES

    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    store = Store(url)
    other = Store(url)
    try:
        migrate.upgrade(store)
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA mmap_size")).scalar() == SQLITE_MMAP_BYTES
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        with store.tx() as tx:
            for i in range(1, 301):
                tx.add(Article(id=i, url=f"https://o/{i}", title=f"petro {i}", text="x" * i))
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the pages into the file
        with other.tx() as tx:
            assert [len(a.text or "") for a in tx.articles(relevant=None)] == list(range(1, 301))
    finally:
        other.close()
        store.close()
