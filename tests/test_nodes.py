"""Two `monitor run` processes on one PostgreSQL database share the feeds by lease.

The feeds are served from loopback; every request is logged with when it arrived and
when its answer was ready, and with the lease the database showed for that feed at
arrival, which names the node (host:pid:random) that claimed it.
"""

from __future__ import annotations

import contextlib
import itertools
import signal
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import create_engine, text
from werkzeug import Request, Response

from tests.helpers import Daemon, config_text, feeds_toml, wait_for

HOLD = 0.2  # seconds each feed answer is held, so polls of different feeds overlap
INTERVAL = 5.0  # every feed's pinned interval; next checks land within ±10% of it


@dataclass
class Hit:
    path: str
    node: int | None  # pid of the lease owner at arrival
    lease_live: bool  # the lease had not run out at arrival
    arrived: float  # monotonic
    done: float = 0.0  # the answer was ready (before the client can have it)


class FeedFarm:
    """Loopback feeds logging each request; requests of a `stall`ed node are held open."""

    def __init__(self, server: HTTPServer, db_url: str, count: int) -> None:
        self.server = server
        self.db = create_engine(db_url, pool_size=8, max_overflow=24)
        self.paths = [f"/feed/{i:02d}.xml" for i in range(count)]
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.stall: int | None = None
        self.release = threading.Event()
        for i, path in enumerate(self.paths):
            server.expect_request(path).respond_with_handler(self.handle)
            # one entry per feed, linking to a page here; no topic matches, no alerts
            page = f"/page/{i:02d}"
            server.expect_request(page).respond_with_data(
                f"<html><body><p>Story {i}.</p></body></html>", content_type="text/html"
            )
        server.expect_request("/hook").respond_with_data("ok")

    def urls(self) -> dict[str, str]:
        return {f"feed {p}": self.server.url_for(p) for p in self.paths}

    def handle(self, request: Request) -> Response:
        arrived = time.monotonic()
        with self.db.connect() as conn:
            row = conn.execute(
                text("SELECT lease_owner, lease_until FROM feed WHERE url = :u"),
                {"u": self.server.url_for(request.path)},
            ).one()
        owner, until = row
        node = int(owner.rsplit(":", 2)[1]) if owner else None
        live = until is not None and until > datetime.now(UTC).replace(tzinfo=None)
        hit = Hit(request.path, node, live, arrived)
        with self.lock:
            self.hits.append(hit)
        if node is not None and node == self.stall:
            self.release.wait(30)
        else:
            time.sleep(HOLD)
        i = int(request.path.rsplit("/", 1)[1].split(".")[0])
        item = (
            f"<item><title>Story {i}</title><link>{self.server.url_for(f'/page/{i:02d}')}</link>"
            f"<guid>story-{i}</guid></item>"
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F{i}</title>{item}'
        hit.done = time.monotonic()
        return Response(f"{body}</channel></rss>", content_type="application/rss+xml")

    def log(self, since: float = 0.0) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.arrived >= since]

    def polled(self, since: float = 0.0) -> set[str]:
        return {h.path for h in self.log(since)}

    def every_feed_polled(self, times: int) -> bool:
        feeds = by_feed(self.log())
        return len(feeds) == len(self.paths) and all(len(v) >= times for v in feeds.values())

    def close(self) -> None:
        self.release.set()
        self.db.dispose()


def start_nodes(tmp_path: Path, farm: FeedFarm, db_url: str) -> list[Daemon]:
    """Two nodes on one database. Their ticks differ, as they would across machines, so
    neither always asks first: which one finds a feed due varies from cycle to cycle."""
    nodes = []
    for name, tick in (("a", "1s"), ("b", "700ms")):
        cfg = tmp_path / f"{name}.toml"
        cfg.write_text(
            config_text(
                db_url,
                feeds_toml(farm.urls(), interval=f"{INTERVAL:g}s"),
                farm.server.url_for("/hook"),
                fetch="per_host = 16",  # every feed is on one host: let a node poll many at once
                schedule='lease = "60s"',
                tick=tick,
            )
        )
        nodes.append(Daemon(cfg))
    return nodes


def stop_all(nodes: list[Daemon]) -> list[int]:
    """SIGTERM to every node at once, then their exit codes (-9: did not stop in time)."""
    for node in nodes:
        if node.proc.poll() is None:
            node.proc.send_signal(signal.SIGTERM)
    for node in nodes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            node.proc.wait(20)
    # signals only a node still running, so a stopping one never gets a second SIGTERM
    return [node.stop(signal.SIGKILL, timeout=5) for node in nodes]


def overlaps(hits: list[Hit]) -> list[tuple[str, float]]:
    """Feeds requested again while an earlier request for them was still unanswered."""
    found = []
    for path, seq in by_feed(hits).items():
        for before, after in itertools.pairwise(seq):
            if not before.done or after.arrived < before.done:
                found.append((path, after.arrived))
    return found


