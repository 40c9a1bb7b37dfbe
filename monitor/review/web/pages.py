"""The HTML pages: stories, one story, feeds, alerts. Server-rendered, no script."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from monitor.review.web import views
from monitor.review.web.context import Cursor, FilterDep, WebDep
from monitor.review.web.security import external_link, paragraphs

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 50

env = Environment(
    loader=PackageLoader("monitor.review.web", "templates"),
    autoescape=True,  # every template, whatever its name: feed text reaches all of them
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def stamp(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M UTC") if dt is not None else "—"


def ago(dt: datetime | None, now: datetime) -> str:
    """How long before `now`, roughly: 40 s, 5 min, 3 h, 2 d (or "in …" if later)."""
    if dt is None:
        return "never"
    seconds = (now - dt).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            text = f"{int(seconds // size)} {unit}"
            break
    else:
        text = f"{int(seconds)} s"
    return f"in {text}" if future else f"{text} ago"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes / 60:.1f} h"


env.filters["stamp"] = stamp
env.filters["paragraphs"] = paragraphs
env.filters["duration"] = duration
env.globals["ago"] = ago
env.globals["external_link"] = external_link


def render(name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=http_status)


def error_page(code: int, message: str) -> HTMLResponse:
    return render("error.html.j2", code, code=code, message=message, nav="")


def _next_href(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return f"{request.url.path}?{urlencode([*params, ('cursor', cursor)])}"


@router.get("/")
def stories_page(request: Request, ctx: WebDep, f: FilterDep, cursor: Cursor = None) -> Response:
    with ctx.store.tx() as tx:
        page = views.list_stories(tx, f, cursor, PAGE)
    q = request.query_params
    return render(
        "stories.html.j2",
        nav="stories",
        page=page,
        now=ctx.clock(),
        form={k: q.get(k, "") for k in ("since", "until", "topic", "source", "lang")},
        filtered=any(q.get(k) for k in ("since", "until", "topic", "source", "lang")),
        next_href=_next_href(request, page.next_cursor),
    )


@router.get("/search")
def search_page(request: Request, ctx: WebDep, f: FilterDep, cursor: Cursor = None) -> Response:
    q = request.query_params
    query = (q.get("q") or "").strip()
    page = None
    if query:
        with ctx.store.tx() as tx:
            page = views.search(tx, query, f, cursor, PAGE)
    return render(
        "search.html.j2",
        nav="search",
        query=query,
        page=page,
        form={k: q.get(k, "") for k in ("since", "until", "topic", "source", "lang")},
        next_href=_next_href(request, page.next_cursor) if page else None,
    )


@router.get("/stories/{story_id}")
def story_page(ctx: WebDep, story_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
    with ctx.store.tx() as tx:
        detail = views.story_detail(tx, story_id, ctx.clock())
    if detail is None:
        raise HTTPException(404, f"There is no story {story_id}.")
    if detail.id != story_id:  # merged into another: its page is the survivor's
        return RedirectResponse(f"/stories/{detail.id}", status_code=303)
    return render(
        "story.html.j2",
        nav="stories",
        story=detail,
        outlets=views.by_outlet(detail.articles),
        now=ctx.clock(),
    )


@router.get("/feeds")
def feeds_page(request: Request, ctx: WebDep, cursor: Cursor = None) -> Response:
    now = ctx.clock()
    with ctx.store.tx() as tx:
        page = views.list_feeds(tx, cursor, 200, now)
    return render(
        "feeds.html.j2",
        nav="feeds",
        page=page,
        now=now,
        next_href=_next_href(request, page.next_cursor),
    )


@router.get("/alerts")
def alerts_page(
    request: Request,
    ctx: WebDep,
    f: FilterDep,
    cursor: Cursor = None,
    status: Annotated[
        str | None, Query(pattern="^(|pending|held|bundled|delivered|dead|silenced)$")
    ] = None,
) -> Response:
    with ctx.store.tx() as tx:
        page = views.list_alerts(tx, f, cursor, PAGE, status=status or None)
    return render(
        "alerts.html.j2",
        nav="alerts",
        page=page,
        now=ctx.clock(),
        status=status or "",
        next_href=_next_href(request, page.next_cursor),
    )
