"""Aggregator links back to publishers: offline decoding, redirects, and the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.collect.aggregators import (
    BING_NEWS,
    FEEDBURNER,
    GOOGLE_NEWS,
    REDIRECT,
    aggregator_of,
    search_feed,
    unwrap,
)
from monitor.collect.fetch import Fetcher, FetchLimits
from monitor.config import parse_config
from monitor.pipeline import Pipeline
from monitor.review.cli import app as cli_app
from monitor.service.app import build_parser
from monitor.storage import Store
from monitor.storage.migrate import ensure_schema
from tests.helpers import InternetOnLoopback

# Real links as Google News RSS search feeds carry them. The first is the older
# format, a base64 protobuf holding the publisher's URL (and its AMP twin); the
# others are the newer format whose ids are opaque tokens ("AU_yqL…").
GOOGLE_OLD = (
    "https://news.google.com/rss/articles/CBMiLmh0dHBzOi8vd3d3LmJiYy5jb20vbmV3cy9hcnRpY2xlcy9jampqbnh"
    "kdjE4OG_SATJodHRwczovL3d3dy5iYmMuY29tL25ld3MvYXJ0aWNsZXMvY2pqam54ZHYxODhvLmFtcA?oc=5"
)
GOOGLE_OLD_TARGET = "https://www.bbc.com/news/articles/cjjjnxdv188o"
GOOGLE_NEW = (
    "https://news.google.com/rss/articles/CBMiVkFVX3lxTE4zaGU2bTY2ZGkzdTRkSkJ0cFpsTGlDUjkxU2FBRURaT"
    "WU0c3QzVWZ1MHZZNkZ5Vzk1ZVBnTDFHY2R6ZmdCUkpUTUJsS1pqQTlCRzlzbHV3?oc=5"
)
GOOGLE_NEW_2 = (
    "https://news.google.com/rss/articles/CBMiXkFVX3lxTFBReTJhSkRlckZEdU5yRy1UUUQ2VnBTb01FRnlJMzZYM"
    "TJXOEx6cG41VjhLN3NYX3cyUXV6Wk1td2pTeHBUS1JqdEZieEtFdGRJT0JvclVKUTNKcXo5MVE?oc=5"
)
# Bing News RSS: lower-case percent escapes, as Bing writes them.
BING = (
    "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=6aa82acf439047288f023edceb8b9cef"
    "&url=https%3a%2f%2fwww.reuters.com%2fworld%2famericas%2fpetro-trump-meet-2026-02-03%2f"
    "&c=18124483902249883319&mkt=en-us"
)
BING_TARGET = "https://www.reuters.com/world/americas/petro-trump-meet-2026-02-03/"
FEEDPROXY = "http://feedproxy.google.com/~r/semana/mundo/~3/Xk2pLq9aBc/petro-trump.html"


@pytest.mark.parametrize(
    ("link", "url", "aggregator", "resolved"),
    [
        (GOOGLE_OLD, GOOGLE_OLD_TARGET, GOOGLE_NEWS, True),
        (GOOGLE_NEW, GOOGLE_NEW, GOOGLE_NEWS, False),
        (GOOGLE_NEW_2, GOOGLE_NEW_2, GOOGLE_NEWS, False),
        (BING, BING_TARGET, BING_NEWS, True),
        ("http://www.bing.com/news/apiclick.aspx?ref=FexRss", None, BING_NEWS, False),
        (
            "http://www.bing.com/news/apiclick.aspx?url=javascript%3Aalert(1)",
            None,
            BING_NEWS,
            False,
        ),
        (FEEDPROXY, FEEDPROXY, FEEDBURNER, False),
        (
            "https://www.google.com/url?rct=j&sa=t&url=https://www.eltiempo.com/mundo/a-123&ct=ga",
            "https://www.eltiempo.com/mundo/a-123",
            REDIRECT,
            True,
        ),
        (
            "https://click.example.net/track?u=https%3A%2F%2Fwww.semana.com%2Fnacion%2Fx%2F",
            "https://www.semana.com/nacion/x/",
            REDIRECT,
            True,
        ),
        # Wrappers inside wrappers: Bing around a Google old-format link.
        (
            "http://www.bing.com/news/apiclick.aspx?url=" + GOOGLE_OLD.replace("?", "%3F"),
            GOOGLE_OLD_TARGET,
            BING_NEWS,
            True,
        ),
        # Plain publisher links, including one whose own query carries a same-site url.
        ("https://www.elespectador.com/mundo/petro-trump/", None, None, True),
        ("https://news.example/share?url=https://news.example/a", None, None, True),
        ("https://news.google.com/topics/CAAqJggK", None, None, True),
    ],
)
def test_unwrap(link: str, url: str | None, aggregator: str | None, resolved: bool) -> None:
    result = unwrap(link)
    assert result.url == (url or link)
    assert result.aggregator == aggregator
    assert result.resolved is resolved


def test_aggregator_of_hosts() -> None:
    assert aggregator_of("https://news.google.com/rss/articles/x") == GOOGLE_NEWS
    assert aggregator_of("https://NEWS.GOOGLE.COM./articles/x") == GOOGLE_NEWS
    assert aggregator_of("https://feeds.feedburner.com/~r/a/~3/b/") == FEEDBURNER
    assert aggregator_of("https://www.reuters.com/world/") is None
    assert aggregator_of("http://[bad") is None


@pytest.mark.parametrize(
    ("url", "search"),
    [
        ("https://news.google.com/rss/search?q=Petro+Trump&hl=en-US&gl=US&ceid=US:en", True),
        (
            "https://news.google.com/rss/topics/CAAqJggKIiBDQkFTRWdvSUwyMHZNRGx1YlY4U0FtVnVHZ0pWVXlnQVAB",
            False,
        ),
        ("https://www.bing.com/news/search?q=Petro+Trump&format=rss&mkt=es-CO", True),
        ("https://www.bing.com/news/search?q=Petro+Trump", False),  # a page, not a feed
        ("https://www.eltiempo.com/rss/mundo.xml", False),
        ("http://[bad", False),
    ],
)
def test_search_feeds_are_told_by_their_url(url: str, search: bool) -> None:
    assert search_feed(url) is search


def _feed(title: str, items: list[tuple[str, str, str]]) -> str:
    """items: (title, link, extra elements)."""
    body = "".join(
        f"<item><title>{t}</title><link>{link.replace('&', '&amp;')}</link>"
        f"<description>Petro and Trump met at the White House.</description>{extra}</item>"
        for t, link, extra in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" '
        'xmlns:News="https://www.bing.com:443/news/search">'
        f"<channel><title>{title}</title>{body}</channel></rss>"
    )


ARTICLE_HTML = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "<p>Colombian President Gustavo Petro met President Donald Trump at the White House "
    "on Tuesday, a meeting both sides described as productive after weeks of threats "
    "over tariffs and counternarcotics cooperation.</p>" * 4 + "</article></body></html>"
)


@pytest.fixture
def internet(httpserver: HTTPServer) -> HTTPServer:
    """Publishers and aggregators, all answered by one loopback server."""
    page = ARTICLE_HTML.format(title="Petro and Trump meet")
    for path in (
        "/news/articles/cjjjnxdv188o",
        "/world/americas/petro-trump-meet-2026-02-03/",
        "/mundo/articulo/petro-trump/",
    ):
        httpserver.expect_request(path).respond_with_data(page, content_type="text/html")
    # Google answers its opaque links with its own page, not with a redirect.
    httpserver.expect_request(
        "/rss/articles/" + GOOGLE_NEW.split("/")[-1].split("?")[0]
    ).respond_with_data(
        "<html><body><script>/* consent and JS */</script></body></html>",
        content_type="text/html",
    )
    # FeedBurner's click-through redirects to the publisher.
    httpserver.expect_request("/~r/semana/mundo/~3/Xk2pLq9aBc/petro-trump.html").respond_with_data(
        "", status=301, headers={"Location": "https://www.semana.com/mundo/articulo/petro-trump/"}
    )
    httpserver.expect_request("/google.xml").respond_with_data(
        _feed(
            "Google News",
            [
                (
                    "Petro and Trump meet - BBC",
                    GOOGLE_OLD,
                    '<source url="https://www.bbc.com">BBC</source>',
                ),
                (
                    "Petro y Trump se reúnen - El Tiempo",
                    GOOGLE_NEW,
                    '<source url="https://www.eltiempo.com">El Tiempo</source>',
                ),
            ],
        ),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/bing.xml").respond_with_data(
        _feed(
            "Bing News",
            [
                ("Petro and Trump meet at last", BING, "<News:Source>Reuters</News:Source>"),
                # The BBC story again, this time through Bing's wrapper.
                (
                    "Petro and Trump meet",
                    "http://www.bing.com/news/apiclick.aspx?ref=FexRss&url="
                    + GOOGLE_OLD_TARGET.replace(":", "%3a").replace("/", "%2f"),
                    "<News:Source>BBC</News:Source>",
                ),
            ],
        ),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/semana.xml").respond_with_data(
        _feed("Semana", [("Petro y Trump", FEEDPROXY, "")]),
        content_type="application/rss+xml",
    )
    return httpserver


async def test_pipeline_resolves_aggregator_links_before_dedup(
    sqlite_url: str, internet: HTTPServer, tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{internet.port}"
    feeds = [f"{base}/google.xml", f"{base}/bing.xml", f"{base}/semana.xml"]
    cfg = parse_config(
        {
            "storage": {"url": sqlite_url},
            "topics": [{"name": "t", "query": "petro AND trump"}],
            "feeds": [{"url": u} for u in feeds],
        }
    )
    store = Store(sqlite_url)
    ensure_schema(store, auto_migrate=True)
    fetcher = Fetcher(
        FetchLimits(timeout=10),
        network_backend=InternetOnLoopback(internet.port),
        resolver=InternetOnLoopback.resolve,
    )
    parser = build_parser(cfg)
    try:
        pipeline = Pipeline(cfg, store, fetcher, parser)
        pipeline.sync_feeds()
        report = await pipeline.poll_all()
    finally:
        await parser.aclose()
        await fetcher.aclose()
    assert [f.status for f in report.feeds] == ["ok", "ok", "ok"]

    with store.tx() as tx:
        articles = {a.url: a for a in tx.articles(relevant=None)}
        bbc = articles[GOOGLE_OLD_TARGET]
        # Found through Google News and through Bing: one article, seen twice.
        assert len(tx.sightings(bbc.id or 0)) == 2
        assert bbc.aggregator in (GOOGLE_NEWS, BING_NEWS)
        assert not bbc.aggregator_unresolved
        assert bbc.source == "bbc.com"

        reuters = articles[BING_TARGET]
        assert (reuters.aggregator, reuters.aggregator_unresolved) == (BING_NEWS, False)

        semana = articles["https://www.semana.com/mundo/articulo/petro-trump/"]
        assert (semana.aggregator, semana.aggregator_unresolved) == (FEEDBURNER, False)

        # The opaque Google link stays, marked, credited to the outlet Google named.
        (kept,) = [a for a in articles.values() if a.aggregator_unresolved]
        assert kept.url.startswith("https://news.google.com/rss/articles/CBMiVkFVX3lx")
        assert kept.aggregator == GOOGLE_NEWS
        assert kept.source == "eltiempo.com"
        assert kept.source_name == "El Tiempo"
        assert kept.title == "Petro y Trump se reúnen"  # Google's " - El Tiempo" cut
        assert kept.text_origin == "feed"
        assert "could not be decoded" in (kept.extraction_error or "")  # no signature
        kept_id = kept.id
    assert len(articles) == 4
    # The BBC page was fetched once although two aggregators led to it.
    paths = [r.path for r, _ in internet.log]
    assert paths.count("/news/articles/cjjjnxdv188o") == 1

    config = tmp_path / "monitor.toml"
    config.write_text(
        f'[storage]\nurl = "{sqlite_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    shown = CliRunner().invoke(cli_app, ["-c", str(config), "articles", "show", str(kept_id)])
    assert shown.exit_code == 0, shown.output
    assert "via: google-news (unresolved" in shown.output


async def test_feedburner_origlink_is_taken_from_the_feed() -> None:
    from monitor.collect.parse import parse_feed

    body = _feed(
        "FB",
        [("A", FEEDPROXY, "<feedburner:origLink>https://www.semana.com/a/</feedburner:origLink>")],
    ).encode()
    (entry,) = parse_feed(body, "https://feeds.feedburner.com/semana").entries
    assert entry.link == "https://www.semana.com/a/"
