"""Feed farm: 2,000 loopback feeds polled by `monitor run --once` and by `reader`.

    .venv/bin/python bench/farm.py [--feeds 2000] [--reader-python /tmp/reader-venv/bin/python]

The farm is served by a separate process (so its CPU is not the monitor's) on four
loopback addresses, 127.0.0.1-4, one port. Mix per feed number i:

- i % 10 == 0: "new"   — a changed body (new ETag) with 1-5 new items and their pages
- i % 10 in 1..7:      — ETag + Last-Modified, 304 to a matching conditional request
- i % 10 in 8..9:      — no validators, the same body every time

Round 1 is the priming poll (two items a feed, small pages); round 2 is measured,
then polled again with nothing new (every feed 304 or the same body).
Each tool gets its own priming run and its own measured run against the same farm.
Numbers go to stdout as a Markdown table; see bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from email.utils import formatdate
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
BASE_ITEMS = 2
RELEVANT_EVERY = 3  # one new article in three is on the topic

# --- the farm (runs in its own process) -----------------------------------------

_round = 1
_LAST_MODIFIED = formatdate(1_769_000_000, usegmt=True)

WORDS = (
    "the government said on tuesday that officials would meet again next week to discuss "
    "trade security migration and the budget while analysts expected little change "
).split()


def kind(i: int) -> str:
    r = i % 10
    return "new" if r == 0 else ("cond" if r <= 7 else "same")


def new_items(i: int) -> int:
    return 1 + (i // 10) % 5 if kind(i) == "new" else 0


def host_of(i: int) -> str:
    return HOSTS[i % len(HOSTS)]


@lru_cache(maxsize=8192)
def feed_body(i: int, rnd: int) -> bytes:
    host = host_of(i)
    items = []
    count = BASE_ITEMS + (new_items(i) if rnd >= 2 else 0)
    for j in reversed(range(count)):
        topical = j >= BASE_ITEMS and (i + j) % RELEVANT_EVERY == 0
        title = f"Petro and Trump talks, report {i}-{j}" if topical else f"Council news {i}-{j}"
        items.append(
            f"<item><title>{title}</title><link>http://{host}:{{port}}/a/{i}/{j}.html</link>"
            f"<guid isPermaLink='false'>farm-{i}-{j}</guid>"
            f"<pubDate>{formatdate(1_769_000_000 + i * 60 + j * 3600, usegmt=True)}</pubDate>"
            f"<description>Item {j} of feed {i}: {' '.join(WORDS[:20])}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Farm feed {i}</title><link>http://{host}:{{port}}/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


@lru_cache(maxsize=4096)
def page_body(i: int, j: int) -> bytes:
    if j < BASE_ITEMS:  # priming pages: small
        text = f"<p>Short note {i}-{j}. {' '.join(WORDS)}</p>"
        title = f"Council news {i}-{j}"
    else:
        topical = (i + j) % RELEVANT_EVERY == 0
        lead = (
            f"Colombian President Gustavo Petro and President Donald Trump met in Washington "
            f"for talks on tariffs and drug policy, report {i}-{j}. "
            if topical
            else f"The city council of town {i} voted on item {j} of its agenda. "
        )
        rng = hashlib.sha256(f"{i}-{j}".encode()).digest()
        paragraphs = []
        for p in range(8):
            words = [WORDS[(rng[(p * 7 + k) % 32] + k * p) % len(WORDS)] for k in range(60)]
            paragraphs.append("<p>" + (lead if p == 0 else "") + " ".join(words) + ".</p>")
        text = "".join(paragraphs)
        title = f"Report {i}-{j}"
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><header>Site</header>"
        f"<article><h1>{title}</h1>{text}</article><footer>(c) farm</footer></body></html>"
    ).encode()


def respond(path: str, headers: dict[str, str], port: int) -> tuple[int, dict[str, str], bytes]:
    if path.startswith("/_round/"):
        global _round
        _round = int(path.rsplit("/", 1)[1])
        return 200, {}, b"ok"
    if path.startswith("/feed/"):
        i = int(path[len("/feed/") : -len(".xml")])
        k = kind(i)
        rnd = _round if k == "new" else 1
        body = feed_body(i, rnd).replace(b"{port}", str(port).encode())
        out = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if k != "same":
            etag = f'"{i}-{rnd}"'
            out["ETag"] = etag
            out["Last-Modified"] = _LAST_MODIFIED
            if headers.get("if-none-match") == etag:
                return 304, out, b""
        return 200, out, body
    if path.startswith("/a/"):
        _, _, i, j = path.split("/")
        return (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            page_body(int(i), int(j.split(".")[0])),
        )
    return 404, {}, b"not found"


Responder = Callable[[str, dict[str, str], int], tuple[int, dict[str, str], bytes]]


async def _handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int, answer: Responder
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            status, out, body = answer(path, headers, port)
            reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
            out["Content-Length"] = str(len(body))
            writer.write(
                (
                    f"HTTP/1.1 {status} {reason}\r\n"
                    + "".join(f"{k}: {v}\r\n" for k, v in out.items())
                    + "\r\n"
                ).encode()
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def serve(port: int, answer: Responder = respond) -> None:
    """Serve `answer`'s feeds and pages on the four loopback addresses until killed."""
    servers = [
        await asyncio.start_server(
            lambda r, w: _handle(r, w, port, answer), host, port, backlog=1024, reuse_address=True
        )
        for host in HOSTS
    ]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


# --- the driver -----------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def feed_urls(n: int, port: int) -> list[str]:
    return [f"http://{host_of(i)}:{port}/feed/{i}.xml" for i in range(n)]


