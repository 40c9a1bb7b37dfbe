"""A brief printed to the terminal: feed text is printed as text, never as Rich markup."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from monitor.judge.briefs import Brief
from monitor.review.cli import display


def print_brief(
    console: Console, brief: Brief, *, headline: bool = True, story_id: int | None = None
) -> None:
    """`story_id`: the story whose full timeline an alert's cut one points to."""
    from monitor.alerting.channels.render import timeline_note

    if headline and brief.headline:
        console.print(Text(brief.headline, style="bold"))
    for title, items in (("What changed", brief.what_changed), ("Key points", brief.key_points)):
        if items:
            console.print(f"{title}:")
            for item in items:
                console.print(f"  - {item}", markup=False)
    if brief.timeline:
        table = display.table("date", "what", title="Timeline")
        note = timeline_note(brief.timeline_omitted, story_id)
        for i, e in enumerate(brief.timeline):
            table.add_row(e.date.isoformat(), display.lines(e.text, Text(e.url, style="dim")))
            if i == 0 and note:
                table.add_row("", Text(note, style="dim"))
        display.show(console, table, empty="", err=console)
