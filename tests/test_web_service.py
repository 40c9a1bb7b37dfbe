"""Serving the pages: `monitor serve`, `monitor run` with [web] enabled (one port for the
pages, the API, /metrics and /healthz), and refusing to serve the world without a token."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.config import ConfigError, parse_config
from monitor.demo.replay import ReplayServer
from monitor.review.cli import app as cli
from monitor.review.web.bind import is_loopback, refuse_open_bind
from tests.helpers import (
    WIRE,
    Daemon,
    config_text,
    feeds_toml,
    free_port,
    scenario_corpus,
    wait_for,
)

TOKEN = "a-token-long-enough-to-count"


def minimal_config(tmp_path: Path, web: str = "") -> Path:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n'
        "[[topics]]\nname = \"t\"\nquery = 'petro AND trump'\n" + web
    )
    return cfg


def test_loopback_is_the_only_address_served_without_a_token() -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host), host
        assert refuse_open_bind(host, None) is None
    for host in ("0.0.0.0", "::", "", "192.168.1.10", "example.org", "10.0.0.1"):
        assert not is_loopback(host), host
        reason = refuse_open_bind(host, None)
        assert reason is not None and "[web] token" in reason, host
        assert refuse_open_bind(host, TOKEN) is None


def test_serve_and_run_refuse_a_public_address_without_a_token(tmp_path: Path) -> None:
    cfg = minimal_config(tmp_path)
    result = CliRunner().invoke(cli, ["-c", str(cfg), "serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "refusing to serve on '0.0.0.0' without a token" in result.stderr
    assert not (tmp_path / "m.db").exists()  # refused before anything was opened

    cfg = minimal_config(tmp_path, '[web]\nenabled = true\nhost = "0.0.0.0"\nport = 1\n')
    result = CliRunner().invoke(cli, ["-c", str(cfg), "run"])
    assert result.exit_code == 2
    assert "refusing to serve on '0.0.0.0' without a token" in result.stderr
    assert not (tmp_path / "m.db").exists()
    # one poll serves nothing, so the address does not matter to it
    assert CliRunner().invoke(cli, ["-c", str(cfg), "run", "--once"]).exit_code == 0


def test_web_token_must_be_long_enough() -> None:
    base = {"topics": [{"name": "t", "query": "petro"}]}
    with pytest.raises(ConfigError) as exc:
        parse_config({**base, "web": {"token": "short"}}, "m.toml")
    assert exc.value.problems == ["m.toml: web.token: String should have at least 16 characters"]
    with pytest.raises(ConfigError) as exc:
        parse_config({**base, "web": {"port": 70000}}, "m.toml")
    assert exc.value.problems[0].startswith("m.toml: web.port:")
    assert parse_config({**base, "web": {"token": TOKEN}}).web.token == TOKEN


def test_monitor_serve_answers_until_sigterm_and_reports_a_port_in_use(tmp_path: Path) -> None:
    cfg = minimal_config(tmp_path)
    port = free_port()
    cmd = [sys.executable, "-m", "monitor", "-c", str(cfg), "serve", "--port", str(port)]
    # serve reads a database, like every listing: it refuses one that does not exist yet
    missing = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no database at" in missing.stderr
    assert not (tmp_path / "m.db").exists()
    made = subprocess.run([*cmd[:5], "db", "upgrade"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), 30)
        resp = httpx.get(f"http://127.0.0.1:{port}/")
        assert resp.status_code == 200 and "No stories yet" in resp.text
        api = httpx.get(f"http://127.0.0.1:{port}/api/stories").json()
        assert api == {"items": [], "next_cursor": None}
        health = httpx.get(f"http://127.0.0.1:{port}/healthz").json()
        assert health == {"ok": True, "database": True, "last_successful_poll_age_seconds": None}

        busy = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert busy.returncode == 4  # ExitCode.FAILED
        assert f"cannot listen on 127.0.0.1:{port}" in busy.stderr
        assert "Traceback" not in busy.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"serving on http://127.0.0.1:{port}/ (read-only)" in out
    assert not _answers(f"http://127.0.0.1:{port}/")


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_daemon_serves_pages_api_metrics_and_healthz_on_one_port(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    port = free_port()
    web = f'[web]\nenabled = true\nport = {port}\ntoken = "{TOKEN}"\n'
    base = f"http://127.0.0.1:{port}"
    with ReplayServer(scenario_corpus(dict.fromkeys(WIRE, 1))) as server:
        urls = server.feed_urls()
        cfg = tmp_path / "monitor.toml"
        cfg.write_text(config_text(db, feeds_toml(urls), httpserver.url_for("/hook"), web))
        daemon = Daemon(cfg)
        try:
            assert wait_for(lambda: _answers(f"{base}/healthz"))
            assert wait_for(lambda: bool(httpx.get(f"{base}/api/stories").json()["items"]))
            assert wait_for(lambda: len(httpserver.log) >= 1)

            health = httpx.get(f"{base}/healthz").json()
            assert health["ok"] is True and health["scheduler"] is True
            assert health["database"] is True
            assert 0 <= health["last_successful_poll_age_seconds"] < 60

            page = httpx.get(f"{base}/")
            assert page.status_code == 200 and "/stories/1" in page.text
            assert "script-src 'none'" in page.headers["content-security-policy"]

            def sample(text: str, name: str, **labels: str) -> float:
                for family in text_string_to_metric_families(text):
                    for s in family.samples:
                        if s.name == name and s.labels == labels:
                            return float(s.value)
                return 0.0

            assert wait_for(
                lambda: (
                    sample(
                        httpx.get(f"{base}/metrics").text,
                        "monitor_delivery_latency_seconds_count",
                        channel="hook",
                    )
                    >= 1
                )
            )
            metrics = httpx.get(f"{base}/metrics").text
            assert sample(metrics, "monitor_polls_total", result="ok") >= len(urls)
            assert sample(metrics, "monitor_poll_cycle_seconds_count") >= 1
            assert sample(metrics, "monitor_stories") >= 1
            assert sample(metrics, "monitor_feeds", status="ok") == len(urls)

            # the token guards the actions; without it they are refused
            feed = httpx.get(f"{base}/api/feeds").json()["items"][0]
            refused = httpx.post(f"{base}/api/feeds/{feed['id']}/pause")
            assert refused.status_code == 401
            auth = {"Authorization": f"Bearer {TOKEN}"}
            paused = httpx.post(f"{base}/api/feeds/{feed['id']}/pause", headers=auth)
            assert paused.json()["status"] == "disabled"
            server.clear_requests()
            time.sleep(2.5)  # more than two ticks: the other feeds are polled, not this one
            polled = {p for _, p in server.requests}
            assert urlsplit(feed["url"]).path not in polled and polled

            # no [service] health_port: the healthcheck asks the web port
            probe = CliRunner().invoke(cli, ["-c", str(cfg), "healthcheck"])
            assert probe.exit_code == 0, probe.output

            # [web] is read at start only: a reload changing it is refused, the rest runs on
            cfg.write_text(cfg.read_text().replace(f"port = {port}", f"port = {port + 1}"))
            daemon.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: bool(daemon.logged("configuration rejected")))
            (rejected,) = daemon.logged("configuration rejected")
            assert "web: changing [web] needs a restart" in rejected["event"]
            assert _answers(f"{base}/healthz")
        finally:
            rc = daemon.stop()
    assert rc == 0
    assert not _answers(f"{base}/healthz")
    assert daemon.logged(f"pages, API and /metrics on http://127.0.0.1:{port}/")


def test_the_daemon_stops_cleanly_when_the_web_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        cfg = minimal_config(tmp_path, f"[web]\nenabled = true\nport = {port}\n")
        proc = subprocess.run(
            [sys.executable, "-m", "monitor", "-c", str(cfg), "run"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 4  # ExitCode.FAILED
    assert f"web server: cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_health_port_equal_to_the_web_port_is_served_once(tmp_path: Path) -> None:
    port = free_port()
    cfg = minimal_config(
        tmp_path, f"[service]\nhealth_port = {port}\n[web]\nenabled = true\nport = {port}\n"
    )
    daemon = Daemon(cfg)
    try:
        assert wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 60), daemon.events
        assert httpx.get(f"http://127.0.0.1:{port}/api/feeds").status_code == 200
        assert daemon.logged("health endpoint on") == []  # no second server on the port
    finally:
        assert daemon.stop() == 0
