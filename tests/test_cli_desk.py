"""The command line a desk uses every day: readable at 80 columns, times with their zone,
one table of exit codes, clean errors, hostile feed text shown as text.

The database is filled the way a user fills it: `monitor run --once` against feeds
served on loopback (one with Rich markup in its titles, one that cannot be reached).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import typer
from pytest_httpserver import HTTPServer
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from monitor.review.cli import app as cli
from monitor.review.cli.common import ExitCode
from tests.helpers import free_port

PUBLISHED = datetime(2026, 2, 3, 15, 0, tzinfo=UTC)  # 10:00 in Bogotá
HOSTILE = "[/] Petro and Trump [bold]meet[/bold] at the White House [link=http://x]"
PLAIN = "Petro and Trump agree on counternarcotics talks after the summit in Washington"
FEED_PATH = "/feeds/potomac-daily/world/latin-america/colombia/rss.xml"
HOOK = "newsroom-webhook-primary"


def rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{title.replace('&', '&amp;')}</title><link>{link}</link>"
        f"<guid>{link}</guid><pubDate>{format_datetime(PUBLISHED)}</pubDate>"
        f"<description>{text}</description></item>"
        for title, link, text in items
    )
    channel = f"<channel><title>P</title>{body}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{text} {i}.</p>" for i in range(6))
    article = f"<article><h1>{title}</h1>{paragraphs}</article>"
    return f"<html><head><title>x</title></head><body>{article}</body></html>"


def config_toml(db: Path, feed_url: str, dead_url: str, hook_url: str, extra: str = "") -> str:
    return f"""
[storage]
url = "sqlite:///{db}"
[fetch]
allow_private_addresses = true
timeout = "5s"
[alerts]
backfill = "off"
[[topics]]
name = "us-colombia"
query = "petro AND trump"
[[feeds]]
url = "{feed_url}"
name = "Potomac Daily"
[[feeds]]
url = "{dead_url}"
name = "Andes Wire"
[[rules]]
name = "summit"
channels = ["{HOOK}", "console"]
group_wait = "0s"
[[channels]]
name = "{HOOK}"
type = "webhook"
url = "{hook_url}"
[[channels]]
name = "console"
type = "console"
{extra}
"""


@dataclass
class Desk:
    config: Path
    bogota: Path
    feed_url: str
    dead_url: str
    run: Result


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    tmp = tmp_path_factory.mktemp("desk")
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        text = "Gustavo Petro and Donald Trump met in Washington to discuss drug policy and tariffs"
        items = [
            (HOSTILE, server.url_for("/a/hostile.html"), text),
            (PLAIN, server.url_for("/a/plain.html"), text + " with ministers"),
        ]
        server.expect_request(FEED_PATH).respond_with_data(
            rss(items), content_type="application/rss+xml"
        )
        server.expect_request("/a/hostile.html").respond_with_data(
            page("Petro meets Trump", text), content_type="text/html"
        )
        server.expect_request("/a/plain.html").respond_with_data(
            page("Talks", text + " with ministers"), content_type="text/html"
        )
        server.expect_request("/hook").respond_with_data("ok")
        feed_url = server.url_for(FEED_PATH) + "?edition=international&format=full"
        dead_url = f"http://127.0.0.1:{free_port()}/andes-wire/sections/politics/latest.xml"
        db = tmp / "desk.db"
        config = tmp / "monitor.toml"
        config.write_text(config_toml(db, feed_url, dead_url, server.url_for("/hook")))
        bogota = tmp / "bogota.toml"
        bogota.write_text(
            config_toml(
                db,
                feed_url,
                dead_url,
                server.url_for("/hook"),
                '[display]\ntimezone = "America/Bogota"\n',
            )
        )
        run = CliRunner().invoke(cli, ["-c", str(config), "--log-format", "text", "run", "--once"])
        assert run.exit_code == ExitCode.OK, run.output  # one feed failed, not every feed
        yield Desk(config, bogota, feed_url, dead_url, run)
    finally:
        server.clear()
        server.stop()


def invoke(*args: str, columns: int = 200) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns)})


def columns(output: str) -> list[str]:
    """Each table column's text, all lines joined without whitespace (folds undone)."""
    found: dict[tuple[int, int], str] = {}
    for line in output.splitlines():
        if not line.startswith("│"):
            continue
        cells = line.split("│")[1:-1]
        for i, cell in enumerate(cells):
            key = (len(cells), i)
            found[key] = found.get(key, "") + re.sub(r"\s", "", cell)
    return list(found.values())


