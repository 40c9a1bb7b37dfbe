"""Faults the daemon survives: a PostgreSQL server that goes silent, restarts or is cut off
under it, and a full disk. Each runs `monitor run` as a process against real databases.

PostgreSQL is reached through a loopback TCP proxy that can cut every connection (as a
server restart does) or turn into a black hole (connections stay open, nothing answers,
as when packets are dropped); the real server is never touched.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sqlite3
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from pytest_httpserver import HTTPServer
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlmodel import select

from monitor.config import parse_config
from monitor.demo.replay import ReplayServer
from monitor.service.app import App
from monitor.service.daemon import Daemon as InProcessDaemon
from monitor.service.liveness import probe
from monitor.storage import Alert, Article, Delivery, StorageError, Store, Story
from tests.helpers import (
    WIRE,
    Daemon,
    Receiver,
    config_text,
    feeds_toml,
    free_port,
    scenario_corpus,
    wait_for,
)
from tests.test_delivery_crash import NewsDesk, _desk_config

pytestmark = pytest.mark.scenario

HEALTHZ_BOUND = 2.0  # seconds /healthz may take, whatever the database does


class TcpProxy:
    """A loopback TCP proxy to `target` that can be cut, turned into a black hole, restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.mode = "forward"  # forward | hole | cut
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self._thread.start()
        started.wait(5)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        started.set()
        self._loop.run_forever()
        server.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.mode == "cut":
            writer.close()
            return
        self._writers.add(writer)
        while self.mode == "hole":  # accepted, never answered
            await asyncio.sleep(0.05)
        if self.mode == "cut":
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.add(up_writer)
        await asyncio.gather(
            self._pump(reader, up_writer), self._pump(up_reader, writer), return_exceptions=True
        )
        for w in (writer, up_writer):
            w.close()
            self._writers.discard(w)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            while self.mode == "hole":  # held, not forwarded
                await asyncio.sleep(0.05)
            if self.mode == "cut":
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    def _close_all(self) -> None:
        for w in list(self._writers):
            w.close()
        self._writers.clear()

    def cut(self) -> None:
        """Close every connection and refuse new ones, as a restarting server does."""
        self.mode = "cut"
        self._loop.call_soon_threadsafe(self._close_all)

    def hole(self) -> None:
        """Keep every connection open and answer nothing, as a dropping network does."""
        self.mode = "hole"

    def restore(self) -> None:
        self.mode = "forward"

    def close(self) -> None:
        self.cut()

        async def finish() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        self._loop.call_soon_threadsafe(lambda: self._loop.create_task(finish()))
        self._thread.join(5)


@pytest.fixture
def pg_proxy(pg_database: str) -> Iterator[tuple[TcpProxy, str]]:
    url = make_url(pg_database)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    via = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        yield proxy, via
    finally:
        proxy.close()


def healthz(port: int) -> tuple[float, dict[str, object]]:
    """Seconds /healthz took, and its report; fails the test when it does not answer."""
    began = time.monotonic()
    _, body = probe("127.0.0.1", port, timeout=HEALTHZ_BOUND + 3)
    took = time.monotonic() - began
    try:
        report = json.loads(body)
    except ValueError:
        pytest.fail(f"/healthz did not answer: {body}")
    return took, report


def watch_healthz(port: int, seconds: float) -> list[dict[str, object]]:
    """Ask /healthz twice a second for `seconds`; each answer must come within the bound."""
    reports = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        took, report = healthz(port)
        assert took < HEALTHZ_BOUND, (took, report)
        reports.append(report)
        time.sleep(0.5)
    return reports


def stop_within(daemon: Daemon, bound: float) -> float:
    began = time.monotonic()
    daemon.proc.send_signal(signal.SIGTERM)
    try:
        rc = daemon.proc.wait(timeout=bound + 30)
    finally:
        daemon.stop(signal.SIGKILL)
    took = time.monotonic() - began
    assert rc == 0
    return took


