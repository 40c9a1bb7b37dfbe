"""Online story grouping: each new article joins the best-matching recent story or starts one.

Articles and stories are TF-IDF vectors over the stored corpus (document frequencies kept in
the database). Candidate stories come from an inverted index on each story's strongest
terms, so the cost per article does not grow with the number of stories.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.features import Features
from monitor.storage import Article, Story, Tx

log = logging.getLogger(__name__)

PROFILE_TERMS = 60  # terms kept in a story's centroid
INDEX_TERMS = 40  # of which the strongest are indexed for candidate lookup
QUERY_TERMS = 30  # an article's strongest terms used to look up candidates
JOIN_THRESHOLD = 0.18  # cosine between article and story centroid, after time decay
FACT_WEIGHT = 0.5  # fact overlap of 1.0 counts like a cosine of 0.5
DECAY = 0.3  # a story silent for a whole window matches at 70% strength


@dataclass
class Placement:
    story: Story
    created: bool
    score: float
    new_facts: list[str] = field(default_factory=list)  # facts the story did not have yet
    known_facts: list[str] = field(default_factory=list)  # what the story had before


def _normalise(vec: Mapping[str, float], keep: int | None = None) -> dict[str, float]:
    items = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    if keep is not None:
        items = items[:keep]
    norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
    return {k: v / norm for k, v in items}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _idf(n_docs: int, df: int) -> float:
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def fact_overlap(facts: set[str], story_facts: set[str], idf: Mapping[str, float]) -> float:
    """Share of the article's names and dates (IDF-weighted) that the story already has.

    Names and dates survive translation, so this carries a Spanish report into the
    story its English coverage started, where the word vectors barely overlap.
    """
    mine = [f for f in facts if f.startswith(("ent:", "date:"))]
    total = sum(idf.get(f, 1.0) for f in mine)
    if total == 0:
        return 0.0
    return sum(idf.get(f, 1.0) for f in mine if f in story_facts) / total


def absorb(
    story: Story, article: Article, vec: Mapping[str, float], feats: Features, when: datetime
) -> None:
    """Fold one article into a story's centroid, facts, counts and time span."""
    n = story.article_count
    merged = {k: v * n for k, v in story.profile.items()}
    for k, v in vec.items():
        merged[k] = merged.get(k, 0.0) + v
    story.profile = _normalise(merged, PROFILE_TERMS)
    story.facts = sorted(set(story.facts) | feats.facts)
    story.article_count = n + 1
    story.first_seen = min(story.first_seen, when)
    story.last_seen = max(story.last_seen, when)
    story.topics = sorted(set(story.topics) | set(article.topics))


def start_story(article: Article, vec: dict[str, float], feats: Features, when: datetime) -> Story:
    """A new story made of one article."""
    return Story(
        title=article.title or article.url,
        first_seen=when,
        last_seen=when,
        profile=vec,
        facts=sorted(feats.facts),
        article_count=1,
        topics=sorted(article.topics),
    )


class Grouper:
    def __init__(self, window: timedelta, threshold: float = JOIN_THRESHOLD) -> None:
        self.window = window
        self.threshold = threshold

    def place(self, tx: Tx, article: Article, feats: Features) -> Placement:
        """Attach `article` (already flushed, relevant, not a duplicate) to a story."""
        n_docs = tx.relevant_count() + 1
        dfs = tx.term_counts(feats.counts)
        idf = {t: _idf(n_docs, dfs.get(t, 0)) for t in feats.counts}
        vec = _normalise(
            {t: (1.0 + math.log(c)) * idf[t] for t, c in feats.counts.items()}, PROFILE_TERMS
        )
        when = article.published_at or article.fetched_at
        lookup = [t for t, _ in sorted(vec.items(), key=lambda kv: -kv[1])[:QUERY_TERMS]]
        best: tuple[float, Story] | None = None
        for story in tx.story_candidates(lookup, since=when - self.window):
            gap = abs((when - story.last_seen).total_seconds()) / self.window.total_seconds()
            similarity = max(
                cosine(vec, story.profile),
                FACT_WEIGHT * fact_overlap(feats.facts, set(story.facts), idf),
            )
            score = similarity * (1.0 - DECAY * min(gap, 1.0))
            if best is None or score > best[0]:
                best = (score, story)
        tx.count_terms(feats.counts)
        log.debug(
            "article %s best story %s score %.3f",
            article.id,
            best[1].id if best else None,
            best[0] if best else 0.0,
        )
        if best is not None and best[0] >= self.threshold:
            score, story = best
            known = list(story.facts)
            new_facts = sorted(feats.facts - set(known))
            absorb(story, article, vec, feats, when)
            tx.add(story)
            created = False
        else:
            score = best[0] if best else 0.0
            story = tx.add(start_story(article, vec, feats, when))
            new_facts = sorted(feats.facts)
            known = []
            created = True
        assert story.id is not None
        strongest = sorted(story.profile.items(), key=lambda kv: -kv[1])[:INDEX_TERMS]
        tx.set_story_terms(story.id, [t for t, _ in strongest])
        article.story_id = story.id
        tx.add(article)
        return Placement(
            story=story, created=created, score=score, new_facts=new_facts, known_facts=known
        )
