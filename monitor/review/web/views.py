"""What the pages and the API show, read from the database.

The models here are both the API's response schema and what the templates render, so
the page and the API never disagree. Every string in them may come from a feed and is
untrusted: the templates escape it, the API returns it as JSON data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Day
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from monitor.redact import redact
from monitor.review.headlines import story_headline
from monitor.review.web.paging import (
    BadRequest,
    encode_cursor,
    id_cursor,
    time_int_cursor,
    time_str_cursor,
)
from monitor.storage import Alert, Article, Delivery, DeliveryAttempt, Feed, Story, StoryEvent, Tx
from monitor.storage.browse import LogFilter

ARTICLES_PER_DAY_OVER = timedelta(days=7)


class TimelineEntry(BaseModel):
    at: datetime
    kind: str = Field(description="first_report, development or merge")
    summary: str
    details: list[str] = Field(description="what this development added")
    article_id: int | None


class BriefEntry(BaseModel):
    """One dated line of the brief's timeline, as the webhook payload carries it."""

    date: Day = Field(description="the event's own date when the report states it")
    text: str
    url: str
    article_id: int | None = Field(description="the story's article it comes from, if stored")
    kind: str | None = Field(description="first_report, development or merge, when recorded")


class Brief(BaseModel):
    """What a story's page leads with: the same brief the alerts carry."""

    headline: str
    key_points: list[str]
    what_changed: list[str]
    timeline: list[BriefEntry]


class StoryItem(BaseModel):
    id: int
    headline: str
    first_seen: datetime
    last_seen: datetime = Field(description="when its latest development was seen")
    article_count: int
    outlets: list[str]
    languages: list[str]
    topics: list[str]
    alert_status: str = Field(
        description="none, waiting (pending or held), sent, failed (a dead delivery) or silenced"
    )
    alerts: dict[str, int] = Field(description="its alerts' deliveries, by status")


class StoryArticle(BaseModel):
    id: int
    url: str
    title: str
    outlet: str
    source: str = Field(description="the outlet's host")
    published_at: datetime | None
    fetched_at: datetime
    language: str | None
    author: str | None
    topics: list[str]
    story_id: int | None
    copy_of: int | None = Field(description="the article this one copies, if it is a copy")
    text_origin: str = Field(description="page (extracted) or feed (title and summary)")
    aggregator: str | None


class StoryArticleWithText(StoryArticle):
    text: str | None


class DeliveryTry(BaseModel):
    at: datetime
    ok: bool
    status: int | None
    error: str | None


class DeliveryItem(BaseModel):
    id: int
    channel: str
    status: str = Field(description="pending, held, bundled, delivered, dead or silenced")
    attempts: int
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    last_status: int | None
    last_error: str | None
    bundle_id: str | None
    tries: list[DeliveryTry]


class AlertItem(BaseModel):
    id: str
    created_at: datetime
    sealed_at: datetime | None
    event: str
    rule: str
    story_id: int | None
    story_ids: list[int]
    state: str = Field(description="open, sealed or silenced")
    urgent: bool
    reasons: list[str]
    new_information: list[str]
    deliveries: list[DeliveryItem]


class StoryDetail(StoryItem):
    merged_from: list[int]
    key_points: list[str]
    what_changed: list[str]
    timeline: list[TimelineEntry] = Field(
        description="the story's recorded events; `brief.timeline` is the readable form"
    )
    brief: Brief
    articles: list[StoryArticleWithText]
    story_alerts: list[AlertItem]
    silenced_until: datetime | None = Field(
        description="when the silence naming this story ends, if one is active"
    )


class FeedItem(BaseModel):
    id: int
    name: str | None
    title: str | None
    url: str
    fetch_url: str | None = Field(description="where the feed moved to, if it moved")
    configured: bool
    status: str = Field(description="new, ok, failing or disabled")
    consecutive_failures: int
    last_checked_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_cut: str | None = Field(
        default=None, description="what the last poll cut to stay within [entries]"
    )
    next_check_at: datetime | None = Field(description="none while disabled or removed")
    check_interval: float | None
    interval_reason: str | None
    articles_per_day: float = Field(description="articles first seen here, over the last 7 days")


class StoryPage(BaseModel):
    items: list[StoryItem]
    next_cursor: str | None


class ArticlePage(BaseModel):
    items: list[StoryArticle]
    next_cursor: str | None


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None


class AlertPage(BaseModel):
    items: list[AlertItem]
    next_cursor: str | None


# stories


def story_brief(tx: Tx, story: Story, articles: list[Article], events: list[StoryEvent]) -> Brief:
    """The story's brief as it stands (judge/briefs): the one its alerts would carry."""
    from monitor.alerting.outbox import outlet_namer
    from monitor.judge.storybrief import story_brief as brief_of

    assert story.id is not None
    made = brief_of(tx, story.id, outlet=outlet_namer(tx, story.id))
    by_url = {a.url: a.id for a in articles}
    kinds = {e.article_id: e.kind for e in events if e.article_id is not None}
    return Brief(
        headline=made.headline or story.title,
        key_points=list(made.key_points),
        what_changed=list(made.what_changed),
        timeline=[
            BriefEntry(
                date=e.date,
                text=e.text,
                url=e.url,
                article_id=(aid := by_url.get(e.url)),
                kind=kinds.get(aid) if aid is not None else None,
            )
            for e in made.timeline
        ],
    )


