"""Time of the web pages and API answers on a large log, first page and deep pages.

    .venv/bin/python bench/web.py                      # SQLite, 100,000 articles
    .venv/bin/python bench/web.py --articles 20000 --keep /tmp/webbench
    .venv/bin/python bench/web.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test

The store is filled as `bench/scale.py` fills it (four articles to a story), then a real
uvicorn server answers each request `--repeat` times over loopback; the report is the
median time per request. Deep pages are reached by following `next_cursor`, so they
measure what a reader paging to the end would get.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale import _pg_schema, build
from monitor.review.web import create_app
from monitor.storage import Store
from tests.webdata import served


def timed(client: httpx.Client, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        resp = client.get(path)
        times.append(time.perf_counter() - started)
        assert resp.status_code == 200, (path, resp.status_code, resp.text[:200])
    return statistics.median(times) * 1000


def deep_cursor(client: httpx.Client, path: str, skip: int) -> str:
    """The cursor `skip` rows into the listing (or of its last page, if shorter)."""
    cursor = ""
    for _ in range(max(1, skip // 200)):
        body = client.get(path, params={"limit": 200, **({"cursor": cursor} if cursor else {})})
        following = body.json()["next_cursor"]
        if following is None:
            break
        cursor = following
    return cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--url", help="PostgreSQL URL (a scratch schema is made); default SQLite")
    parser.add_argument("--keep", type=Path, help="build the SQLite store here once, reuse it")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            url = _pg_schema(args.url, f"web_{args.articles}")
        else:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{folder / f'web-{args.articles}.db'}"
        if args.url or not (args.keep and (args.keep / f"web-{args.articles}.db").exists()):
            started = time.perf_counter()
            build(url, args.articles, seed=args.articles, workers=args.workers)
            print(f"built {args.articles} articles in {time.perf_counter() - started:.0f}s")
        store = Store(url)
        try:
            with served(create_app(store)) as base, httpx.Client(base_url=base) as client:
                story = client.get("/api/stories", params={"limit": 1}).json()["items"][0]["id"]
                # four fifths of the way down
                deep_stories = deep_cursor(client, "/api/stories", args.articles // 5)
                deep_articles = deep_cursor(client, "/api/articles", args.articles * 4 // 5)
                paths = [
                    "/",
                    f"/stories/{story}",
                    "/feeds",
                    "/alerts",
                    "/api/stories",
                    f"/api/stories?cursor={deep_stories}",
                    "/api/stories?source=nonexistent.example",
                    f"/api/stories/{story}",
                    "/api/articles?limit=200",
                    f"/api/articles?limit=200&cursor={deep_articles}",
                    "/api/articles?lang=es&since=3650d",
                    "/metrics",
                    "/healthz",
                ]
                print(f"{store.backend}, {args.articles} articles, median of {args.repeat}:")
                for path in paths:
                    shown = path.split("cursor=")[0] + (
                        "cursor=<deep>" if "cursor=" in path else ""
                    )
                    print(f"  {timed(client, path, args.repeat):8.1f} ms  {shown}")
        finally:
            store.close()


if __name__ == "__main__":
    main()
