"""One poll of one feed, start to finish: fetch, parse, entries, extract, then ingest.

Fetching and extraction run concurrently; ingestion (relevance, dedupe, stories, rules)
runs one article at a time, each in its own transaction, so an article is stored together
with the alerts it causes or not at all. The daemon, `run --once`, the demo and the tests
all drive this same code.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from monitor.alerting.rules import RuleEngine
from monitor.collect import schedule
from monitor.collect.aggregators import Unwrapped, aggregator_of, unwrap
from monitor.collect.entries import canonical_url, entry_key, outlet_of
from monitor.collect.extract import Extracted, extract_page
from monitor.collect.fetch import Fetcher, FetchError, FetchResult
from monitor.collect.outlets import same_site
from monitor.collect.parse import ParsedEntry, ParsedFeed, ParseError, malformed
from monitor.collect.parsepool import ParsePool
from monitor.config import Config, ScheduleConfig
from monitor.judge.copies import (
    Copy,
    Signature,
    containment,
    is_copy,
    shingles,
    short_copy,
    text_hash,
)
from monitor.judge.features import features
from monitor.judge.query import Document
from monitor.judge.relevance import Topics
from monitor.judge.stories import Grouper, article_time
from monitor.service import metrics
from monitor.service.logs import redact
from monitor.storage import Article, Feed, Sighting, Store, Tx, node_id, utcnow
from monitor.text import guess_language

log = logging.getLogger(__name__)

MIN_CLAIM = 64  # feeds leased at a time by poll_due, at least
NEAR_BATCH = 8  # near-copy candidates whose text is read at a time
ESTIMATE_SLACK = 0.25  # how far a MinHash containment estimate may fall below the true one


@dataclass
class Candidate:
    """A new entry, resolved to an article page (or to what the feed said of it)."""

    feed_id: int
    entry_key: str
    link: str
    url: str
    title: str
    text: str
    text_origin: str  # "page" | "feed"
    published: datetime | None
    author: str | None
    source: str
    source_name: str | None
    language: str | None
    extraction_error: str | None = None
    aggregator: str | None = None  # linked through this aggregator
    aggregator_unresolved: bool = False  # and `url` is still the aggregator's


@dataclass
class _Success:
    """A feed poll that worked, waiting to be written with the others of its poll."""

    feed: Feed
    report: FeedReport
    result: FetchResult
    body_hash: str | None = None
    parsed: ParsedFeed | None = None
    candidates: list[Candidate] | None = None


@dataclass
class _Page:
    """An article page's outcome: where it really is, its text, or why there is none."""

    url: str | None  # canonical publisher URL; None when the page was not reached
    extracted: Extracted | None
    error: str | None


@dataclass
class FeedReport:
    feed_id: int
    url: str
    status: str = "ok"  # ok | not_modified | unchanged | error
    error: str | None = None
    entries: int = 0
    new_entries: int = 0
    relevant: int = 0
    duplicates: int = 0
    alerts: int = 0


@dataclass
class Ingested:
    kind: str  # seen | irrelevant | duplicate | article
    article_id: int | None = None
    alerts: int = 0


@dataclass
class _Fetched:
    """A fetched, parsed feed whose new entries are resolved and wait to be ingested."""

    feed: Feed
    report: FeedReport
    result: FetchResult
    digest: str
    parsed: ParsedFeed
    candidates: list[Candidate]
    topics: list[str] | None
    failure: str | None = None


@dataclass
class CycleReport:
    feeds: list[FeedReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status == "error"]

    def total(self, name: str) -> int:
        return sum(int(getattr(f, name)) for f in self.feeds)


