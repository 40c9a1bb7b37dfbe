"""`monitor demo`: the real pipeline, offline, on the seed corpus served over loopback."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from monitor.config import Config, parse_config
from monitor.demo.replay import ReplayServer, load_corpus
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


async def run_demo(console: Console, keep: Path | None = None, shipped: Path | None = None) -> int:
    corpus = load_corpus()
    with tempfile.TemporaryDirectory() as tmp, ReplayServer(corpus) as server:
        db = keep or Path(tmp) / "demo.db"
        feeds = [(o.name, server.feed_url(o.id)) for o in corpus.outlets]
        cfg = demo_config(shipped or SHIPPED_CONFIG, feeds, f"sqlite:///{db}")
        console.print(
            f"[bold]Demo[/]: {len(feeds)} outlets served offline at {server.base_url}, "
            f"database {db}"
        )
        async with App(cfg) as app:
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
                    f"{len(cycle.feeds)} feeds polled, {cycle.total('new_entries')} new entries, "
                    f"{cycle.total('relevant')} on topic ({cycle.total('duplicates')} syndicated "
                    f"copies), {summary.delivery.delivered} alerts sent"
                )
            console.rule("Stories in the log")
            table = Table("story", "title", "articles", "outlets")
            with app.store.tx() as tx:
                for s in tx.stories():
                    assert s.id is not None
                    table.add_row(
                        str(s.id),
                        s.title,
                        str(len(tx.story_articles(s.id))),
                        ", ".join(tx.story_outlets(s.id)),
                    )
            console.print(table)
    return 0
