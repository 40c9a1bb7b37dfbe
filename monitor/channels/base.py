"""What every channel receives and how it reports failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


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
    outlets: int
    articles: list[ArticlePayload] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen,
            "outlets": int(self.outlets),
            "articles": [a.to_dict() for a in self.articles],
        }


@dataclass
class AlertMessage:
    id: str  # stable per story, rule and event (per rule and slot for digests)
    event: str  # "new_story" | "development" | "repeat" | "spike" | "digest"
    rule: str
    story: StoryPayload | None  # None for a digest, which lists `stories`
    article: ArticlePayload | None = None  # the article behind a development
    new_information: list[str] = field(default_factory=list)  # what the development adds
    created_at: str = ""
    # A digest's stories, newest activity first; each lists the articles it gained.
    stories: list[StoryPayload] = field(default_factory=list)
    period: tuple[str, str] | None = None  # a digest's (since, until), ISO 8601 UTC

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
        }
        if self.stories or self.event == "digest":
            body["stories"] = [s.to_dict() for s in self.stories]
        if self.period is not None:
            body["period"] = {"since": self.period[0], "until": self.period[1]}
        return body


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
