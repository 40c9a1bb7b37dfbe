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
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

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


# ---------------------------------------------------------------------------
# Google News' newer article ids (since 2024): the id carries an opaque token, not the
# URL. The article page holds a signature and a timestamp for the id; Google's
# batchexecute endpoint, asked with its `Fbv4je` call, exchanges the three for the
# publisher's URL. These are the pure parts; `collect.resolve` does the requests.

GOOGLE_NEWS_BASE = "https://news.google.com"
BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
_SIGNATURE = re.compile(r"""data-n-a-sg=["']([^"']+)["']""")
_TIMESTAMP = re.compile(r"""data-n-a-ts=["']([^"']+)["']""")
_ID = re.compile(r"^[A-Za-z0-9_-]{8,4096}$")


def google_news_id(url: str) -> str | None:
    """The article id of a Google News article link (/rss/articles/, /articles/, /read/)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.hostname or "").lower() != "news.google.com":
        return None
    segments = parts.path.rstrip("/").split("/")
    if len(segments) >= 2 and segments[-2] in ("articles", "read") and _ID.match(segments[-1]):
        return segments[-1]
    return None


def google_news_page(base: str, article_id: str, link: str) -> str:
    """The article page that carries the signature, in the link's language and region.

    The /rss/articles/ form answers plain clients; /articles/ sends them to a captcha.
    """
    params = dict(parse_qsl(urlsplit(link).query))
    locale = {k: params[k] for k in ("hl", "gl", "ceid") if params.get(k)}
    query = urlencode(locale or {"hl": "en-US", "gl": "US", "ceid": "US:en"})
    return f"{base.rstrip('/')}/rss/articles/{quote(article_id)}?{query}"


def google_news_signature(html: str) -> tuple[str, int] | None:
    """The page's `data-n-a-sg` signature and `data-n-a-ts` timestamp, if it has both."""
    sg, ts = _SIGNATURE.search(html), _TIMESTAMP.search(html)
    if sg is None or ts is None or not ts.group(1).strip().isdigit():
        return None
    return sg.group(1), int(ts.group(1).strip())


def batchexecute_form(article_id: str, timestamp: int, signature: str) -> bytes:
    """The urlencoded `f.req` body of one `Fbv4je` call."""
    context = [
        ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1] + [None] * 5 + [0, 1],
        "X",
        "X",
        1,
        [1, 1, 1],
        1,
        1,
        None,
        0,
        0,
        None,
        0,
    ]
    call = json.dumps(["garturlreq", context, article_id, timestamp, signature])
    envelope = json.dumps([[["Fbv4je", call, None, "generic"]]])
    return urlencode({"f.req": envelope}).encode("ascii")


def batchexecute_url(text: str) -> str | None:
    """The publisher URL in a batchexecute response, or None.

    The body starts with the `)]}'` guard, then JSON arrays (one per line, or each after
    its length); the call's row is ["wrb.fr", "Fbv4je", "<JSON>", ...] and its JSON is
    ["garturlres", "<url>", ...].
    """
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("["):
            continue
        try:
            rows = json.loads(line)
        except ValueError:
            continue
        for row in rows if isinstance(rows, list) else []:
            if not (isinstance(row, list) and len(row) >= 3 and row[:2] == ["wrb.fr", "Fbv4je"]):
                continue
            try:
                payload = json.loads(row[2]) if isinstance(row[2], str) else row[2]
            except ValueError:
                continue
            if (
                isinstance(payload, list)
                and len(payload) >= 2
                and payload[0] == "garturlres"
                and isinstance(payload[1], str)
                and _is_http(payload[1])
                and aggregator_of(payload[1]) != GOOGLE_NEWS
            ):
                return payload[1]
    return None
