"""Online story grouping: each new article joins the best-matching recent story or starts one.

Articles and stories are TF-IDF vectors over the stored corpus (document frequencies kept in
the database), compared together with the names and dates they share (which survive
translation) and discounted by the time between the article and the story. Candidate
stories come from an inverted index on each story's strongest terms, read only inside the
grouping window, so the cost per article does not grow with the number of stories.

An article that matches two stories strongly shows they are one: the younger is merged
into the older, which keeps both timelines; the absorbed story keeps its alerts and
points at the survivor.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.developments import Development, describe_fact, detect
from monitor.features import Features
from monitor.storage import Article, Story, StoryEvent, Tx

log = logging.getLogger(__name__)

PROFILE_TERMS = 60  # terms kept in a story's centroid
INDEX_TERMS = 40  # of which the strongest are indexed for candidate lookup
QUERY_TERMS = 30  # an article's strongest terms used to look up candidates
CANDIDATES = 50  # stories scored per article, at most
COMMON_SHARE = 0.5  # terms in more than this share of articles are not looked up...
COMMON_MIN_DOCS = 50  # ...once the corpus is this large
JOIN_THRESHOLD = 0.2  # similarity between article and story, after time discount
MERGE_THRESHOLD = 0.45  # an article this close to two stories merges them
MAX_MERGES = 3  # stories merged by one article, at most
PAIR_SHARE = 0.5  # ...and only stories this share of the join threshold alike themselves
FACT_WEIGHT = 0.5  # fact overlap of 1.0 counts like a cosine of 0.5
TIME_SCALE = timedelta(days=7)  # publication-time distance at which the time bonus halves...
TIME_FLOOR = 0.75  # ...from 1.0 towards this share, reached by articles far from the story
FUTURE_SLACK = timedelta(days=1)  # published dates further ahead of the fetch are not trusted


@dataclass
class Placement:
    story: Story
    created: bool
    score: float
    new_facts: list[str] = field(default_factory=list)  # facts the story did not have yet
    known_facts: list[str] = field(default_factory=list)  # what the story had before
    development: Development | None = None  # what the article adds, when it is news
    merged: list[int] = field(default_factory=list)  # stories this article merged in


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
    mine = [f for f in facts if f.startswith(("ent:", "date:", "num:"))]
    weight = {f: idf.get(f, 1.0) for f in mine}
    total = sum(weight.values())
    if total == 0:
        return 0.0
    return sum(w for f, w in weight.items() if f in story_facts) / total


def story_similarity(a: Story, b: Story) -> float:
    """How alike two stories are, by words or by the names and dates they share."""
    return max(
        cosine(a.profile, b.profile),
        FACT_WEIGHT
        * min(
            fact_overlap(set(a.facts), set(b.facts), {}),
            fact_overlap(set(b.facts), set(a.facts), {}),
        ),
    )


def article_time(article: Article) -> datetime:
    """When the article was published; the fetch time when the feed gave no usable date."""
    published = article.published_at
    if published is None or published > article.fetched_at + FUTURE_SLACK:
        return article.fetched_at
    return published


def article_vector(tx: Tx, feats: Features) -> tuple[dict[str, float], dict[str, float]]:
    """The article's TF-IDF vector and the IDF of its terms, from the stored frequencies."""
    n_docs = tx.relevant_count() + 1
    dfs = tx.term_counts(feats.counts)
    idf = {t: _idf(n_docs, dfs.get(t, 0)) for t in feats.counts}
    vec = _normalise(
        {t: (1.0 + math.log(c)) * idf[t] for t, c in feats.counts.items()}, PROFILE_TERMS
    )
    return vec, idf


def lookup_terms(tx: Tx, vec: Mapping[str, float]) -> list[str]:
    """The article's strongest terms, without those most articles share."""
    ranked = [t for t, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))]
    n_docs = tx.relevant_count()
    if n_docs < COMMON_MIN_DOCS:
        return ranked[:QUERY_TERMS]
    dfs = tx.term_counts(ranked)
    rare = [t for t in ranked if dfs.get(t, 0) <= COMMON_SHARE * n_docs]
    return (rare or ranked)[:QUERY_TERMS]


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


def combine(survivor: Story, absorbed: Story) -> None:
    """Fold a whole story into another: centroids weighted by size, facts and spans joined."""
    a, b = survivor.article_count, absorbed.article_count
    merged = {k: v * a for k, v in survivor.profile.items()}
    for k, v in absorbed.profile.items():
        merged[k] = merged.get(k, 0.0) + v * b
    survivor.profile = _normalise(merged, PROFILE_TERMS)
    survivor.facts = sorted(set(survivor.facts) | set(absorbed.facts))
    survivor.article_count = a + b
    survivor.first_seen = min(survivor.first_seen, absorbed.first_seen)
    survivor.last_seen = max(survivor.last_seen, absorbed.last_seen)
    survivor.topics = sorted(set(survivor.topics) | set(absorbed.topics))


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


