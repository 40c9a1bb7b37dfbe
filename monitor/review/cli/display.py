"""How the command line shows things.

Tables fit the terminal: each listing picks its columns for the width it has and wraps
long values instead of cutting them. Piped output keeps every row on one line unless
$COLUMNS asks for a width. Times are shown in `[display] timezone` and always say their
zone. Text from feeds is never read as Rich markup.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

# Width of plain text when output is piped and $COLUMNS is unset; tables take their
# natural width there (see `show`), so no row is wrapped or cut for grep and scripts.
PIPED_WIDTH = 120
# A listing narrower than this merges or drops its less important columns.
WIDE = 140
NARROW = 100


class _Settings:
    zone: tzinfo = UTC
    unbounded: bool = False  # piped without $COLUMNS: tables as wide as their content


settings = _Settings()


def configure(consoles: tuple[Console, ...], environ: Mapping[str, str] | None = None) -> None:
    """Fit the consoles to where output goes: $COLUMNS, else the terminal, else unbounded."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    for console in consoles:
        if columns.isdigit() and int(columns) > 0:
            console.width = int(columns)
            unbounded = False
        elif console.is_terminal:
            console._width = None  # follow the terminal, also when it is resized
            unbounded = False
        else:
            console.width = PIPED_WIDTH
            unbounded = True
        if not console.stderr:
            settings.unbounded = unbounded


def set_zone(name: str) -> None:
    settings.zone = ZoneInfo(name)


def width(console: Console) -> int:
    """The width a listing may use: effectively unlimited when piped without $COLUMNS."""
    return 10_000 if settings.unbounded and not console.stderr else console.width


def zone_label(dt: datetime) -> str:
    """`UTC`, `CET`, or `UTC-05` where the zone has no letter abbreviation."""
    name = dt.tzname() or ""
    if name.isalpha():
        return name
    offset = dt.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")


def local(dt: datetime) -> datetime:
    """A stored time (UTC; naive means UTC) in the display zone."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(settings.zone)


def stamp(dt: datetime | None, *, stacked: bool = False) -> str:
    """`2026-02-03 05:00 UTC-05`: minutes, in the display zone, zone named; `—` for none.

    `stacked` puts the date above the time, for narrow table columns.
    """
    if dt is None:
        return "—"
    at = local(dt)
    sep = "\n" if stacked else " "
    return f"{at:%Y-%m-%d}{sep}{at:%H:%M} {zone_label(at)}"


def span(seconds: float | None) -> str:
    """A duration as people write it: 45s, 15m, 6h, 1h30m, 2d, 2d6h."""
    if seconds is None:
        return "—"
    s = round(seconds)
    if s < 120:
        return f"{s}s"
    minutes = round(s / 60)
    if minutes < 120:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours}h" if hours else f"{days}d"


def until(then: datetime | None, now: datetime) -> str:
    """`in 5h53m`, `3m ago`, or `now`, from `now` to `then`."""
    if then is None:
        return ""
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    delta = (then - now).total_seconds()
    if abs(delta) < 30:
        return "now"
    return f"in {span(delta)}" if delta > 0 else f"{span(-delta)} ago"


_URL_THEN_COLON = re.compile(r"(https?://\S+?): ")


def cause_first(error: str | None, *known: str | None) -> str:
    """A stored feed error with its cause first and the URL it concerns after it.

    Fetch errors read `kind: URL: what happened`; a listing that already shows the
    feed's URL drops it, another URL (a redirect target) moves to the end in brackets.
    """
    if not error:
        return ""
    urls: list[str] = []

    def take(m: re.Match[str]) -> str:
        urls.append(m.group(1))
        return ""

    text = _URL_THEN_COLON.sub(take, error)
    others = [u for u in dict.fromkeys(urls) if u not in known]
    return text + "".join(f" ({u})" for u in others)


class PlainTable(Table):
    """A table whose string cells are plain text, never markup (feed titles hold `[…]`)."""

    def add_row(self, *renderables: RenderableType | None, **kwargs: Any) -> None:
        super().add_row(
            *(Text(r) if isinstance(r, str) else r for r in renderables),
            **kwargs,
        )


def table(*headers: str | Column, title: str | None = None) -> PlainTable:
    """A listing that wraps long cells (folding words longer than the column) and never cuts."""
    columns = [
        h if isinstance(h, Column) else Column(h, overflow="fold", no_wrap=False) for h in headers
    ]
    for c in columns:
        c.overflow = "fold"
        c.no_wrap = False
    return PlainTable(*columns, title=title, title_justify="left")


def lines(*parts: str | Text | None, style: str = "") -> Text:
    """One cell of several lines (merged columns); empty parts are left out."""
    out = Text(style=style)
    for part in parts:
        if not part:
            continue
        if out.plain:
            out.append("\n")
        out.append(part if isinstance(part, Text) else Text(part))
    return out


@contextmanager
def _width_at_least(console: Console, needed: int) -> Iterator[None]:
    saved = console._width
    console.width = max(needed, console.width)
    try:
        yield
    finally:
        console._width = saved


def show(console: Console, listing: Table, *, empty: str, err: Console) -> None:
    """Print a listing, or say on stderr that there is nothing to list."""
    if listing.row_count == 0:
        err.print(empty, markup=False, highlight=False)
        return
    if settings.unbounded and not console.stderr:
        natural = Measurement.get(console, console.options.update_width(10_000), listing)
        with _width_at_least(console, natural.maximum):
            console.print(listing)
        return
    console.print(listing)


def facts(console: Console, rows: list[tuple[str, object]]) -> None:
    """Labelled lines, labels aligned; empty values are left out. Values are plain text."""
    shown = [(label, str(value)) for label, value in rows if value not in (None, "")]
    pad = max((len(label) for label, _ in shown), default=0)
    for label, value in shown:
        console.print(f"  {label:<{pad}}  {value}", markup=False)


def count(n: int, noun: str) -> str:
    """`1 failure`, `2 failures`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
