"""Feed discovery: from a site's homepage (or a feed URL) to a feed that parses.

Order: the URL itself if it is a feed; then the page's `<link rel="alternate">` feeds in
document order; then common feed paths on the site. Every candidate is fetched and
parsed once; the first that works wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from monitor.collect.fetch import Fetcher, FetchError, FetchResult
from monitor.collect.parse import ParsedFeed, ParseError, malformed
from monitor.collect.parsepool import ParsePool

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",  # JSON Feed 1.0 pages often say just this
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
COMMON_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/rss/",
    "/feeds/posts/default",
    "/?feed=rss2",
)
FORMAT_NAMES = {
    "rss20": "RSS 2.0",
    "rss092": "RSS 0.92",
    "rss091u": "RSS 0.91",
    "rss091n": "RSS 0.91",
    "rss": "RSS",
    "rdf": "RSS 1.0 (RDF)",
    "atom10": "Atom 1.0",
    "atom03": "Atom 0.3",
    "atom": "Atom",
    "json1": "JSON Feed 1.0",
    "json1.1": "JSON Feed 1.1",
    "json": "JSON Feed",
    "rss-json": "RSS in JSON",
}


class DiscoveryError(Exception):
    """No working feed at or behind the URL; the message says what was tried."""


@dataclass
class Discovered:
    url: str  # the feed's URL, to configure
    feed: ParsedFeed
    found_by: str  # "the URL itself" | "<link rel=alternate>" | "common path"
    tried: list[str] = field(default_factory=list)  # candidates that did not work, and why

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.feed.format, self.feed.format or "unknown format")


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, type)
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        if tag != "link":
            return
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").split(";")[0].strip().lower()
        href = values.get("href", "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            self.links.append((href, kind))


def alternate_links(html: str, page_url: str) -> list[str]:
    """Feed URLs a page advertises, absolute, in document order, without repeats."""
    finder = _AlternateLinks()
    try:
        finder.feed(html)
        finder.close()
    except (AssertionError, ValueError):
        pass  # keep what was found before the markup went bad
    base = urljoin(page_url, finder.base) if finder.base else page_url
    found: list[str] = []
    for href, _ in finder.links:
        url = urljoin(base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found


async def discover(url: str, fetcher: Fetcher, parser: ParsePool) -> Discovered:
    """Find the feed at or behind `url`; raise DiscoveryError naming every attempt."""
    tried: list[str] = []
    try:
        first = await fetcher.fetch(url)  # the operator's host; other hosts are guarded
    except FetchError as exc:
        raise DiscoveryError(f"cannot fetch {url}: {exc}") from None
    feed, problem = await _as_feed(first, parser)
    if feed is not None:
        return Discovered(first.final_url, feed, "the URL itself")
    tried.append(f"{url}: {problem}")

    page = first.body.decode(_charset(first), "replace")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(first.final_url))
    candidates = [(u, "<link rel=alternate>") for u in alternate_links(page, first.final_url)]
    candidates += [(origin + path, "common path") for path in COMMON_PATHS]
    seen = {url, first.final_url}
    for candidate, how in candidates:
        if candidate in seen:
            continue
        seen.add(candidate)
        # The operator named the site's host: candidates there are fetched as named. A
        # feed the page points to elsewhere, and every redirect to another host, is a
        # link found inside a document and gets the private-address guard.
        try:
            result = await fetcher.fetch(candidate, named=url)
        except FetchError as exc:
            tried.append(f"{candidate}: {exc.kind}: {exc}")
            continue
        feed, problem = await _as_feed(result, parser)
        if feed is not None:
            return Discovered(result.final_url, feed, how, tried)
        tried.append(f"{candidate}: {problem}")
    listing = "\n  ".join(tried)
    raise DiscoveryError(f"no feed found at {url}; tried:\n  {listing}")


async def _as_feed(result: FetchResult, parser: ParsePool) -> tuple[ParsedFeed | None, str]:
    try:
        feed = await parser.parse(result.body, result.final_url, result.content_type)
    except ParseError as exc:
        return None, str(exc)
    if malformed(feed):
        return None, f"malformed feed: {feed.warning}"
    return feed, ""


def _charset(result: FetchResult) -> str:
    content_type = result.content_type or ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            candidate = value.strip().strip("\"'")
            try:
                "".encode(candidate)
            except LookupError:
                break
            return candidate
    return "utf-8"