def by_feed(hits: list[Hit]) -> dict[str, list[Hit]]:
    feeds: dict[str, list[Hit]] = defaultdict(list)
    for h in sorted(hits, key=lambda h: h.arrived):
        feeds[h.path].append(h)
    return feeds


@pytest.mark.postgres
def test_two_processes_poll_each_due_feed_once_per_cycle_never_together(
    tmp_path: Path, server: HTTPServer, pg_database: str
) -> None:
    farm = FeedFarm(server, pg_database, 40)
    nodes = start_nodes(tmp_path, farm, pg_database)
    try:
        assert wait_for(lambda: all(n.logged("monitor running") for n in nodes), 25), [
            n.events[-3:] for n in nodes
        ]
        # The first round stores every entry, so it ends late and the second comes late;
        # from the second round on, cycles are regular.
        assert wait_for(lambda: farm.every_feed_polled(2), 30)
        start = time.monotonic()
        time.sleep(2.5 * INTERVAL)
        end = time.monotonic()
        for n in nodes:
            assert n.proc.poll() is None, n.events[-5:]
    finally:
        codes = stop_all(nodes)
        farm.close()
    assert codes == [0, 0], [n.events[-5:] for n in nodes]

    hits = farm.log()
    pids = {n.proc.pid for n in nodes}
    assert not overlaps(hits)
    # every request came from a node holding the feed's lease, unexpired
    assert {h.node for h in hits} <= pids
    assert all(h.lease_live for h in hits)

    steady = [h for h in hits if start <= h.arrived <= end]
    share = {pid: sum(h.node == pid for h in steady) for pid in pids}
    assert min(share.values()) >= 0.1 * len(steady), share  # both processes polled

    # Once per cycle: from the second round on, a feed's polls are about an interval
    # apart: never twice within half of one, never a whole cycle left out.
    gaps: list[float] = []
    for path, seq in by_feed(hits).items():
        times = [h.arrived for h in seq[1:]]
        assert sum(start <= t <= end for t in times) >= 2, (path, times, start, end)
        gaps.extend(b - a for a, b in itertools.pairwise(times))
        assert end - times[-1] < 1.5 * INTERVAL, (path, end - times[-1])
    assert min(gaps) > 0.5 * INTERVAL, sorted(gaps)[:5]
    assert max(gaps) < 1.5 * INTERVAL, sorted(gaps)[-5:]


@pytest.mark.postgres
def test_a_killed_process_leases_hold_until_they_run_out_then_the_other_takes_over(
    tmp_path: Path, server: HTTPServer, pg_database: str
) -> None:
    farm = FeedFarm(server, pg_database, 20)
    nodes = start_nodes(tmp_path, farm, pg_database)
    dead, alive = nodes
    try:
        assert wait_for(lambda: all(n.logged("monitor running") for n in nodes), 25)
        assert wait_for(lambda: farm.every_feed_polled(2), 30)

        # Hold the next feeds `dead` polls unanswered, and kill it mid-poll.
        armed = time.monotonic()
        farm.stall = dead.proc.pid
        assert wait_for(lambda: any(h.node == dead.proc.pid for h in farm.log(armed)), 15)
        time.sleep(0.5)  # the rest of its batch reaches the server
        dead.proc.kill()
        dead.proc.wait(10)
        killed = time.monotonic()
        farm.release.set()  # its requests end; nobody reads the answers
        with farm.db.connect() as conn:
            orphaned = {
                urlsplit(url).path
                for (url,) in conn.execute(
                    text("SELECT url FROM feed WHERE lease_owner LIKE :owner"),
                    {"owner": f"%:{dead.proc.pid}:%"},
                )
            }
        stalled = {h.path for h in farm.log(armed) if h.node == dead.proc.pid}
        assert stalled and stalled <= orphaned  # still leased: never answered

        # Overdue, but leased to a node that will never answer: the other node polls
        # every other feed (a whole cycle) and leaves these alone while the lease runs.
        others = set(farm.paths) - orphaned
        assert wait_for(lambda: farm.polled(killed) >= others, 3 * INTERVAL)
        assert not farm.polled(killed) & orphaned

        # The lease is at least a minute; rather than wait it out, move its end to now.
        with farm.db.begin() as conn:
            conn.execute(
                text("UPDATE feed SET lease_until = :t WHERE lease_owner LIKE :owner"),
                {"t": datetime.now(UTC).replace(tzinfo=None), "owner": f"%:{dead.proc.pid}:%"},
            )
        expired = time.monotonic()
        assert wait_for(lambda: farm.polled(expired) >= orphaned, 10)
        assert alive.proc.poll() is None
    finally:
        codes = stop_all(nodes)
        farm.close()
    assert codes == [-signal.SIGKILL, 0]

    taken = [h for h in farm.log(expired) if h.path in orphaned]
    assert {h.node for h in taken} == {alive.proc.pid}
    assert all(h.lease_live for h in taken)
    first = {h.path: h.arrived for h in reversed(taken)}  # each feed's first poll after
    assert max(first.values()) - expired < 3.0  # within a few ticks of the lease's end
    assert not overlaps(farm.log())
