"""Feed bodies to plain entries, via feedparser (RSS, Atom, RDF) and json (JSON Feed)."""

from __future__ import annotations

import codecs
import html
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit


class ParseError(Exception):
    """The body is not a usable feed (HTML page, broken XML with no entries, …)."""


@dataclass
class ParsedEntry:
    guid: str | None
    link: str | None
    title: str
    summary: str  # plain text
    published: datetime | None  # timezone-aware UTC
    author: str | None = None
    # The outlet behind an aggregator's item (RSS <source>, Bing's <News:Source>).
    source_name: str | None = None
    source_link: str | None = None


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    entries: list[ParsedEntry] = field(default_factory=list)
    ttl_minutes: int | None = None
    warning: str | None = None  # recoverable problem feedparser reported
    format: str = ""  # "rss20", "atom10", "rdf" (feedparser's names), "json1.1", "rss-json"


DERIVED_TITLE_CHARS = 120


def malformed(feed: ParsedFeed) -> bool:
    """A feed that parsed only with complaints and gave no usable entry is a failure."""
    return bool(feed.warning) and not any(e.link for e in feed.entries)


_WHITESPACE_AND_BOM = b" \t\r\n\xef\xbb\xbf"
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]")
_FEED_START = re.compile(rb"<(?:rss|feed|rdf:rdf|channel)[\s>]")
# Declared encodings that in practice often hide a UTF-8 body.
_LATIN_CODECS = frozenset({"ascii", "iso8859-1", "cp1252", "iso8859-15"})
_JSON_FEED_VERSION = "jsonfeed.org/version/"

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed body; raise ParseError (and nothing else) when it is not a usable feed."""
    try:
        return _parse(bytes(body), url, content_type)
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(f"unparsable feed: {type(exc).__name__}: {exc}") from exc


def _parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    head = body.lstrip(_WHITESPACE_AND_BOM)
    if not head:
        raise ParseError("not a feed: empty body")
    mime, charset = _split_content_type(content_type)
    if head.startswith((b"{", b"[")) or ("json" in mime and not head.startswith(b"<")):
        return _parse_json(body, url)
    return _parse_xml(body, head, url, charset)


# --- XML feeds ----------------------------------------------------------------


def _parse_xml(body: bytes, head: bytes, url: str, charset: str | None) -> ParsedFeed:
    charset = _effective_charset(body, head, charset)
    # Always "application/xml": feedparser otherwise applies RFC 3023's us-ascii default
    # to text/xml and flags perfectly normal feeds. No "content-location": feedparser
    # would resolve relative guids against it, so an id like "1559104147038" would change
    # whenever the feed URL does; links are made absolute here instead.
    headers = {"content-type": "application/xml" + (f"; charset={charset}" if charset else "")}
    import feedparser  # here: the polling process hands bodies to its workers, parses none

    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    version = parsed.get("version") or ""
    raw_entries = parsed.get("entries") or []
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None

    if not version and not raw_entries:
        if _looks_like_html(head):
            raise ParseError("not a feed: got an HTML page")
        reason = f"{type(problem).__name__}: {problem}" if problem else "no feed elements found"
        raise ParseError(f"not a feed: {reason}")

    feed_info = parsed.get("feed") or {}
    entries = [_entry_from_feedparser(raw, url) for raw in raw_entries]
    return ParsedFeed(
        title=_text_or_none(feed_info.get("title"), _detail_type(feed_info, "title")),
        link=_http_link(feed_info.get("link"), url),
        entries=entries,
        ttl_minutes=_ttl(feed_info.get("ttl")),
        warning=f"{type(problem).__name__}: {problem}" if problem else None,
        format=_feedparser_format(version),
    )


def _feedparser_format(version: str) -> str:
    if version.startswith("rss") and version not in ("rss090", "rss10"):
        return version
    if version in ("rss090", "rss10"):
        return "rdf"
    return version or "unknown"


def _entry_from_feedparser(raw: Mapping[str, Any], url: str) -> ParsedEntry:
    # feedparser copies content into "summary" without a summary_detail when an item
    # has no summary of its own; that copy is markup.
    summary = _text(raw.get("summary"), _detail_type(raw, "summary") or "text/html")
    if not summary:
        for content in raw.get("content") or []:
            summary = _text(content.get("value"), content.get("type"))
            if summary:
                break
    title = _text(raw.get("title"), _detail_type(raw, "title"))
    author_detail = raw.get("author_detail") or {}
    author = _plain(author_detail.get("name")) or _plain(raw.get("author"))
    link = raw.get("link")
    if raw.get("guidislink") and link == raw.get("id") and _http_link(link, "") is None:
        # A bare guid such as "12345" is a permalink by RSS's default, but not a URL.
        link = None
    # FeedBurner keeps the publisher's own link beside its click-through one.
    link = _http_link(raw.get("feedburner_origlink"), url) or _http_link(link, url)
    source = raw.get("source")
    source_name = _plain(source.get("title")) if isinstance(source, Mapping) else ""
    source_name = source_name or _plain(raw.get("news_source"))
    source_link = _http_link(source.get("href"), url) if isinstance(source, Mapping) else None
    if source_name and title.endswith(f" - {source_name}"):
        # Google News appends the outlet to every headline.
        title = title[: -len(source_name) - 3].rstrip()
    return ParsedEntry(
        guid=_plain(raw.get("id")) or None,
        link=link,
        title=title or _derive_title(summary),
        summary=summary,
        published=_date_from_struct(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=author or None,
        source_name=source_name or None,
        source_link=source_link,
    )


def _effective_charset(body: bytes, head: bytes, charset: str | None) -> str | None:
    declared = charset
    if declared is None:
        match = _XML_ENCODING.match(head)
        declared = match.group(1).decode("ascii") if match else None
    if declared is None:
        return None
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return charset
    if codec in _LATIN_CODECS and not body.isascii():
        # Genuine Latin-1 text is practically never valid UTF-8 once it has
        # non-ASCII bytes, so a body that decodes is a UTF-8 feed with a wrong label.
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return charset
        return "utf-8"
    return charset


def _looks_like_html(head: bytes) -> bool:
    start = head[:2048].lower()
    html_at = _HTML_START.search(start)
    if html_at is None:
        return False
    feed_at = _FEED_START.search(start)
    return feed_at is None or html_at.start() < feed_at.start()


def _detail_type(raw: Mapping[str, Any], key: str) -> str | None:
    detail = raw.get(f"{key}_detail")
    return detail.get("type") if isinstance(detail, Mapping) else None


def _ttl(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes if minutes > 0 else None


# --- JSON Feed and RSS-in-JSON -------------------------------------------------


def _parse_json(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        try:
            data = json.loads(body.decode("utf-8", "replace"))
        except ValueError as exc:
            raise ParseError(f"not a feed: malformed JSON: {exc}") from exc
    except ValueError as exc:
        raise ParseError(f"not a feed: malformed JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ParseError("not a feed: JSON document is not a JSON Feed")

    version = data.get("version")
    if isinstance(version, str) and _JSON_FEED_VERSION in version:
        return _json_feed(data, url, None, "json" + version.rsplit("/", 1)[-1])
    if isinstance(data.get("rss"), dict) and isinstance(data["rss"].get("channel"), dict):
        return _rss_in_json(data["rss"]["channel"], url)
    if isinstance(data.get("items"), list) and (
        "title" in data or "feed_url" in data or "home_page_url" in data
    ):
        return _json_feed(data, url, "JSON Feed without a version field", "json")
    raise ParseError("not a feed: JSON document is not a JSON Feed")


def _json_feed(data: dict[str, Any], url: str, warning: str | None, fmt: str) -> ParsedFeed:
    base = _plain(data.get("feed_url")) or url
    feed_author = _json_authors(data)
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        summary = (
            _text(item.get("summary"), "text/plain")
            or _text(item.get("content_text"), "text/plain")
            or _text(item.get("content_html"), "text/html")
        )
        link = _http_link(item.get("url"), base) or _http_link(item.get("external_url"), base)
        entries.append(
            ParsedEntry(
                guid=_plain(item.get("id")) or None,
                link=link,
                title=_text(item.get("title"), "text/plain") or _derive_title(summary),
                summary=summary,
                published=_date_from_text(item.get("date_published"))
                or _date_from_text(item.get("date_modified")),
                author=_json_authors(item) or feed_author,
            )
        )
    return ParsedFeed(
        title=_text_or_none(data.get("title"), "text/plain"),
        link=_http_link(data.get("home_page_url"), base),
        entries=entries,
        warning=warning,
        format=fmt,
    )


def _json_authors(obj: Mapping[str, Any]) -> str | None:
    authors = obj.get("authors")
    candidates: Iterable[Any] = authors if isinstance(authors, list) else [obj.get("author")]
    names = [_plain(a.get("name")) for a in candidates if isinstance(a, dict)]
    joined = ", ".join(n for n in names if n)
    return joined or None


def _rss_in_json(channel: dict[str, Any], url: str) -> ParsedFeed:
    items = channel.get("item") or []
    if isinstance(items, dict):
        items = [items]
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        guid = item.get("guid")
        if isinstance(guid, dict):
            guid = guid.get("#value") or guid.get("value") or guid.get("#text")
        summary = _text(item.get("description"), "text/html")
        entries.append(
            ParsedEntry(
                guid=_plain(guid) or None,
                link=_http_link(item.get("link"), url),
                title=_text(item.get("title"), "text/html") or _derive_title(summary),
                summary=summary,
                published=_date_from_text(item.get("pubDate")),
                author=_plain(item.get("author")) or None,
            )
        )
    return ParsedFeed(
        title=_text_or_none(channel.get("title"), "text/plain"),
        link=_http_link(channel.get("link"), url),
        entries=entries,
        ttl_minutes=_ttl(channel.get("ttl")),
        format="rss-json",
    )


# --- shared helpers -----------------------------------------------------------


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return _collapse("".join(extractor.parts))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _plain(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return _collapse(value) if isinstance(value, str) else ""


def _text(value: Any, kind: str | None) -> str:
    if not isinstance(value, str) or not value:
        return ""
    if kind and ("html" in kind or "xml" in kind):
        return html_to_text(value)
    # Plain-text fields still arrive entity-escaped from many publishers.
    return _collapse(html.unescape(value))


def _text_or_none(value: Any, kind: str | None) -> str | None:
    return _text(value, kind) or None


def _derive_title(summary: str) -> str:
    """A stand-in title for untitled items (micro-posts), like feed readers show."""
    if len(summary) <= DERIVED_TITLE_CHARS:
        return summary
    cut = summary[:DERIVED_TITLE_CHARS]
    space = cut.rfind(" ")
    if space > DERIVED_TITLE_CHARS // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _http_link(value: Any, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        link = urljoin(base, value.strip())
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return link


def _date_from_struct(value: Any) -> datetime | None:
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _date_from_text(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        from feedparser.datetimes import _parse_date

        return _date_from_struct(_parse_date(text))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _split_content_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    mime, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset
