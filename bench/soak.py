"""Soak: the daemon against 2,000 loopback feeds that keep changing, for half an hour.

    nice .venv/bin/python bench/soak.py [--feeds 2000] [--minutes 30] [--change-every 180]

The farm is `bench/farm.py`'s server (a separate process, four loopback addresses) with a
different mix: a tenth of the feeds gains one new item (and its page) every
`--change-every` seconds, each feed at its own phase, so new articles arrive all the
time; the rest answer 304 or the same body. `monitor run` (the daemon, JSON logs) polls
every feed every `--interval` with a `--tick` tick. Each minute the driver samples the
daemon's resident memory (/proc, alone and with its workers), its open descriptors and
threads, the database size (file and WAL), and the poll cycles that ended in that minute.
At the end: a Markdown table per minute, poll-cycle latency percentiles, and whether the
resident memory of the last ten minutes grew less than 5 %. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import farm

CHANGING_EVERY = 10  # feed i changes when i % CHANGING_EVERY == 0
KEEP_ITEMS = 5  # items in a changing feed's body: the newest ones (one in the others)
GROWTH_LIMIT = 0.05  # the last ten minutes' resident memory may grow this much

_started = time.time()
_change_every = 180.0


def _epoch(i: int) -> int:
    """How many times feed i has changed: each changing feed at its own phase."""
    phase = (i * 7919) % int(_change_every)
    return int((time.time() - _started + phase) // _change_every)


def _feed(i: int, port: int) -> tuple[bytes, str]:
    """Feed i's body and ETag now: one fixed item, or for a changing feed its newest few."""
    host = farm.host_of(i)
    newest = 1 + _epoch(i) if i % CHANGING_EVERY == 0 else 1
    items = []
    for j in reversed(range(max(0, newest - KEEP_ITEMS), newest)):
        topical = (i + j) % farm.RELEVANT_EVERY == 0
        title = f"Petro and Trump talks, report {i}-{j}" if topical else f"Council news {i}-{j}"
        items.append(
            f"<item><title>{title}</title><link>http://{host}:{port}/a/{i}/{j}.html</link>"
            f"<guid isPermaLink='false'>soak-{i}-{j}</guid>"
            f"<pubDate>{formatdate(_started + j * 60, usegmt=True)}</pubDate>"
            f"<description>Item {j} of feed {i}.</description></item>"
        )
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Soak feed {i}</title><link>http://{host}:{port}/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()
    return body, f'"{i}-{newest}"'


def respond(path: str, headers: dict[str, str], port: int) -> tuple[int, dict[str, str], bytes]:
    """A tenth of the feeds change; of the rest, seven in nine answer 304 to a
    conditional request and two send the same body every time (as in bench/farm.py)."""
    if path.startswith("/feed/"):
        i = int(path[len("/feed/") : -len(".xml")])
        body, etag = _feed(i, port)
        out = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if i % CHANGING_EVERY <= 7:
            out["ETag"] = etag
            if headers.get("if-none-match") == etag:
                return 304, out, b""
        return 200, out, body
    return farm.respond(path, headers, port)  # the articles' pages


# --- sampling the daemon -----------------------------------------------------------


