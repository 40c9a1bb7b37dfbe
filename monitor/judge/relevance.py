"""Which configured topics an article is about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from monitor.judge.features import TopicWords
from monitor.judge.query import Document, Query


@dataclass(frozen=True)
class Topic:
    name: str
    query: Query


class TopicSpec(Protocol):
    """A topic as configured (`monitor.config.TopicConfig`) or as sent to a parse worker."""

    @property
    def name(self) -> str: ...

    @property
    def query(self) -> str: ...


class TopicQuery(NamedTuple):
    """A topic's name and query as plain data: a parse worker unpickles it without
    importing the settings' models (pydantic)."""

    name: str
    query: str


class Topics:
    def __init__(self, topics: Sequence[TopicSpec]) -> None:
        self.topics = [Topic(t.name, Query.parse(t.query)) for t in topics]
        self._words: dict[frozenset[str], TopicWords] = {}

    def words(self, names: list[str]) -> TopicWords:
        """The words and prefixes (`colombia*`) the named topics' queries look for; made
        once per set of topics, as every relevant article asks."""
        key = frozenset(names)
        if key not in self._words:
            self._words[key] = TopicWords.of(
                w for t in self.topics if t.name in key for w in t.query.terms()
            )
        return self._words[key]

    def match(self, doc: Document, allowed: list[str] | None = None) -> list[str]:
        """Names of the topics whose query matches; `allowed` limits them (a feed's topics)."""
        return [
            t.name
            for t in self.topics
            if (allowed is None or t.name in allowed) and t.query.matches(doc)
        ]
