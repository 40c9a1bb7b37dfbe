"""Which configured topics an article is about."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.config import TopicConfig
from monitor.query import Document, Query


@dataclass(frozen=True)
class Topic:
    name: str
    query: Query


class Topics:
    def __init__(self, topics: list[TopicConfig]) -> None:
        self.topics = [Topic(t.name, Query.parse(t.query)) for t in topics]

    def match(self, doc: Document, allowed: list[str] | None = None) -> list[str]:
        """Names of the topics whose query matches; `allowed` limits them (a feed's topics)."""
        return [
            t.name
            for t in self.topics
            if (allowed is None or t.name in allowed) and t.query.matches(doc)
        ]
