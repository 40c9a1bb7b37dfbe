"""CPU per article of ingest alone (`Ingest.article`), in one process, on the farm's articles.

The cold start of `bench/ingest.py` without its noise: no fetching, no parse workers, no
sealing. Each of `--feeds` × `--items` farm pages is read and analysed first, as the
parse workers do (`read_page`, then `analyse` with the farm's topic and rule; not timed),
then every candidate goes through `Ingest.article` on a new SQLite database, feed by
feed, and the process CPU of that pass is what is printed. A digest of what was stored
(stories with their packed members and profile, articles' stories and originals, the
timeline, alerts with their lists, postings, term counts) tells whether two trees decided
and stored the same.

    nice -n 5 .venv/bin/python bench/ingest_cost.py --feeds 60
    PYTHONPATH=/tmp/base nice -n 5 .venv/bin/python bench/ingest_cost.py --feeds 60
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
import time
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

if not any(Path(p).resolve() == Path(__file__).resolve().parents[1] for p in sys.path if p):
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.farm import host_of, monitor_config
from bench.ingest import article, page_body

_NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # fixed, so two runs store alike

_TABLES = (
    "SELECT id, title, profile, members, facts, article_count, topics, merged_into,"
    " first_seen, last_seen FROM story ORDER BY id",
    "SELECT id, url, story_id, duplicate_of, relevant, topics, text_hash FROM article ORDER BY id",
    "SELECT id, story_id, article_id, kind, summary, details FROM storyevent ORDER BY id",
    "SELECT id, story_id, rule, event, state, article_ids, matches, matched_terms,"
    " new_information FROM alert ORDER BY id",
    "SELECT term, story_id, last_seen FROM storyterm ORDER BY story_id, term",
    "SELECT term, df FROM termcount ORDER BY term",
    "SELECT id, block FROM articlesearch_data ORDER BY id",  # the search index's pages
)


def digest(db: Path) -> str:
    con = sqlite3.connect(db)
    out = hashlib.sha256()
    for sql in _TABLES:
        for row in con.execute(sql):
            out.update(repr(row).encode())
    con.close()
    return out.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=60)
    ap.add_argument("--items", type=int, default=10)
    args = ap.parse_args()

    import monitor
    from monitor.collect.extract import Extracted, read_page
    from monitor.collect.resolve import Candidate
    from monitor.config import parse_config
    from monitor.ingest import Ingest
    from monitor.judge.analysis import analyse
    from monitor.judge.relevance import TopicQuery
    from monitor.storage import Feed, Store, migrate

    with tempfile.TemporaryDirectory() as tmp:
        db, toml = Path(tmp) / "monitor.db", Path(tmp) / "monitor.toml"
        urls = [f"http://{host_of(i)}:8000/feed/{i}.xml" for i in range(args.feeds)]
        monitor_config(toml, db, urls, concurrency=64)
        cfg = parse_config(tomllib.loads(toml.read_text(encoding="utf-8")))
        topics = tuple(TopicQuery(t.name, t.query) for t in cfg.topics)
        store = Store(cfg.storage.url)
        migrate.upgrade(store)
        with store.tx() as tx:
            feed_ids = [tx.add(Feed(url=u)).id for u in urls]

        cands = []
        for i in range(args.feeds):
            for j in range(args.items):
                url = f"http://{host_of(i)}:8000/a/{i}/{j}.html"
                page = read_page(page_body(i, j), url, "text/html; charset=utf-8")
                assert isinstance(page, Extracted), page
                title = page.title or article(i, j)[0]
                published = _NOW - timedelta(seconds=3600 - i - 60 * j)
                cand = Candidate(
                    feed_id=feed_ids[i] or 0,
                    entry_key=f"{i}/{j}",
                    link=url,
                    url=url,
                    title=title,
                    text=page.text,
                    text_origin="page",
                    published=published,
                    author=None,
                    source=host_of(i),
                    source_name=None,
                    language=page.language,
                )
                cand.analysis = analyse(title, page.text, "page", topics, None, published)
                cands.append(cand)

        ingest = Ingest(cfg, store, clock=lambda: _NOW)
        kinds: Counter[str] = Counter()
        t0 = time.process_time()
        for cand in cands:
            kinds[ingest.article(cand).kind] += 1
        spent = time.process_time() - t0
        store.close()
        n = len(cands)
        print(f"code: {Path(monitor.__file__).parents[1]}")
        print(
            f"{n} articles ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}): "
            f"ingest {spent:.2f} s of CPU, {1000 * spent / n:.2f} ms per article; "
            f"stored digest {digest(db)}"
        )


if __name__ == "__main__":
    main()
