"""One article, one transaction: stored together with the alerts it causes, or not at all.

In pipeline order: is the URL already stored (seen), which topics it is about
(`judge.relevance`), is it a copy of a stored article (`judge.copies`), which story it
belongs to (`judge.stories`, from `judge.features`), which alerts it raises
(`alerting.rules`), and the sighting that records the feed showed it. Nodes sharing a
database ingest one article at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerting.rules import RuleEngine
from monitor.collect.resolve import Candidate
from monitor.config import Config
from monitor.judge import copies
from monitor.judge.copies import Copy
from monitor.judge.query import Document
from monitor.judge.relevance import Topics
from monitor.judge.stories import Grouper, article_time
from monitor.storage import Article, Store, Tx, utcnow


@dataclass(frozen=True)
class Ingested:
    kind: str  # seen | irrelevant | duplicate | article
    article_id: int | None = None
    alerts: int = 0
    broke: tuple[str, ...] = ()  # topics of a new, recent story this article started


def copy_topics(original: Article, allowed: list[str] | None) -> list[str]:
    """A copy cut so short that the topic words went is still the wire story: it takes
    the original's topics, those its feed allows."""
    return [t for t in original.topics if allowed is None or t in allowed]


class Ingest:
    def __init__(self, cfg: Config, store: Store, clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.clock = clock
        self.topics = Topics(cfg.topics)
        self.windows = copies.Windows.from_config(cfg.stories)
        self.grouper = Grouper(
            timedelta(seconds=cfg.stories.window),
            threshold=cfg.stories.join_threshold,
            merge_threshold=cfg.stories.merge_threshold,
        )
        self.rules = RuleEngine(cfg.rules, backfill=cfg.alerts.backfill)
        self.backfill = cfg.alerts.backfill

    def article(self, cand: Candidate, allowed_topics: list[str] | None = None) -> Ingested:
        """Store one candidate; `allowed_topics` are its feed's topics (None: all)."""
        now = self.clock()
        doc = Document(f"{cand.title}\n{cand.text}")
        with self.store.tx() as tx:
            tx.exclusive("ingest")
            existing = tx.article_id_by_url(cand.url)
            if existing is not None:
                _sight(tx, cand, existing, now)
                return Ingested("seen", existing)
            topics = self.topics.match(doc, allowed_topics)
            words = self.topics.words(topics)  # what grouping weighs most: the topics' words
            read = cand.analysis
            if read is not None and not read.fits(cand.title, cand.text, cand.text_origin):
                read = None  # made from other words: computed again here
            copy = read.copy if read else Copy.of(cand.title, cand.text, cand.text_origin)
            original = copies.find_original(tx, copy, self.windows, now, relevant=bool(topics))
            if original is not None and not topics:
                topics = copy_topics(original, allowed_topics)
                if not topics:
                    original = None
            article = _article(cand, topics, copy, now)
            if not topics:
                tx.add(article)
                _sight(tx, cand, article.id, now)
                return Ingested("irrelevant", article.id)
            if original is not None:
                return self._copy(tx, cand, article, copy, original, doc, now)
            copies.signed(article, copy)  # indexed below, in its INSERT
            tx.add(article)
            copies.index(tx, article, copy, now)
            ahead = read.grouping if read else None
            sentences = ahead.sentences if ahead else None
            if (
                ahead is not None
                and ahead.features is not None
                and list(ahead.topics) == topics
                and ahead.when == article_time(article)
            ):
                placement = self.grouper.place(tx, article, ahead.features, sentences)
            else:
                placement = self.grouper.place_article(tx, article, words, sentences)
            alerts = self.rules.evaluate(tx, article, doc, placement, now)
            _sight(tx, cand, article.id, now)
            broke = tuple(topics) if placement.created and self._recent(article) else ()
            return Ingested("article", article.id, alerts=len(alerts), broke=broke)

    def _recent(self, article: Article) -> bool:
        """Published (else first seen) within the backfill window: news, not history."""
        if self.backfill is None:
            return True
        seen = article.published_at or article.fetched_at
        return article.fetched_at - seen <= timedelta(seconds=self.backfill)

    def _copy(
        self,
        tx: Tx,
        cand: Candidate,
        article: Article,
        copy: Copy,
        original: Article,
        doc: Document,
        now: datetime,
    ) -> Ingested:
        """A copy joins its original's story and counts as one more outlet for its rules."""
        article.duplicate_of = original.id
        article.story_id = original.story_id
        if original.minhash is None:
            copies.signed(article, copy)  # indexed below, in its INSERT
        tx.add(article)
        assert article.id is not None
        if original.minhash is None:
            # the first copy was too short to index: this one's text stands in for it
            copies.index(tx, article, copy, now)
        _sight(tx, cand, article.id, now)
        story = tx.resolve_story(original.story_id) if original.story_id else None
        alerts = self.rules.evaluate_copy(tx, article, doc, story, now) if story else []
        return Ingested("duplicate", article.id, alerts=len(alerts))


def _article(cand: Candidate, topics: list[str], copy: Copy, now: datetime) -> Article:
    """The row for a candidate; only a relevant article keeps its text."""
    return Article(
        url=cand.url,
        title=cand.title,
        source=cand.source,
        source_name=cand.source_name,
        feed_id=cand.feed_id,
        published_at=cand.published,
        fetched_at=now,
        language=cand.language,
        author=cand.author,
        relevant=bool(topics),
        topics=topics,
        text=cand.text if topics else None,
        text_origin=cand.text_origin,
        extraction_error=cand.extraction_error,
        no_text_reason=cand.no_text_reason,
        text_hash=copy.hash if topics else None,
        aggregator=cand.aggregator,
        aggregator_unresolved=cand.aggregator_unresolved,
    )


def _sight(tx: Tx, cand: Candidate, article_id: int | None, now: datetime) -> None:
    tx.add_sighting(cand.feed_id, cand.entry_key, cand.link, article_id, now)
