"""One poll of a feed with thousands of new items: capped by [entries] max_per_poll, and
uncapped (as before the cap). Served over loopback with an article page per item.

    .venv/bin/python bench/big_feed.py            # --items 1000 --cap 200

Prints, for each side, the poll's wall time, the page requests the server answered and
the entries taken; then how many polls the capped side needs to take them all.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from monitor.config import parse_config
from monitor.service.app import App

START = datetime(2026, 1, 1, tzinfo=UTC)


class Farm(BaseHTTPRequestHandler):
    items = 1000
    pages = 0
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            body = feed(self.items, f"http://127.0.0.1:{self.server.server_address[1]}")
            ctype = "application/rss+xml"
        else:
            with Farm.lock:
                Farm.pages += 1
            paragraphs = "".join(
                f"<p>Paragraph {i} of article {self.path} about nothing in particular.</p>"
                for i in range(8)
            )
            body = (
                f"<html><body><article><h1>A {self.path}</h1>{paragraphs}</article></body></html>"
            )
            ctype = "text/html"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def feed(count: int, base: str) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}/a/{i}</link><guid>g{i}</guid>"
        f"<pubDate>{format_datetime(START + timedelta(minutes=i))}</pubDate></item>"
        for i in range(count)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>{items}</channel></rss>'
    )


async def poll(url: str, cap: int, db: Path) -> tuple[float, int, int, int]:
    cfg = parse_config(
        {
            "storage": {"url": f"sqlite:///{db}"},
            "fetch": {"allow_private_addresses": True},
            "entries": {"max_per_poll": cap},
            "topics": [{"name": "t", "query": "petro"}],
            "feeds": [{"url": url}],
            "rules": [{"name": "r", "channels": ["c"]}],
            "channels": [{"name": "c", "type": "console"}],
        }
    )
    Farm.pages = 0
    async with App(cfg) as app:
        began = time.perf_counter()
        first = await app.run_once()
        took = time.perf_counter() - began
        pages = Farm.pages
        polls, taken = 1, first.cycle.total("new_entries")
        while first.cycle.feeds[0].left:
            first = await app.run_once()
            polls += 1
            taken += first.cycle.total("new_entries")
    return took, pages, polls, taken


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--cap", type=int, default=200)
    args = parser.parse_args()
    Farm.items = args.items
    server = ThreadingHTTPServer(("127.0.0.1", 0), Farm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    with tempfile.TemporaryDirectory() as tmp:
        for label, cap in (("capped", args.cap), ("uncapped", args.items)):
            took, pages, polls, taken = asyncio.run(poll(url, cap, Path(tmp) / f"{label}.db"))
            print(
                f"{label:9} max_per_poll={cap:6}: first poll {took:6.1f} s, "
                f"{pages:5} page requests; all {taken} entries in {polls} polls"
            )
    server.shutdown()


if __name__ == "__main__":
    main()
