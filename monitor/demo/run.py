"""`monitor demo`: the real pipeline, offline, on the seed corpus served over loopback."""

from __future__ import annotations

import json
import logging
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from monitor.config import Config, parse_config
from monitor.demo.replay import ReplayServer, load_corpus
from monitor.review.cli import display
from monitor.review.headlines import story_headline
from monitor.service.app import App
from monitor.service.configcheck import check_config

SHIPPED_CONFIG = Path(__file__).resolve().parents[1] / "defaults" / "monitor.toml"


def demo_config(shipped: Path, feed_urls: list[tuple[str, str]], db_url: str) -> Config:
    """The shipped topics and rules, pointed at the replay feeds, alerting to the console."""
    data: dict[str, Any] = tomllib.loads(shipped.read_text(encoding="utf-8"))
    rule_channels = {c for r in data.get("rules", []) for c in r.get("channels", [])}
    data["storage"] = {"url": db_url}
    data["fetch"] = {**data.get("fetch", {}), "allow_private_addresses": True}
    data["feeds"] = [{"name": name, "url": url} for name, url in feed_urls]
    data["channels"] = [{"name": n, "type": "console"} for n in sorted(rule_channels)]
    # The seed corpus is a record of past coverage: replayed, all of it is news again.
    data["alerts"] = {**data.get("alerts", {}), "backfill": "off"}
    for rule in data.get("rules", []):
        rule.pop("backfill", None)
    source = f"{shipped} (demo)"
    return check_config(parse_config(data, source), source)


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 alert', '2 alerts', '0 alerts'."""
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def inspect_config(shipped: Path, db_url: str) -> str:
    """A config that opens the demo's database: its storage and the shipped topics."""
    data: dict[str, Any] = tomllib.loads(shipped.read_text(encoding="utf-8"))
    lines = [
        "# Written by `monitor demo --keep`: enough to inspect the demo database, e.g.",
        "#   monitor --config THIS_FILE stories",
        "[storage]",
        f"url = {_toml_string(db_url)}",
    ]
    for topic in data.get("topics", []):
        lines += ["", "[[topics]]"]
        lines += [f"{k} = {_toml_string(str(v))}" for k, v in topic.items()]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string; "$" escaped keeps ${...} from expanding.
    return json.dumps(value.replace("${", "$${"), ensure_ascii=False)


def _keep_config(keep: Path, text: str) -> tuple[Path, bool]:
    """Where the inspection config goes, and whether it is there now; a file that
    differs is the user's own and is left alone."""
    path = keep.with_suffix(".toml" if keep.suffix != ".toml" else ".inspect.toml")
    if path.exists():
        return path, path.read_text(encoding="utf-8") == text
    path.write_text(text, encoding="utf-8")
    return path, True


def _next_steps(console: Console, keep: Path | None, config: Path | None, shipped: Path) -> None:
    """What a person can do after the demo: keep and inspect its data, then real feeds."""
    console.rule("What next")
    say = console.print
    if keep is None:
        say("Keep the database to look around it:", markup=False)
        say("  monitor demo --keep demo.db    (also writes demo.toml to open it)", markup=False)
        cfg = "demo.toml"
    elif config is None:
        say(f"The database is kept at {keep}; a config whose [storage] url is", markup=False)
        say(f"sqlite:///{keep.resolve()} opens it.", markup=False)
        cfg = "THAT.toml"
    else:
        say(f"The database is kept at {keep}; {config} opens it.", markup=False)
        cfg = str(config)
    say("Inspect it:", markup=False)
    for command in ("stories", "stories show 1", "alerts", "articles", "feeds"):
        say(f"  monitor --config {cfg} {command}", markup=False)
    say("Watch real feeds: start from the shipped configuration,", markup=False)
    say(f"  cp {shipped} monitor.toml", markup=False)
    say("set its [[feeds]] and [[channels]] (email, webhook, Slack…), or add feeds:", markup=False)
    say("  monitor --config monitor.toml feeds add https://www.example.com/", markup=False)
    say("  monitor --config monitor.toml feeds import subscriptions.opml", markup=False)
    say("then check it and poll once:", markup=False)
    say("  monitor --config monitor.toml check-config", markup=False)
    say("  monitor --config monitor.toml run --once", markup=False)


@contextmanager
def _quiet_logs(verbose: bool) -> Iterator[None]:
    """Only warnings and errors while the demo runs, so its alerts read as one screen."""
    root = logging.getLogger()
    level = root.level
    if not verbose:
        root.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        root.setLevel(level)


async def run_demo(
    console: Console,
    keep: Path | None = None,
    shipped: Path | None = None,
    *,
    verbose: bool = False,
) -> int:
    shipped = shipped or SHIPPED_CONFIG
    corpus = load_corpus()
    config: Path | None = None
    with (
        tempfile.TemporaryDirectory() as tmp,
        ReplayServer(corpus) as server,
        _quiet_logs(verbose),
    ):
        db = keep or Path(tmp) / "demo.db"
        db_url = f"sqlite:///{db.resolve()}"
        feeds = [(o.name, server.feed_url(o.id)) for o in corpus.outlets]
        cfg = demo_config(shipped, feeds, db_url)
        console.print(
            f"[bold]Demo[/]: {plural(len(feeds), 'outlet')} served offline at "
            f"{server.base_url}, database {db}",
            highlight=False,
        )
        # The demo is read by a person: its alerts are text even where logs are JSON.
        async with App(cfg, console_json=False) as app:
            rounds = [
                (1, "First coverage of the summit appears"),
                (2, "Later: the meeting is held"),
                (2, "Polling again: nothing new, so nothing is sent"),
            ]
            for n, (round_no, title) in enumerate(rounds, start=1):
                server.set_round(round_no)
                console.rule(f"Poll {n}: {title}")
                summary = await app.run_once()
                cycle = summary.cycle
                console.print(
                    f"{plural(len(cycle.feeds), 'feed')} polled, "
                    f"{plural(cycle.total('new_entries'), 'new entry', 'new entries')}, "
                    f"{cycle.total('relevant')} on topic "
                    f"({plural(cycle.total('duplicates'), 'syndicated copy', 'syndicated copies')}"
                    f"), {plural(summary.delivery.delivered, 'alert')} sent",
                    markup=False,
                )
            console.rule("Stories in the log")
            table = display.table("story", "headline", "articles", "outlets")
            with app.store.tx() as tx:
                for s in tx.stories():
                    assert s.id is not None
                    table.add_row(
                        str(s.id),
                        escape(story_headline(tx, s)),
                        str(len(tx.story_articles(s.id))),
                        escape(", ".join(tx.story_outlets(s.id))),
                    )
            display.show(console, table, empty="no stories", err=console)
        if keep is not None:
            config, written = _keep_config(keep, inspect_config(shipped, db_url))
            if not written:
                console.print(
                    f"{config} exists and is not the demo's: it was left as it is.", markup=False
                )
                config = None
    _next_steps(console, keep, config, shipped)
    return 0
