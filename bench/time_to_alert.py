"""Publish-to-delivery latency of the running daemon: today's defaults against the new ones.

Two real `monitor run` daemons (one per policy, each with its own SQLite database) poll
the same loopback feeds side by side; a loopback webhook receiver notes when each alert
arrives. The feed server publishes every item at a known time and notes when each
daemon's check first showed it, so for every story we have: published (its first
report), first seen by a check, delivered.

Feeds: `--topics` topics, each with `--per-topic` quiet topic search feeds (history of a
few items over the previous days, then the measured stories: each first reported on one
of the topic's feeds and carried by each other one with chance 0.6, a minute to an hour
later: wire copies from other outlets), plus `--busy` busy general feeds with off-topic
items every few minutes.

Time is accelerated by `--scale` (default 20): every duration in both configs (intervals,
bounds, half-life, tick, group_wait, fold_window, backfill) and in the publication plan
is divided by it, and so are the scheduler's two built-in constants that are durations
(`REFERENCE_RATE`, `MIN_WINDOW`) and the daemon's outbox sweep, set in the daemon process
before it starts. Reported times are multiplied back ("equivalent minutes"); work that
does not scale (fetching, extraction, the database) is multiplied too, so the
equivalents are pessimistic, and the raw seconds are printed beside them.

    .venv/bin/python bench/time_to_alert.py [--scale 20] [--minutes 7] [--tail 7] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

DAY = 86400.0
WORDS = "harbor council budget river bridge vote school clinic market tariff".split()


@dataclass
class Item:
    story: int  # -1: history or off-topic
    url: str
    title: str
    text: str
    at: float  # publication, epoch seconds


@dataclass
class Story:
    topic: int
    start: float
    feeds: list[int] = field(default_factory=list)  # feeds that carry it


@dataclass
class Plan:
    feeds: list[list[Item]]  # per feed, by publication time
    search: list[bool]  # per feed
    topics: list[int]  # per feed, -1 for general feeds
    stories: list[Story]
    topic_words: list[str]


def sentences(rng: random.Random, topic_word: str, n: int) -> tuple[str, str]:
    """A headline and a body of n sentences about one made-up event: its own made-up
    names and words, so that two events share nothing but the topic's word (once in
    the headline, once in the body: more makes the story grouping join them)."""
    syllables = (
        "ka lo mi ru ten sa vo di ne pa zu ri fo tam bel gor ba ce du fe gi ho ju "
        "ke li mo nu po qua re si to ul ve wi xa yo"
    ).split()

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(3, 4)))

    vocabulary = [word() for _ in range(40)]
    name, place = word().title(), word().title()
    title = f"{topic_word.title()} {name} {' '.join(rng.sample(vocabulary, 4))} {place}"
    body = [f"{name} {topic_word} {' '.join(rng.sample(vocabulary, 6))}."]
    for _ in range(n - 1):
        words = rng.sample(vocabulary, 12)
        body.append(f"{name} {' '.join(words)} {place} {rng.randint(10, 999)}.")
    return title, " ".join(body)


def make_plan(args: argparse.Namespace, start: float, outlets: list[int]) -> Plan:
    rng = random.Random(args.seed)
    s = args.scale
    feeds: list[list[Item]] = []
    search: list[bool] = []
    topics: list[int] = []
    stories: list[Story] = []
    words = [f"zorbex{k}" for k in range(args.topics)]
    serial = 0

    def url(port: int) -> str:
        nonlocal serial
        serial += 1
        return f"http://127.0.0.1:{port}/a/{serial}.html"

    for k in range(args.topics):
        ids = []
        for _ in range(args.per_topic):
            ids.append(len(feeds))
            history = []
            for _ in range(5):  # about one item every two days, all older than backfill
                title, text = sentences(rng, words[k], 5)
                at = start - rng.uniform(1.5 * DAY, 10 * DAY) / s
                history.append(Item(-1, url(rng.choice(outlets)), title, text, at))
            feeds.append(sorted(history, key=lambda i: i.at))
            search.append(True)
            topics.append(k)
        for _ in range(args.stories_per_topic):
            t0 = start + args.warmup + rng.uniform(0, args.minutes * 60)
            story = Story(k, t0)
            title, text = sentences(rng, words[k], 6)
            first = rng.choice(ids)
            carried = {first: t0}
            for i in ids:
                if i != first and rng.random() < 0.6:
                    carried[i] = t0 + rng.expovariate(1 / (20 * 60 / s))
            ports = rng.sample(outlets, len(carried))
            for (i, at), port in zip(sorted(carried.items()), ports, strict=True):
                feeds[i].append(Item(len(stories), url(port), title, text, at))
                story.feeds.append(i)
            stories.append(story)
    for _ in range(args.busy):
        items = []
        t = start - 3600 / s * 6
        end = start + args.warmup + (args.minutes + args.tail) * 60
        while t < end:
            t += rng.expovariate(1 / (600 / s))  # six an hour
            title, text = sentences(rng, rng.choice(WORDS), 4)
            items.append(Item(-1, url(rng.choice(outlets)), title, text, t))
        feeds.append(items)
        search.append(False)
        topics.append(-1)
    for f in feeds:
        f.sort(key=lambda i: i.at)
    return Plan(feeds, search, topics, stories, words)


class Log:
    """What the feed server and the webhook receiver saw, per policy."""

    def __init__(self, policies: list[str]) -> None:
        self.lock = threading.Lock()
        self.requests: dict[str, list[tuple[float, int]]] = {p: [] for p in policies}
        self.seen: dict[str, dict[int, float]] = {p: {} for p in policies}  # story -> first
        self.alerts: dict[str, list[tuple[float, dict[str, Any]]]] = {p: [] for p in policies}


def serve(plan: Plan, log: Log, outlets: list[int]) -> list[ThreadingHTTPServer]:
    pages = {
        item.url.split("/a/")[1]: item for feed in plan.feeds for item in feed
    }  # "N.html" -> item

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: Any) -> None:
            pass

        def _send(self, body: bytes, ctype: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            now = time.time()
            if parts[0] == "feed" and len(parts) == 3:
                policy, index = parts[1], int(parts[2].removesuffix(".xml"))
                visible = [i for i in plan.feeds[index] if i.at <= now][-20:]
                with log.lock:
                    log.requests[policy].append((now, index))
                    for item in visible:
                        if item.story >= 0:
                            log.seen[policy].setdefault(item.story, now)
                self._send(rss(index, visible, policy), "application/rss+xml")
            elif parts[0] == "a" and len(parts) == 2 and parts[1] in pages:
                item = pages[parts[1]]
                html = (
                    f"<html><head><title>{escape(item.title)}</title></head><body><article>"
                    f"<h1>{escape(item.title)}</h1><p>{escape(item.text)}</p>"
                    "</article></body></html>"
                )
                self._send(html.encode(), "text/html; charset=utf-8")
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            policy = self.path.strip("/").split("/")[-1]
            with log.lock:
                log.alerts[policy].append((time.time(), json.loads(body)))
            self._send(b"ok", "text/plain")

    servers = []
    for port in outlets:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def rss(index: int, items: list[Item], policy: str) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.url)}</link>"
        f"<guid>{escape(i.url)}</guid><pubDate>{formatdate(i.at, usegmt=True)}</pubDate>"
        f"<description>{escape(i.text[:200])}</description></item>"
        for i in reversed(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>feed {index} {policy}</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def free_ports(n: int) -> list[int]:
    import socket

    socks, ports = [], []
    for _ in range(n):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        socks.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in socks:
        sock.close()
    return ports


def config(policy: str, plan: Plan, port: int, db: Path, s: float) -> str:
    def d(seconds: float) -> str:
        return f"{seconds / s:g}s"

    new = policy == "new"
    lines = [
        f'[storage]\nurl = "sqlite:///{db}"',
        "[fetch]\nallow_private_addresses = true\nparse_workers = 1",
        "[schedule]",
        f'interval = "{d(900)}"',
        f'min_interval = "{d(120)}"',
        f'max_interval = "{d(6 * 3600)}"',
        f'rate_half_life = "{d(DAY)}"',
        f'max_backoff = "{d(6 * 3600)}"',
        f'tick = "{d(30)}"',
        'lease = "60s"',
        f'search_max_interval = "{d(480)}"' if new else 'search_max_interval = "off"',
        'follow_up = "0s"' if new else 'follow_up = "off"',
        f'[alerts]\nbackfill = "{d(DAY)}"',
    ]
    for k, word in enumerate(plan.topic_words):
        lines.append(f'[[topics]]\nname = "t{k}"\nquery = "{word}"')
    for i in range(len(plan.feeds)):
        url = f"http://127.0.0.1:{port}/feed/{policy}/{i}.xml"
        lines.append(f'[[feeds]]\nurl = "{url}"\nsearch = {str(plan.search[i]).lower()}')
    lines += [
        '[[rules]]\nname = "desk"\nevents = ["new_story", "development"]\nchannels = ["hook"]',
        f'group_wait = "{d(60 if new else 600)}"',
        f'group_interval = "{d(1800)}"',
        f'fold_window = "{d(600)}"' if new else 'fold_window = "0s"',
        f'[[channels]]\nname = "hook"\ntype = "webhook"\nurl = "http://127.0.0.1:{port}/hook/{policy}"',
    ]
    return "\n".join(lines) + "\n"


# Durations built into the code, scaled like the config's (see the module docstring).
LAUNCH = """
import sys
s = float(sys.argv[1])
from monitor.collect import schedule
from monitor.service import daemon
schedule.REFERENCE_RATE *= s
schedule.MIN_WINDOW /= s
daemon.DELIVERY_TICK /= s
from monitor.review.cli import main
sys.argv = ["monitor", "-c", sys.argv[2], "run"]
main()
"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(plan: Plan, log: Log, policy: str, s: float, start: float, end: float) -> dict:
    url_story = {i.url: i.story for f in plan.feeds for i in f if i.story >= 0}
    first: dict[int, tuple[float, dict[str, Any]]] = {}
    alert_ids: dict[int, set[str]] = {}
    for at, body in log.alerts[policy]:
        story = body.get("story") or {}
        ids = {url_story.get(a["url"]) for a in story.get("articles", [])} - {None}
        for k in ids:
            assert k is not None
            alert_ids.setdefault(k, set()).add(body["id"])
            if k not in first or at < first[k][0]:
                first[k] = (at, body)
    delays, after_check, copies, carried = [], [], [], []
    for k, story in enumerate(plan.stories):
        if k not in first:
            continue
        at, body = first[k]
        delays.append(at - story.start)
        after_check.append(at - log.seen[policy].get(k, at))
        copies.append(int(body["story"]["outlets"]))
        carried.append(len(story.feeds))
    requests = [r for r in log.requests[policy] if start <= r[0] <= end]
    search_requests = sum(plan.search[i] for _, i in requests)
    per_story = [len(alert_ids.get(k, ())) for k in range(len(plan.stories)) if k in first]
    return {
        "stories": len(plan.stories),
        "delivered": len(first),
        "p50": statistics.median(delays) if delays else float("nan"),
        "p95": pct(delays, 0.95) if delays else float("nan"),
        "check_p50": statistics.median(after_check) if after_check else float("nan"),
        "check_max": max(after_check) if after_check else float("nan"),
        "copies": statistics.mean(copies) if copies else 0.0,
        "carried": statistics.mean(carried) if carried else 0.0,
        "alerts_per_story": max(per_story) if per_story else 0,
        "alerts_mean": statistics.mean(per_story) if per_story else 0.0,
        "requests": len(requests),
        "search_requests": search_requests,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--topics", type=int, default=10)
    ap.add_argument("--per-topic", type=int, default=3)
    ap.add_argument("--stories-per-topic", type=int, default=2)
    ap.add_argument("--busy", type=int, default=4)
    ap.add_argument(
        "--warmup", type=float, default=600.0, help="most seconds to wait for the first polls"
    )
    ap.add_argument("--minutes", type=float, default=7.0, help="stories break within this")
    ap.add_argument("--tail", type=float, default=7.0, help="minutes to wait after that")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", help="keep the configs, databases and daemon logs here")
    args = ap.parse_args()
    s = args.scale
    policies = ["today", "new"]
    ports = free_ports(9)
    port, outlets = ports[0], ports[1:]
    start = time.time()
    plan = make_plan(args, start, outlets)
    log = Log(policies)
    servers = serve(plan, log, ports)
    procs = []
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.workdir or scratch
        Path(tmp).mkdir(parents=True, exist_ok=True)
        for policy in policies:
            cfg = Path(tmp) / f"{policy}.toml"
            cfg.write_text(config(policy, plan, port, Path(tmp) / f"{policy}.db", s))
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", LAUNCH, str(s), str(cfg)],
                    stdout=subprocess.DEVNULL,
                    stderr=open(Path(tmp) / f"{policy}.log", "wb"),  # noqa: SIM115
                )
            )
        try:
            # Stories start once both daemons have finished their first look at every
            # feed (history pages included) and come back: the warm-up is not measured.
            deadline = time.time() + 600
            while time.time() < deadline and not all(_warm(log, p, plan) for p in policies):
                time.sleep(1)
            shift = time.time() - (start + args.warmup)
            with log.lock:
                for story in plan.stories:
                    story.start += shift
                for feed in plan.feeds:
                    for item in feed:
                        if item.story >= 0:
                            item.at += shift
            start += shift
            end = start + args.warmup + (args.minutes + args.tail) * 60
            while time.time() < end:
                time.sleep(2)
                if all(len(log.alerts[p]) and _all_in(plan, log, p) for p in policies):
                    break
        finally:
            finished = time.time()
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
            for server in servers:
                server.shutdown()
        for policy in policies:
            tail = (Path(tmp) / f"{policy}.log").read_text(errors="replace").splitlines()[-3:]
            if any("Traceback" in line or "Error" in line for line in tail):
                print(f"{policy} daemon log tail:", *tail, sep="\n  ", file=sys.stderr)
    measured_from = start + args.warmup
    results = {p: report(plan, log, p, s, measured_from, finished) for p in policies}
    feeds = len(plan.feeds)
    print(
        f"{args.topics} topics x {args.per_topic} quiet search feeds + {args.busy} busy feeds "
        f"({feeds} feeds), {len(plan.stories)} stories, time x{s:g}, "
        f"measured {(finished - measured_from) / 60:.1f} min real "
        f"= {(finished - measured_from) * s / 3600:.1f} h equivalent"
    )
    base = results["today"]
    print(
        "| policy | delivered | first report to delivery p50 | p95 | check to delivery p50 | max "
        "| copies counted / carried | alerts per story (max) | requests | ratio "
        "| search feed requests |"
    )
    print("| --- " * 11 + "|")
    for policy, r in results.items():
        print(
            f"| {policy} | {r['delivered']}/{r['stories']} "
            f"| {r['p50'] * s / 60:.1f} min ({r['p50']:.0f} s) "
            f"| {r['p95'] * s / 60:.1f} min ({r['p95']:.0f} s) "
            f"| {r['check_p50'] * s / 60:.1f} min ({r['check_p50']:.1f} s) "
            f"| {r['check_max'] * s / 60:.1f} min ({r['check_max']:.1f} s) "
            f"| {r['copies']:.2f} / {r['carried']:.2f} "
            f"| {r['alerts_per_story']} (mean {r['alerts_mean']:.2f}) "
            f"| {r['requests']} | {r['requests'] / max(1, base['requests']):.2f} "
            f"| {r['search_requests']} |"
        )


def _warm(log: Log, policy: str, plan: Plan) -> bool:
    """Every feed checked, and the busy ones again: the first poll is over."""
    with log.lock:
        counts = [0] * len(plan.feeds)
        for _, i in log.requests[policy]:
            counts[i] += 1
    return min(counts) >= 1 and all(
        n >= 2 for n, search in zip(counts, plan.search, strict=True) if not search
    )


def _all_in(plan: Plan, log: Log, policy: str) -> bool:
    """Every story delivered and every copy published: nothing left to measure."""
    if time.time() < max(i.at for f in plan.feeds for i in f if i.story >= 0) + 120:
        return False
    urls = set()
    for _, body in log.alerts[policy]:
        urls |= {a["url"] for a in (body.get("story") or {}).get("articles", [])}
    done = {i.story for f in plan.feeds for i in f if i.url in urls and i.story >= 0}
    return len(done) == len(plan.stories)


if __name__ == "__main__":
    main()
