"""The `monitor` command as a user runs it: demo, inspection commands and export."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.review.cli.common import ExitCode

ROOT = Path(__file__).resolve().parents[1]


def monitor(*args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "monitor"]
    if config is not None:
        cmd += ["--config", str(config)]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, timeout=180, cwd=ROOT, check=False
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("demo")
    db = tmp / "demo.db"
    run = monitor("demo", "--keep", str(db))
    assert run.returncode == 0, run.stderr
    config = tmp / "inspect.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{db}"\n\n[[topics]]\nname = "t"\nquery = "petro"\n'
    )
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


def test_inspection_commands(demo_db: tuple[Path, str]) -> None:
    config, _ = demo_db
    stories = monitor("stories", config=config)
    assert stories.returncode == 0 and "Petro" in stories.stdout
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
