"""Search on a large log: indexing time and query latency.

Takes a database left by `bench/export_stream.py --keep DIR` (whose articles were written
around the index), builds the search index with `monitor.storage.search.reindex`, then
times `search_articles` (best of three, first page of 20) for common words, a phrase, a
prefix, NOT, a word found in one article, and the same with a language and time filter.

    .venv/bin/python bench/search_scale.py sqlite:////tmp/bx1m/export.db

The synthetic texts draw on 30 words, so every common word is in nearly every article:
those rows are the worst case, where every article matches and is ranked.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.storage import Store
from monitor.storage.search import SearchFilters, reindex, search_articles

QUERIES = [
    "bogota",
    "petro AND trump",
    '"drug policy"',
    "venez*",
    "coffee NOT oil",
    '"article 54321"',
    "xyzzy",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--no-index", action="store_true", help="The index is already built")
    args = parser.parse_args()
    store = Store(args.url)
    if not args.no_index:
        wall, cpu = time.perf_counter(), time.process_time()
        with store.engine.begin() as conn:
            n = reindex(conn, batch=2000)
        print(
            f"indexed {n:,} articles: {time.perf_counter() - wall:.0f} s wall, "
            f"{time.process_time() - cpu:.0f} s CPU",
            flush=True,
        )
    narrow = SearchFilters(lang="es", since=datetime(2026, 12, 1, tzinfo=UTC))
    for q in QUERIES:
        for label, filters in (("all", SearchFilters()), ("es, December", narrow)):
            best = float("inf")
            found = 0
            for _ in range(3):
                started = time.perf_counter()
                with store.tx() as tx:
                    hits, _ = search_articles(tx, q, filters)
                best = min(best, time.perf_counter() - started)
                found = len(hits)
            print(f"{q!r:20} {label:13} {found:3} hits {best * 1000:9.1f} ms", flush=True)
    store.close()


if __name__ == "__main__":
    main()
