"""From a parsed feed to candidates: which entries are new, where each article is, its text.

An entry's link is unwrapped offline where the aggregator allows; what is left is
followed through the guarded fetcher (it came from inside a feed), and the page's text
is extracted. A page that cannot be reached or read leaves the feed's own summary.
Every fetch of a poll, feeds and pages alike, shares one global and one per-host limit.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from monitor.collect.aggregators import (
    BATCHEXECUTE_PATH,
    GOOGLE_NEWS,
    GOOGLE_NEWS_BASE,
    Unwrapped,
    aggregator_of,
    batchexecute_form,
    batchexecute_url,
    google_news_id,
    google_news_page,
    google_news_signature,
    unwrap,
)
from monitor.collect.entries import canonical_url, entry_key, outlet_of
from monitor.collect.extract import Extracted, NoText, read_page
from monitor.collect.fetch import Fetcher, FetchError, FetchResult
from monitor.collect.outlets import same_site
from monitor.collect.parse import ParsedEntry, ParsedFeed
from monitor.text import guess_language

if TYPE_CHECKING:
    from monitor.judge.analysis import Analysis

log = logging.getLogger(__name__)

Extractor = Callable[[bytes, str, str | None], Awaitable[Extracted | NoText]]


@dataclass(frozen=True)
class Ahead:
    """What an entry's analysis is made from besides its page's text: the entry's title
    and date (the page's own when it has none) and its feed's topics."""

    title: str | None
    published: datetime | None
    allowed: list[str] | None


# A page's text and, made in the same job, its analysis for the entry that asked first.
Reader = Callable[
    [bytes, str, str | None, Ahead], Awaitable[tuple[Extracted | NoText, "Analysis | None"]]
]

# Reasons for no page text that arise before extraction (the rest: `monitor.collect.extract`).
FETCH_FAILED = "fetch_failed"
AGGREGATOR_UNRESOLVED = "aggregator_unresolved"


async def _extract_in_thread(body: bytes, url: str, content_type: str | None) -> Extracted | NoText:
    return await asyncio.to_thread(read_page, body, url, content_type)


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
    no_text_reason: str | None = None  # why the page gave no text (`extract` reason codes)
    aggregator: str | None = None  # linked through this aggregator
    aggregator_unresolved: bool = False  # and `url` is still the aggregator's
    analysis: Analysis | None = None  # its text read ahead of ingest, when it was


@dataclass(frozen=True)
class Origin:
    """The feed an entry came from, as far as resolving its entries needs it."""

    feed_id: int
    url: str  # as configured
    fetch_url: str | None  # where it moved to, if it did
    name: str | None  # the name the config gives it
    title: str | None  # the feed's own title, from this poll


@dataclass(frozen=True)
class NewEntry:
    """An entry the feed had not shown before, its link unwrapped as far as it goes offline."""

    key: str
    entry: ParsedEntry
    link: Unwrapped
    url: str  # canonical form of `link.url`: where the article is, until its page says


@dataclass(frozen=True)
class Page:
    """An article page's outcome: where it really is, its text, or why there is none."""

    url: str | None  # canonical publisher URL; None when the page was not reached
    extracted: Extracted | None
    error: str | None
    reason: str | None = None  # a reason code when there is no text
    ahead: Ahead | None = None  # what `analysis` was made for
    analysis: Analysis | None = None  # the text read for the entry that asked first


def keyed_entries(parsed: ParsedFeed) -> list[tuple[str, ParsedEntry]]:
    """The entries that can be told apart and lead somewhere, with their identity keys."""
    return [(k, e) for e in parsed.entries if (k := entry_key(e)) is not None and e.link]


def new_entries(keyed: list[tuple[str, ParsedEntry]], known: set[str]) -> list[NewEntry]:
    """Entries whose key the feed has not shown before; the first of a repeated key."""
    fresh: dict[str, ParsedEntry] = {}
    for key, entry in keyed:
        if key not in known:
            fresh.setdefault(key, entry)
    out = []
    for key, entry in fresh.items():
        link = unwrap(entry.link or "")
        out.append(NewEntry(key, entry, link, canonical_url(link.url)))
    return out


def candidate(feed: Origin, new: NewEntry, page: Page | None) -> Candidate:
    """What is known of an entry's article, from the feed and from its page if one was read."""
    entry = new.entry
    assert entry.link is not None
    url, unresolved = new.url, not new.link.resolved
    extracted = page.extracted if page is not None else None
    if page is not None and page.url is not None:
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
        site_name = feed.name or site_name or feed.title
    return Candidate(
        feed_id=feed.feed_id,
        entry_key=new.key,
        link=entry.link,
        url=url,
        title=entry.title or (extracted.title if extracted and extracted.title else "") or url,
        text=text or "",
        text_origin=origin,
        published=entry.published or (extracted.published if extracted else None),
        author=entry.author or (extracted.author if extracted else None),
        source=source,
        source_name=site_name,
        # a page's language was guessed from this very text when it declared none
        language=extracted.language if extracted else guess_language(text or ""),
        extraction_error=page.error if page is not None else None,
        no_text_reason=page.reason if page is not None and extracted is None else None,
        aggregator=new.link.aggregator,
        aggregator_unresolved=unresolved,
    )


def _feed_of_site(feed: Origin, host: str) -> bool:
    """Whether the feed is the site's own (same registered domain), not an aggregator."""
    return any(same_site(u, host) for u in (feed.url, feed.fetch_url) if u)


class Resolver:
    """Fetches within the limits, and resolves new entries to candidates.

    Article pages are fetched and extracted once per URL until `forget_pages`: the same
    story reached through two aggregators or feeds in one poll is read once.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        concurrency: int,
        per_host: int,
        extract: Extractor | None = None,
        read: Reader | None = None,
    ) -> None:
        self.fetcher = fetcher
        # Bounded in time in the parse pool's workers; a thread when there is none.
        self.extract: Extractor = extract or _extract_in_thread
        # With `read`, a page is extracted and analysed for the entry that asked first
        # in one job (`ParsePool.read`); `resolve` then gives the analysis to each
        # candidate it was made for.
        self.read = read
        self.google_news = GoogleNewsDecoder(self.fetch)
        self.per_host = per_host
        self._global = asyncio.Semaphore(concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._pages: dict[str, asyncio.Task[Page]] = {}

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        host = outlet_of(url)
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.per_host)
        return self._hosts[host]

    async def fetch(
        self,
        url: str,
        *,
        guard: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        named: str | None = None,
        form: bytes | None = None,
    ) -> FetchResult:
        # Host first: a request waiting for its host must not hold a global slot.
        async with self._host_limit(url), self._global:
            return await self.fetcher.fetch(
                url, etag=etag, last_modified=last_modified, guard=guard, named=named, form=form
            )

    async def resolve(
        self, feed: Origin, new: NewEntry, stored: bool, allowed: list[str] | None = None
    ) -> Candidate:
        """The entry as a candidate; its page is read unless the article is `stored`.

        `allowed`: the feed's topics, which the page's analysis is made with (`read`)."""
        page = None
        ahead = Ahead(new.entry.title, new.entry.published, allowed)
        if not stored:
            task = self._pages.get(new.url)
            if task is None:
                task = asyncio.ensure_future(self._page(new.link.url, new.link.aggregator, ahead))
                self._pages[new.url] = task
            page = await asyncio.shield(task)
        cand = candidate(feed, new, page)
        if (
            page is not None
            and page.analysis is not None
            and page.ahead == ahead
            and page.analysis.fits(cand.title, cand.text, cand.text_origin)
        ):
            cand.analysis = page.analysis
        return cand

    def forget_pages(self) -> None:
        self._pages.clear()

    async def _page(self, target: str, aggregator: str | None, ahead: Ahead) -> Page:
        """Fetch and extract an article page found in a feed (guarded)."""
        decoded: str | None = None
        if aggregator == GOOGLE_NEWS and google_news_id(target) is not None:
            decoded, why = await self.google_news.decode(target)
            if decoded is None:
                return Page(None, None, why, AGGREGATOR_UNRESOLVED)
            target = decoded
        try:
            page = await self.fetch(target, guard=True)
            if aggregator_of(page.final_url) is not None:
                return Page(
                    None,
                    None,
                    f"the {aggregator} link did not lead to the publisher",
                    AGGREGATOR_UNRESOLVED,
                )
            final = canonical_url(page.final_url)
            read: Analysis | None = None
            if self.read is None:
                outcome = await self.extract(page.body, page.final_url, page.content_type)
            else:
                outcome, read = await self.read(page.body, page.final_url, page.content_type, ahead)
        except FetchError as exc:
            # A decoded link still names the publisher's article, page or no page.
            known = canonical_url(decoded) if decoded else None
            return Page(known, None, f"page fetch failed ({exc.kind}): {exc}", FETCH_FAILED)
        except Exception as exc:  # extraction must not take the feed down
            return Page(None, None, f"extraction failed: {type(exc).__name__}: {exc}", "failed")
        if isinstance(outcome, NoText):
            return Page(final, None, outcome.detail, outcome.reason)
        if outcome.canonical_url and _same_site(outcome.canonical_url, final):
            return Page(canonical_url(outcome.canonical_url), outcome, None, None, ahead, read)
        return Page(final, outcome, None, None, ahead, read)


Fetch = Callable[..., Awaitable[FetchResult]]


class GoogleNewsDecoder:
    """Google News article links to publisher URLs, in two requests each.

    The article page gives the id's signature and timestamp; the batchexecute endpoint
    exchanges them for the publisher's URL. Decodes are spaced `interval` seconds apart
    (Google answers bursts with 429, and then every decode pauses for `pause` seconds),
    and remembered by article id, so the same story in several search feeds costs one.
    `base` is Google News' origin; tests point it at a loopback stand-in.
    """

    def __init__(
        self,
        fetch: Fetch,
        *,
        base: str = GOOGLE_NEWS_BASE,
        interval: float = 1.0,
        pause: float = 600.0,
        remember: int = 20_000,
    ) -> None:
        self._fetch = fetch
        self.base = base
        self.interval = interval
        self.pause = pause
        self._remember = remember
        self._known: OrderedDict[str, str] = OrderedDict()
        self._lock = asyncio.Lock()
        self._next = 0.0  # monotonic time the next decode may start
        self._paused_until = 0.0
        self.requests = 0  # decodes that went to the network

    def learn(self, link: str, publisher: str) -> None:
        """A decode known from elsewhere (the database: an earlier run resolved it)."""
        article_id = google_news_id(link)
        if article_id is not None:
            self._keep(article_id, publisher)

    def _keep(self, article_id: str, publisher: str) -> None:
        self._known[article_id] = publisher
        self._known.move_to_end(article_id)
        while len(self._known) > self._remember:
            self._known.popitem(last=False)

    async def decode(self, link: str) -> tuple[str | None, str]:
        """(publisher URL, "") or (None, why not)."""
        article_id = google_news_id(link)
        if article_id is None:
            return None, "not a Google News article link"
        if (known := self._known.get(article_id)) is not None:
            return known, ""
        async with self._lock:
            if (known := self._known.get(article_id)) is not None:
                return known, ""
            now = time.monotonic()
            if now < self._paused_until:
                return None, "Google News decoding is paused after a rate limit (HTTP 429)"
            if now < self._next:
                await asyncio.sleep(self._next - now)
            self._next = time.monotonic() + self.interval
            self.requests += 1
            try:
                publisher = await self._ask(article_id, link)
            except FetchError as exc:
                if exc.status == 429:
                    self._paused_until = time.monotonic() + self.pause
                    log.warning("Google News rate-limited decoding; pausing %.0f s", self.pause)
                return None, f"the google-news link could not be decoded ({exc.kind}): {exc}"
            if publisher is None:
                return None, "the google-news link could not be decoded: no publisher URL"
            self._keep(article_id, publisher)
            return publisher, ""

    async def _ask(self, article_id: str, link: str) -> str | None:
        page = await self._fetch(google_news_page(self.base, article_id, link), guard=True)
        signed = google_news_signature(page.body.decode("utf-8", "replace"))
        if signed is None:
            return None
        signature, timestamp = signed
        answer = await self._fetch(
            self.base.rstrip("/") + BATCHEXECUTE_PATH + "?rpcids=Fbv4je",
            guard=True,
            form=batchexecute_form(article_id, timestamp, signature),
        )
        return batchexecute_url(answer.body.decode("utf-8", "replace"))


def _same_site(a: str, b: str) -> bool:
    return outlet_of(a) == outlet_of(b)
