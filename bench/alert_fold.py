"""The cost of folding articles into one open alert: N copies of a story's first article
go through `RuleEngine.evaluate_copy`, each in its own transaction as ingest runs them,
all folded into the story's open `new_story` alert (group_wait 1 h keeps it open).

    .venv/bin/python bench/alert_fold.py [--n 100 1000] [--db URL]

Prints, per N, the CPU time of the folds (ms per article over the whole run, and over
its last tenth: a cost that grows with the alert shows as a last tenth dearer than the
mean) and checks the alert holds the N + 1 articles. Run it with another checkout first
on PYTHONPATH to time that checkout's folding. `--db` takes a PostgreSQL URL: each N
runs in a schema of its own, made there and dropped after; the default is a new SQLite
file.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from monitor.storage import Article


def fold(url: str, n: int) -> tuple[float, float]:
    from monitor.alerting.rules import RuleEngine
    from monitor.config import RuleConfig
    from monitor.judge.query import Document
    from monitor.storage import Alert, Store, Story
    from monitor.storage.migrate import upgrade

    store = Store(url)
    upgrade(store)
    engine = RuleEngine([RuleConfig(name="all", channels=["console"], group_wait=3600.0)])
    now = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    doc = Document("the harbour bridge closed after the storm")
    with store.tx() as tx:
        story = tx.add(Story(title="bridge", first_seen=now, last_seen=now, topics=["news"]))
        first = _article(0, story.id, now)
        tx.add(first)
        engine.evaluate_copy(tx, first, doc, story, now)
    times: list[float] = []
    for i in range(1, n + 1):
        start = time.process_time()
        with store.tx() as tx:
            copy = tx.add(_article(i, story.id, now))
            story_row = tx.get(Story, story.id)
            assert story_row is not None
            touched = engine.evaluate_copy(tx, copy, doc, story_row, now)
        times.append(time.process_time() - start)
        assert len(touched) == 1
    with store.tx() as tx:
        (alert,) = tx.alerts()
        assert isinstance(alert, Alert) and alert.state == "open"
        assert len(alert.article_ids) == n + 1 and len(alert.matches) == n + 1
        assert len(set(alert.article_ids)) == n + 1
    store.engine.dispose()
    tail = times[-max(1, n // 10) :]
    return sum(times) / n * 1000, sum(tail) / len(tail) * 1000


def _article(i: int, story_id: int | None, now: datetime) -> Article:
    from monitor.storage import Article

    return Article(
        url=f"https://outlet{i}.example/bridge",
        title="Harbour bridge closed after the storm",
        source=f"outlet{i}.example",
        fetched_at=now,
        published_at=now,
        story_id=story_id,
        topics=["news"],
        language="en",
    )


@contextmanager
def _schema(server: str) -> Iterator[str]:
    from sqlalchemy import create_engine

    schema = f"alert_fold_{os.getpid()}"
    admin = create_engine(server)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--db", help="a PostgreSQL URL; default a new SQLite file")
    args = ap.parse_args()
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            if args.db:
                with _schema(args.db) as url:
                    mean, last = fold(url, n)
            else:
                mean, last = fold(f"sqlite:///{Path(tmp) / 'fold.db'}", n)
        print(f"N={n}: {mean:.2f} ms per article, last tenth {last:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