class Pipeline:
    def __init__(
        self,
        cfg: Config,
        store: Store,
        fetcher: Fetcher,
        parser: ParsePool,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.cfg = cfg
        self.store = store
        self.fetcher = fetcher
        self.parser = parser
        self.clock = clock
        self.topics = Topics(cfg.topics)
        self.grouper = Grouper(
            timedelta(seconds=cfg.stories.window),
            threshold=cfg.stories.join_threshold,
            merge_threshold=cfg.stories.merge_threshold,
        )
        self.rules = RuleEngine(cfg.rules, backfill=cfg.alerts.backfill)
        self.feed_configs = {f.url: f for f in cfg.feeds}
        self.policy = schedule_policy(cfg.schedule)
        self.phases = schedule.host_phases({f.url: outlet_of(f.url) for f in cfg.feeds})
        self.node = node_id()  # lease owner: this pipeline on this process and host
        # A batch is polled as one: big enough to keep the fetchers busy, small enough
        # that other nodes get a share and a slow feed holds up few others.
        self.claim_batch = max(MIN_CLAIM, 8 * cfg.fetch.concurrency)
        self.lease_renewal = cfg.schedule.lease / 3  # seconds between lease renewals
        self._ingest_lock = asyncio.Lock()
        self._global = asyncio.Semaphore(cfg.fetch.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        # Article pages being fetched or fetched in this poll, by URL: the same story
        # reached through two aggregators or feeds is fetched and extracted once.
        self._pages: dict[str, asyncio.Task[_Page]] = {}
        # Feeds that succeeded in this poll, written in one transaction at its end:
        # a transaction per unchanged feed was most of the cost of a 304-heavy poll.
        self._settle: list[_Success] = []

    # feeds and schedule

    def sync_feeds(self) -> None:
        """Make the feed table match the config; removed feeds are kept but not polled."""
        now = self.clock()
        # Nodes starting together would each insert the new feeds: one at a time.
        with self.store.singleton("feed-sync", wait=True), self.store.tx() as tx:
            known = {f.url: f for f in tx.feeds()}
            for url, fc in self.feed_configs.items():
                feed = known.get(url)
                if feed is None:
                    moved = tx.feed_by_fetch_url(url)
                    if moved is not None and moved.url not in self.feed_configs:
                        # The config now names where the feed moved to: same feed, new key.
                        del known[moved.url]
                        moved.url, moved.fetch_url = url, None
                        moved.name, moved.configured = fc.name, True
                        known[url] = tx.add(moved)
                        continue
                    tx.add(Feed(url=url, name=fc.name, next_check_at=now))
                elif feed.name != fc.name or not feed.configured:
                    feed.name, feed.configured = fc.name, True
                    tx.add(feed)
            for url, feed in known.items():
                if url not in self.feed_configs and feed.configured:
                    feed.configured = False
                    tx.add(feed)
            if self.store.sole_node:  # a crashed run's leases need not be waited out
                tx.release_leases(None)

    def pinned(self, feed: Feed) -> float | None:
        fc = self.feed_configs.get(feed.url)
        return fc.interval if fc and fc.interval else None

    def _plan(
        self, feed: Feed, now: datetime, hint: tuple[float, str] | None = None
    ) -> schedule.Plan:
        since = feed.rate_since.timestamp() if feed.rate_since else None
        return schedule.plan_success(
            self.policy,
            now=now,
            arrivals=feed.arrivals or [],
            since=since,
            pinned=self.pinned(feed),
            hint=hint,
            phase=self.phases.get(feed.url, 0.0),
        )

    async def poll_due(self) -> CycleReport:
        """Poll the feeds due now, leasing them in batches so other nodes share the work.

        Only feeds due when the cycle began are taken, so a feed with a very short
        interval is polled once per cycle and the cycle ends.
        """
        started = self.clock()
        report = CycleReport()
        while feeds := self._claim(due_by=started, limit=self.claim_batch):
            report.feeds.extend((await self._poll_leased(feeds)).feeds)
        return report

    async def poll_all(self) -> CycleReport:
        return await self._poll_leased(self._claim(due_by=None))

    async def _poll_leased(self, feeds: list[Feed]) -> CycleReport:
        """Poll, renewing the leases meanwhile, so a slow poll is not taken over."""
        renewal = asyncio.create_task(self._renew([f.id for f in feeds if f.id is not None]))
        try:
            return await self.poll(feeds)
        finally:
            renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewal

    async def _renew(self, ids: list[int]) -> None:
        while True:
            await asyncio.sleep(self.lease_renewal)
            until = self.clock() + timedelta(seconds=self.cfg.schedule.lease)
            try:
                await asyncio.to_thread(self._extend, ids, until)
            except Exception as exc:  # the lease may lapse; the poll itself goes on
                log.warning("could not renew feed leases: %s", exc)

    def _extend(self, ids: list[int], until: datetime) -> None:
        with self.store.tx() as tx:
            tx.extend_leases(self.node, ids, until)

    def _claim(self, *, due_by: datetime | None, limit: int | None = None) -> list[Feed]:
        now = self.clock()
        until = now + timedelta(seconds=self.cfg.schedule.lease)
        with self.store.tx() as tx:
            return tx.claim_feeds(self.node, now, until, due_by=due_by, limit=limit)

    def release_leases(self) -> None:
        """Hand back what this node holds (on shutdown), so others need not wait it out."""
        with self.store.tx() as tx:
            tx.release_leases(self.node)

    async def poll(self, feeds: list[Feed]) -> CycleReport:
        """Fetch and resolve all feeds concurrently, then ingest in publication order.

        Ingesting in publication order across feeds makes the first outlet to publish
        the original that later copies link to, whatever order the fetches finished in.
        """
        try:
            fetched = await asyncio.gather(*(self._fetch_feed_safely(f) for f in feeds))
        finally:
            self._pages.clear()
        ready = [x for x in fetched if isinstance(x, _Fetched)]
        work = sorted(
            ((c, x) for x in ready for c in x.candidates), key=lambda cx: _sort_time(cx[0])
        )
        try:
            async with self._ingest_lock:
                for cand, x in work:
                    try:
                        done = await asyncio.to_thread(self.ingest, cand, x.topics)
                    except Exception as exc:
                        log.exception(
                            "ingest failed for %s", cand.url, extra={"feed_id": x.feed.id}
                        )
                        x.failure = f"storing {cand.url} failed: {type(exc).__name__}: {exc}"
                        continue
                    if done.kind in ("article", "duplicate"):
                        log.debug(
                            "stored %s",
                            done.kind,
                            extra={"feed_id": x.feed.id, "article_id": done.article_id},
                        )
                    x.report.relevant += done.kind in ("article", "duplicate")
                    x.report.duplicates += done.kind == "duplicate"
                    x.report.alerts += done.alerts
            for x in ready:
                if x.failure is None:
                    self._settle.append(
                        _Success(x.feed, x.report, x.result, x.digest, x.parsed, x.candidates)
                    )
                else:  # leave validators alone so the entries are fetched and tried again
                    self._failed(x.feed, x.report, RuntimeError(x.failure))
        finally:
            settle, self._settle = self._settle, []
            if settle:
                await asyncio.to_thread(self._succeeded_all, settle)
        return CycleReport([x.report if isinstance(x, _Fetched) else x for x in fetched])

    async def poll_feed(self, feed: Feed) -> FeedReport:
        return (await self.poll([feed])).feeds[0]

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        host = outlet_of(url)
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.cfg.fetch.per_host)
        return self._hosts[host]

    async def _fetch(
        self,
        url: str,
        *,
        guard: bool,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        # Host first: a request waiting for its host must not hold a global slot.
        async with self._host_limit(url), self._global:
            return await self.fetcher.fetch(
                url, etag=etag, last_modified=last_modified, guard=guard
            )

    # one feed

    async def _fetch_feed_safely(self, feed: Feed) -> FeedReport | _Fetched:
        """A bug or a database hiccup with one feed is that feed's recorded failure."""
        try:
            return await self._fetch_feed(feed)
        except Exception as exc:
            log.exception("polling %s failed", feed.url, extra={"feed_id": feed.id})
            assert feed.id is not None
            report = FeedReport(feed_id=feed.id, url=feed.url)
            return self._failed(feed, report, RuntimeError(f"{type(exc).__name__}: {exc}"))

    async def _fetch_feed(self, feed: Feed) -> FeedReport | _Fetched:
        assert feed.id is not None
        report = FeedReport(feed_id=feed.id, url=feed.url)
        try:
            result = await self._fetch(
                feed.fetch_url or feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                guard=False,
            )
        except FetchError as exc:
            return self._failed(feed, report, exc, gone=exc.status == 410)
        if result.not_modified:
            report.status = "not_modified"
            self._settle.append(_Success(feed, report, result))
            return report
        digest = hashlib.sha256(result.body).hexdigest()
        if digest == feed.body_hash:
            report.status = "unchanged"
            self._settle.append(_Success(feed, report, result))
            return report
        try:
            parsed = await self.parser.parse(result.body, result.final_url, result.content_type)
        except ParseError as exc:
            return self._failed(feed, report, exc)
        if malformed(parsed):
            return self._failed(feed, report, ParseError(f"malformed feed: {parsed.warning}"))
        fc = self.feed_configs.get(feed.url)
        candidates = await self._resolve_entries(feed, parsed, report)
        return _Fetched(feed, report, result, digest, parsed, candidates, fc.topics if fc else None)

    async def _resolve_entries(
        self, feed: Feed, parsed: ParsedFeed, report: FeedReport
    ) -> list[Candidate]:
        assert feed.id is not None
        keyed = [(k, e) for e in parsed.entries if (k := entry_key(e)) is not None and e.link]
        report.entries = len(parsed.entries)
        keys = [k for k, _ in keyed]
        known = await asyncio.to_thread(self._known_keys, feed.id, keys)
        fresh: dict[str, ParsedEntry] = {}
        for key, entry in keyed:
            if key not in known:
                fresh.setdefault(key, entry)
        report.new_entries = len(fresh)
        # Aggregator links are decoded offline where possible; what is left is followed
        # through the guarded fetcher, since it came from inside a feed.
        wrapped = {k: unwrap(e.link or "") for k, e in fresh.items()}
        urls = {k: canonical_url(w.url) for k, w in wrapped.items()}
        stored = await asyncio.to_thread(self._known_urls, list(urls.values()))
        return list(
            await asyncio.gather(
                *(
                    self._resolve(feed, k, e, parsed.title, wrapped[k], urls[k] in stored)
                    for k, e in fresh.items()
                )
            )
        )

    def _known_keys(self, feed_id: int, keys: list[str]) -> set[str]:
        with self.store.tx() as tx:
            return tx.known_entry_keys(feed_id, keys)

    def _known_urls(self, urls: list[str]) -> set[str]:
        if not urls:
            return set()
        with self.store.tx() as tx:
            return tx.known_article_urls(urls)

    async def _resolve(
        self,
        feed: Feed,
        key: str,
        entry: ParsedEntry,
        feed_title: str | None,
        wrapped: Unwrapped,
        known: bool,
    ) -> Candidate:
        assert feed.id is not None and entry.link is not None
        link = entry.link
        unresolved = not wrapped.resolved
        url = canonical_url(wrapped.url)
        extracted: Extracted | None = None
        error: str | None = None
        if not known:
            task = self._pages.get(url)
            if task is None:
                task = asyncio.ensure_future(self._page(wrapped.url, wrapped.aggregator))
                self._pages[url] = task
            page = await asyncio.shield(task)
            extracted, error = page.extracted, page.error
            if page.url is not None:
                url, unresolved = page.url, False
        if extracted is not None:
            text, origin = extracted.text, "page"
        else:
            text, origin = entry.summary, "feed"
        source = outlet_of(url)
        if unresolved and entry.source_link:
            source = outlet_of(entry.source_link)  # the outlet the aggregator named
        site_name = (extracted.sitename if extracted else None) or entry.source_name
        if not unresolved and _feed_of_site(feed, source):
            # The outlet's own feed: the name the desk gave it beats the page's site
            # name ("El Espectador", not "ELESPECTADOR.COM"); then the feed's title.
            site_name = feed.name or site_name or feed_title
        return Candidate(
            feed_id=feed.id,
            entry_key=key,
            link=link,
            url=url,
            title=entry.title or (extracted.title if extracted and extracted.title else "") or url,
            text=text or "",
            text_origin=origin,
            published=entry.published or (extracted.published if extracted else None),
            author=entry.author or (extracted.author if extracted else None),
            source=source,
            source_name=site_name,
            language=(extracted.language if extracted else None) or guess_language(text or ""),
            extraction_error=error,
            aggregator=wrapped.aggregator,
            aggregator_unresolved=unresolved,
        )

    async def _page(self, target: str, aggregator: str | None) -> _Page:
        """Fetch and extract an article page found in a feed (guarded)."""
        try:
            page = await self._fetch(target, guard=True)
            if aggregator_of(page.final_url) is not None:
                return _Page(None, None, f"the {aggregator} link did not lead to the publisher")
            final = canonical_url(page.final_url)
            extracted = await asyncio.to_thread(
                extract_page, page.body, page.final_url, page.content_type
            )
        except FetchError as exc:
            return _Page(None, None, f"page fetch failed ({exc.kind}): {exc}")
        except Exception as exc:  # extraction must not take the feed down
            return _Page(None, None, f"extraction failed: {type(exc).__name__}: {exc}")
        if extracted is None:
            return _Page(final, None, "the page has no article text")
        if extracted.canonical_url and _same_site(extracted.canonical_url, final):
            return _Page(canonical_url(extracted.canonical_url), extracted, None)
        return _Page(final, extracted, None)

    # ingestion: one article, one transaction

    def ingest(self, cand: Candidate, allowed_topics: list[str] | None = None) -> Ingested:
        now = self.clock()
        doc = Document(f"{cand.title}\n{cand.text}")
        copy = Copy.of(cand.title, cand.text, cand.text_origin)
        with self.store.tx() as tx:
            tx.exclusive("ingest")  # nodes sharing a database ingest one article at a time
            existing = tx.article_by_url(cand.url)
            if existing is not None:
                self._sight(tx, cand, existing.id)
                return Ingested("seen", existing.id)
            topics = self.topics.match(doc, allowed_topics)
            article = Article(
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
                text_origin=cand.text_origin,
                extraction_error=cand.extraction_error,
                text_hash=text_hash(cand.text) if cand.text else None,
                aggregator=cand.aggregator,
                aggregator_unresolved=cand.aggregator_unresolved,
            )
            original = self._find_original(tx, article, copy, now)
            if original is not None and not topics:
                # A copy cut so short that the topic words went is still the wire story.
                topics = [
                    t for t in original.topics if allowed_topics is None or t in allowed_topics
                ]
                if not topics:
                    original = None
                article.relevant, article.topics = bool(topics), topics
            if not topics:
                article.text_hash = None
                tx.add(article)
                self._sight(tx, cand, article.id)
                return Ingested("irrelevant", article.id)
            article.text = cand.text
            if original is not None:
                article.duplicate_of = original.id
                article.story_id = original.story_id
                tx.add(article)
                assert article.id is not None
                if original.minhash is None:
                    # the first copy was too short to index: this one's text stands in for it
                    self._index(tx, article, copy, now)
                self._sight(tx, cand, article.id)
                alerts = []
                story = tx.resolve_story(original.story_id) if original.story_id else None
                if story is not None:  # a copy is one more outlet for the story's rules
                    alerts = self.rules.evaluate_copy(tx, article, doc, story, now)
                return Ingested("duplicate", article.id, alerts=len(alerts))
            tx.add(article)
            self._index(tx, article, copy, now)
            placement = self.grouper.place(
                tx,
                article,
                features(
                    cand.title,
                    cand.text,
                    article_time(article),
                    self.topics.words(article.topics),
                ),
            )
            alerts = self.rules.evaluate(tx, article, doc, placement, now)
            self._sight(tx, cand, article.id)
            return Ingested("article", article.id, alerts=len(alerts))

    def _index(self, tx: Tx, article: Article, copy: Copy, now: datetime) -> None:
        """Make the article findable by later copies: text bands, and headline keys."""
        assert article.id is not None
        if copy.signature.usable:
            article.minhash = copy.signature.to_bytes()
            tx.add(article)
        tx.add_bands(article.id, copy.index_keys(), now)

    def _find_original(self, tx: Tx, article: Article, copy: Copy, now: datetime) -> Article | None:
        """The first stored copy of this article's text, if there is one.

        Exact copies are found by text hash forever; near copies by LSH band keys among
        articles indexed within `near_duplicate_window`, verified by shingle containment;
        feed-only items by headline and summary within `near_duplicate_title_window`.
        """
        cfg = self.cfg.stories
        found: Article | None = None
        if article.text_hash:
            found = tx.article_by_text_hash(article.text_hash)
        if found is None and copy.signature.usable:
            since = now - timedelta(seconds=cfg.near_duplicate_window)
            found = self._near_copy(tx, copy, since, cfg.near_duplicate_threshold)
        if found is None and article.relevant:
            # A pair is compared by headline when either side is only a headline and summary.
            since = now - timedelta(seconds=cfg.near_duplicate_title_window)
            found = self._short_copy(tx, copy, since)
        # Copies always point at the first copy, never at another copy.
        while found is not None and found.duplicate_of is not None:
            found = tx.get(Article, found.duplicate_of)
        return found

    def _near_copy(self, tx: Tx, copy: Copy, since: datetime, threshold: float) -> Article | None:
        hits = tx.band_matches(copy.bands, since)
        stored = tx.signatures(a for a, _ in hits)
        # The MinHash estimate is cheap; only plausible candidates have their text read,
        # the likeliest first, and none once the estimates fall well below the best copy.
        estimates = sorted(
            (
                (copy.signature.containment(Signature.from_bytes(blob)), a)
                for a, blob in stored.items()
            ),
            key=lambda ea: (-ea[0], ea[1]),
        )
        likely = [(e, a) for e, a in estimates if e >= threshold * 0.5]
        best: tuple[float, int] | None = None
        found = None
        for start in range(0, len(likely), NEAR_BATCH):
            batch = likely[start : start + NEAR_BATCH]
            if best is not None and batch[0][0] < best[0] - ESTIMATE_SLACK:
                break
            for cand in tx.articles_by_ids(a for _, a in batch):
                theirs = shingles(cand.text or "")
                assert cand.id is not None
                if not is_copy(copy.text, copy.shingles, theirs, threshold):
                    continue
                score = containment(copy.shingles, theirs)
                if best is None or (score, -cand.id) > best:
                    best, found = (score, -cand.id), cand
        return found

    def _short_copy(self, tx: Tx, copy: Copy, since: datetime) -> Article | None:
        hits = tx.band_matches(copy.title_keys, since, limit=50)
        for cand in tx.articles_by_ids(a for a, _ in hits):
            if not copy.short and cand.minhash is not None:
                continue  # two full texts: their shingles decided already
            if short_copy(cand.title, _lede(cand.text or ""), copy.title, _lede(copy.text)):
                return cand
        return None

    def prune_index(self) -> int:
        """Drop near-duplicate index rows older than the windows; the articles stay.

        Exact-URL and exact-text dedup read the article table, so they keep working forever.
        """
        cfg = self.cfg.stories
        keep = max(cfg.near_duplicate_window, cfg.near_duplicate_title_window)
        with self.store.singleton("near-duplicate-prune") as mine:
            if not mine:
                return 0  # another node is pruning right now
            with self.store.tx() as tx:
                pruned = tx.prune_bands(self.clock() - timedelta(seconds=keep))
        if pruned:
            log.info("pruned %d near-duplicate index rows", pruned, extra={"pruned": pruned})
        return pruned

    def _sight(self, tx: Tx, cand: Candidate, article_id: int | None) -> None:
        tx.add(
            Sighting(
                feed_id=cand.feed_id,
                entry_key=cand.entry_key,
                url=cand.link,
                article_id=article_id,
                seen_at=self.clock(),
            )
        )

    # feed state

    def _succeeded_all(self, done: list[_Success]) -> None:
        # The rows belong to this session, so the commit writes them all in one flush,
        # which batches the UPDATEs; a flush per feed cost most of a quiet poll's writes.
        with self.store.tx() as tx:
            rows = tx.feeds_by_id(s.feed.id for s in done if s.feed.id is not None)
            for s in done:
                assert s.feed.id is not None
                self._apply_success(
                    rows[s.feed.id],
                    s.report,
                    s.result,
                    body_hash=s.body_hash,
                    parsed=s.parsed,
                    candidates=s.candidates,
                )

    def _apply_success(
        self,
        row: Feed,
        report: FeedReport,
        result: FetchResult,
        *,
        body_hash: str | None = None,
        parsed: ParsedFeed | None = None,
        candidates: list[Candidate] | None = None,
    ) -> None:
        now = self.clock()
        row.status = "ok"
        # A feed that parses with complaints still works; the complaint stays visible.
        row.last_error = f"warning: {parsed.warning}" if parsed and parsed.warning else None
        row.consecutive_failures = 0
        row.last_checked_at = row.last_success_at = now
        if not result.not_modified:
            row.etag, row.last_modified = result.etag, result.last_modified
        if body_hash is not None:
            row.body_hash = body_hash
        if parsed is not None:
            row.title = parsed.title or row.title
            row.entries_seen += report.new_entries
            row.ttl = parsed.ttl_minutes
        self._moved(row, result)
        self._record_arrivals(row, now, parsed, candidates or [])
        hint = schedule.freshness_hint(result.headers, row.ttl, now)
        self._schedule(row, self._plan(row, now, hint))

    def _moved(self, row: Feed, result: FetchResult) -> None:
        """Follow a permanent redirect: poll the new address from now on."""
        target = result.permanent_redirect
        if target is None or target == (row.fetch_url or row.url):
            return
        log.info(
            "feed %s moved permanently to %s",
            row.url,
            target,
            extra={"feed_id": row.id, "feed_url": row.url, "moved_to": target},
        )
        row.fetch_url = None if target == row.url else target
        row.etag = row.last_modified = None  # validators belong to the old address
        if result.not_modified:
            row.body_hash = None

    def _record_arrivals(
        self, row: Feed, now: datetime, parsed: ParsedFeed | None, candidates: list[Candidate]
    ) -> None:
        """Add new entries' arrival times; a feed's first look counts every dated entry."""
        since = row.rate_since.timestamp() if row.rate_since else None
        if since is None:
            published = [e.published for e in parsed.entries] if parsed else []
        else:
            published = [c.published for c in candidates]
        arrivals, since = schedule.observe(row.arrivals or [], since, published, now)
        if arrivals != (row.arrivals or []):
            row.arrivals = arrivals
        if row.rate_since is None:
            row.rate_since = datetime.fromtimestamp(since, UTC)

    def _schedule(self, row: Feed, plan: schedule.Plan) -> None:
        row.next_check_at = plan.at
        row.check_interval = plan.interval
        row.interval_reason = plan.reason
        if row.lease_owner == self.node:
            row.lease_owner = row.lease_until = None

    def _failed(
        self, feed: Feed, report: FeedReport, exc: Exception, *, gone: bool = False
    ) -> FeedReport:
        now = self.clock()
        metrics.fetch_failed(exc)
        message = f"{exc.kind}: {exc}" if isinstance(exc, FetchError) else str(exc)
        message = redact(message)  # stored and shown: no credentials from the feed URL
        report.status = "error"
        report.error = message
        log.warning(
            "feed %s failed: %s",
            feed.url,
            message,
            extra={"feed_id": feed.id, "feed_url": feed.url},
        )
        with self.store.tx() as tx:
            row = tx.get(Feed, feed.id)
            assert row is not None
            row.consecutive_failures += 1
            row.last_checked_at = now
            row.last_error = message
            row.status = "disabled" if gone else "failing"
            wait_hint = None
            if isinstance(exc, FetchError) and exc.status in (429, 503):
                wait_hint = schedule.retry_after(exc.retry_after, now)
            plan = schedule.plan_failure(
                self.policy,
                now=now,
                base=self._plan(row, now).interval,
                failures=row.consecutive_failures,
                wait_hint=wait_hint,
                phase=self.phases.get(row.url, 0.0),
            )
            self._schedule(row, plan)
            if gone:
                log.warning(
                    "feed %s is gone (410): disabled, not polled again",
                    feed.url,
                    extra={"feed_id": feed.id, "feed_url": feed.url},
                )
                row.last_error = f"disabled: the server says the feed is gone (410). {message}"
                row.interval_reason = "disabled (410 Gone): not polled again"
            tx.add(row)
        return report


def schedule_policy(cfg: ScheduleConfig) -> schedule.Policy:
    return schedule.Policy(
        base=cfg.interval,
        min_interval=cfg.min_interval,
        max_interval=cfg.max_interval,
        half_life=cfg.rate_half_life,
        max_backoff=cfg.max_backoff,
        adaptive=cfg.adaptive,
    )


def _lede(text: str) -> str:
    """The opening of a stored text, which is what a feed summary usually repeats."""
    return text[:600]


def _sort_time(cand: Candidate) -> float:
    return cand.published.timestamp() if cand.published else float("inf")


def _same_site(a: str, b: str) -> bool:
    return outlet_of(a) == outlet_of(b)


def _feed_of_site(feed: Feed, host: str) -> bool:
    """Whether the feed is the site's own (same registered domain), not an aggregator."""
    return any(same_site(u, host) for u in (feed.url, feed.fetch_url) if u)
