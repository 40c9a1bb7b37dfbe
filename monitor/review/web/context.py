"""What every request handler reaches: the store, the clock, the token, the health report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from monitor.review.web.paging import parse_time
from monitor.storage import Store
from monitor.storage.browse import LogFilter

HealthFn = Callable[[], dict[str, Any]]


@dataclass
class Web:
    store: Store
    clock: Callable[[], datetime]
    token: str | None = None
    # the daemon's own report when it serves the pages; else the database is asked
    health: HealthFn | None = None


def web(request: Request) -> Web:
    ctx: Web = request.app.state.web
    return ctx


WebDep = Annotated[Web, Depends(web)]

_TIME_HELP = "a duration back from now (7d, 12h) or an ISO date or time (UTC unless zoned)"


def log_filter(
    ctx: WebDep,
    since: Annotated[str | None, Query(description=f"From: {_TIME_HELP}.")] = None,
    until: Annotated[str | None, Query(description=f"Until: {_TIME_HELP}.")] = None,
    topic: Annotated[str | None, Query(description="A configured topic's name.")] = None,
    source: Annotated[
        str | None, Query(description="An outlet: its host (subdomains too) or its name.")
    ] = None,
    lang: Annotated[str | None, Query(description="A language code: es, en, …")] = None,
    story: Annotated[int | None, Query(description="A story id.", ge=1, le=2**62)] = None,
) -> LogFilter:
    now = ctx.clock()
    return LogFilter(
        since=parse_time(since, "since", now),
        until=parse_time(until, "until", now),
        topic=topic or None,
        source=source or None,
        lang=lang or None,
        story=story,
    )


FilterDep = Annotated[LogFilter, Depends(log_filter)]
Cursor = Annotated[
    str | None,
    Query(description="The next_cursor of the previous page; omit for the first page."),
]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page.")]
