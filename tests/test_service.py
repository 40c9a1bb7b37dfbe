"""The daemon as a service process: sd_notify, SIGHUP reload, bounded SIGTERM, /healthz."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.demo.replay import ReplayServer
from monitor.review.cli import app as cli
from monitor.review.cli.common import ExitCode
from monitor.service.systemd import Notifier, watchdog_interval
from monitor.storage import Delivery, Store
from tests.conftest import PG_URL
from tests.helpers import WIRE, Daemon, config_text, feeds_toml, scenario_corpus, wait_for


def test_notifier_sends_datagrams_to_a_path_socket(tmp_path: Path) -> None:
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        sock.settimeout(2)
        notifier = Notifier(path)
        assert notifier.ready("up")
        assert sock.recv(4096) == b"READY=1\nSTATUS=up"
        assert notifier.status("two\nlines")
        assert sock.recv(4096) == b"STATUS=two lines"
        notifier.close()
    assert not Notifier("").send("READY=1")  # outside systemd: nothing, no error


def test_watchdog_interval_is_half_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "10000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    assert watchdog_interval() == 5.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))  # meant for another process
    assert watchdog_interval() is None


@pytest.mark.postgres
def test_sd_notify_ready_watchdog_while_healthy_then_stopping(
    tmp_path: Path, httpserver: HTTPServer, pg_database: str
) -> None:
    address = f"@monitor-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + address[1:])
    sock.settimeout(0.2)
    messages: list[tuple[float, str]] = []
    done = threading.Event()

    def listen() -> None:
        while not done.is_set():
            try:
                messages.append((time.monotonic(), sock.recv(4096).decode()))
            except TimeoutError:
                continue

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    httpserver.expect_request("/hook").respond_with_data("ok")
    try:
        with ReplayServer(scenario_corpus(dict.fromkeys(WIRE, 1))) as server:
            cfg = tmp_path / "monitor.toml"
            cfg.write_text(
                config_text(
                    pg_database, feeds_toml(server.feed_urls()), httpserver.url_for("/hook")
                )
            )
            env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "400000"}
            daemon = Daemon(cfg, env)
            try:
                pings = lambda: [t for t, m in messages if "WATCHDOG=1" in m]  # noqa: E731
                assert wait_for(lambda: len(pings()) >= 3), messages
                assert wait_for(lambda: any("STATUS=last poll" in m for _, m in messages))
                admin = create_engine(PG_URL or "", isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    db = make_url(pg_database).database
                    conn.execute(text(f'DROP DATABASE "{db}" WITH (FORCE)'))
                admin.dispose()
                gone = time.monotonic()
                assert wait_for(lambda: bool(daemon.logged("database check failed")))
                time.sleep(1.0)  # five watchdog periods
                assert [t for t in pings() if t > gone + 0.5] == []
            finally:
                rc = daemon.stop()
            assert rc == 0
            assert wait_for(lambda: "STOPPING=1" in messages[-1][1], 5)
    finally:
        done.set()
        listener.join(2)
        sock.close()
    kinds = [m.split("\n")[0] for _, m in messages]
    assert kinds[0] == "READY=1"
    assert kinds[-1] == "STOPPING=1"
    assert "WATCHDOG=1" in kinds[1:-1]
    assert any("feeds" in m for _, m in messages if "STATUS=last poll" in m)


def test_sighup_applies_a_valid_config_and_rejects_an_invalid_one(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    hook = httpserver.url_for("/hook")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    with ReplayServer(scenario_corpus(dict.fromkeys(WIRE, 1))) as server:
        urls = server.feed_urls()
        first, second = sorted(urls)[:2]
        path = {n: urlsplit(u).path for n, u in urls.items()}

        def polled(name: str) -> bool:
            return any(p == path[name] for _, p in server.requests)

        port = free_port()
        service = f"[service]\nhealth_port = {port}\n"
        cfg = tmp_path / "monitor.toml"
        cfg.write_text(config_text(db, feeds_toml(urls, [first]), hook, service))
        healthcheck = ["-c", str(cfg), "healthcheck"]
        daemon = Daemon(cfg)
        try:
            assert wait_for(lambda: polled(first))
            assert not polled(second)
            probe = CliRunner().invoke(cli, healthcheck)
            assert probe.exit_code == 0, probe.output
            assert json.loads(probe.stdout)["ok"] is True

            # valid: one feed swapped for another, a second channel and rule added
            extra = service + '[[channels]]\nname = "console"\ntype = "console"\n'
            extra += '[[rules]]\nname = "all"\nchannels = ["console"]\n'
            cfg.write_text(config_text(db, feeds_toml(urls, [second]), hook, extra))
            daemon.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: bool(daemon.logged("configuration reloaded")))
            assert wait_for(lambda: polled(second))
            server.clear_requests()
            time.sleep(2.2)  # more than two ticks of a 1 s interval
            assert polled(second) and not polled(first)

            # invalid: the reason is logged, the running config stays
            cfg.write_text(config_text(db, feeds_toml(urls, [first]), hook).replace("AND", "AND ("))
            daemon.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: bool(daemon.logged("configuration rejected")))
            (rejected,) = daemon.logged("configuration rejected")
            assert "malformed query" in rejected["event"]
            server.clear_requests()
            assert wait_for(lambda: polled(second), 5)
            assert not polled(first)
            assert daemon.proc.poll() is None
        finally:
            rc = daemon.stop()
        assert rc == 0
        probe = CliRunner().invoke(cli, [*healthcheck, "--port", str(port), "--host", "127.0.0.1"])
        assert probe.exit_code == ExitCode.FAILED  # nobody answers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sigterm_mid_delivery_stops_within_the_bound_and_loses_nothing(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    release = threading.Event()
    received: list[tuple[str, bool]] = []  # (delivery id, answered while the sender waited)

    def slow_then_ok(request: Request) -> Response:
        blocked = not release.is_set()
        received.append((request.headers["X-Monitor-Delivery"], blocked))
        if blocked:
            release.wait(20)
        return Response("ok")

    httpserver.expect_request("/hook").respond_with_handler(slow_then_ok)
    db = f"sqlite:///{tmp_path / 'm.db'}"
    with ReplayServer(scenario_corpus(dict.fromkeys(WIRE, 1))) as server:
        cfg = tmp_path / "monitor.toml"
        cfg.write_text(
            config_text(
                db,
                feeds_toml(server.feed_urls()),
                httpserver.url_for("/hook"),
                '[service]\nstop_timeout = "2s"\n',
            ).replace('url = "http://localhost', 'timeout = "60s"\nurl = "http://localhost')
        )
        daemon = Daemon(cfg)
        try:
            assert wait_for(lambda: len(received) == 1)  # the delivery hangs in flight
            started = time.monotonic()
            daemon.proc.send_signal(signal.SIGTERM)
            rc = daemon.proc.wait(timeout=30)
            elapsed = time.monotonic() - started
        finally:
            release.set()
            daemon.stop()
        assert rc == 0
        assert elapsed < 2 + 4, elapsed  # the bound plus interpreter exit, far below 20 s
        assert daemon.logged("stopped 1 jobs in flight")

        store = Store(db)
        try:
            with store.tx() as tx:
                (pending,) = tx.session.exec(__import__("sqlmodel").select(Delivery)).all()
            assert pending.status == "pending"  # back in the outbox, not lost
        finally:
            store.close()

        daemon = Daemon(cfg)
        try:
            assert wait_for(lambda: len(received) >= 2)
        finally:
            assert daemon.stop() == 0
    assert received[1] == (received[0][0], False)  # the same alert, sent again