def timeline_entry(e: StoryEvent) -> TimelineEntry:
    return TimelineEntry(
        at=e.at, kind=e.kind, summary=e.summary, details=list(e.details), article_id=e.article_id
    )


def alert_status(counts: dict[str, int]) -> str:
    if counts.get("dead"):
        return "failed"
    if counts.get("pending") or counts.get("held") or counts.get("open"):
        return "waiting"
    if counts.get("delivered") or counts.get("bundled"):
        return "sent"
    if counts.get("silenced"):
        return "silenced"
    return "none"


def _story_items(tx: Tx, stories: list[Story]) -> list[StoryItem]:
    ids = [s.id for s in stories if s.id is not None]
    faces = tx.story_faces(ids)
    states = tx.story_alert_states(ids)
    items = []
    for s in stories:
        assert s.id is not None
        outlets, langs = faces[s.id]
        items.append(
            StoryItem(
                id=s.id,
                headline=story_headline(tx, s),
                first_seen=s.first_seen,
                last_seen=s.last_seen,
                article_count=s.article_count,
                outlets=outlets,
                languages=langs,
                topics=list(s.topics),
                alert_status=alert_status(states[s.id]),
                alerts=states[s.id],
            )
        )
    return items


def list_stories(tx: Tx, f: LogFilter, cursor: str | None, limit: int) -> StoryPage:
    rows = list(tx.stories_page(f, time_int_cursor(cursor), limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    nxt = encode_cursor(last.last_seen, last.id) if more and last is not None else None
    return StoryPage(items=_story_items(tx, rows), next_cursor=nxt)


def article_item(a: Article) -> StoryArticle:
    assert a.id is not None
    return StoryArticle(
        id=a.id,
        url=a.url,
        title=a.title,
        outlet=a.source_name or a.source,
        source=a.source,
        published_at=a.published_at,
        fetched_at=a.fetched_at,
        language=a.language,
        author=a.author,
        topics=list(a.topics),
        story_id=a.story_id,
        copy_of=a.duplicate_of,
        text_origin=a.text_origin,
        aggregator=a.aggregator,
    )


def story_detail(tx: Tx, story_id: int, now: datetime) -> StoryDetail | None:
    """The story as it stands (the survivor, when it was merged into another)."""
    story = tx.resolve_story(story_id)
    if story is None or story.id is None:
        return None
    (item,) = _story_items(tx, [story])
    stored = list(tx.story_articles(story.id))
    events = list(tx.story_events(story.id))
    brief = story_brief(tx, story, stored, events)
    articles = [StoryArticleWithText(**article_item(a).model_dump(), text=a.text) for a in stored]
    silence = tx.story_silence(story.id, now)
    return StoryDetail(
        **item.model_dump(),
        merged_from=tx.story_family(story.id)[1:],
        key_points=brief.key_points,
        what_changed=brief.what_changed,
        timeline=[timeline_entry(e) for e in events],
        brief=brief,
        articles=articles,
        story_alerts=_alert_items(tx, list(tx.alerts_for_story(story.id))),
        silenced_until=silence.expires_at if silence is not None else None,
    )


def article_time(a: StoryArticle) -> datetime:
    return a.published_at if a.published_at is not None else a.fetched_at


@dataclass
class ArticleNode:
    """An original article with the copies of it folded under it."""

    article: StoryArticleWithText
    copies: list[StoryArticleWithText] = field(default_factory=list)


@dataclass
class OutletGroup:
    outlet: str
    articles: list[ArticleNode]


def by_outlet(articles: list[StoryArticleWithText]) -> list[OutletGroup]:
    """Originals grouped by outlet, first to report first; each copy under its original
    (whatever outlet republished it), following chains of copies to the first one."""
    by_id = {a.id: a for a in articles}

    def root(a: StoryArticleWithText) -> StoryArticleWithText:
        seen = {a.id}
        while a.copy_of is not None and a.copy_of in by_id and a.copy_of not in seen:
            a = by_id[a.copy_of]
            seen.add(a.id)
        return a

    nodes: dict[int, ArticleNode] = {}
    ordered = sorted(articles, key=lambda a: (article_time(a), a.id))
    for a in ordered:
        origin = root(a)
        if origin.id == a.id:
            nodes[a.id] = ArticleNode(a)
    for a in ordered:
        origin = root(a)
        if origin.id != a.id:
            nodes[origin.id].copies.append(a)
    groups: dict[str, OutletGroup] = {}
    for node in nodes.values():
        groups.setdefault(
            node.article.outlet, OutletGroup(node.article.outlet, [])
        ).articles.append(node)
    return list(groups.values())


# articles


def list_articles(
    tx: Tx, f: LogFilter, cursor: str | None, limit: int, *, relevant_only: bool = True
) -> ArticlePage:
    rows = list(tx.articles_page(f, id_cursor(cursor), limit + 1, relevant_only=relevant_only))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(rows[-1].id) if more and rows else None
    return ArticlePage(items=[article_item(a) for a in rows], next_cursor=nxt)


# feeds


def feed_item(f: Feed, articles_7d: int) -> FeedItem:
    assert f.id is not None
    active = f.configured and f.status != "disabled"
    return FeedItem(
        id=f.id,
        name=f.name,
        title=f.title,
        url=redact(f.url),
        fetch_url=redact(f.fetch_url) if f.fetch_url else None,
        configured=f.configured,
        status=f.status,
        consecutive_failures=f.consecutive_failures,
        last_checked_at=f.last_checked_at,
        last_success_at=f.last_success_at,
        last_error=f.last_error,
        last_cut=f.last_cut,
        next_check_at=f.next_check_at if active else None,
        check_interval=f.check_interval,
        interval_reason=f.interval_reason,
        articles_per_day=round(articles_7d / ARTICLES_PER_DAY_OVER.days, 2),
    )


def list_feeds(tx: Tx, cursor: str | None, limit: int, now: datetime) -> FeedPage:
    rows = list(tx.feeds_page(id_cursor(cursor), limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    counts = tx.articles_per_feed(now - ARTICLES_PER_DAY_OVER, [f.id for f in rows if f.id])
    nxt = encode_cursor(rows[-1].id) if more and rows else None
    return FeedPage(
        items=[feed_item(f, counts.get(f.id, 0)) for f in rows if f.id is not None],
        next_cursor=nxt,
    )


# alerts


def _try(a: DeliveryAttempt) -> DeliveryTry:
    return DeliveryTry(at=a.at, ok=a.ok, status=a.status, error=a.error)


def _delivery(d: Delivery, tries: list[DeliveryAttempt]) -> DeliveryItem:
    assert d.id is not None
    return DeliveryItem(
        id=d.id,
        channel=d.channel,
        status=d.status,
        attempts=d.attempts,
        next_attempt_at=d.next_attempt_at,
        last_attempt_at=d.last_attempt_at,
        delivered_at=d.delivered_at,
        last_status=d.last_status,
        last_error=d.last_error,
        bundle_id=d.bundle_id,
        tries=[_try(t) for t in tries],
    )


def _alert_items(tx: Tx, alerts: list[Alert]) -> list[AlertItem]:
    deliveries = tx.deliveries_of(a.id for a in alerts)
    attempts = tx.attempts_of(d.id for ds in deliveries.values() for d in ds if d.id is not None)
    return [
        AlertItem(
            id=a.id,
            created_at=a.created_at,
            sealed_at=a.sealed_at,
            event=a.event,
            rule=a.rule,
            story_id=a.story_id,
            story_ids=list(a.story_ids),
            state=a.state,
            urgent=a.urgent,
            reasons=list(a.reasons or []),
            new_information=list(a.new_information or []),
            deliveries=[
                _delivery(d, attempts.get(d.id, []) if d.id is not None else [])
                for d in deliveries[a.id]
            ],
        )
        for a in alerts
    ]


def list_alerts(
    tx: Tx, f: LogFilter, cursor: str | None, limit: int, *, status: str | None = None
) -> AlertPage:
    rows = list(tx.alerts_page(f, time_str_cursor(cursor), limit + 1, status=status))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(rows[-1].created_at, rows[-1].id) if more and rows else None
    return AlertPage(items=_alert_items(tx, rows), next_cursor=nxt)


class SnippetPart(BaseModel):
    text: str
    match: bool  # a word the query looked for: shown highlighted


class SearchHitItem(BaseModel):
    article: StoryArticle
    rank: float
    snippet: list[SnippetPart]


class SearchPage(BaseModel):
    items: list[SearchHitItem]
    next_cursor: str | None


def search(tx: Tx, query: str, f: LogFilter, cursor: str | None, limit: int) -> SearchPage:
    """Stored articles matching a query in the topic language, best first."""
    from monitor.judge.query import QueryError
    from monitor.storage.search import SearchFilters, search_articles

    filters = SearchFilters(
        since=f.since, until=f.until, topic=f.topic, source=f.source, lang=f.lang, story_id=f.story
    )
    try:
        hits, after = search_articles(tx, query, filters, limit=limit, after=cursor)
    except QueryError as exc:
        raise BadRequest(f"q: {exc}") from None
    rows = {a.id: a for a in tx.articles_by_ids(h.article_id for h in hits)}
    items = [
        SearchHitItem(
            article=article_item(rows[h.article_id]),
            rank=h.rank,
            snippet=[SnippetPart(text=t, match=m) for t, m in h.snippet],
        )
        for h in hits
        if h.article_id in rows
    ]
    return SearchPage(items=items, next_cursor=after)