@pytest.mark.postgres
def test_a_black_holed_postgres_freezes_neither_healthz_nor_the_stop(
    tmp_path: Path, httpserver: HTTPServer, pg_proxy: tuple[TcpProxy, str]
) -> None:
    proxy, url = pg_proxy
    receiver = Receiver(httpserver)
    port = free_port()
    stop_timeout = 4.0
    service = f'[service]\nhealth_port = {port}\nstop_timeout = "{stop_timeout:g}s"\n'
    with ReplayServer(scenario_corpus(dict.fromkeys(WIRE, 1))) as server:
        cfg = tmp_path / "monitor.toml"
        cfg.write_text(config_text(url, feeds_toml(server.feed_urls()), receiver.url, service))
        daemon = Daemon(cfg)
        try:
            assert wait_for(lambda: len(receiver.accepted()) >= 1, 90), daemon.events[-5:]
            assert healthz(port)[1]["ok"] is True
            proxy.hole()
            # the pool's connections hang, new ones are accepted and never answered
            reports = watch_healthz(port, 8)
            assert wait_for(lambda: healthz(port)[1]["database"] is False, 40)
            reports += watch_healthz(port, 2)
            assert reports[-1]["ok"] is False and reports[-1]["scheduler"] is True
            took = stop_within(daemon, stop_timeout)
        finally:
            daemon.stop(signal.SIGKILL)
    assert took < stop_timeout + 2.5, took  # the bound, and the interpreter's exit
    assert daemon.logged("database check failed")


def _articles(url: str) -> set[str]:
    store = Store(url)
    try:
        with store.tx() as tx:
            return {a.url for a in tx.session.exec(select(Article)).all()}
    finally:
        store.close()


def _deliveries(url: str) -> list[Delivery]:
    store = Store(url)
    try:
        with store.tx() as tx:
            return list(tx.session.exec(select(Delivery)).all())
    finally:
        store.close()


# Three rounds of news: one before the faults, one while the server restarts, one while
# it is unreachable.
ROUNDS = {
    **dict.fromkeys(WIRE, 1),
    "trump-petro-tense-summit": 2,
    "petro-stares-down-trump": 2,
    "petro-anuncia-reunion": 2,
    "summit-working-group": 3,
    "summit-working-group-syndicated": 3,
    "cumbre-grupo-antidrogas": 3,
}


def _paths(urls: set[str]) -> set[str]:
    return {u.split("/", 3)[-1] for u in urls}


@pytest.mark.postgres
def test_postgres_restarted_and_unreachable_under_a_running_daemon_loses_nothing(
    tmp_path: Path, httpserver: HTTPServer, pg_database: str, pg_proxy: tuple[TcpProxy, str]
) -> None:
    proxy, url = pg_proxy
    receiver = Receiver(httpserver)
    port = free_port()
    corpus = scenario_corpus(ROUNDS)
    expected: dict[int, set[str]] = {}
    # What an uninterrupted run stores by each round: the same pipeline, in-process.
    baseline_db = f"sqlite:///{tmp_path / 'baseline.db'}"
    with ReplayServer(corpus) as server:
        cfg = parse_config(
            tomllib.loads(config_text(baseline_db, feeds_toml(server.feed_urls()), receiver.url))
        )

        async def rounds() -> None:
            async with App(cfg) as app:
                for n in (1, 2, 3):
                    server.set_round(n)
                    await app.pipeline.poll_all()
                    expected[n] = _paths(_articles(baseline_db))

        asyncio.run(rounds())
    assert len(expected[1]) < len(expected[2]) < len(expected[3])

    def caught_up(n: int) -> Callable[[], bool]:
        def check() -> bool:
            try:
                sent = _deliveries(pg_database)
            except StorageError:  # the schema is not there yet
                return False
            done = sent and all(d.status == "delivered" for d in sent)
            return bool(done) and _paths(_articles(pg_database)) == expected[n]

        return check

    service = f'[service]\nhealth_port = {port}\nstop_timeout = "5s"\n'
    with ReplayServer(corpus) as server:
        cfg_path = tmp_path / "monitor.toml"
        cfg_path.write_text(config_text(url, feeds_toml(server.feed_urls()), receiver.url, service))
        daemon = Daemon(cfg_path)
        try:
            assert wait_for(caught_up(1), 90), daemon.events[-5:]
            # 1. restarted: every connection closed, none taken for a few seconds, while
            # the news goes on
            proxy.cut()
            server.set_round(2)
            watch_healthz(port, 4)
            proxy.restore()
            assert wait_for(caught_up(2), 90), daemon.events[-10:]
            # 2. unreachable: connections stay open and nothing answers, long enough to be
            # noticed
            proxy.hole()
            server.set_round(3)
            watch_healthz(port, 4)
            assert wait_for(lambda: healthz(port)[1]["database"] is False, 40)
            watch_healthz(port, 2)
            proxy.restore()
            assert wait_for(lambda: healthz(port)[1]["ok"] is True, 40)
            assert wait_for(caught_up(3), 90), daemon.events[-10:]
            assert daemon.proc.poll() is None
        finally:
            rc = daemon.stop()
    assert rc == 0
    accepted = receiver.accepted()
    assert len(accepted) == len(set(accepted))  # no alert id accepted twice
    assert set(accepted) == {d.alert_id for d in _deliveries(pg_database)}  # none lost
    assert daemon.logged("database check failed")
    assert daemon.logged("database answers again")


