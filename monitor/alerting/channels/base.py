"""What every channel receives and how it reports failure."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from monitor.judge.briefs import Brief


@dataclass
class ArticlePayload:
    url: str
    title: str
    source: str
    published_at: str | None  # ISO 8601 UTC
    language: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published_at": self.published_at,
            "language": self.language,
        }


@dataclass
class StoryPayload:
    id: int
    title: str
    first_seen: str  # ISO 8601 UTC
    outlets: int  # how many outlets carried it: two feeds of one outlet count once
    articles: list[ArticlePayload] = field(default_factory=list)
    outlet_names: list[str] = field(default_factory=list)  # the outlets, alphabetically
    brief: Brief | None = None  # a digest's or bundle's story: its own brief

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen,
            "outlets": int(self.outlets),
            "outlet_names": list(self.outlet_names),
            "articles": [a.to_dict() for a in self.articles],
        }
        if self.brief is not None:
            body["brief"] = self.brief.to_dict()
        return body

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryPayload:
        brief = data.get("brief")
        return cls(
            id=data["id"],
            title=data["title"],
            first_seen=data["first_seen"],
            outlets=data["outlets"],
            articles=[ArticlePayload(**a) for a in data.get("articles") or []],
            outlet_names=list(data.get("outlet_names") or []),
            brief=Brief.from_dict(brief) if brief else None,
        )


@dataclass
class AlertMessage:
    id: str  # stable per story, rule and event (per rule and slot for digests)
    # "new_story" | "development" | "repeat" | "spike" | "digest" | "bundle" | "health"
    # | "health_resolved" | "test"
    event: str
    rule: str
    story: StoryPayload | None = None  # None for a digest, a bundle or a health alert
    article: ArticlePayload | None = None  # the article behind a development
    new_information: list[str] = field(default_factory=list)  # what the development adds
    created_at: str = ""
    # A digest's stories, newest activity first; each lists the articles it gained.
    # A quiet-hours bundle's stories, in the order their alerts were raised.
    stories: list[StoryPayload] = field(default_factory=list)
    period: tuple[str, str] | None = None  # a digest's (since, until), ISO 8601 UTC
    title: str = ""  # the headline when there is no single story
    covers: list[str] = field(default_factory=list)  # alert ids a bundle carries
    urgent: bool = False
    # what a reader needs of a story alert: headline, key points, what changed, timeline
    brief: Brief | None = None

    @property
    def headline(self) -> str:
        if self.title:
            return self.title
        if self.brief is not None and self.brief.headline:
            return self.brief.headline
        if self.story is not None:
            return self.story.title
        return ""

    def to_dict(self) -> dict[str, Any]:
        """The webhook body; key order is part of the wire format, so it is built explicitly."""
        body: dict[str, Any] = {
            "id": self.id,
            "event": self.event,
            "rule": self.rule,
            "created_at": self.created_at,
            "story": self.story.to_dict() if self.story is not None else None,
            "article": self.article.to_dict() if self.article is not None else None,
            "new_information": list(self.new_information),
            "brief": self.brief.to_dict() if self.brief is not None else None,
        }
        if self.stories or self.event == "digest":
            body["stories"] = [s.to_dict() for s in self.stories]
        if self.period is not None:
            body["period"] = {"since": self.period[0], "until": self.period[1]}
        if self.title:
            body["title"] = self.title
        if self.covers:
            body["covers"] = list(self.covers)
        if self.urgent:
            body["urgent"] = True
        return body

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlertMessage:
        story = data.get("story")
        article = data.get("article")
        period = data.get("period")
        brief = data.get("brief")
        return cls(
            id=data["id"],
            event=data["event"],
            rule=data["rule"],
            story=StoryPayload.from_dict(story) if story else None,
            article=ArticlePayload(**article) if article else None,
            new_information=list(data.get("new_information") or []),
            created_at=data.get("created_at", ""),
            stories=[StoryPayload.from_dict(s) for s in data.get("stories") or []],
            period=(period["since"], period["until"]) if period else None,
            title=data.get("title", ""),
            covers=list(data.get("covers") or []),
            urgent=bool(data.get("urgent", False)),
            brief=Brief.from_dict(brief) if brief else None,
        )


class DeliveryError(Exception):
    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"DeliveryError({str(self)!r}, retryable={self.retryable}, "
            f"status={self.status}, retry_after={self.retry_after})"
        )


class Channel(Protocol):
    name: str

    async def send(self, message: AlertMessage) -> None:
        """Deliver once; raise DeliveryError on failure."""
        ...

    async def aclose(self) -> None:
        """Release connections the channel owns."""
        ...


R = TypeVar("R")

# Threads for channels that block (SMTP, Apprise): their own pool, so a hanging mail server
# never takes the threads ingest and extraction run on, nor the other way round.
SEND_THREADS = 8
_pool: ThreadPoolExecutor | None = None
_pool_guard = threading.Lock()


def send_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_guard:
        if _pool is None:
            _pool = ThreadPoolExecutor(SEND_THREADS, thread_name_prefix="monitor-send")
        return _pool


class BlockingSends:
    """One channel's blocking sends, run on the send pool, with a definite outcome.

    A send the outbox stopped waiting for (its timeout) cannot be stopped once its thread
    has started: it may still get through. Its outcome is kept, and the next attempt at the
    same message (`key`) waits for it instead of sending a second copy: if it got through,
    that attempt succeeds without sending; if it failed, the message is sent again. A send
    still queued for a thread when the outbox gives up is dropped, never sent late.
    """

    def __init__(self) -> None:
        self._inflight: dict[str, Future[Any]] = {}

    async def run(self, key: str, fn: Callable[..., R], *args: Any) -> R:
        fut: Future[R] | None = self._inflight.get(key)
        if fut is not None and fut.done():
            del self._inflight[key]
            if not fut.cancelled() and fut.exception() is None:
                return fut.result()  # the abandoned attempt got through after all
            fut = None
        if fut is None:
            fut = send_pool().submit(fn, *args)
            self._inflight[key] = fut
        result = await asyncio.wrap_future(fut)  # cancelling drops it only while queued
        if self._inflight.get(key) is fut:
            del self._inflight[key]
        return result

    def pending(self) -> int:
        """Sends given up on whose outcome is not yet collected."""
        return len(self._inflight)
