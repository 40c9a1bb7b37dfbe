"""What the parse worker pool costs per parse, against parsing in-process.

    .venv/bin/python bench/parse_overhead.py [--rounds 5]

Parses every feed of ../shared/corpus/feeds/ (that parses) `rounds` times, in-process
and through a one-worker ParsePool (worker already started), and prints both.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from monitor.collect.parse import ParseError, parse_feed
from monitor.collect.parsepool import ParsePool

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"


def bodies() -> list[bytes]:
    out = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".xml", ".rss", ".atom", ".json", ".rdf") and path.is_file():
            body = path.read_bytes()
            try:
                parse_feed(body, "https://x.example/")
            except ParseError:
                continue
            out.append(body)
    return out


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    feeds = bodies()
    n = len(feeds) * args.rounds
    size = sum(len(b) for b in feeds) / len(feeds)

    began = time.perf_counter()
    for _ in range(args.rounds):
        for body in feeds:
            parse_feed(body, "https://x.example/")
    local = time.perf_counter() - began

    async with ParsePool(workers=1, timeout=60) as pool:
        await pool.parse(feeds[0], "https://x.example/")  # start the worker
        began = time.perf_counter()
        for _ in range(args.rounds):
            for body in feeds:
                await pool.parse(body, "https://x.example/")
        pooled = time.perf_counter() - began

    print(f"{len(feeds)} feeds (mean {size / 1024:.0f} KiB) x {args.rounds} rounds = {n} parses")
    print(f"in-process: {local / n * 1000:.2f} ms per parse")
    print(f"pool:       {pooled / n * 1000:.2f} ms per parse")
    print(f"overhead:   {(pooled - local) / n * 1000:.2f} ms per parse ({pooled / local:.2f}x)")


if __name__ == "__main__":
    asyncio.run(main())
