"""An article's text read once, before its transaction: what dedupe, relevance, grouping
and development detection need.

Made in the parse workers (`monitor.collect.parsepool`) while other pages are fetched, so
the one ingest writer only reads it. Every field is what the judging stages would compute
from the same title, text, topics and date, so decisions do not depend on where it was
made; ingest uses a part only when what it was made from is what ingest has.
Relevance comes first: an article no topic matches gets no grouping features.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.judge.copies import Copy
from monitor.judge.developments import StatedFacts, sentence_facts
from monitor.judge.features import Features, features
from monitor.judge.query import Document
from monitor.judge.relevance import Topics, TopicSpec


@dataclass(frozen=True)
class Grouping:
    """What story placement reads of a relevant article."""

    topics: tuple[str, ...]  # the topics it matched, its feed's allowance applied
    sentences: StatedFacts  # the sentences of "title.\ntext" that state facts
    when: datetime | None  # the publication time its features were made for
    features: Features | None  # None without a publication time (ingest decides it)


@dataclass(frozen=True)
class Analysis:
    copy: Copy  # hash, MinHash signature and index keys (dedupe)
    origin: str  # "page" | "feed": the text's origin it was made for
    grouping: Grouping | None  # None when no topic matched

    def fits(self, title: str, text: str, origin: str) -> bool:
        """Made from exactly this title, text and origin."""
        return (self.copy.title, self.copy.text, self.origin) == (title, text, origin)


_TOPICS: dict[tuple[tuple[str, str], ...], Topics] = {}


def _matcher(topics: Sequence[TopicSpec]) -> Topics:
    key = tuple((t.name, t.query) for t in topics)
    if key not in _TOPICS:  # parsed once per worker
        _TOPICS[key] = Topics(list(topics))
    return _TOPICS[key]


def analyse(
    title: str,
    text: str,
    origin: str,
    topics: Sequence[TopicSpec] = (),
    allowed: list[str] | None = None,
    published: datetime | None = None,
) -> Analysis:
    copy = Copy.of(title, text, origin)
    matcher = _matcher(topics)
    found = matcher.match(Document(f"{title}\n{text}"), allowed) if topics else []
    if not found:
        return Analysis(copy, origin, None)
    feats = features(title, text, published, matcher.words(found)) if published else None
    grouping = Grouping(tuple(found), sentence_facts(f"{title}.\n{text}"), published, feats)
    return Analysis(copy, origin, grouping)
