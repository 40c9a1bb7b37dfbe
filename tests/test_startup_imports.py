"""What a command loads: `--help` no ORM or settings models, a poll no Jinja2 or Apprise
unless a channel renders or is an Apprise one. Each command runs in its own process, as a
user runs it, and reports the modules it ended with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

# Writes the loaded modules' names at exit: `run --once` leaves through `os._exit`, after
# the exit handlers, so an atexit handler sees the end of every command.
WRAPPER = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "monitor"
from monitor.review.cli import main
main()
"""

RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
    "<item><title>Petro meets Trump at the White House</title>"
    "<link>{base}/a/1</link><guid>1</guid><pubDate>Tue, 03 Feb 2026 18:05:00 GMT</pubDate>"
    "<description>Petro and Trump met on Tuesday to discuss trade.</description></item>"
    "</channel></rss>"
)


def loaded(tmp_path: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    report = tmp_path / "modules.json"
    run = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(report), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return set(json.loads(report.read_text())), run


def poll_config(tmp_path: Path, server: HTTPServer, channel: list[str]) -> Path:
    cfg = tmp_path / "monitor.toml"
    lines = [
        "[storage]",
        f'url = "sqlite:///{tmp_path / "m.db"}"',
        "[fetch]",
        "allow_private_addresses = true",
        "[alerts]",
        'backfill = "off"',
        "[[topics]]",
        'name = "t"',
        "query = 'petro AND trump'",
        "[[feeds]]",
        f'url = "{server.url_for("/feed.xml")}"',
        "[[rules]]",
        'name = "r"',
        'channels = ["out"]',
        "[[channels]]",
        'name = "out"',
        *channel,
    ]
    cfg.write_text("\n".join(lines) + "\n")
    base = server.url_for("")
    server.expect_request("/feed.xml").respond_with_data(
        RSS.format(base=base.rstrip("/")), content_type="application/rss+xml"
    )
    server.expect_request("/a/1").respond_with_data("<html><p>Gone.</p></html>", status=404)
    return cfg


def test_help_loads_no_database_layer(tmp_path: Path) -> None:
    modules, run = loaded(tmp_path, "--help")
    assert run.returncode == 0, run.stderr
    assert "stories" in run.stdout
    assert "sqlalchemy" not in modules
    assert "monitor.storage" not in modules
    assert "monitor.config" not in modules and "pydantic" not in modules
    assert "jinja2" not in modules and "apprise" not in modules


def test_poll_to_a_webhook_loads_no_templates_or_apprise(
    tmp_path: Path, server: HTTPServer
) -> None:
    cfg = poll_config(tmp_path, server, ['type = "webhook"', f'url = "{server.url_for("/hook")}"'])
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    modules, run = loaded(tmp_path, "--config", str(cfg), "run", "--once")
    assert run.returncode == 0, run.stderr
    assert "delivered 1" in run.stdout
    assert "jinja2" not in modules
    assert "apprise" not in modules and "monitor.alerting.channels.apprise" not in modules
    assert "monitor.alerting.channels.email" not in modules


def test_poll_to_the_console_loads_its_templates(tmp_path: Path, server: HTTPServer) -> None:
    cfg = poll_config(tmp_path, server, ['type = "console"'])
    modules, run = loaded(tmp_path, "--config", str(cfg), "run", "--once")
    assert run.returncode == 0, run.stderr
    assert "New story" in run.stdout
    assert "jinja2" in modules  # the report sees what a run loads
    assert "apprise" not in modules


def test_a_poll_leaves_parsing_and_extraction_to_the_workers(
    tmp_path: Path, server: HTTPServer
) -> None:
    """The feed is parsed in a parse worker: the polling process loads no feed parser,
    no page extractor and no numpy. A new SQLite database is made without Alembic, and
    once the schema is at its head a run loads neither Alembic nor the daemon's
    scheduler."""
    cfg = poll_config(tmp_path, server, ['type = "webhook"', f'url = "{server.url_for("/hook")}"'])
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    modules, run = loaded(tmp_path, "--config", str(cfg), "run", "--once")
    assert run.returncode == 0, run.stderr
    assert "1 new entries" in run.stdout
    assert "feedparser" not in modules
    assert "trafilatura" not in modules and "numpy" not in modules
    assert "alembic" not in modules
    modules, run = loaded(tmp_path, "--config", str(cfg), "run", "--once")
    assert run.returncode == 0, run.stderr
    assert "Polled 1 feeds" in run.stdout
    assert "alembic" not in modules and "apscheduler" not in modules


# Reports, at exit, whether the collector is on and how many objects it leaves out.
GC_WRAPPER = """
import atexit, gc, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(f"{gc.isenabled()} {gc.get_freeze_count()}"))
sys.argv[0] = "monitor"
from monitor.review.cli import main
main()
"""


def test_a_poll_freezes_what_start_up_made_and_collects_after(
    tmp_path: Path, server: HTTPServer
) -> None:
    cfg = poll_config(tmp_path, server, ['type = "webhook"', f'url = "{server.url_for("/hook")}"'])
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    report = tmp_path / "gc.txt"
    for args in (["run", "--once"], ["run", "--once", "--due", "--bogus"], ["run", "--due"]):
        run = subprocess.run(
            [sys.executable, "-c", GC_WRAPPER, str(report), "--config", str(cfg), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        enabled, frozen = report.read_text().split()
        assert enabled == "True", (args, run.stderr)
        if args == ["run", "--once"]:
            assert run.returncode == 0, run.stderr
            assert int(frozen) > 10_000  # the modules, classes and functions of a poll
