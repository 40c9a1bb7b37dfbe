"""The JSON API under /api/: the log, read-only, and a few actions behind the bearer token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from monitor.alerting.silences import SilenceError
from monitor.config import parse_duration
from monitor.review.web import actions, views
from monitor.review.web.context import Cursor, FilterDep, Limit, WebDep
from monitor.review.web.paging import BadRequest
from monitor.review.web.security import token_matches

router = APIRouter(prefix="/api", tags=["api"])
_bearer = HTTPBearer(auto_error=False, description="The [web] token of the configuration.")

Id = Annotated[int, Path(ge=1, le=2**62)]
DeliveryStatus = Annotated[
    str | None,
    Query(
        pattern="^(pending|held|bundled|delivered|dead|silenced)$",
        description="Only alerts with a delivery in this state.",
    ),
]


class ErrorBody(BaseModel):
    detail: str


_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "A parameter that cannot be used as given."}
}
_ACTION_ERRORS: dict[int | str, dict[str, object]] = {
    **_ERRORS,
    401: {"model": ErrorBody, "description": "No token, or the wrong one."},
    403: {"model": ErrorBody, "description": "This server has no token: it is read-only."},
    404: {"model": ErrorBody, "description": "No such row."},
}


def authorized(
    ctx: WebDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    if ctx.token is None:
        raise HTTPException(
            403, "this server is read-only: set [web] token in the configuration to allow actions"
        )
    if credentials is None or not token_matches(credentials.credentials, ctx.token):
        raise HTTPException(
            401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )


Authorized = Depends(authorized)


@router.get("/stories", responses=_ERRORS)
def stories(ctx: WebDep, f: FilterDep, cursor: Cursor = None, limit: Limit = 50) -> views.StoryPage:
    """Stories, most recent development first."""
    with ctx.store.tx() as tx:
        return views.list_stories(tx, f, cursor, limit)


@router.get("/stories/{story_id}", responses={404: {"model": ErrorBody}})
def story(ctx: WebDep, story_id: Id) -> views.StoryDetail:
    """One story with its timeline, articles (text included) and alerts. A story merged
    into another answers with the one it was merged into."""
    with ctx.store.tx() as tx:
        detail = views.story_detail(tx, story_id, ctx.clock())
    if detail is None:
        raise HTTPException(404, f"no story {story_id}")
    return detail


@router.get("/articles", responses=_ERRORS)
def articles(
    ctx: WebDep,
    f: FilterDep,
    cursor: Cursor = None,
    limit: Limit = 50,
    all: bool = False,
) -> views.ArticlePage:
    """Stored articles, newest first; `all` includes those off every topic. since and
    until bound when an article was first seen."""
    with ctx.store.tx() as tx:
        return views.list_articles(tx, f, cursor, limit, relevant_only=not all)


@router.get("/search", responses=_ERRORS)
def search(
    ctx: WebDep,
    f: FilterDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=1000,
            description='The topic query language: words, "phrases", AND, OR, NOT, (), prefix*.',
        ),
    ],
    cursor: Cursor = None,
    limit: Limit = 20,
) -> views.SearchPage:
    """Relevant stored articles matching `q`, best first, with highlighted snippets;
    accents and case do not count. since and until bound when an article was first seen."""
    with ctx.store.tx() as tx:
        return views.search(tx, q, f, cursor, limit)


@router.get("/feeds", responses=_ERRORS)
def feeds(ctx: WebDep, cursor: Cursor = None, limit: Limit = 50) -> views.FeedPage:
    """Feeds with their health and schedule."""
    with ctx.store.tx() as tx:
        return views.list_feeds(tx, cursor, limit, ctx.clock())


@router.get("/alerts", responses=_ERRORS)
def alerts(
    ctx: WebDep,
    f: FilterDep,
    cursor: Cursor = None,
    limit: Limit = 50,
    status: DeliveryStatus = None,
) -> views.AlertPage:
    """Alerts, newest first, with each delivery and its attempts; `status` keeps alerts
    with a delivery in that state."""
    with ctx.store.tx() as tx:
        return views.list_alerts(tx, f, cursor, limit, status=status)


# actions


class SilenceRequest(BaseModel):
    for_: str = Field(
        "1d", alias="for", max_length=32, description="How long: 2h, 2d, 1w.", examples=["1d"]
    )
    comment: str = Field("", max_length=500)


class SilenceOut(BaseModel):
    id: int
    story_id: int
    comment: str
    created_at: datetime
    expires_at: datetime
    outcome: Literal["added", "extended", "covered"] = Field(
        description="a new silence, or the story's running one extended, or already lasting longer"
    )


@router.post("/stories/{story_id}/silence", responses=_ACTION_ERRORS, dependencies=[Authorized])
def silence(ctx: WebDep, story_id: Id, body: SilenceRequest) -> SilenceOut:
    """Keep the story's alerts from being sent for a while (they are still recorded)."""
    try:
        duration = parse_duration(body.for_)
    except ValueError as exc:
        raise BadRequest(f"for: {exc}") from None
    if duration > 10 * 365 * 86400:
        raise BadRequest("for: at most ten years")
    try:
        with ctx.store.tx() as tx:
            added = actions.silence_story(
                tx, story_id, duration=duration, comment=body.comment, now=ctx.clock()
            )
    except actions.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except SilenceError as exc:
        raise BadRequest(str(exc)) from None
    s = added.silence
    assert s.id is not None and s.story_id is not None
    return SilenceOut(
        id=s.id,
        story_id=s.story_id,
        comment=s.comment,
        created_at=s.created_at,
        expires_at=s.expires_at,
        outcome=added.outcome,
    )


class RetryRequest(BaseModel):
    alert_id: str | None = Field(
        None,
        max_length=64,
        description="One alert (or the first characters of its id): its dead and waiting "
        "deliveries. Omitted: every dead delivery.",
    )
    channel: str | None = Field(None, max_length=200, description="Only this channel's.")


class RetryOut(BaseModel):
    requeued: int


@router.post("/alerts/retry", responses=_ACTION_ERRORS, dependencies=[Authorized])
def retry(ctx: WebDep, body: RetryRequest) -> RetryOut:
    """Put dead deliveries back in the outbox; the running daemon sends them next."""
    try:
        with ctx.store.tx() as tx:
            n = actions.retry_deliveries(
                tx, ctx.clock(), alert_id=body.alert_id or None, channel=body.channel
            )
    except actions.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return RetryOut(requeued=n)


def _feed_action(ctx: WebDep, feed_id: int, enable: bool) -> views.FeedItem:
    try:
        with ctx.store.tx() as tx:
            now = ctx.clock()
            feed = (
                actions.enable_feed(tx, feed_id, now) if enable else actions.pause_feed(tx, feed_id)
            )
            counts = tx.articles_per_feed(now - views.ARTICLES_PER_DAY_OVER, [feed_id])
    except actions.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return views.feed_item(feed, counts.get(feed_id, 0))


@router.post("/feeds/{feed_id}/pause", responses=_ACTION_ERRORS, dependencies=[Authorized])
def pause(ctx: WebDep, feed_id: Id) -> views.FeedItem:
    """Stop polling the feed until it is enabled."""
    return _feed_action(ctx, feed_id, enable=False)


@router.post("/feeds/{feed_id}/enable", responses=_ACTION_ERRORS, dependencies=[Authorized])
def enable(ctx: WebDep, feed_id: Id) -> views.FeedItem:
    """Poll a paused or disabled feed again, at the next poll."""
    return _feed_action(ctx, feed_id, enable=True)
