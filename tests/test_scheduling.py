"""The polling schedule against a real loopback server: hints, backoff, moves, restarts."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.config import Config, parse_config
from monitor.review.cli import app as cli
from monitor.service.app import App
from monitor.storage import Feed, InstanceLocked, Store
from tests.conftest import _pg_schema_url

START = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def rss(items: list[tuple[str, datetime | None]], ttl: int | None = None) -> str:
    body = "".join(
        f"<item><title>Item {guid}</title><link>http://10.0.0.1/{guid}</link><guid>{guid}</guid>"
        + (f"<pubDate>{format_datetime(when)}</pubDate>" if when else "")
        + "</item>"
        for guid, when in items
    )
    extra = f"<ttl>{ttl}</ttl>" if ttl else ""
    channel = f"<channel><title>F</title>{extra}{body}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def config(db_url: str, feeds: list[dict[str, Any]], **schedule: Any) -> Config:
    # Article links point at 10.0.0.1, which the private-address guard refuses before
    # connecting: only feed requests reach the server.
    return parse_config(
        {
            "storage": {"url": db_url},
            "schedule": schedule,
            "topics": [{"name": "t", "query": "nothing-matches-this"}],
            "feeds": feeds,
            "rules": [{"name": "r", "channels": ["c"]}],
            "channels": [{"name": "c", "type": "console"}],
        }
    )


def feed_row(app: App, url: str) -> Feed:
    with app.store.tx() as tx:
        row = tx.feed_by_url(url)
    assert row is not None
    return row


def requests_to(server: HTTPServer, path: str) -> int:
    return sum(1 for req, _ in server.log if req.path == path)


def wait(row: Feed, now: datetime) -> float:
    return (row.next_check_at - now).total_seconds()


async def test_conditional_get_sends_validators_and_304_keeps_the_schedule(
    sqlite_url: str, server: HTTPServer
) -> None:
    etag, modified = '"v7"', "Tue, 03 Feb 2026 10:00:00 GMT"
    server.expect_request(
        "/feed.xml", headers={"If-None-Match": etag, "If-Modified-Since": modified}
    ).respond_with_data("", status=304)
    server.expect_request("/feed.xml").respond_with_data(
        rss([("a", START - timedelta(hours=1))]),
        headers={"ETag": etag, "Last-Modified": modified},
        content_type="application/rss+xml",
    )
    url = server.url_for("/feed.xml")
    clock = Clock()
    async with App(config(sqlite_url, [{"url": url}]), clock=clock) as app:
        first = await app.pipeline.poll_due()
        row = feed_row(app, url)
        assert (row.etag, row.last_modified) == (etag, modified)
        clock.now = row.next_check_at
        second = await app.pipeline.poll_due()
        after = feed_row(app, url)
    assert [f.status for f in first.feeds] == ["ok"]
    assert [f.status for f in second.feeds] == ["not_modified"]
    (_, conditional), *_ = [(r, r.headers) for r, _ in server.log[1:]]
    assert conditional["If-None-Match"] == etag
    assert conditional["If-Modified-Since"] == modified
    assert (after.etag, after.last_modified) == (etag, modified)  # a 304 keeps the validators
    assert after.status == "ok" and after.next_check_at > clock.now


@pytest.mark.parametrize("form", ["seconds", "http-date"])
async def test_retry_after_is_honoured(sqlite_url: str, server: HTTPServer, form: str) -> None:
    clock = Clock()
    value = "1800" if form == "seconds" else format_datetime(START + timedelta(minutes=30), True)
    status = 429 if form == "seconds" else 503
    server.expect_request("/busy.xml").respond_with_data(
        "slow down", status=status, headers={"Retry-After": value}
    )
    url = server.url_for("/busy.xml")
    async with App(config(sqlite_url, [{"url": url, "interval": "10s"}]), clock=clock) as app:
        report = await app.pipeline.poll_due()
        row = feed_row(app, url)
    assert report.feeds[0].status == "error"
    assert row.status == "failing"
    assert 1800 <= wait(row, START) <= 1800 * 1.1  # never before, a little after
    assert "Retry-After 1800s" in (row.interval_reason or "")


async def test_retry_after_beyond_the_upper_bound_is_capped(
    sqlite_url: str, server: HTTPServer
) -> None:
    server.expect_request("/away.xml").respond_with_data(
        "", status=503, headers={"Retry-After": str(30 * 86400)}
    )
    url = server.url_for("/away.xml")
    async with App(config(sqlite_url, [{"url": url}], max_interval="1h"), clock=Clock()) as app:
        await app.pipeline.poll_due()
        row = feed_row(app, url)
    assert 3600 <= wait(row, START) <= 3600 * 1.1
    assert "capped" in (row.interval_reason or "")


async def test_backoff_grows_caps_and_never_gives_up(
    sqlite_url: str, server: HTTPServer, tmp_path: Path
) -> None:
    server.expect_request("/down.xml").respond_with_data("broken", status=500)
    url = server.url_for("/down.xml")
    clock = Clock()
    cfg = config(sqlite_url, [{"url": url, "interval": "10s"}], max_backoff="80s")
    waits = []
    async with App(cfg, clock=clock) as app:
        for _ in range(8):
            report = await app.pipeline.poll_due()
            assert [f.status for f in report.feeds] == ["error"]
            row = feed_row(app, url)
            waits.append(row.check_interval)
            assert 0.9 * row.check_interval <= wait(row, clock.now) <= 1.1 * row.check_interval
            assert not (await app.pipeline.poll_due()).feeds  # not due before its time
            clock.now = row.next_check_at
    assert waits == [10, 20, 40, 80, 80, 80, 80, 80]
    assert row.status == "failing" and row.consecutive_failures == 8
    assert requests_to(server, "/down.xml") == 8

    toml = tmp_path / "m.toml"
    toml.write_text(
        f'[storage]\nurl = "{sqlite_url}"\n[[topics]]\nname = "t"\nquery = "x"\n'
        f'[[feeds]]\nurl = "{url}"\n'
    )
    shown = CliRunner().invoke(cli, ["-c", str(toml), "feeds"])
    assert shown.exit_code == 0, shown.output
    assert "failing" in shown.output and "backoff after 8 failures" in shown.output
    assert "HTTP 500" in shown.output and "80s" in shown.output


async def test_permanent_redirect_moves_the_feed_without_a_duplicate(
    sqlite_url: str, server: HTTPServer
) -> None:
    server.expect_request("/old.xml").respond_with_data(
        "", status=301, headers={"Location": server.url_for("/new.xml")}
    )
    server.expect_request("/new.xml").respond_with_data(
        rss([("a", START)]), content_type="application/rss+xml"
    )
    old, new = server.url_for("/old.xml"), server.url_for("/new.xml")
    clock = Clock()
    cfg = config(sqlite_url, [{"url": old, "name": "Moved"}])
    async with App(cfg, clock=clock) as app:
        await app.pipeline.poll_due()
        row = feed_row(app, old)
        assert row.fetch_url == new
        clock.now = row.next_check_at
        await app.pipeline.poll_due()
    assert requests_to(server, "/old.xml") == 1  # the second poll went straight to the new URL
    assert requests_to(server, "/new.xml") == 2

    # The same config again (a restart or a SIGHUP): still one feed, still moved.
    async with App(cfg, clock=clock) as app:
        with app.store.tx() as tx:
            feeds = list(tx.feeds())
    assert [(f.id, f.url, f.fetch_url) for f in feeds] == [(row.id, old, new)]

    # The config names the new address now: the same row, keyed by it, history kept.
    async with App(config(sqlite_url, [{"url": new, "name": "Moved"}]), clock=clock) as app:
        with app.store.tx() as tx:
            feeds = list(tx.feeds())
    assert [(f.id, f.url, f.fetch_url, f.configured) for f in feeds] == [(row.id, new, None, True)]
    assert feeds[0].entries_seen == 1


async def test_gone_disables_the_feed_and_says_so(
    sqlite_url: str, server: HTTPServer, tmp_path: Path
) -> None:
    server.expect_request("/gone.xml").respond_with_data("gone", status=410)
    url = server.url_for("/gone.xml")
    clock = Clock()
    async with App(config(sqlite_url, [{"url": url, "interval": "10s"}]), clock=clock) as app:
        await app.pipeline.poll_due()
        clock.advance(86400)
        assert not (await app.pipeline.poll_due()).feeds
        row = feed_row(app, url)
    assert row.status == "disabled"
    assert "gone (410)" in (row.last_error or "")
    assert requests_to(server, "/gone.xml") == 1

    toml = tmp_path / "m.toml"
    toml.write_text(
        f'[storage]\nurl = "{sqlite_url}"\n[[topics]]\nname = "t"\nquery = "x"\n'
        f'[[feeds]]\nurl = "{url}"\n'
    )
    runner = CliRunner()
    shown = runner.invoke(cli, ["-c", str(toml), "feeds"])
    assert "disabled" in shown.output and "410" in shown.output
    enabled = runner.invoke(cli, ["-c", str(toml), "feeds", "enable", str(row.id)])
    assert enabled.exit_code == 0 and "was disabled" in enabled.output
    awake = Clock(datetime.now(UTC) + timedelta(seconds=1))  # `feeds enable` uses the real time
    async with App(config(sqlite_url, [{"url": url}]), clock=awake) as app:
        assert len((await app.pipeline.poll_due()).feeds) == 1


async def test_interval_adapts_to_a_busy_and_a_quiet_feed(
    sqlite_url: str, server: HTTPServer
) -> None:
    busy = [(f"b{i}", START - timedelta(minutes=3 * i)) for i in range(40)]  # 20 an hour
    quiet = [(f"q{i}", START - timedelta(days=10 * i + 1)) for i in range(4)]  # 5 a month
    server.expect_request("/busy.xml").respond_with_data(rss(busy))
    server.expect_request("/quiet.xml").respond_with_data(rss(quiet))
    urls = [server.url_for("/busy.xml"), server.url_for("/quiet.xml")]
    cfg = config(sqlite_url, [{"url": u} for u in urls])
    async with App(cfg, clock=Clock()) as app:
        await app.pipeline.poll_due()
        b, q = (feed_row(app, u) for u in urls)
    assert b.check_interval is not None and q.check_interval is not None
    assert 120 <= b.check_interval < 300  # 900 / sqrt(20)
    assert q.check_interval > 5400 and q.check_interval > 20 * b.check_interval
    assert "entries/hour" in (b.interval_reason or "")
    assert "entries/week" in (q.interval_reason or "")
    assert b.next_check_at < q.next_check_at


async def test_a_new_entry_speeds_a_quiet_feed_up(sqlite_url: str, server: HTTPServer) -> None:
    items = [(f"q{i}", START - timedelta(days=7 * i + 1)) for i in range(4)]
    feed = {"body": rss(items)}
    server.expect_request("/q.xml").respond_with_handler(lambda _r: Response(feed["body"]))
    url = server.url_for("/q.xml")
    clock = Clock()
    async with App(config(sqlite_url, [{"url": url}]), clock=clock) as app:
        await app.pipeline.poll_due()
        slow = feed_row(app, url)
        clock.now = slow.next_check_at
        feed["body"] = rss([("new", clock.now - timedelta(minutes=5)), *items])
        await app.pipeline.poll_due()
        woken = feed_row(app, url)
    assert slow.check_interval is not None and woken.check_interval is not None
    assert woken.check_interval < slow.check_interval / 1.5


async def test_max_age_and_ttl_are_honoured_and_clamped(
    sqlite_url: str, server: HTTPServer
) -> None:
    busy = [(f"b{i}", START - timedelta(minutes=i)) for i in range(30)]
    server.expect_request("/cached.xml").respond_with_data(
        rss(busy), headers={"Cache-Control": "public, max-age=3600"}
    )
    server.expect_request("/ttl.xml").respond_with_data(rss(busy, ttl=1440))  # a day
    cached, ttl = server.url_for("/cached.xml"), server.url_for("/ttl.xml")
    clock = Clock()
    async with App(config(sqlite_url, [{"url": cached}, {"url": ttl}]), clock=clock) as app:
        await app.pipeline.poll_due()
        c, t = feed_row(app, cached), feed_row(app, ttl)
        assert c.check_interval == 3600 and 3600 <= wait(c, START) <= 3600 * 1.1
        assert "max-age=3600" in (c.interval_reason or "")
        assert t.check_interval == 6 * 3600  # the ttl, clamped to the upper bound
        assert "ttl 1440m" in (t.interval_reason or "") and "capped" in (t.interval_reason or "")
        # The same body next time is not parsed again; the stored ttl still counts.
        clock.now = t.next_check_at
        report = await app.pipeline.poll_due()
        assert {f.url: f.status for f in report.feeds}[ttl] == "unchanged"
        assert feed_row(app, ttl).check_interval == 6 * 3600


async def test_next_check_survives_a_restart(sqlite_url: str, server: HTTPServer) -> None:
    server.expect_request("/f.xml").respond_with_data(rss([("a", START)]))
    url = server.url_for("/f.xml")
    cfg = config(sqlite_url, [{"url": url, "interval": "1h"}])
    clock = Clock()
    async with App(cfg, clock=clock) as app:
        await app.pipeline.poll_due()
        planned = feed_row(app, url).next_check_at
    clock.advance(600)
    async with App(cfg, clock=clock) as app:  # a restart: the schedule comes from the database
        assert feed_row(app, url).next_check_at == planned
        assert not (await app.pipeline.poll_due()).feeds
        clock.now = planned
        assert len((await app.pipeline.poll_due()).feeds) == 1
    assert requests_to(server, "/f.xml") == 2


# --- several nodes ------------------------------------------------------------


async def test_a_dead_nodes_lease_expires_and_is_taken_over(
    db_url: str, server: HTTPServer
) -> None:
    server.expect_request("/f.xml").respond_with_data(rss([("a", START)]))
    url = server.url_for("/f.xml")
    cfg = config(db_url, [{"url": url}], lease="5m")
    clock = Clock()
    async with App(cfg, clock=clock) as dead, App(cfg, clock=clock) as alive:
        assert len(dead.pipeline._claim(due_by=clock.now)) == 1  # claims, then dies
        assert not (await alive.pipeline.poll_due()).feeds
        clock.advance(299)
        assert not (await alive.pipeline.poll_due()).feeds
        clock.advance(2)
        assert len((await alive.pipeline.poll_due()).feeds) == 1
        row = feed_row(alive, url)
    assert row.lease_owner is None and row.status == "ok"
    assert requests_to(server, "/f.xml") == 1


async def test_a_slow_poll_renews_its_lease(db_url: str, server: HTTPServer) -> None:
    clock = Clock()
    url = server.url_for("/slow.xml")
    observer = Store(db_url)
    renewed: list[datetime] = []

    def handler(_: Request) -> Response:
        clock.advance(600)  # the poll outlives its five-minute lease
        deadline = time.monotonic() + 30
        while not renewed and time.monotonic() < deadline:
            with observer.tx() as tx:
                row = tx.feed_by_url(url)
            if row and row.lease_until and row.lease_until > START + timedelta(minutes=5):
                renewed.append(row.lease_until)
            time.sleep(0.02)
        return Response(rss([("a", START)]))

    server.expect_request("/slow.xml").respond_with_handler(handler)
    try:
        async with App(config(db_url, [{"url": url}], lease="5m"), clock=clock) as app:
            app.pipeline.lease_renewal = 0.05
            report = await app.pipeline.poll_due()
            row = feed_row(app, url)
    finally:
        observer.close()
    assert [f.status for f in report.feeds] == ["ok"]
    assert renewed and renewed[0] == START + timedelta(minutes=15)  # now + lease
    assert row.lease_owner is None and row.lease_until is None  # handed back when done


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _pg_schema_url()


async def test_a_stopping_node_hands_its_leases_back(db_url: str, server: HTTPServer) -> None:
    server.expect_request("/f.xml").respond_with_data(rss([("a", START)]))
    url = server.url_for("/f.xml")
    cfg = config(db_url, [{"url": url}])
    clock = Clock()
    async with App(cfg, clock=clock) as stopping, App(cfg, clock=clock) as other:
        assert len(stopping.pipeline._claim(due_by=clock.now)) == 1  # then it is stopped
        assert not (await other.pipeline.poll_due()).feeds
        stopping.pipeline.release_leases()
        assert len((await other.pipeline.poll_due()).feeds) == 1  # no lease to wait out


async def test_on_sqlite_a_crashed_runs_leases_are_cleared_on_start(
    sqlite_url: str, server: HTTPServer
) -> None:
    server.expect_request("/f.xml").respond_with_data(rss([("a", START)]))
    url = server.url_for("/f.xml")
    cfg = config(sqlite_url, [{"url": url}])
    clock = Clock()
    async with App(cfg, clock=clock) as crashed:
        assert len(crashed.pipeline._claim(due_by=clock.now)) == 1  # killed while polling
    app = App(cfg, clock=clock)
    try:
        app.store.lock_instance()  # as `monitor run` does: no other process can hold it
        app.start()
        assert len((await app.pipeline.poll_due()).feeds) == 1
    finally:
        await app.aclose()


@pytest.mark.postgres
def test_two_nodes_on_postgres_poll_each_due_feed_once(server: HTTPServer, pg_url: str) -> None:
    """Two daemons on one database: no feed fetched twice at once, each due feed once."""
    lock = threading.Lock()
    in_flight: Counter[str] = Counter()
    overlap: list[str] = []
    served: Counter[str] = Counter()
    hold = threading.Event()  # never set: only a short pause, so the nodes overlap

    def handler(request: Request) -> Response:
        with lock:
            in_flight[request.path] += 1
            served[request.path] += 1
            if in_flight[request.path] > 1:
                overlap.append(request.path)
        hold.wait(0.05)
        with lock:
            in_flight[request.path] -= 1
        # every feed also carries one shared article: the nodes must store it once
        return Response(rss([(request.path.strip("/"), START), ("shared", START)]))

    paths = [f"/n{i}.xml" for i in range(12)]
    for p in paths:
        server.expect_request(p).respond_with_handler(handler)
    cfg = config(pg_url, [{"url": server.url_for(p), "interval": "1h"} for p in paths])
    barrier = threading.Barrier(2)
    polled: list[list[tuple[str, str]]] = [[], []]
    errors: list[BaseException] = []

    def node(i: int) -> None:
        try:
            asyncio.run(_node(cfg, barrier, polled[i]))
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=node, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert not overlap
    assert served == dict.fromkeys(paths, 1)
    assert sorted(u for u, _ in polled[0] + polled[1]) == sorted(server.url_for(p) for p in paths)
    assert polled[0] and polled[1]  # both nodes took a share
    assert {status for _, status in polled[0] + polled[1]} == {"ok"}
    store = Store(pg_url)
    try:
        with store.tx() as tx:
            shared = [a for a in tx.articles(relevant=None) if a.url.endswith("/shared")]
            assert len(shared) == 1
            assert shared[0].id is not None and len(tx.sightings(shared[0].id)) == len(paths)
    finally:
        store.close()


async def _node(cfg: Config, barrier: threading.Barrier, polled: list[tuple[str, str]]) -> None:
    async with App(cfg) as app:
        app.pipeline.claim_batch = 2  # small batches, so both nodes take turns
        await asyncio.to_thread(barrier.wait, 60)
        for _ in range(2):  # the second cycle finds nothing due: each feed once per hour
            report = await app.pipeline.poll_due()
            polled.extend((f.url, f.status) for f in report.feeds)


def test_singleton_runs_a_job_on_one_node_at_a_time(db_url: str) -> None:
    first, second = Store(db_url), Store(db_url)
    try:
        with first.singleton("digest") as mine:
            assert mine
            with second.singleton("digest") as theirs, second.singleton("retention") as other:
                assert not theirs  # held elsewhere: skip this round
                assert other  # another name is another lock
        with second.singleton("digest") as theirs:
            assert theirs  # released at the end of the block
    finally:
        first.close()
        second.close()


def test_a_second_store_on_one_sqlite_file_is_refused(sqlite_url: str) -> None:
    first, second = Store(sqlite_url), Store(sqlite_url)
    try:
        first.lock_instance()
        with pytest.raises(InstanceLocked, match="already used by another `monitor run`"):
            second.lock_instance()
        first.close()
        second.lock_instance()  # free again once the first is gone
    finally:
        first.close()
        second.close()


def test_a_second_sqlite_daemon_is_refused(tmp_path: Path, server: HTTPServer) -> None:
    server.expect_request("/f.xml").respond_with_data(rss([("a", START)]))
    db = tmp_path / "m.db"
    toml = tmp_path / "m.toml"
    toml.write_text(
        f'[storage]\nurl = "sqlite:///{db}"\n[schedule]\ntick = "1s"\n'
        f'[[topics]]\nname = "t"\nquery = "x"\n[[feeds]]\nurl = "{server.url_for("/f.xml")}"\n'
    )
    cmd = [sys.executable, "-m", "monitor", "-c", str(toml), "run"]
    first = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while requests_to(server, "/f.xml") == 0 and time.monotonic() < deadline:
            assert first.poll() is None, "the first daemon exited"
            time.sleep(0.05)
        assert requests_to(server, "/f.xml") == 1, "the first daemon never polled"
        second = subprocess.run(
            [*cmd, "--once"], capture_output=True, text=True, timeout=120, check=False
        )
        assert second.returncode == 1
        assert "already used by another `monitor run`" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        assert "use PostgreSQL to run several" in second.stderr
        assert requests_to(server, "/f.xml") == 1  # the refused one polled nothing
    finally:
        first.send_signal(signal.SIGTERM)
        try:
            first.communicate(timeout=60)
        finally:
            if first.poll() is None:
                first.kill()
    assert first.returncode == 0


def test_run_once_due_polls_only_what_is_due(tmp_path: Path, server: HTTPServer) -> None:
    server.expect_request("/f.xml").respond_with_data(rss([("a", START)]))
    toml = tmp_path / "m.toml"
    toml.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n'
        f'[[topics]]\nname = "t"\nquery = "x"\n[[feeds]]\nurl = "{server.url_for("/f.xml")}"\n'
    )
    runner = CliRunner()
    first = runner.invoke(cli, ["-c", str(toml), "run", "--once", "--due"])
    assert first.exit_code == 0, first.output
    assert "Polled 1 feeds" in first.output
    again = runner.invoke(cli, ["-c", str(toml), "run", "--once", "--due"])
    assert "Polled 0 feeds" in again.output  # next check is 15 minutes away
    assert requests_to(server, "/f.xml") == 1
    everything = runner.invoke(cli, ["-c", str(toml), "run", "--once"])
    assert "Polled 1 feeds" in everything.output
    wrong = runner.invoke(cli, ["-c", str(toml), "run", "--due"])
    assert wrong.exit_code == 2 and "--due goes with --once" in wrong.output


# time to alert: topic search feeds and follow-ups


def topical(items: list[tuple[str, datetime]], word: str) -> str:
    """An RSS body whose items are about `word` (their links are refused before any
    request, so each item is judged on its title and summary)."""
    body = "".join(
        f"<item><title>{word} report {guid}</title><link>http://10.0.0.1/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{word} {guid} unique words {guid}x {guid}y</description></item>"
        for guid, when in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>'
    )


def topic_config(db_url: str, feeds: list[dict[str, Any]], **schedule: Any) -> Config:
    return parse_config(
        {
            "storage": {"url": db_url},
            "schedule": schedule,
            "topics": [{"name": "quake", "query": "zorbex"}, {"name": "other", "query": "blorp"}],
            "feeds": feeds,
            "rules": [{"name": "r", "channels": ["c"]}],
            "channels": [{"name": "c", "type": "console"}],
        }
    )


@pytest.mark.parametrize("follow_up", ["1m", "off"])
async def test_a_new_story_on_one_feed_makes_the_topics_other_feeds_due_soon(
    db_url: str, server: HTTPServer, follow_up: str
) -> None:
    # A is busy; B and D carried the topic days ago and are quiet; C may only carry the
    # other topic (its own `topics`), E never carried anything of it.
    a_items = [(f"a{i}", START - timedelta(days=2, minutes=20 * i)) for i in range(30)]
    feeds = {"a": {"body": topical(a_items, "zorbex")}}
    server.expect_request("/a.xml").respond_with_handler(lambda _r: Response(feeds["a"]["body"]))
    old = [("old", START - timedelta(days=3))]
    server.expect_request("/b.xml").respond_with_data(topical(old, "zorbex"))
    server.expect_request("/c.xml").respond_with_data(
        topical([("c", START - timedelta(days=3))], "blorp")
    )
    server.expect_request("/d.xml").respond_with_data(
        topical([("d", START - timedelta(days=4))], "zorbex")
    )
    server.expect_request("/e.xml").respond_with_data(
        topical([("e", START - timedelta(days=3))], "nothing")
    )
    urls = {k: server.url_for(f"/{k}.xml") for k in "abcde"}
    cfg = topic_config(
        db_url,
        [
            {"url": urls["a"], "name": "A"},
            {"url": urls["b"]},
            {"url": urls["c"], "topics": ["other"]},
            {"url": urls["d"]},
            {"url": urls["e"]},
        ],
        follow_up=follow_up,
    )
    clock = Clock()
    async with App(cfg, clock=clock) as app:
        await app.pipeline.poll_due()  # history only: older than backfill, no follow-up
        before = {k: feed_row(app, u) for k, u in urls.items()}
        assert all(r.next_check_at > START + timedelta(minutes=5) for r in before.values())
        clock.now = before["a"].next_check_at
        assert all(before[k].next_check_at > clock.now for k in "bcde")
        fresh = [("breaking", clock.now - timedelta(minutes=2)), *a_items]
        feeds["a"]["body"] = topical(fresh, "zorbex")
        report = await app.pipeline.poll_due()
        assert [f.url for f in report.feeds] == [urls["a"]]
        after = {k: feed_row(app, u) for k, u in urls.items()}
    if follow_up == "off":
        assert all(after[k].next_check_at == before[k].next_check_at for k in "bcde")
        return
    for k in "bd":  # carried the topic: due in a minute, and it says why
        assert after[k].next_check_at == clock.now + timedelta(minutes=1)
        assert "follow-up: a new quake story on A" in (after[k].interval_reason or "")
    for k in "ce":  # cannot or did not carry it: left alone
        assert after[k].next_check_at == before[k].next_check_at


async def test_a_quiet_search_feed_is_checked_within_its_bound(
    sqlite_url: str, server: HTTPServer
) -> None:
    quiet = [(f"q{i}", START - timedelta(days=10 * i + 1)) for i in range(4)]
    server.expect_request("/rss/search").respond_with_data(rss(quiet))
    server.expect_request("/blog.xml").respond_with_data(rss(quiet))
    search, blog = server.url_for("/rss/search"), server.url_for("/blog.xml")
    cfg = config(sqlite_url, [{"url": search, "search": True}, {"url": blog}])
    async with App(cfg, clock=Clock()) as app:
        await app.pipeline.poll_due()
        s, b = feed_row(app, search), feed_row(app, blog)
    assert s.check_interval == 480 and wait(s, START) <= 480 * 1.1
    assert "search feed: at most 8 min" in (s.interval_reason or "")
    assert b.check_interval is not None and b.check_interval > 5400
