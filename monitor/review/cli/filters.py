"""Options shared by the commands that read the log: filters, times and --json."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from monitor.review.cli.common import ExitCode, err

if TYPE_CHECKING:
    from monitor.storage.search import SearchFilters

_WHEN_HELP = (
    "a time back from now (30m, 12h, 7d, 2w) or a UTC date or time (2026-02-01, 2026-02-01T08:00)"
)
Since = Annotated[
    str | None,
    typer.Option("--since", help=f"Only articles first seen from then on: {_WHEN_HELP}."),
]
Until = Annotated[
    str | None,
    typer.Option("--until", help=f"Only articles first seen before then: {_WHEN_HELP}."),
]
Topic = Annotated[str | None, typer.Option("--topic", help="Only articles of this topic.")]
Source = Annotated[
    str | None,
    typer.Option("--source", help="Only this outlet: its host (subdomains too) or its name."),
]
Lang = Annotated[str | None, typer.Option("--lang", help="Only this language (es, en, …).")]
StoryId = Annotated[
    int | None, typer.Option("--story", help="Only the articles of this story.", show_default=False)
]
Json = Annotated[
    bool, typer.Option("--json", help="Print JSON (one array or object) instead of a table.")
]


def parse_when(value: str, now: datetime, option: str = "--since") -> datetime:
    """A point in time from a duration back from `now` or an ISO date or time (UTC unless
    it names its offset); exits with status 2 and the reason when it is neither."""
    from monitor.config import parse_duration

    text = value.strip()
    try:
        return now - timedelta(seconds=parse_duration(text))
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        err.print(
            f"{option}: expected a time back (7d, 12h) or a date (2026-02-01), got {value!r}",
            markup=False,
        )
        raise typer.Exit(ExitCode.USAGE) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def make_filters(
    *,
    since: str | None = None,
    until: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    story: int | None = None,
    now: datetime | None = None,
) -> SearchFilters:
    # the search module (and its PostgreSQL types) only for the commands that search
    from monitor.storage.search import SearchFilters

    now = now or datetime.now(UTC)
    return SearchFilters(
        since=parse_when(since, now, "--since") if since is not None else None,
        until=parse_when(until, now, "--until") if until is not None else None,
        topic=topic,
        source=source,
        lang=lang,
        story_id=story,
    )


def emit_json(data: Any) -> None:
    """Machine-readable output: the feed's text as it is, JSON-escaped, never through Rich."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