def complete(value: str, output: str) -> bool:
    """The value is in one column of a table, whole, however the column wrapped it."""
    flat = re.sub(r"\s", "", value)
    return any(flat in column for column in columns(output))


LISTINGS = [
    ("feeds",),
    ("stories",),
    ("articles", "--all"),
    ("alerts", "list"),
    ("channels",),
    ("stories", "show", "1"),
]


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("listing", LISTINGS, ids=lambda a: " ".join(a))
def test_listings_fit_the_width_and_cut_nothing(
    desk: Desk, listing: tuple[str, ...], width: int
) -> None:
    shown = invoke("-c", str(desk.config), *listing, columns=width)
    assert shown.exit_code == ExitCode.OK, shown.output
    assert "…" not in shown.stdout
    tables = [line for line in shown.stdout.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and all(cell_len(line) <= width for line in tables), tables
    if listing == ("feeds",):
        for value in (desk.feed_url, desk.dead_url, "Potomac Daily", "Andes Wire"):
            assert complete(value, shown.stdout), value
        assert complete("connection: ConnectError: All connection attempts failed", shown.stdout)
    if listing[0] in ("stories", "articles"):
        assert complete(HOSTILE, shown.stdout)  # the story's title is its first report's
    if listing[0] == "articles" or listing[:2] == ("stories", "show"):
        assert complete(PLAIN, shown.stdout)
    if listing == ("articles", "--all"):
        assert complete("2026-02-03 15:00 UTC", shown.stdout)  # the publication time
    if listing == ("alerts", "list"):
        assert complete(f"{HOOK}: delivered", shown.stdout)
        assert complete("console: delivered", shown.stdout)
    if listing == ("channels",):
        assert complete(HOOK, shown.stdout)


def test_piped_output_keeps_each_row_on_one_line(desk: Desk) -> None:
    shown = CliRunner().invoke(cli, ["-c", str(desk.config), "feeds"], env={"COLUMNS": None})
    assert shown.exit_code == ExitCode.OK, shown.output
    rows = [line for line in shown.stdout.splitlines() if line.startswith("│")]
    assert len(rows) == 2  # one line per feed: nothing wrapped
    assert any(desk.feed_url in row for row in rows)
    assert any(desk.dead_url in row for row in rows)


def test_feed_error_names_the_cause_before_the_url(desk: Desk) -> None:
    listed = CliRunner().invoke(cli, ["-c", str(desk.config), "feeds"], env={"COLUMNS": None})
    (row,) = [line for line in listed.stdout.splitlines() if "Andes Wire" in line]
    assert row.count(desk.dead_url) == 1  # shown once, in its column
    assert "connection: ConnectError" in row

    run = desk.run.output
    (line,) = [line for line in run.splitlines() if "feed failed" in line]
    assert line.index("ConnectError") < line.index(desk.dead_url)


CLOCK = re.compile(r"(?<![\d:])\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?![\d:.])")
ZONE = re.compile(r" UTC(?:[+-]\d\d(?::\d\d)?)?\b| GMT\b|Z\b|[+-]\d\d:\d\d")


def unzoned(text: str) -> list[str]:
    """Clock times in the text that no zone follows."""
    return [
        text[max(0, m.start() - 11) : m.end() + 8]
        for m in CLOCK.finditer(text)
        if not ZONE.match(text, m.end())
    ]


def test_every_time_says_its_zone_and_follows_display_timezone(desk: Desk) -> None:
    alert = re.findall(r"\b[0-9a-f]{8}\b", invoke("-c", str(desk.config), "alerts").stdout)[0]
    commands = [
        ("feeds",),
        ("feeds", "show", "1"),
        ("feeds", "show", "2"),
        ("stories",),
        ("stories", "show", "1"),
        ("articles",),
        ("articles", "show", "1"),
        ("alerts",),
        ("alerts", "show", alert),
    ]
    for cfg in (desk.config, desk.bogota):
        for width in (80, 200):
            for command in commands:
                shown = invoke("-c", str(cfg), *command, columns=width).stdout
                assert CLOCK.search(shown), command
                assert not unzoned(shown), (command, width, unzoned(shown))

    utc = invoke("-c", str(desk.config), "articles", columns=200).stdout
    local = invoke("-c", str(desk.bogota), "articles", columns=200).stdout
    assert "2026-02-03 15:00 UTC" in utc
    assert "2026-02-03 10:00 UTC-05" in local and "15:00" not in local


def test_a_bad_display_timezone_is_a_config_error(tmp_path: Path) -> None:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        '[display]\ntimezone = "Mars/Olympus_Mons"\n[[topics]]\nname = "t"\nquery = "x"\n'
    )
    checked = invoke("-c", str(cfg), "check-config")
    assert checked.exit_code == ExitCode.USAGE
    assert f"{cfg}: display.timezone: unknown time zone 'Mars/Olympus_Mons'" in checked.output