def _proc_status(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    """Every process below `pid` (the parse workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _pss(pid: int) -> float:
    """Proportional set size, KiB: shared pages (libraries, code) split between sharers."""
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def sample(pid: int) -> dict[str, float]:
    """Resident MiB of the daemon and of it with its workers (summed RSS, which counts
    shared pages in each process, and summed PSS, which counts them once), open
    descriptors, threads."""
    rss = _proc_status(pid, "VmRSS") / 1024
    pss = _pss(pid) / 1024
    workers = workers_pss = 0.0
    for child in _children(pid):
        with contextlib.suppress(OSError):  # a worker that exited meanwhile
            workers += _proc_status(child, "VmRSS") / 1024
            workers_pss += _pss(child) / 1024
    return {
        "rss": rss,
        "tree": rss + workers,
        "tree_pss": pss + workers_pss,
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": _proc_status(pid, "Threads"),
    }


def db_size(db: Path) -> float:
    return (
        sum(p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists())
        / 2**20
    )


def cycles(log: Path) -> list[dict[str, Any]]:
    """The daemon's poll-cycle log lines so far."""
    found = []
    with log.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if '"polled ' not in line:
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if str(event.get("event", "")).startswith("polled "):
                found.append(event)
    return found


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def config(path: Path, db: Path, urls: list[str], args: argparse.Namespace) -> None:
    feeds = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in urls)
    path.write_text(
        f"""
[storage]
url = "sqlite:///{db}"
[fetch]
allow_private_addresses = true
timeout = "60s"
concurrency = 64
per_host = 64
[schedule]
adaptive = false
interval = "{args.interval}s"
min_interval = "{args.interval}s"
tick = "{args.tick}s"
[alerts]
backfill = "off"
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


def main() -> None:
    global _started, _change_every
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--change-every", type=float, default=180, help="seconds")
    ap.add_argument("--interval", type=int, default=60, help="seconds between polls of a feed")
    ap.add_argument("--tick", type=int, default=5, help="seconds between scheduler ticks")
    ap.add_argument("--sample-every", type=float, default=60, help="seconds")
    ap.add_argument("--keep", type=Path, help="keep the database and log in this folder")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        import asyncio

        _change_every = args.change_every
        asyncio.run(farm.serve(args.serve, respond))  # the farm's server, this mix
        return

    port = farm.free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--change-every", str(args.change_every)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    if server.stdout.readline().strip() != "ready":
        raise SystemExit("the farm did not start")
    tmp = tempfile.TemporaryDirectory()
    where = args.keep or Path(tmp.name)
    where.mkdir(parents=True, exist_ok=True)
    db, log, cfg = where / "monitor.db", where / "daemon.log", where / "monitor.toml"
    config(cfg, db, farm.feed_urls(args.feeds, port), args)
    rows: list[dict[str, float]] = []
    # The first poll stores every feed's items and fetches their pages: done once, by
    # `run --once`, before the clock starts, so the soak measures the steady state.
    began = time.monotonic()
    priming = subprocess.Popen(
        [sys.executable, "-m", "monitor", "-c", str(cfg), "run", "--once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    args.priming_rss = args.priming_tree = args.priming_pss = 0.0
    while priming.poll() is None:
        with contextlib.suppress(OSError, ValueError):
            s = sample(priming.pid)
            args.priming_rss = max(args.priming_rss, s["rss"])
            args.priming_tree = max(args.priming_tree, s["tree"])
            args.priming_pss = max(args.priming_pss, s["tree_pss"])
        time.sleep(0.5)
    if priming.returncode:
        raise SystemExit(f"the priming poll failed ({priming.returncode})")
    args.priming = time.monotonic() - began
    print(
        f"priming poll: {args.priming:.0f} s, highest resident memory sampled "
        f"{args.priming_rss:.1f} MiB, with its workers {args.priming_tree:.1f} MiB "
        f"(PSS {args.priming_pss:.1f})",
        file=sys.stderr,
        flush=True,
    )
    began = time.monotonic()
    with log.open("w") as log_out, open(os.devnull, "w") as quiet:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--log-format", "json", "-c", str(cfg), "run"],
            stdout=quiet,
            stderr=log_out,
        )
        try:
            seen = 0
            while (elapsed := time.monotonic() - began) < args.minutes * 60:
                time.sleep(max(0.0, (len(rows) + 1) * args.sample_every - elapsed))
                if daemon.poll() is not None:
                    raise SystemExit(f"the daemon exited ({daemon.returncode}); see {log}")
                done = cycles(log)
                fresh, seen = done[seen:], len(done)
                rows.append(
                    {
                        "minute": (time.monotonic() - began) / 60,
                        **sample(daemon.pid),
                        "db": db_size(db),
                        "cycles": len(fresh),
                        "feeds": sum(c.get("feeds", 0) for c in fresh),
                        "new": sum(c.get("new_entries", 0) for c in fresh),
                    }
                )
                r = rows[-1]
                print(
                    f"{r['minute']:5.1f} min  rss {r['rss']:6.1f} MiB  with workers "
                    f"{r['tree']:6.1f} MiB (PSS {r['tree_pss']:6.1f})  fds {r['fds']:4.0f}  "
                    f"threads {r['threads']:3.0f}  db {r['db']:6.1f} MiB  "
                    f"{r['cycles']:.0f} cycles, {r['feeds']:.0f} feeds, {r['new']:.0f} new",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            stopping = time.monotonic()
            daemon.terminate()
            try:
                rc = daemon.wait(60)
            except subprocess.TimeoutExpired:
                daemon.kill()
                rc = daemon.wait()
            stop_seconds = time.monotonic() - stopping
            server.terminate()
            server.wait()
    report(rows, cycles(log), args, rc, stop_seconds)
    tmp.cleanup()


def report(
    rows: list[dict[str, float]],
    done: list[dict[str, Any]],
    args: argparse.Namespace,
    rc: int,
    stop_seconds: float,
) -> None:
    print(
        f"{args.feeds} feeds, a tenth changing every {args.change_every:g} s; interval "
        f"{args.interval} s, tick {args.tick} s; {args.minutes:g} minutes after a priming "
        f"poll of {args.priming:.0f} s (highest resident memory sampled every 0.5 s: "
        f"{args.priming_rss:.1f} MiB, with its workers {args.priming_tree:.1f} MiB RSS summed, "
        f"{args.priming_pss:.1f} MiB PSS summed)\n"
    )
    print(
        "| minute | RSS (MiB) | RSS with workers (MiB) | PSS with workers (MiB) | open fds "
        "| threads | database (MiB) | cycles | feeds polled | new entries |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['minute']:.1f} | {r['rss']:.1f} | {r['tree']:.1f} | {r['tree_pss']:.1f} "
            f"| {r['fds']:.0f} "
            f"| {r['threads']:.0f} "
            f"| {r['db']:.1f} | {r['cycles']:.0f} | {r['feeds']:.0f} | {r['new']:.0f} |"
        )
    seconds = [float(c["seconds"]) for c in done if "seconds" in c]
    steady = [float(c["seconds"]) for c in done[3:] if "seconds" in c]  # after priming
    print()
    for name, values in (("all cycles", seconds), ("after the first three", steady)):
        if values:
            print(
                f"- poll-cycle seconds, {name} ({len(values)}): p50 "
                f"{percentile(values, 0.5):.2f}, p90 {percentile(values, 0.9):.2f}, p99 "
                f"{percentile(values, 0.99):.2f}, max {max(values):.2f}, mean "
                f"{statistics.fmean(values):.2f}"
            )
    last = [r["rss"] for r in rows if r["minute"] > rows[-1]["minute"] - 10.5]
    if len(last) >= 2:
        growth = (last[-1] - last[0]) / last[0]
        peak_growth = (max(last) - last[0]) / last[0]
        verdict = "PASS" if peak_growth < GROWTH_LIMIT else "FAIL"
        print(
            f"- resident memory over the last ten minutes: {last[0]:.1f} -> {last[-1]:.1f} MiB "
            f"({growth:+.1%}; highest {peak_growth:+.1%}): {verdict} (< {GROWTH_LIMIT:.0%})"
        )
    if rows:
        print(
            f"- highest resident memory sampled: daemon {max(r['rss'] for r in rows):.1f} MiB, "
            f"with its workers {max(r['tree'] for r in rows):.1f} MiB (RSS summed), "
            f"{max(r['tree_pss'] for r in rows):.1f} MiB (PSS summed)"
        )
    fds = [r["fds"] for r in rows]
    if fds:
        print(f"- open descriptors: min {min(fds):.0f}, max {max(fds):.0f}, last {fds[-1]:.0f}")
    print(f"- SIGTERM to exit: {stop_seconds:.1f} s, exit code {rc}")


if __name__ == "__main__":
    main()
