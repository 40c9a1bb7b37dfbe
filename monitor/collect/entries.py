"""Entry identity and canonical URLs, and the bounds on what one feed hands over."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from monitor.collect.parse import ParsedEntry, ParsedFeed

T = TypeVar("T")

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that only say how a reader arrived, never which page they get.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "ocid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "__hssc",
        "__hstc",
        "__hsfp",
        "hsctatracking",
        "ref_src",
        "ref_url",
        "cmpid",
        "cmp",
        "smid",
        "smtyp",
        "emc",
        "xtor",
        "wt_mc",
        "wt.mc_id",
        "s_cid",
        "sr_share",
        "spm",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "rb_clickid",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "ns_", "pk_", "mtm_", "hsa_")

_TOKEN = re.compile(r"%[0-9A-Fa-f]{2}|%|[^%]+")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# What RFC 3986 allows unescaped in a path or query; anything else (spaces,
# non-ASCII) gets percent-encoded so IRIs and URIs of one page compare equal.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def _normalise_escapes(text: str, safe: str) -> str:
    out = []
    for token in _TOKEN.findall(text):
        if len(token) == 3 and token[0] == "%":
            char = chr(int(token[1:], 16))
            out.append(char if char in _UNRESERVED else token.upper())
        elif token == "%":
            # A stray "%" would otherwise pair up with what follows on the next pass.
            out.append("%25")
        else:
            out.append(quote(token, safe=safe))
    return "".join(out)


def _is_tracking(param: str) -> bool:
    name = unquote(param.partition("=")[0]).strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """One spelling per article URL: tracking parameters, fragment and defaults removed.

    Junk comes back stripped but otherwise untouched, so this never raises.
    """
    text = url.strip() if isinstance(url, str) else ""
    try:
        return _canonical(text)
    except (ValueError, UnicodeError):
        return text


def _canonical(text: str) -> str:
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return text
    host = parts.hostname.rstrip(".")  # urlsplit already lower-cases it
    if not host:
        return text
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if parts.username is not None or parts.password is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{_normalise_escapes(userinfo, ':')}@{netloc}"

    path = _normalise_escapes(parts.path, _PATH_SAFE) or "/"
    query = "&".join(
        _normalise_escapes(p, _QUERY_SAFE)
        for p in parts.query.split("&")
        if p and not _is_tracking(p)
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def entry_key(entry: ParsedEntry) -> str | None:
    """Stable identity of an entry within its feed, or None if it has nothing to go by."""
    guid = (entry.guid or "").strip()
    if guid:
        return f"guid:{guid}"
    link = canonical_url(entry.link or "")
    if link:
        return f"url:{link}"
    return None


def outlet_of(url: str) -> str:
    """Outlet identity of an article URL: host without "www.", plus any non-default port."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except (ValueError, AttributeError):
        return ""
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return ""
    if ":" in host:
        host = f"[{host}]"
    scheme = parts.scheme.lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        return f"{host}:{port}"
    return host


# --- bounds ---------------------------------------------------------------------


@dataclass(frozen=True)
class EntryLimits:
    """How much of a feed one poll takes ([entries] in the config)."""

    per_poll: int = 200
    title: int = 500
    summary: int = 20_000
    url: int = 2048
    author: int = 200


# NUL and the other C0 controls but tab and newlines: PostgreSQL refuses NUL in text, and
# none of them is text a reader sees.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def storable(text: str) -> str:
    """Text every database stores: lone surrogates (which no UTF-8 encoder takes, from a
    JSON feed's "\\ud800") become U+FFFD, control characters go."""
    if text.isascii():
        return _CONTROLS.sub("", text) if not text.isprintable() else text
    return _CONTROLS.sub("", _SURROGATES.sub("\ufffd", text))


def _cut_text(text: str, limit: int, what: str, cut: Counter[str]) -> str:
    text = storable(text)
    if len(text) <= limit:
        return text
    cut[what] += 1
    return text[: limit - 1].rstrip() + "…"


def _cut_opt(text: str | None, limit: int, what: str, cut: Counter[str]) -> str | None:
    return None if text is None else _cut_text(text, limit, what, cut)


def _cut_url(url: str | None, limit: int, what: str, cut: Counter[str]) -> str | None:
    # A cut URL leads somewhere else: a link that long is dropped.
    if url is not None:
        url = storable(url)
    if url is None or len(url) <= limit:
        return url
    cut[what] += 1
    return None


def _bound_guid(guid: str | None, limit: int, cut: Counter[str]) -> str | None:
    # An identity must stay stable and distinct: an overlong GUID, or one that is not
    # storable text, becomes its digest.
    if guid is None:
        return None
    clean = storable(guid)
    if len(guid) <= limit and clean == guid:
        return guid
    cut["guid"] += len(guid) > limit
    return "sha256:" + hashlib.sha256(guid.encode("utf-8", "surrogatepass")).hexdigest()


def bound_feed(feed: ParsedFeed, limits: EntryLimits) -> tuple[ParsedFeed, Counter[str]]:
    """The feed with every field storable and within `limits`, and how many of each field
    were cut. Every piece of a feed's text passes here before anything stores it."""
    cut: Counter[str] = Counter()
    entries = [
        dataclasses.replace(
            e,
            guid=_bound_guid(e.guid, limits.url, cut),
            link=_cut_url(e.link, limits.url, "link", cut),
            title=_cut_text(e.title, limits.title, "title", cut),
            summary=_cut_text(e.summary, limits.summary, "summary", cut),
            author=_cut_opt(e.author, limits.author, "author", cut),
            source_name=_cut_opt(e.source_name, limits.author, "source name", cut),
            source_link=_cut_url(e.source_link, limits.url, "source link", cut),
        )
        for e in feed.entries
    ]
    bounded = dataclasses.replace(
        feed,
        title=_cut_opt(feed.title, limits.title, "feed title", cut),
        link=_cut_url(feed.link, limits.url, "feed link", cut),
        entries=entries,
        warning=storable(feed.warning) if feed.warning else None,
    )
    return bounded, cut


def take_newest(
    items: Sequence[T], limit: int, published: Callable[[T], datetime | None]
) -> tuple[list[T], list[T]]:
    """The `limit` newest items (dated ones newest first, then undated in feed order),
    and the rest, left for a later poll."""
    if len(items) <= limit:
        return list(items), []
    order = sorted(
        range(len(items)),
        key=lambda i: (0, -stamp.timestamp(), i) if (stamp := published(items[i])) else (1, 0.0, i),
    )
    taken = set(order[:limit])
    return [items[i] for i in sorted(taken)], [items[i] for i in order[limit:]]


def describe_cut(cut: Counter[str], left: int, new: int) -> str | None:
    """What a poll cut, as `monitor feeds show` says it; None when nothing was."""
    parts = []
    if left:
        parts.append(f"{left} of {new} new entries left for the next polls")
    parts.extend(f"{n} {what}{'s' if n > 1 else ''} cut" for what, n in sorted(cut.items()))
    return "; ".join(parts) or None