def test_feeds_show_is_a_readable_ordered_view(desk: Desk) -> None:
    shown = invoke("-c", str(desk.config), "feeds", "show", "2", columns=80)
    assert shown.exit_code == ExitCode.OK, shown.output
    text = shown.stdout
    assert text.startswith("Feed 2: Andes Wire")
    labels = [line.split("  ")[1] for line in text.splitlines()[1:]]
    assert labels[:5] == ["url", "status", "last error", "last checked", "last success"]
    assert "interval" in labels and labels.index("interval") > labels.index("next check")
    assert "check_interval" not in text and "consecutive_failures" not in text
    assert re.search(r"interval\s+(\d+[smhd])+ \(backoff after 1 failure\)", text)
    assert re.search(r"last checked\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC \((?:\S+ ago|now)\)", text)
    assert re.search(r"status\s+failing, 1 failure in a row", text)
    assert "connection: ConnectError" in text


def test_version_and_completion() -> None:
    shown = invoke("--version")
    assert shown.exit_code == ExitCode.OK
    assert shown.stdout.strip() == f"monitor {version('monitor')}"
    helped = invoke("--help")
    assert "--install-completion" in helped.stdout and "--show-completion" in helped.stdout
    words = {"COMP_WORDS": "monitor alerts list --status d", "COMP_CWORD": "4"}
    completed = CliRunner().invoke(
        cli, [], prog_name="monitor", env={"_MONITOR_COMPLETE": "complete_bash", **words}
    )
    assert completed.stdout.split() == ["delivered", "dead"]


def _commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, [*path, name])


def test_square_brackets_in_help_texts_survive() -> None:
    checked = 0
    for path, command in _commands(typer.main.get_command(cli), []):
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        bracketed = [m for text in texts for m in re.findall(r"\[[^\]]*\]?\]?", text)]
        if not bracketed:
            continue
        helped = invoke(*path, "--help", columns=200)
        flat = " ".join(helped.stdout.split())
        for b in bracketed:
            assert " ".join(b.split()) in flat, (path, b)
            checked += 1
    assert checked >= 3  # --config [default: ...], feeds add --interval [default: [schedule]], ...
    config_help = " ".join(invoke("--help", columns=200).stdout.split())
    assert "Config file [default: $MONITOR_CONFIG or config/monitor.toml]" in config_help


def test_not_found_exits_3_everywhere(desk: Desk) -> None:
    c = str(desk.config)
    for command in (
        ("stories", "show", "999"),
        ("articles", "show", "999"),
        ("alerts", "show", "ffffffff"),
        ("feeds", "show", "999"),
        ("feeds", "enable", "999"),
        ("silence", "expire", "999"),
        ("silence", "add", "--story", "999"),
        ("channels", "test", "nope"),
    ):
        shown = invoke("-c", c, *command)
        assert shown.exit_code == ExitCode.NOT_FOUND, (command, shown.output)
        assert "no " in shown.stderr and "Traceback" not in shown.output


def test_export_to_a_missing_folder_is_a_clean_error(desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.jsonl"
    shown = invoke("-c", str(desk.config), "export", "-o", str(target))
    assert shown.exit_code == ExitCode.USAGE
    assert shown.exception is None or isinstance(shown.exception, SystemExit)
    assert f"cannot write {target}: No such file or directory" in shown.stderr
    written = invoke("-c", str(desk.config), "export", "-o", str(tmp_path / "x.jsonl"))
    assert written.exit_code == ExitCode.OK and "wrote 2 articles" in written.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("alerts", "list", "--status", "bogus"),
        ("alerts", "--status", "bogus"),
        ("alerts", "list", "--limit", "-5"),
        ("alerts", "--limit", "0"),
        ("stories", "--limit", "-5"),
        ("articles", "--limit", "0"),
        ("export", "--format", "xml"),
        ("--log-format", "yaml", "stories"),
    ],
    ids=" ".join,
)
def test_bad_options_are_refused(desk: Desk, command: tuple[str, ...]) -> None:
    shown = invoke("-c", str(desk.config), *command)
    assert shown.exit_code == ExitCode.USAGE, shown.output
    assert "Invalid value" in shown.output


