"""A brief printed to the terminal: feed text is printed as text, never as Rich markup."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from monitor.judge.briefs import Brief
from monitor.review.cli import display


def print_brief(console: Console, brief: Brief, *, headline: bool = True) -> None:
    if headline and brief.headline:
        console.print(Text(brief.headline, style="bold"))
    for title, items in (("What changed", brief.what_changed), ("Key points", brief.key_points)):
        if items:
            console.print(f"{title}:")
            for item in items:
                console.print(f"  - {item}", markup=False)
    if brief.timeline:
        table = display.table("date", "what", title="Timeline")
        for e in brief.timeline:
            table.add_row(e.date.isoformat(), display.lines(e.text, Text(e.url, style="dim")))
        display.show(console, table, empty="", err=console)