def set_round(port: int, rnd: int) -> None:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/_round/{rnd}", timeout=10).read()


def monitor_config(path: Path, db: Path, urls: list[str], concurrency: int) -> None:
    feeds = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in urls)
    path.write_text(
        f"""
[storage]
url = "sqlite:///{db}"
[fetch]
allow_private_addresses = true
timeout = "60s"
concurrency = {concurrency}
per_host = {min(64, concurrency)}
[[topics]]
name = "us-colombia"
query = '(petro OR colombia*) AND (trump OR washington)'
[[rules]]
name = "all"
channels = ["quiet"]
[[channels]]
name = "quiet"
type = "console"
{feeds}""",
        encoding="utf-8",
    )


class Peak:
    """Samples the summed RSS of a process and its children every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.tree_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _children(self, pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                return [int(c) for c in fh.read().split()]
        except OSError:
            return []

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            total = self._rss(self.pid) + sum(self._rss(c) for c in self._children(self.pid))
            self.tree_kib = max(self.tree_kib, total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int, float, str]:
    """Wall seconds, peak RSS of the process (KiB), peak RSS of its tree, CPU seconds
    (user + system, its waited-for children included), output.

    CPU time is the work done, whatever else the machine was running; wall time is not.
    """
    with tempfile.TemporaryFile() as out:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        peak = Peak(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - began
        peak.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}):\n{text[-3000:]}")
    return elapsed, usage.ru_maxrss, peak.tree_kib, usage.ru_utime + usage.ru_stime, text


READER_SCRIPT = """
import json, sys, time
from reader import make_reader
db, urls_file, workers, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
reader = make_reader(db)
if mode == "add":
    for url in open(urls_file).read().split():
        reader.add_feed(url, exist_ok=True)
began = time.perf_counter()
reader.update_feeds(workers=workers, scheduled=False)
took = time.perf_counter() - began
counts = reader.get_entry_counts()
print(json.dumps({"seconds": took, "entries": counts.total}))
"""


def run_monitor(cfg: Path, env: dict[str, str]) -> tuple[float, int, int, float, str]:
    return timed([sys.executable, "-m", "monitor", "-c", str(cfg), "run", "--once"], env)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--reader-python", default="/tmp/reader-venv/bin/python")
    ap.add_argument("--reader-workers", type=int, default=16)
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--skip-reader", action="store_true")
    args = ap.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve))
        return

    port = free_port()
    farm = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)], stdout=subprocess.PIPE, text=True
    )
    assert farm.stdout is not None
    if farm.stdout.readline().strip() != "ready":
        raise SystemExit("the farm did not start")
    try:
        n = args.feeds
        urls = feed_urls(n, port)
        expected_new = sum(new_items(i) for i in range(n))
        changed = sum(kind(i) == "new" for i in range(n))
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            env = {**os.environ, "MONITOR_LOG_FORMAT": "json"}
            cfg = tmpdir / "monitor.toml"
            monitor_config(cfg, tmpdir / "monitor.db", urls, args.concurrency)

            set_round(port, 1)
            prime = run_monitor(cfg, env)
            set_round(port, 2)
            wall, rss, tree, cpu, output = run_monitor(cfg, env)
            summary = next(line for line in output.splitlines() if line.startswith("Polled"))
            rows.append(("monitor run --once", wall, rss, tree, cpu, summary, prime[0]))
            again = run_monitor(cfg, env)
            rows.append(("monitor, nothing new", *again[:4], "", prime[0]))

            if not args.skip_reader:
                urls_file = tmpdir / "urls.txt"
                urls_file.write_text("\n".join(urls), encoding="utf-8")
                script = tmpdir / "reader_poll.py"
                script.write_text(READER_SCRIPT, encoding="utf-8")
                db = str(tmpdir / "reader.sqlite")
                workers = str(args.reader_workers)
                set_round(port, 1)
                rprime = timed(
                    [args.reader_python, str(script), db, str(urls_file), workers, "add"]
                )
                set_round(port, 2)
                rwall, rrss, rtree, rcpu, rout = timed(
                    [args.reader_python, str(script), db, str(urls_file), workers, "update"]
                )
                info = json.loads(rout.strip().splitlines()[-1])
                again_r = timed(
                    [args.reader_python, str(script), db, str(urls_file), workers, "update"]
                )
                rows.append(
                    (
                        f"reader {args.reader_workers} workers",
                        rwall,
                        rrss,
                        rtree,
                        rcpu,
                        f"{info['entries']} entries stored; update_feeds {info['seconds']:.1f} s",
                        rprime[0],
                    )
                )
                rows.append(("reader, nothing new", *again_r[:4], "", rprime[0]))
    finally:
        farm.terminate()
        farm.wait()

    print(
        f"{n} feeds: {changed} changed with {expected_new} new items, "
        f"{n - changed} unchanged (304 or same body)\n"
    )
    print(
        "| tool | measured poll (s) | feed checks/s | new articles/s | CPU (s) "
        "| peak RSS (MiB) | peak RSS tree (MiB) | priming poll (s) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, wall, rss, tree, cpu, _, primed in rows:
        fresh = 0 if "nothing new" in name else expected_new
        print(
            f"| {name} | {wall:.1f} | {n / wall:.0f} | {fresh / wall:.0f} | {cpu:.1f} "
            f"| {rss / 1024:.0f} | {tree / 1024:.0f} | {primed:.1f} |"
        )
    print()
    for name, *_, summary, _ in rows:
        if summary:
            print(f"- {name}: {summary}")
    print(f"\nself RSS of this driver: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} KiB")


if __name__ == "__main__":
    main()
