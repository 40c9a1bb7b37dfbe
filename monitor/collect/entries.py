"""Entry identity and canonical URLs."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from monitor.collect.parse import ParsedEntry

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
