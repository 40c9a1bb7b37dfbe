"""Robustness as properties, over generated input (hypothesis):

- the query parser parses, or raises QueryError pointing inside the query;
- URL canonicalization never raises and is idempotent, on any text;
- the feed pipeline (parse, bound, key, resolve, ingest) never raises on any feed body,
  well-formed, broken or random, and what it stores is within [entries].

Example counts come from the `monitor` profile (tests/conftest.py): modest by default,
`MONITOR_HYPOTHESIS=thorough` for a long run.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.collect.aggregators import unwrap
from monitor.collect.entries import EntryLimits, bound_feed, canonical_url, entry_key, outlet_of
from monitor.collect.parse import ParseError, parse_feed
from monitor.collect.resolve import Origin, candidate, keyed_entries, new_entries
from monitor.config import parse_config
from monitor.ingest import Ingest
from monitor.judge.query import Query, QueryError
from monitor.redact import redact
from monitor.storage import Feed, Store
from monitor.storage.migrate import ensure_schema

FEED_URL = "https://feeds.example/rss.xml"
LIMITS = EntryLimits(per_poll=50, title=120, summary=400, url=300, author=40)

# --- the query parser --------------------------------------------------------

_QUERY_PIECES = st.sampled_from(
    ["AND", "OR", "NOT", "-", "(", ")", '"', "“", "”", "*", " ", "petro", "trump*", "é", "_"]
)
queries = st.one_of(
    st.text(max_size=40),
    st.lists(_QUERY_PIECES, max_size=20).map(" ".join),
    st.lists(_QUERY_PIECES, max_size=20).map("".join),
)


@given(queries)
def test_query_parses_or_says_where_it_is_wrong(text: str) -> None:
    try:
        query = Query.parse(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text), (text, exc.position)
        assert f"(at character {exc.position + 1})" in str(exc)
        return
    assert Query.parse(str(query)) == query  # what it prints is what it means


@given(st.integers(min_value=90, max_value=400))
def test_deep_nesting_is_an_error_not_a_crash(depth: int) -> None:
    text = "(" * depth + "petro" + ")" * depth
    try:
        Query.parse(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)


# --- URLs --------------------------------------------------------------------

_URL_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTPS://",
        "user:pw@",
        "[::1]",
        "[fe80::1%eth0]",
        "xn--n3h.example",
        "EXAMPLE.com.",
        ":443",
        ":99999",
        ":",
        "/",
        "%",
        "%2f",
        "%zz",
        "?",
        "&",
        "=",
        "#",
        "utm_source=x",
        "a b",
        "é",
        "\ud800",
        "\x00",
        "..",
        "@",
        "\\",
    ]
)
any_url = st.one_of(st.text(max_size=80), st.lists(_URL_PIECES, max_size=14).map("".join))


@given(any_url)
def test_canonical_url_never_raises_and_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert isinstance(outlet_of(url), str)
    assert isinstance(unwrap(url).url, str)


@given(any_url)
def test_redaction_never_raises_and_is_stable(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


# --- the feed pipeline --------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("<>&]]>\ud800\x00"),
    max_size=200,
)
_LINKS = st.one_of(
    st.sampled_from(["", "/relative", "javascript:alert(1)", "https://news.example/a?b=1"]),
    st.text(max_size=40).map(lambda t: f"https://news.example/{t}"),
    st.integers(0, 5000).map(lambda n: "https://news.example/" + "x" * n),
)
_DATES = st.sampled_from(
    ["", "Wed, 14 Jan 2026 18:30:00 GMT", "2026-01-14T18:30:00Z", "31/31/31", "9999-99-99"]
)
items = st.lists(st.tuples(_TEXT, _LINKS, _TEXT, _TEXT, _DATES, _TEXT), max_size=8)


def _rss(entries: list[tuple[str, str, str, str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(g)}</guid>"
        f"<description>{escape(s)}</description><pubDate>{d}</pubDate>"
        f"<author>{escape(a)}</author></item>"
        for t, link, s, g, d, a in entries
    )
    channel = f"<channel><title>T</title>{body}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def _atom(entries: list[tuple[str, str, str, str, str, str]]) -> str:
    body = "".join(
        f'<entry><title type="html">{escape(t)}</title><link href="{escape(link)}"/>'
        f"<id>{escape(g)}</id><updated>{d}</updated><summary>{escape(s)}</summary>"
        f"<author><name>{escape(a)}</name></author></entry>"
        for t, link, s, g, d, a in entries
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>{body}</feed>'


def _json(entries: list[tuple[str, str, str, str, str, str]]) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {
                "id": g,
                "url": link,
                "title": t,
                "content_html": s,
                "date_published": d,
                "authors": [{"name": a}],
            }
            for t, link, s, g, d, a in entries
        ],
    }
    return json.dumps(data)  # ASCII escapes: lone surrogates survive as \\udxxx


def _break(body: bytes, how: int, seed: int) -> bytes:
    """Damage a feed the ways servers and proxies do."""
    rng = random.Random(seed)
    if how == 1:
        return body[: rng.randrange(len(body) + 1)]  # truncated
    if how == 2:
        at = rng.randrange(len(body) + 1)
        return body[:at] + bytes(rng.randrange(256) for _ in range(8)) + body[at:]
    if how == 3:
        return body.decode("utf-8", "surrogatepass").encode("latin-1", "replace")
    if how == 4:
        return zlib.compress(body)  # compressed but not labelled so
    if how == 5:
        return b"\xef\xbb\xbf" + body.replace(b"utf-8", b"utf-16")
    return body


@pytest.fixture(scope="module")
def ingest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ingest, int]]:
    yield from _ingest(tmp_path_factory.mktemp("properties") / "m.db")


def _ingest(db: Path) -> Iterator[tuple[Ingest, int]]:
    cfg = parse_config(
        {
            "storage": {"url": f"sqlite:///{db}"},
            "topics": [{"name": "t", "query": "petro OR a OR e"}],
            "feeds": [{"url": FEED_URL}],
            "rules": [{"name": "r", "channels": ["c"]}],
            "channels": [{"name": "c", "type": "console"}],
        }
    )
    store = Store(cfg.storage.url)
    ensure_schema(store)
    with store.tx() as tx:
        feed = tx.add(Feed(url=FEED_URL))
        feed_id = feed.id
    assert feed_id is not None
    yield Ingest(cfg, store, lambda: datetime(2026, 1, 15, tzinfo=UTC)), feed_id
    store.close()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items,
    st.sampled_from([_rss, _atom, _json]),
    st.integers(0, 5),
    st.integers(0, 2**16),
)
def test_no_feed_body_makes_the_pipeline_raise(
    ingest: tuple[Ingest, int],
    entries: list[tuple[str, str, str, str, str, str]],
    render: object,
    how: int,
    seed: int,
) -> None:
    ingester, feed_id = ingest
    body = _break(render(entries).encode("utf-8", "surrogatepass"), how, seed)  # type: ignore[operator]
    try:
        parsed = parse_feed(body, FEED_URL, "application/xml")
    except ParseError:
        return  # refused, in the one way a parse may fail
    bounded, _ = bound_feed(parsed, LIMITS)
    origin = Origin(feed_id, FEED_URL, None, None, bounded.title)
    keyed = keyed_entries(bounded)
    with ingester.store.tx() as tx:
        known = tx.known_entry_keys(feed_id, [k for k, _ in keyed])
    for new in new_entries(keyed, known)[: LIMITS.per_poll]:
        entry = new.entry
        assert len(entry.title) <= LIMITS.title and len(entry.summary) <= LIMITS.summary
        assert entry_key(entry) == new.key
        ingester.article(candidate(origin, new, None))  # stored, seen or irrelevant