def index_story(tx: Tx, story: Story) -> None:
    """Point the inverted index at the story's strongest terms, stamped with its last_seen."""
    assert story.id is not None
    strongest = sorted(story.profile.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
    tx.set_story_terms(story.id, [t for t, _ in strongest], story.last_seen)


def first_report(story: Story, article: Article, feats: Features, when: datetime) -> StoryEvent:
    """The timeline entry of the article that started a story."""
    assert story.id is not None
    details = [describe_fact(f) for f in sorted(feats.facts) if f.startswith(("state:", "date:"))]
    return StoryEvent(
        story_id=story.id,
        article_id=article.id,
        at=when,
        kind="first_report",
        summary=article.title or article.url,
        details=details,
    )


class Grouper:
    def __init__(
        self,
        window: timedelta,
        threshold: float = JOIN_THRESHOLD,
        merge_threshold: float = MERGE_THRESHOLD,
    ) -> None:
        self.window = window
        self.threshold = threshold
        self.merge_threshold = merge_threshold

    def score(
        self,
        vec: Mapping[str, float],
        feats: Features,
        idf: Mapping[str, float],
        when: datetime,
        story: Story,
    ) -> float:
        """How well the article fits the story: words or shared facts, discounted by time."""
        if when < story.first_seen:
            gap = (story.first_seen - when).total_seconds()
        else:
            gap = max(0.0, (when - story.last_seen).total_seconds())
        similarity = max(
            cosine(vec, story.profile),
            FACT_WEIGHT * fact_overlap(feats.facts, set(story.facts), idf),
        )
        return similarity * (
            TIME_FLOOR + (1.0 - TIME_FLOOR) * 0.5 ** (gap / TIME_SCALE.total_seconds())
        )

    def place(self, tx: Tx, article: Article, feats: Features) -> Placement:
        """Attach `article` (already flushed, relevant, not a duplicate) to a story."""
        vec, idf = article_vector(tx, feats)
        when = article_time(article)
        scored = sorted(
            (
                (self.score(vec, feats, idf, when, s), s)
                for s in tx.story_candidates(
                    lookup_terms(tx, vec), since=when - self.window, limit=CANDIDATES
                )
            ),
            key=lambda x: (-x[0], x[1].id or 0),
        )
        tx.count_terms(feats.counts)
        log.debug(
            "article %s candidates %s",
            article.id,
            ", ".join(f"{s.id}:{sc:.3f}" for sc, s in scored[:5]) or "none",
        )
        if not scored or scored[0][0] < self.threshold:
            story = tx.add(start_story(article, vec, feats, when))
            tx.add_story_event(first_report(story, article, feats, when))
            return self._attach(
                tx,
                article,
                Placement(
                    story=story,
                    created=True,
                    score=scored[0][0] if scored else 0.0,
                    new_facts=sorted(feats.facts),
                ),
            )
        score = scored[0][0]
        strong = [s for sc, s in scored if sc >= self.merge_threshold]
        story, merged = self._merge(tx, strong, when) if len(strong) > 1 else (scored[0][1], [])
        known = list(story.facts)
        development = detect(article.title, article.text or "", feats.facts, known)
        absorb(story, article, vec, feats, when)
        tx.add(story)
        if development is not None:
            assert story.id is not None
            tx.add_story_event(
                StoryEvent(
                    story_id=story.id,
                    article_id=article.id,
                    at=when,
                    kind="development",
                    summary=article.title or article.url,
                    details=development.summary,
                )
            )
        return self._attach(
            tx,
            article,
            Placement(
                story=story,
                created=False,
                score=score,
                new_facts=sorted(feats.facts - set(known)),
                known_facts=known,
                development=development,
                merged=merged,
            ),
        )

    def _merge(self, tx: Tx, strong: list[Story], when: datetime) -> tuple[Story, list[int]]:
        """The oldest of the stories the article matches strongly; those like it fold in."""
        survivor = min(strong, key=lambda s: (s.first_seen, s.id or 0))
        merged: list[int] = []
        for other in strong:
            if other is survivor or len(merged) >= MAX_MERGES:
                continue
            if story_similarity(survivor, other) < PAIR_SHARE * self.threshold:
                continue  # a round-up spanning two unrelated stories; leave them apart
            assert survivor.id is not None and other.id is not None
            combine(survivor, other)
            tx.merge_story(other.id, survivor.id)
            tx.add_story_event(
                StoryEvent(
                    story_id=survivor.id,
                    at=when,
                    kind="merge",
                    summary=f"merged with story {other.id}: {other.title}",
                )
            )
            merged.append(other.id)
            log.info(
                "story %s merged into %s",
                other.id,
                survivor.id,
                extra={"story_id": survivor.id},
            )
        return survivor, merged

    def _attach(self, tx: Tx, article: Article, placement: Placement) -> Placement:
        story = tx.add(placement.story)
        index_story(tx, story)
        article.story_id = story.id
        tx.add(article)
        return placement
