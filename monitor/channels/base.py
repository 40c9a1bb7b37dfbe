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
    id: str  # stable per story, rule and event: receivers drop repeats by it
    event: str  # "new_story" | "development"
    rule: str
    story: StoryPayload
    article: ArticlePayload | None = None  # the article behind a development
    new_information: list[str] = field(default_factory=list)  # what the development adds
    created_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The webhook body; key order is part of the wire format, so it is built explicitly."""
        return {
            "id": self.id,
            "event": self.event,
            "rule": self.rule,
            "created_at": self.created_at,
            "story": self.story.to_dict(),
            "article": self.article.to_dict() if self.article is not None else None,
            "new_information": list(self.new_information),
        }


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
