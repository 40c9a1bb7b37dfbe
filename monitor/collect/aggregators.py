"""Aggregator and redirector links in feed items, back to the publisher's URL.

News-search feeds (Google News, Bing News) and feed proxies (FeedBurner) link to
their own click-through URLs. Left alone, fifty outlets' copies of a wire story all
look like one aggregator's host, and one article found through two aggregators looks
like two. What can be decoded offline is decoded here; the rest is marked so the
pipeline follows it through the guarded fetcher.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

GOOGLE_NEWS = "google-news"
BING_NEWS = "bing-news"
FEEDBURNER = "feedburner"
REDIRECT = "redirect"  # a generic ?url= wrapper

_GOOGLE_NEWS_PATHS = ("/rss/articles/", "/articles/", "/read/", "/__i/rss/rd/articles/")
_FEEDPROXY_HOSTS = frozenset(
    {"feedproxy.google.com", "feeds.feedburner.com", "feeds2.feedburner.com"}
)
# Query parameters that carry the destination in generic click-through wrappers.
_TARGET_PARAMS = ("url", "u", "target", "dest", "destination", "redirect_url", "redirect")
_MAX_DEPTH = 4  # wrappers inside wrappers


@dataclass(frozen=True)
class Unwrapped:
    url: str  # the publisher's URL when resolved, else the link as given
    aggregator: str | None = None  # who wrapped it; None for a plain publisher link
    resolved: bool = True  # False: still an aggregator URL; follow its redirects


def unwrap(link: str) -> Unwrapped:
    """Decode a wrapped link offline as far as it goes."""
    current = link
    first: str | None = None
    for _ in range(_MAX_DEPTH):
        name = aggregator_of(current)
        if name is None:
            return Unwrapped(current, first, resolved=True)
        first = first or name
        inner = _decode(name, current)
        if inner is None:  # FeedBurner, Google News' newer opaque ids, Bing without url=
            return Unwrapped(current, first, resolved=False)
        current = inner
    return Unwrapped(current, first, resolved=aggregator_of(current) is None)


def search_feed(url: str) -> bool:
    """Whether a feed URL is a news search (Google News, Bing News): a topic search feed."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    path = parts.path.lower()
    if host == "news.google.com":
        return path.startswith("/rss/search")
    if host in ("bing.com", "www.bing.com"):
        query = dict(parse_qsl(parts.query))
        return path.startswith("/news/search") and query.get("format", "").lower() == "rss"
    return False


def aggregator_of(url: str) -> str | None:
    """Which aggregator or redirector a URL belongs to, if any."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    path = parts.path
    if host == "news.google.com" and path.startswith(_GOOGLE_NEWS_PATHS):
        return GOOGLE_NEWS
    if (host == "bing.com" or host.endswith(".bing.com")) and path.lower() == "/news/apiclick.aspx":
        return BING_NEWS
    if host in _FEEDPROXY_HOSTS and path.startswith("/~r/"):
        return FEEDBURNER
    if (host in ("google.com", "www.google.com") and path == "/url") or _query_target(
        parts.query, host
    ):
        return REDIRECT
    return None


def _decode(name: str, url: str) -> str | None:
    parts = urlsplit(url)
    if name == GOOGLE_NEWS:
        return _google_news_target(parts.path)
    if name == BING_NEWS:
        return _query_target(parts.query, None)
    if name == REDIRECT:
        host = (parts.hostname or "").lower()
        params = dict(parse_qsl(parts.query))
        if host in ("google.com", "www.google.com") and _is_http(params.get("q")):
            return params["q"]
        return _query_target(parts.query, host)
    return None  # FeedBurner: only the redirect knows


def _query_target(query: str, own_host: str | None) -> str | None:
    """An absolute http(s) URL in a destination parameter, pointing at another host."""
    if not query:
        return None
    params = {k.lower(): v for k, v in parse_qsl(query)}
    for key in _TARGET_PARAMS:
        value = params.get(key)
        if _is_http(value):
            assert value is not None
            target_host = (urlsplit(value).hostname or "").lower()
            if own_host is None or (target_host and target_host != own_host):
                return value
    return None


def _is_http(value: str | None) -> bool:
    if not value:
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _google_news_target(path: str) -> str | None:
    """The URL inside an older Google News article id (base64 protobuf, field 4)."""
    article_id = path.rstrip("/").rsplit("/", 1)[-1]
    try:
        raw = base64.urlsafe_b64decode(article_id + "=" * (-len(article_id) % 4))
    except (binascii.Error, ValueError):
        return None
    for number, value in _protobuf_fields(raw):
        if number == 4 and isinstance(value, bytes):
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                return None
            # Newer ids carry an opaque token ("AU_yqL…") here instead of a URL.
            return text if _is_http(text) else None
    return None


def _protobuf_fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """Top-level fields of a protobuf message; stops at anything it cannot read."""
    fields: list[tuple[int, int | bytes]] = []
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        if key is None:
            break
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            if value is None:
                break
            fields.append((number, value))
        elif wire == 2:
            length, pos = _varint(data, pos)
            if length is None or pos + length > len(data):
                break
            fields.append((number, data[pos : pos + length]))
            pos += length
        else:
            break
    return fields


def _varint(data: bytes, pos: int) -> tuple[int | None, int]:
    value = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
    return None, pos
