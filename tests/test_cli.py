"""The `monitor` command as a user runs it: demo, inspection commands and export."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.review.cli.common import ExitCode

ROOT = Path(__file__).resolve().parents[1]


def monitor(
    *args: str, config: Path | None = None, columns: int | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "monitor"]
    if config is not None:
        cmd += ["--config", str(config)]
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, timeout=180, cwd=ROOT, check=False, env=env
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("demo")
    db = tmp / "demo.db"
    run = monitor("demo", "--keep", str(db), columns=200)  # wide: table rows on one line
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no log lines: the demo's output is its alerts and tables
    config = tmp / "demo.toml"  # written beside the kept database, to inspect it
    assert f"monitor --config {config} stories" in run.stdout
    return config, run.stdout


def test_demo_shows_one_story_alert_a_development_and_then_silence(
    demo_db: tuple[Path, str],
) -> None:
    _, out = demo_db
    poll1, rest = out.split("Poll 2", 1)
    poll2, poll3 = rest.split("Poll 3", 1)
    assert poll1.count("New story:") == 1
    assert "Covered by 6 outlets" in poll1
    assert "Southern Cone Review" not in poll1  # the off-topic story
    assert poll2.count("Development:") == 1 and "New story:" not in poll2
    assert "Cartagena" in poll2 or "cartagena" in poll2
    assert "0 alerts sent" in poll3 and "Development:" not in poll3
    # counted in English
    assert "7 feeds polled" in poll1 and "1 alert sent" in poll1
    assert "1 syndicated copy)" in poll2 and "1 alert sent" in poll2
    assert "1 alerts" not in out and "1 syndicated copies" not in out


def test_demo_names_outlets_and_says_what_to_do_next(demo_db: tuple[Path, str]) -> None:
    config, out = demo_db
    table, after = out.split("Stories in the log", 1)[1].split("What next", 1)
    assert "Andes Wire, Capitol Brief, Caribbean Courier" in table
    assert "127.0.0.1" not in table
    # the story is listed by its latest alert's headline, not its month-old first title
    assert "working group" in table and "Petro confirms February 3" not in table
    assert f"kept at {config.with_suffix('.db')}" in after
    for command in ("stories", "stories show 1", "alerts"):
        assert f"monitor --config {config} {command}" in after
    assert "feeds add" in after and "check-config" in after
    assert "monitor.toml" in after  # the shipped configuration to start from


def test_demo_on_a_terminal_shows_no_log_lines(tmp_path: Path) -> None:
    """On a terminal the logs are text on the same screen as the alerts: none between them."""
    import os
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "demo"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "MONITOR_LOG_FORMAT"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=180) == 0
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert not re.search(r"\b(INFO|DEBUG)\b", screen)
    assert "monitor.alerting" not in screen  # no logger names
    assert screen.count("New story:") == 1 and "What next" in screen
    assert not (tmp_path / "data").exists()  # nothing left behind without --keep


def test_inspection_commands(demo_db: tuple[Path, str]) -> None:
    config, _ = demo_db
    stories = monitor("stories", config=config)
    assert stories.returncode == 0 and "Petro" in stories.stdout
    # a story is listed by what its latest alert said, the development, not its first title
    (summit,) = json.loads(monitor("stories", "--json", config=config).stdout)
    assert summit["title"] == "Petro confirms February 3 White House meeting with Trump"
    assert summit["headline"].startswith("Trump and Petro agree to form counternarcotics")
    assert "counternarcotics working group" in " ".join(stories.stdout.split())
    shown = monitor("stories", "show", "1", config=config)
    assert "outlets:" in shown.stdout and "Andes Wire" in shown.stdout
    assert "development" in shown.stdout
    articles = monitor("articles", "--all", config=config)
    assert "Uruguay" in articles.stdout  # off-topic articles are remembered
    article = monitor("articles", "show", "2", "--text", config=config)
    assert "seen at:" in article.stdout and "Petro" in article.stdout
    alerts = monitor("alerts", config=config)
    assert "new_story" in alerts.stdout and "delivered" in alerts.stdout
    prefix = re.findall(r"\b[0-9a-f]{8}\b", alerts.stdout)[0]
    alert = monitor("alerts", "show", prefix, config=config)
    assert alert.returncode == 0 and '"event"' in alert.stdout
    feeds = monitor("feeds", config=config)
    assert "Andes Wire" in feeds.stdout and "ok" in feeds.stdout
    assert monitor("feeds", "show", "1", config=config).returncode == 0
    missing = monitor("stories", "show", "999", config=config)
    assert missing.returncode == ExitCode.NOT_FOUND and "no story 999" in missing.stderr


def test_export_jsonl_and_csv(demo_db: tuple[Path, str]) -> None:
    config, _ = demo_db
    jsonl = monitor("export", "--with-text", config=config)
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert rows and all(r["text"] for r in rows)
    for key in ("url", "title", "source", "published_at", "fetched_at", "language"):
        assert all(key in r for r in rows)
    copies = [r for r in rows if r["duplicate_of"] is not None]
    assert len(copies) == 3  # two copies of the wire story, one of the development
    assert all("utm_" not in r["url"] for r in rows)
    assert {r["story_id"] for r in rows} == {1}
    table = monitor("export", "--format", "csv", config=config)
    parsed = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(parsed) == len(rows) and parsed[0]["topics"] == "us-colombia"
    bad = monitor("export", "--format", "xml", config=config)
    assert bad.returncode == 2


def test_check_config_on_the_shipped_file() -> None:
    run = monitor("check-config", config=ROOT / "config" / "monitor.toml")
    assert run.returncode == 0, run.stderr
    assert "us-colombia" in run.stdout and "summit" in run.stdout