async def test_a_full_disk_fails_writes_cleanly_and_the_daemon_recovers(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """SQLite's `max_page_count` stands in for a full file system: a write that would grow
    the file fails with SQLITE_FULL, as on a full disk. The daemon runs in-process so the
    cap can be put on its own connections, and lifted again."""
    receiver = Receiver(httpserver)
    db = f"sqlite:///{tmp_path / 'm.db'}"
    # Small pages: the few articles of this scenario would fit in the room left in the
    # store's 8 KB pages, and the cap would never bite.
    with sqlite3.connect(tmp_path / "m.db") as con:
        con.execute("PRAGMA page_size=1024")
        con.execute("PRAGMA auto_vacuum=INCREMENTAL")
        con.execute("CREATE TABLE made_before (x)")
    with ReplayServer(scenario_corpus(dict.fromkeys(WIRE, 1))) as server:
        text = config_text(db, feeds_toml(server.feed_urls()), receiver.url)
        app = App(parse_config(tomllib.loads(text)))
        app.start()
        # migrations that rebuild tables leave free pages: without them the cap bites at
        # the first write that needs a new page
        with app.store.engine.connect() as conn:
            conn.exec_driver_sql("VACUUM")
        with app.store.tx() as tx:
            full = tx.session.connection().exec_driver_sql("PRAGMA page_count").scalar()
        cap = [int(full or 0)]  # no room for one more page

        @event.listens_for(app.store.engine, "checkout")
        def _cap(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
            dbapi_conn.execute(f"PRAGMA max_page_count = {cap[0]}")

        daemon = InProcessDaemon(app)
        running = asyncio.create_task(daemon.run())
        try:
            failed = lambda: [  # noqa: E731
                r for r in caplog_records if "full" in r.getMessage() or "full" in str(r.exc_info)
            ]
            caplog_records: list[logging.LogRecord] = []
            handler = _Collect(caplog_records)
            logging.getLogger("monitor").addHandler(handler)
            try:
                assert await _until(lambda: len(failed()) >= 3 and len(server.requests) >= 6, 60)
                assert not running.done()
                # A write that fits in pages the file has still succeeds, as on a real full
                # disk; what was stored is whole: each relevant article in its story or
                # a copy of one stored, each story with its articles.
                with app.store.tx() as tx:
                    session = tx.session
                    articles = session.exec(select(Article)).all()
                    assert len(articles) < len(WIRE)  # some writes failed
                    ids = {a.id for a in articles}
                    for a in articles:
                        if a.relevant:
                            assert a.story_id is not None or a.duplicate_of in ids, a.url
                    for story in session.exec(select(Story)).all():
                        assert any(a.story_id == story.id for a in articles), story.title
                cap[0] = 1_000_000  # space returns
                # every feed's retry comes (each after its own failure backoff) and stores
                assert await _until(lambda: _stored(app) == set(WIRE), 120)
                assert await _until(lambda: len(receiver.accepted()) >= 1, 60)
                await _until(lambda: _settled(app), 30)
            finally:
                logging.getLogger("monitor").removeHandler(handler)
        finally:
            daemon.stop()
            await asyncio.wait_for(running, 30)
            with app.store.tx() as tx:
                stored = tx.session.exec(select(Article)).all()
                alerts = tx.session.exec(select(Alert)).all()
                check = tx.session.connection().exec_driver_sql("PRAGMA integrity_check")
                assert check.scalar() == "ok"
            await app.aclose()
    assert {a.url.rsplit("/", 1)[-1].removesuffix(".html") for a in stored} == set(WIRE)
    accepted = receiver.accepted()
    assert len(accepted) == len(set(accepted)) == len(alerts)
    assert set(accepted) == {a.id for a in alerts}


class _Collect(logging.Handler):
    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


async def _until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
    return False


def _stored(app: App) -> set[str]:
    with app.store.tx() as tx:
        articles = tx.session.exec(select(Article)).all()
    return {a.url.rsplit("/", 1)[-1].removesuffix(".html") for a in articles}


def _settled(app: App) -> bool:
    with app.store.tx() as tx:
        return all(d.status == "delivered" for d in tx.session.exec(select(Delivery)).all())


async def test_clock_jumps_neither_flood_alerts_nor_stall_the_schedule(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The wall clock steps forward a day, then back an hour, under a running daemon (in
    process: time-machine moves the wall clock, not the loop's monotonic one). Each new
    article is alerted once, within seconds of being published, both times."""
    receiver = Receiver(httpserver)
    desk = NewsDesk(httpserver)
    digest = '[[rules]]\nname = "daily"\nschedule = "daily 07:00"\nchannels = ["hook"]\n'
    cfg = _desk_config(tmp_path, "clock", receiver.url, httpserver.url_for("/feed.xml"))
    cfg.write_text(cfg.read_text() + digest)
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logging.getLogger("monitor").addHandler(handler)
    try:
        with time_machine.travel(datetime.now(UTC), tick=True) as traveller:
            app = App(parse_config(tomllib.loads(cfg.read_text())))
            app.start()
            daemon = InProcessDaemon(app)
            running = asyncio.create_task(daemon.run())
            try:
                desk.round = 1
                assert await _until(lambda: len(receiver.events("new_story")) == 2, 60)
                for shift, rnd in ((timedelta(days=1), 2), (timedelta(hours=-1), 3)):
                    traveller.shift(shift)
                    desk.round = rnd
                    # a stalled schedule would wait out the hour, or the day's old timers
                    assert await _until(
                        lambda n=rnd: len(receiver.events("new_story")) == 2 * n, 30
                    ), [r.getMessage() for r in records[-5:]]
                    await asyncio.sleep(3)  # anything else would come now
                    assert not running.done()
            finally:
                daemon.stop()
                await asyncio.wait_for(running, 30)
                await app.aclose()
    finally:
        logging.getLogger("monitor").removeHandler(handler)
    events = [b["event"] for b in receiver.bodies]
    assert events.count("new_story") == 6  # each article once, no repeats
    assert events.count("digest") <= 1  # the day skipped is one digest, not a flood
    assert set(events) <= {"new_story", "digest"}
    accepted = receiver.accepted()
    assert len(accepted) == len(set(accepted))
    jumps = [r.getMessage() for r in records if "wall clock jumped" in r.getMessage()]
    assert [j.split(" by ")[0] for j in jumps] == [
        "the wall clock jumped forward",
        "the wall clock jumped back",
    ]


@pytest.mark.postgres
def test_postgres_connections_are_bounded_in_time(pg_proxy: tuple[TcpProxy, str]) -> None:
    """A connection attempt to a silent server gives up at connect_timeout; sessions carry
    statement, lock and idle-transaction limits; limits written in the URL win."""
    from sqlalchemy import text

    from monitor.storage.store import PG_CONNECT_TIMEOUT, PG_SESSION_LIMITS, make_engine

    proxy, url = pg_proxy
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for name, value in PG_SESSION_LIMITS.items():
                assert conn.execute(text(f"SHOW {name}")).scalar() == value
        engine.dispose()
        proxy.hole()
        silent = make_engine(url)  # the default connect_timeout
        began = time.monotonic()
        with pytest.raises(Exception, match=r"timeout|timed out"):
            silent.connect()
        assert PG_CONNECT_TIMEOUT <= time.monotonic() - began < PG_CONNECT_TIMEOUT + 5
        silent.dispose()
    finally:
        proxy.restore()
        engine.dispose()
    mine = make_engine(f"{url}{'&' if '?' in url else '?'}options=-c%20lock_timeout%3D5s")
    try:
        with mine.connect() as conn:
            assert conn.execute(text("SHOW lock_timeout")).scalar() == "5s"
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "10min"
    finally:
        mine.dispose()
