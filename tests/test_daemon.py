"""`monitor run` as a real process: it polls on its schedule, alerts, and stops cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer

from monitor.demo.replay import ReplayServer
from tests.helpers import WIRE, Receiver, config_text, scenario_corpus


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def write_config(path: Path, db: Path, server: ReplayServer, hook: str) -> None:
    feeds = "\n".join(
        f'[[feeds]]\nurl = "{url}"\nname = "{name}"\ninterval = "1s"\n'
        for name, url in server.feed_urls().items()
    )
    path.write_text(config_text(f"sqlite:///{db}", feeds, hook), encoding="utf-8")


def test_daemon_polls_alerts_and_stops_on_sigterm(tmp_path: Path, httpserver: HTTPServer) -> None:
    receiver = Receiver(httpserver)
    corpus = scenario_corpus({**dict.fromkeys(WIRE, 1), "summit-working-group": 2})
    with ReplayServer(corpus) as server:
        cfg = tmp_path / "monitor.toml"
        write_config(cfg, tmp_path / "m.db", server, receiver.url)
        cmd = [sys.executable, "-m", "monitor", "--config", str(cfg), "run"]
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        try:
            assert wait_for(lambda: len(receiver.bodies) >= 1), "no alert from the daemon"
            server.set_round(2)  # the next scheduled poll finds the development
            assert wait_for(lambda: len(receiver.events("development")) == 1)
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=40)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, stderr
        assert "stopped" in stderr
        assert [b["event"] for b in receiver.bodies] == ["new_story", "development"]

        # A restart resumes from the database: nothing is sent twice.
        server.clear_requests()
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        try:
            feeds = len(server.feed_urls())
            # every feed polled twice by the new process: at least two scheduled cycles
            assert wait_for(lambda: len(server.requests) >= 2 * feeds)
            proc.send_signal(signal.SIGINT)
            _, stderr = proc.communicate(timeout=40)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, stderr
        assert len(receiver.bodies) == 2