def test_run_once_when_every_feed_failed(tmp_path: Path) -> None:
    dead = [f"http://127.0.0.1:{free_port()}/feed-{i}.xml" for i in range(2)]
    cfg = tmp_path / "monitor.toml"
    feeds = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in dead)
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n'
        f'[[topics]]\nname = "t"\nquery = "x"\n{feeds}'
    )
    for fmt in ("text", "json"):
        run = invoke("-c", str(cfg), "--log-format", fmt, "run", "--once")
        assert run.exit_code == ExitCode.FAILED, run.output
        for url in dead:
            assert run.output.count(url) == 1, run.output  # stdout and stderr together
        assert "every feed failed" in run.stderr


def test_read_only_commands_refuse_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "monitor.toml"
    cfg.write_text('[[topics]]\nname = "t"\nquery = "x"\n')  # the default sqlite:///data/...
    for command in (
        ("stories",),
        ("stories", "show", "1"),
        ("articles",),
        ("articles", "show", "1"),
        ("alerts",),
        ("alerts", "show", "abc"),
        ("alerts", "retry", "--dead"),
        ("feeds",),
        ("feeds", "show", "1"),
        ("silence", "list"),
        ("export",),
        ("backup", str(tmp_path / "b.db")),
    ):
        shown = invoke("-c", str(cfg), *command)
        assert shown.exit_code == ExitCode.DATABASE, (command, shown.output)
        assert f"no database at {tmp_path / 'data' / 'monitor.db'}" in shown.stderr
        assert "monitor run --once" in shown.stderr
    current = invoke("-c", str(cfg), "db", "current")
    assert current.exit_code == ExitCode.OK and "none" in current.stdout
    assert not (tmp_path / "data").exists()


def test_empty_results_say_so(tmp_path: Path) -> None:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n[[topics]]\nname = "t"\nquery = "x"\n'
    )
    assert invoke("-c", str(cfg), "db", "upgrade").exit_code == ExitCode.OK
    for command, said in (
        (("stories",), "no stories yet"),
        (("articles",), "no relevant articles yet"),
        (("articles", "--all"), "no articles yet"),
        (("alerts",), "no alerts yet"),
        (("alerts", "list", "--status", "dead"), "no alerts with a dead delivery"),
        (("feeds",), "no feeds in the database yet"),
        (("silence", "list"), "no active silences"),
        (("channels",), "no channels configured"),
    ):
        shown = invoke("-c", str(cfg), *command)
        assert shown.exit_code == ExitCode.OK, shown.output
        assert said in shown.stderr and shown.stdout == "", (command, shown.output)


def test_markup_in_feed_text_is_shown_as_text(desk: Desk) -> None:
    c = str(desk.config)
    with sqlite3.connect(desk.config.parent / "desk.db") as db:
        (hostile_id,) = db.execute("SELECT id FROM article WHERE title = ?", (HOSTILE,)).fetchone()
    for command in (
        ("stories",),
        ("stories", "show", "1"),
        ("articles", "--all"),
        ("articles", "show", str(hostile_id)),
    ):
        shown = invoke("-c", c, *command, columns=200)
        assert shown.exit_code == ExitCode.OK, (command, shown.output)
        assert complete(HOSTILE, shown.stdout) or HOSTILE in shown.stdout, command


def test_durations_zones_and_errors_as_people_read_them() -> None:
    from monitor.review.cli import display

    assert [display.span(s) for s in (45, 900, 5400, 21600, 23400, 172800, 194400)] == [
        "45s",
        "15m",
        "90m",
        "6h",
        "6h30m",
        "2d",
        "2d6h",
    ]
    at = datetime(2026, 2, 3, 15, 0, tzinfo=UTC)
    labels = {
        name: display.zone_label(at.astimezone(ZoneInfo(name)))
        for name in ("UTC", "America/Bogota", "Asia/Kathmandu", "Europe/Madrid")
    }
    assert labels == {
        "UTC": "UTC",
        "America/Bogota": "UTC-05",
        "Asia/Kathmandu": "UTC+05:45",
        "Europe/Madrid": "CET",
    }
    feed, moved = "https://a.example/feed", "https://b.example/rss"
    assert display.cause_first(f"http: {feed}: HTTP 500", feed) == "http: HTTP 500"
    assert (
        display.cause_first(f"redirects: {feed}: redirect loop at {moved}", feed)
        == f"redirects: redirect loop at {moved}"
    )
    assert display.cause_first(f"timeout: {moved}: ReadTimeout", feed) == (
        f"timeout: ReadTimeout ({moved})"
    )
