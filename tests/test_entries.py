"""Canonical URLs, entry keys and outlet identity."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.collect.entries import canonical_url, entry_key, outlet_of
from monitor.collect.parse import ParsedEntry


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/World/Petro-Trump?utm_source=rss&utm_medium=feed#top",
            "https://www.example.com/World/Petro-Trump",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com/a#", "https://example.com/a"),
        ("https://example.com/a?#", "https://example.com/a"),
        ("https://example.com/a?&&", "https://example.com/a"),
        # Meaningful parameters stay, in their order; only trackers go.
        (
            "https://example.com/story.php?p=2&fbclid=X&id=99&gclid=Y&utm_campaign=z",
            "https://example.com/story.php?p=2&id=99",
        ),
        (
            "https://example.com/?z=1&a=2&UTM_Source=x&Mc_Cid=1&mc_eid=2",
            "https://example.com/?z=1&a=2",
        ),
        (
            "https://www.theguardian.com/world/2026/feb/03/petro?CMP=share_btn_tw",
            "https://www.theguardian.com/world/2026/feb/03/petro",
        ),
        (
            "https://www.heise.de/news/x-4205274.html?wt_mc=rss.ho.beitrag.rdf",
            "https://www.heise.de/news/x-4205274.html",
        ),
        (
            "https://www.bbc.com/mundo/articles/c1?at_medium=RSS&at_campaign=rss",
            "https://www.bbc.com/mundo/articles/c1",
        ),
        (
            "https://www.nytimes.com/2026/02/03/us/politics/trump-petro.html?smid=nytcore-ios-share&ref_src=twsrc",
            "https://www.nytimes.com/2026/02/03/us/politics/trump-petro.html",
        ),
        (
            "https://msn.com/a?ocid=msedgntp&igshid=1&_ga=2&yclid=3&dclid=4&msclkid=5&cmpid=6",
            "https://msn.com/a",
        ),
        # Percent-encoding: hex upper-cased, unreserved characters decoded, path case kept.
        (
            "https://example.com/A%2fb/%7euser/%e2%82%ac",
            "https://example.com/A%2Fb/~user/%E2%82%AC",
        ),
        ("https://example.com/Bogotá/a b?q=ü", "https://example.com/Bogot%C3%A1/a%20b?q=%C3%BC"),
        ("https://example.com/a?q=%2F%2f&x=%41", "https://example.com/a?q=%2F%2F&x=A"),
        ("https://example.com/100%/%%41", "https://example.com/100%25/%25A"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
        ("https://Example.COM./x", "https://example.com/x"),
        ("  https://example.com/x  ", "https://example.com/x"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "not a url",
        "http://[::1",
        "http://a.com:99999/",
        "mailto:x@y",
        "//x/y",
        "http://",
    ],
)
def test_canonical_url_returns_junk_stripped(junk: str) -> None:
    assert canonical_url(f" {junk}\n") == junk.strip()


def test_distinct_articles_stay_distinct() -> None:
    assert canonical_url("https://ex.com/story?id=1") != canonical_url("https://ex.com/story?id=2")
    assert canonical_url("https://ex.com/Story") != canonical_url("https://ex.com/story")
    assert canonical_url("https://ex.com/a?x=1&y=2") != canonical_url("https://ex.com/a?y=2&x=1")


def test_entry_key() -> None:
    def entry(guid: str | None, link: str | None) -> ParsedEntry:
        return ParsedEntry(guid=guid, link=link, title="t", summary="", published=None)

    assert entry_key(entry("urn:uuid:1", "https://x.com/a")) == "guid:urn:uuid:1"
    assert entry_key(entry(None, "HTTPS://X.com/a?utm_source=rss#c")) == "url:https://x.com/a"
    assert entry_key(entry("   ", "https://x.com/a")) == "url:https://x.com/a"
    assert entry_key(entry(None, None)) is None
    assert entry_key(entry("", "  ")) is None


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.Reuters.com/world/americas/", "reuters.com"),
        ("https://elTiempo.com/politica", "eltiempo.com"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("https://news.bbc.co.uk/x", "news.bbc.co.uk"),
        ("https://example.com:443/", "example.com"),
        ("http://example.com:80/", "example.com"),
        ("http://example.com:443/", "example.com:443"),
        ("http://127.0.0.1:8001/feed", "127.0.0.1:8001"),
        ("http://127.0.0.1:8002/feed", "127.0.0.1:8002"),
        ("http://[::1]:9000/", "[::1]:9000"),
        ("http://www./", "www"),
        ("not a url", ""),
        ("http://a.com:99999/", ""),
        ("", ""),
    ],
)
def test_outlet_of(url: str, outlet: str) -> None:
    assert outlet_of(url) == outlet


# --- properties -------------------------------------------------------------------

_hosts = st.sampled_from(
    ["example.com", "WWW.Example.COM", "news.example.", "127.0.0.1", "[::1]", "bogotá.co", "x"]
)
_ports = st.sampled_from(["", ":80", ":443", ":8080", ":", ":0"])
_path_chars = st.sampled_from([*"aZ09-._~/%2fE%7e%zz é?&=;:@!$'()*+, ", "%41", "%2F", "%%"])
_params = st.sampled_from(
    [
        "id=5",
        "p=2",
        "utm_source=x",
        "fbclid=1",
        "a=%2f",
        "b",
        "",
        "q=a b",
        "gclid",
        "x=y=z",
        "%75tm_x=1",
    ]
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "ftp", ""]))
    path = "".join(draw(st.lists(_path_chars, max_size=12)))
    query = "&".join(draw(st.lists(_params, max_size=5)))
    url = f"{scheme}://{draw(_hosts)}{draw(_ports)}/{path}"
    if draw(st.booleans()):
        url += "?" + query
    if draw(st.booleans()):
        url += "#" + draw(st.text(max_size=5))
    return url


@settings(max_examples=500, deadline=None)
@given(st.one_of(urls(), st.text(max_size=60)))
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@settings(max_examples=300, deadline=None)
@given(urls())
def test_canonical_url_drops_trackers_and_fragment(url: str) -> None:
    result = canonical_url(url)
    if not result.lower().startswith(("http://", "https://")) or result == url.strip():
        return
    parts = urlsplit(result)
    assert parts.fragment == ""
    names = [p.split("=")[0].lower() for p in parts.query.split("&") if p]
    assert not any(n.startswith("utm_") or n in {"fbclid", "gclid"} for n in names)
    assert parts.netloc == parts.netloc.lower()


@settings(max_examples=300, deadline=None)
@given(urls(), st.lists(st.sampled_from(["utm_medium=rss", "fbclid=abc", "mc_eid=1"]), min_size=1))
def test_tracking_params_do_not_change_identity(url: str, trackers: list[str]) -> None:
    if not url.lower().startswith("http"):
        return
    base = url.split("#")[0].strip()
    joiner = "&" if "?" in base else "?"
    assert canonical_url(base + joiner + "&".join(trackers) + "#frag") == canonical_url(base)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_outlet_of_never_raises(text: str) -> None:
    assert isinstance(outlet_of(text), str)
