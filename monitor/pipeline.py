"""One poll of the leased feeds: fetch, parse, resolve the new entries, ingest, record.

Feeds are leased in batches so nodes sharing a database share the work. Fetching and
page extraction run concurrently (`monitor.collect.resolve`); then the candidates of
every feed are ingested one at a time in publication order (`monitor.ingest`), each in
its own transaction; then each feed's outcome is recorded on its row
(`monitor.feedstate`). The daemon, `run --once`, the demo and the tests all drive
this same code.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.collect.entries import EntryLimits, bound_feed, describe_cut, take_newest
from monitor.collect.extract import Extracted, NoText
from monitor.collect.fetch import Fetcher, FetchError
from monitor.collect.parse import ParsedFeed, ParseError, malformed
from monitor.collect.parsepool import ParsePool
from monitor.collect.resolve import (
    Ahead,
    Candidate,
    NewEntry,
    Origin,
    Resolver,
    keyed_entries,
    new_entries,
)
from monitor.config import Config
from monitor.feedstate import Failure, FeedBook, Polled
from monitor.ingest import Ingest
from monitor.judge import copies
from monitor.service import metrics
from monitor.storage import Feed, Store, node_id, utcnow

if TYPE_CHECKING:
    from monitor.judge.analysis import Analysis

log = logging.getLogger(__name__)

MIN_CLAIM = 64  # feeds leased at a time by poll_due, at least


@dataclass
class FeedReport:
    feed_id: int
    url: str
    status: str = "ok"  # ok | not_modified | unchanged | error
    error: str | None = None
    entries: int = 0
    new_entries: int = 0
    left: int = 0  # new entries over [entries] max_per_poll, left for the next polls
    relevant: int = 0
    duplicates: int = 0
    alerts: int = 0


@dataclass
class _Fetched:
    """A fetched, parsed feed whose new entries are resolved and wait to be ingested."""

    feed: Feed
    report: FeedReport
    polled: Polled
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
        self.parser = parser
        self.clock = clock
        self.feed_configs = {f.url: f for f in cfg.feeds}
        self.node = node_id()  # lease owner: this pipeline on this process and host
        self.resolver = Resolver(
            fetcher,
            concurrency=cfg.fetch.concurrency,
            per_host=cfg.fetch.per_host,
            extract=parser.extract,
            read=self._read_page,
        )
        self.ingest = Ingest(cfg, store, clock)
        bounds = cfg.entries
        self.limits = EntryLimits(
            per_poll=bounds.max_per_poll,
            title=bounds.max_title_chars,
            summary=bounds.max_summary_chars,
            url=bounds.max_url_chars,
            author=bounds.max_author_chars,
        )
        self.book = FeedBook(cfg, self.node)
        # A batch is polled as one: big enough to keep the fetchers busy, small enough
        # that other nodes get a share and a slow feed holds up few others.
        self.claim_batch = max(MIN_CLAIM, 8 * cfg.fetch.concurrency)
        self.lease_renewal = cfg.schedule.lease / 3  # seconds between lease renewals
        self._ingest_lock = asyncio.Lock()
        # Feeds that succeeded in this poll, written in one transaction at its end:
        # a transaction per unchanged feed was most of the cost of a 304-heavy poll.
        self._settle: list[tuple[Feed, Polled]] = []
        # A poll cut short by a database error leaves its batch leased to this node; the
        # next cycle takes them back rather than waiting the lease out.
        self._stranded = False

    # feeds and leases

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

    async def poll_due(self) -> CycleReport:
        """Poll the feeds due now, leasing them in batches so other nodes share the work.

        Only feeds due when the cycle began are taken, so a feed with a very short
        interval is polled once per cycle and the cycle ends.
        """
        started = self.clock()
        report = CycleReport()
        if self._stranded:
            await asyncio.to_thread(self.release_leases)
            self._stranded = False
        while feeds := await asyncio.to_thread(self._claim, due_by=started, limit=self.claim_batch):
            report.feeds.extend((await self._poll_leased(feeds)).feeds)
        return report

    async def poll_all(self) -> CycleReport:
        return await self._poll_leased(await asyncio.to_thread(self._claim, due_by=None))

    async def _poll_leased(self, feeds: list[Feed]) -> CycleReport:
        """Poll, renewing the leases meanwhile, so a slow poll is not taken over."""
        renewal = asyncio.create_task(self._renew([f.id for f in feeds if f.id is not None]))
        try:
            return await self.poll(feeds)
        except Exception:
            self._stranded = True
            raise
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
            self.resolver.forget_pages()
        ready = [x for x in fetched if isinstance(x, _Fetched)]
        broke: dict[str, _Fetched] = {}  # topic -> the feed that first brought a new story
        work = sorted(
            ((c, x) for x in ready for c in x.candidates), key=lambda cx: _sort_time(cx[0])
        )
        indexed = 0  # relevant articles stored: entries written to the search index
        try:
            async with self._ingest_lock:
                for cand, x in work:
                    try:
                        done = await asyncio.to_thread(self.ingest.article, cand, x.topics)
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
                    indexed += done.kind in ("article", "duplicate")
                    x.report.duplicates += done.kind == "duplicate"
                    x.report.alerts += done.alerts
                    for topic in done.broke:
                        broke.setdefault(topic, x)
                if indexed:
                    await asyncio.to_thread(self._compact_search, indexed)
            if broke:
                await asyncio.to_thread(self._follow_up, broke, {f.id for f in feeds})
            for x in ready:
                if x.failure is None:
                    self._settle.append((x.feed, x.polled))
                else:  # leave validators alone so the entries are fetched and tried again
                    await self._fail(x.feed, x.report, RuntimeError(x.failure))
        finally:
            settle, self._settle = self._settle, []
            if settle:
                await asyncio.to_thread(self._succeeded, settle)
        return CycleReport([x.report if isinstance(x, _Fetched) else x for x in fetched])

    # one feed

    async def _fetch_feed_safely(self, feed: Feed) -> FeedReport | _Fetched:
        """A bug or a database hiccup with one feed is that feed's recorded failure."""
        try:
            return await self._fetch_feed(feed)
        except Exception as exc:
            log.exception("polling %s failed", feed.url, extra={"feed_id": feed.id})
            assert feed.id is not None
            report = FeedReport(feed_id=feed.id, url=feed.url)
            return await self._fail(feed, report, RuntimeError(f"{type(exc).__name__}: {exc}"))

    async def _fetch_feed(self, feed: Feed) -> FeedReport | _Fetched:
        assert feed.id is not None
        report = FeedReport(feed_id=feed.id, url=feed.url)
        try:
            # Only the configured URL's host is the operator's choice: a moved address
            # on another host, and every redirect off that host, gets the guard.
            result = await self.resolver.fetch(
                feed.fetch_url or feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                guard=False,
                named=feed.url,
            )
        except FetchError as exc:
            return await self._fail(feed, report, exc)
        if result.not_modified:
            report.status = "not_modified"
            self._settle.append((feed, Polled(result)))
            return report
        digest = hashlib.sha256(result.body).hexdigest()
        if digest == feed.body_hash:
            report.status = "unchanged"
            self._settle.append((feed, Polled(result)))
            return report
        try:
            parsed = await self.parser.parse(result.body, result.final_url, result.content_type)
        except ParseError as exc:
            return await self._fail(feed, report, exc)
        if malformed(parsed):
            return await self._fail(feed, report, ParseError(f"malformed feed: {parsed.warning}"))
        parsed, cut = bound_feed(parsed, self.limits)
        candidates = await self._resolve_entries(feed, parsed, report)
        note = describe_cut(cut, report.left, report.new_entries + report.left)
        if note:
            log.info("feed %s: %s", feed.url, note, extra={"feed_id": feed.id})
        polled = Polled(
            result,
            digest,
            parsed,
            report.new_entries,
            [c.published for c in candidates],
            complete=not report.left,
            cut=note,
        )
        fc = self.feed_configs.get(feed.url)
        return _Fetched(feed, report, polled, candidates, fc.topics if fc else None)

    async def _resolve_entries(
        self, feed: Feed, parsed: ParsedFeed, report: FeedReport
    ) -> list[Candidate]:
        assert feed.id is not None
        keyed = keyed_entries(parsed)
        report.entries = len(parsed.entries)
        known = await asyncio.to_thread(self._known_keys, feed.id, [k for k, _ in keyed])
        fresh, rest = take_newest(
            new_entries(keyed, known), self.limits.per_poll, lambda n: n.entry.published
        )
        report.new_entries, report.left = len(fresh), len(rest)
        stored = await asyncio.to_thread(self._known_urls, [n.url for n in fresh])
        wrapped = [n.entry.link for n in fresh if n.link.aggregator and not n.link.resolved]
        if wrapped:  # decodes an earlier poll or another feed already made
            for link, publisher in (await asyncio.to_thread(self._resolved, wrapped)).items():
                self.resolver.google_news.learn(link, publisher)
        origin = Origin(feed.id, feed.url, feed.fetch_url, feed.name, parsed.title)
        fc = self.feed_configs.get(feed.url)
        allowed = fc.topics if fc else None
        return list(
            await asyncio.gather(
                *(self._resolve(origin, n, n.url in stored, allowed) for n in fresh)
            )
        )

    async def _resolve(
        self, origin: Origin, new: NewEntry, stored: bool, allowed: list[str] | None
    ) -> Candidate:
        """The entry as a candidate, its text analysed in a worker while others are
        fetched: the ingest writer, one at a time, then only reads the analysis."""
        cand = await self.resolver.resolve(origin, new, stored, allowed)
        if not stored and cand.analysis is None:
            try:
                cand.analysis = await self.parser.analyse(
                    cand.title,
                    cand.text,
                    cand.text_origin,
                    self.cfg.topics,
                    allowed,
                    cand.published,
                )
            except Exception as exc:  # ingest analyses it itself
                log.debug("analysis of %s failed: %s", cand.url, exc)
        return cand

    async def _read_page(
        self, body: bytes, url: str, content_type: str | None, ahead: Ahead
    ) -> tuple[Extracted | NoText, Analysis | None]:
        """A page's text and its analysis for the entry that asked first, in one job."""
        return await self.parser.read(
            body, url, content_type, ahead.title, ahead.published, self.cfg.topics, ahead.allowed
        )

    def _known_keys(self, feed_id: int, keys: list[str]) -> set[str]:
        with self.store.tx() as tx:
            return tx.known_entry_keys(feed_id, keys)

    def _resolved(self, links: list[str | None]) -> dict[str, str]:
        with self.store.tx() as tx:
            return tx.resolved_links(link for link in links if link)

    def _known_urls(self, urls: list[str]) -> set[str]:
        if not urls:
            return set()
        with self.store.tx() as tx:
            return tx.known_article_urls(urls)

    # recording the outcome

    def _succeeded(self, done: list[tuple[Feed, Polled]]) -> None:
        # The rows belong to this session, so the commit writes them all in one flush,
        # which batches the UPDATEs; a flush per feed cost most of a quiet poll's writes.
        now = self.clock()
        with self.store.tx() as tx:
            rows = tx.feeds_by_id(feed.id for feed, _ in done if feed.id is not None)
            for feed, polled in done:
                assert feed.id is not None
                self.book.succeeded(rows[feed.id], polled, now)

    async def _fail(self, feed: Feed, report: FeedReport, exc: Exception) -> FeedReport:
        """Record a failure off the event loop: the database may be the one failing."""
        return await asyncio.to_thread(self._failed, feed, report, exc)

    def _follow_up(self, broke: dict[str, _Fetched], polled: set[int | None]) -> None:
        """A new story on one feed: check the other feeds of its topics soon, since
        coverage spreads across outlets within minutes. The topic's feeds are those
        configured with it and those that carried it within the stories window."""
        if self.book.policy.follow_up is None:
            return
        now = self.clock()
        since = now - timedelta(seconds=self.cfg.stories.window)
        with self.store.tx() as tx:
            targets: dict[int, str] = {}
            declared = {url for url, fc in self.feed_configs.items() if fc.topics}
            by_url = {f.url: f for f in tx.feeds(configured_only=True)}
            for topic, source in broke.items():
                ids = tx.feeds_carrying(topic, since)
                ids |= {
                    f.id
                    for url, f in by_url.items()
                    if f.id is not None
                    and url in declared
                    and topic in (self.feed_configs[url].topics or [])
                }
                why = f"a new {topic} story on {source.feed.name or source.feed.url}"
                for i in ids:
                    if i is not None and i not in polled:
                        targets.setdefault(i, why)
            moved = 0
            for i, row in tx.feeds_by_id(targets).items():
                fc = self.feed_configs.get(row.url)
                if fc is not None and fc.topics is not None and not set(fc.topics) & set(broke):
                    continue  # the feed's articles cannot be about these topics
                moved += self.book.follow_up(row, now, targets[i])
        if moved:
            log.info(
                "a new story: %d feeds of its topics checked soon",
                moved,
                extra={"feeds": moved, "topics": sorted(broke)},
            )

    def _failed(self, feed: Feed, report: FeedReport, exc: Exception) -> FeedReport:
        metrics.fetch_failed(exc)
        failure = Failure.of(exc)  # stored and shown: no credentials from the feed URL
        report.status = "error"
        report.error = failure.message
        log.warning(
            "feed %s failed: %s",
            feed.url,
            failure.message,
            extra={"feed_id": feed.id, "feed_url": feed.url},
        )
        now = self.clock()
        with self.store.tx() as tx:
            row = tx.get(Feed, feed.id)
            assert row is not None
            self.book.failed(row, failure, now)
            tx.add(row)
        return report

    # upkeep

    def _compact_search(self, indexed: int) -> None:
        """Merge the search index after the poll's entries; a failure only leaves it as
        it was (larger), so it is logged, not the poll's."""
        try:
            self.store.compact_search(indexed)
        except Exception:
            log.exception("merging the search index failed")

    def prune_index(self) -> int:
        """Drop near-duplicate index rows older than the windows (one node at a time)."""
        with self.store.singleton("near-duplicate-prune") as mine:
            if not mine:
                return 0  # another node is pruning right now
            with self.store.tx() as tx:
                pruned = copies.prune(tx, self.ingest.windows, self.clock())
        if pruned:
            log.info("pruned %d near-duplicate index rows", pruned, extra={"pruned": pruned})
        return pruned


def _sort_time(cand: Candidate) -> float:
    return cand.published.timestamp() if cand.published else float("inf")
