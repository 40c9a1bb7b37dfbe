"""Google News' new-style article links, decoded through a loopback stand-in for Google."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.collect.aggregators import (
    batchexecute_form,
    batchexecute_url,
    google_news_id,
    google_news_page,
    google_news_signature,
    unwrap,
)
from monitor.collect.fetch import Fetcher, FetchLimits
from monitor.config import Config, parse_config
from monitor.pipeline import Pipeline
from monitor.review.cli import app as cli
from monitor.service.app import build_parser
from monitor.storage import Article, Store
from monitor.storage.migrate import ensure_schema

# An id of the newer kind: the protobuf's field 4 is an opaque token, not a URL.
TOKEN = b"AU_yqLOpaqueTokenStandingInForGooglesOwn0123456789"
ARTICLE_ID = "CBMi" + base64.urlsafe_b64encode(b'\x08\x13"' + bytes([len(TOKEN)]) + TOKEN).decode()
LINK = f"https://news.google.com/rss/articles/{ARTICLE_ID}?oc=5&hl=es-419&gl=CO&ceid=CO:es-419"
SIGNATURE = "AZ5r3eQ-signature-for-the-test"
TIMESTAMP = 1767225600

SPLASH = f"""<!doctype html><html><body><c-wiz><div jscontroller="aLI87"
data-n-a-id="{ARTICLE_ID}" data-n-a-sg="{SIGNATURE}" data-n-a-ts="{TIMESTAMP}"></div>
</c-wiz><script>window.location = "...";</script></body></html>"""

ARTICLE = (
    "<html lang='en'><head><title>Petro and Trump</title></head><body><article>"
    + "".join(
        f"<p>Petro and Trump met for the {i}th time on Tuesday, officials in Bogota said, and "
        "agreed to keep talking about trade, drugs and the border next month.</p>"
        for i in range(6)
    )
    + "</article></body></html>"
)


def answer(url: str) -> str:
    """A batchexecute response as Google sends it: guard line, then length-prefixed rows."""
    payload = json.dumps(["garturlres", url, 1])
    rows = json.dumps([["wrb.fr", "Fbv4je", payload, None, None, None, "generic"], ["di", 27]])
    return f')]}}\'\n\n{len(rows)}\n{rows}\n25\n[["e",4,null,null,130]]\n'


class Google:
    """The stand-in: the article page with its signature, and the batchexecute endpoint."""

    def __init__(self, server: HTTPServer, publisher: str) -> None:
        self.publisher = publisher
        self.calls: list[list[object]] = []
        self.pages: list[str] = []
        self.status = 200
        self.splash = SPLASH
        server.expect_request(f"/rss/articles/{ARTICLE_ID}").respond_with_handler(self.page)
        server.expect_request(
            "/_/DotsSplashUi/data/batchexecute", method="POST"
        ).respond_with_handler(self.batchexecute)

    def page(self, request: Request) -> Response:
        self.pages.append(request.query_string.decode())
        return Response(self.splash, content_type="text/html")

    def batchexecute(self, request: Request) -> Response:
        envelope = json.loads(parse_qs(request.get_data(as_text=True))["f.req"][0])
        rpc, call, _, _ = envelope[0][0]
        assert rpc == "Fbv4je"
        self.calls.append(json.loads(call))
        if self.status != 200:
            return Response("", status=self.status)
        return Response(answer(self.publisher), content_type="application/json")


def feed(links: list[str]) -> str:
    items = "".join(
        f"<item><title>Petro and Trump meet {i} - El Tiempo</title><link>{link}</link>"
        f"<guid>g{i}</guid><description>Petro and Trump.</description>"
        "<source url='https://www.eltiempo.com'>El Tiempo</source></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>{items}</channel></rss>'
    )


def config(db_url: str, feeds: list[str]) -> Config:
    return parse_config(
        {
            "storage": {"url": db_url},
            "fetch": {"allow_private_addresses": True},
            "topics": [{"name": "t", "query": "petro AND trump"}],
            "feeds": [{"url": u} for u in feeds],
        }
    )


async def poll(
    cfg: Config, base: str, tune: Callable[[Pipeline], None] = lambda p: None
) -> tuple[Pipeline, list[Article]]:
    store = Store(cfg.storage.url)
    ensure_schema(store, auto_migrate=True)
    parser = build_parser(cfg)
    fetcher = Fetcher(FetchLimits(timeout=5), allow_private=True)
    try:
        pipeline = Pipeline(cfg, store, fetcher, parser)
        pipeline.resolver.google_news.base = base
        pipeline.resolver.google_news.interval = 0
        tune(pipeline)
        pipeline.sync_feeds()
        await pipeline.poll_all()
    finally:
        await parser.aclose()
        await fetcher.aclose()
    with store.tx() as tx:
        return pipeline, list(tx.articles(relevant=None))


def test_offline_parts() -> None:
    assert google_news_id(LINK) == ARTICLE_ID
    assert google_news_id("https://news.google.com/topics/abc") is None
    assert google_news_id("https://example.com/rss/articles/CBMiabcdefgh") is None
    assert unwrap(LINK).resolved is False  # the id holds no URL: only the network decodes it
    page = google_news_page("https://news.google.com", ARTICLE_ID, LINK)
    assert page.endswith(f"/rss/articles/{ARTICLE_ID}?hl=es-419&gl=CO&ceid=CO%3Aes-419")
    assert google_news_signature(SPLASH) == (SIGNATURE, TIMESTAMP)
    assert google_news_signature("<div data-n-a-sg='x'></div>") is None
    envelope = json.loads(
        parse_qs(batchexecute_form(ARTICLE_ID, TIMESTAMP, SIGNATURE).decode())["f.req"][0]
    )
    call = json.loads(envelope[0][0][1])
    assert call[0] == "garturlreq" and call[2:] == [ARTICLE_ID, TIMESTAMP, SIGNATURE]
    assert (
        batchexecute_url(answer("https://www.eltiempo.com/a/b")) == "https://www.eltiempo.com/a/b"
    )
    assert batchexecute_url(')]}\'\n\n[["wrb.fr","Fbv4je",null,null,null,[3],"generic"]]') is None
    assert batchexecute_url(answer("javascript:alert(1)")) is None
    assert batchexecute_url(answer(LINK)) is None  # back to Google is not a publisher
    assert batchexecute_url("<html>sorry</html>") is None


async def test_new_style_link_is_decoded_to_the_publisher(
    db_url: str, httpserver: HTTPServer
) -> None:
    publisher = httpserver.url_for("/2026/02/petro-trump")
    google = Google(httpserver, publisher)
    httpserver.expect_request("/2026/02/petro-trump").respond_with_data(
        ARTICLE, content_type="text/html"
    )
    httpserver.expect_request("/a.xml").respond_with_data(
        feed([LINK]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/b.xml").respond_with_data(
        feed([LINK]), content_type="application/rss+xml"
    )
    cfg = config(db_url, [httpserver.url_for("/a.xml"), httpserver.url_for("/b.xml")])
    pipeline, articles = await poll(cfg, httpserver.url_for("/").rstrip("/"))
    (article,) = articles
    assert article.url == publisher
    assert article.aggregator == "google-news"
    assert article.aggregator_unresolved is False
    assert article.text_origin == "page"
    assert "for the 5th time" in (article.text or "")
    # The same story in two search feeds: decoded once; in the link's language.
    assert len(google.calls) == 1
    assert google.pages == ["hl=es-419&gl=CO&ceid=CO%3Aes-419"]
    assert pipeline.resolver.google_news.requests == 1

    # A later run (fresh memory) learns the decode from the database.
    httpserver.expect_request("/c.xml").respond_with_data(
        feed([LINK]), content_type="application/rss+xml"
    )
    cfg = config(db_url, [httpserver.url_for("/c.xml")])
    pipeline, _ = await poll(cfg, httpserver.url_for("/").rstrip("/"))
    assert len(google.calls) == 1
    assert pipeline.resolver.google_news.requests == 0


@pytest.mark.parametrize("failure", ["429", "no signature"])
async def test_failed_decode_leaves_the_item_unresolved(
    sqlite_url: str, httpserver: HTTPServer, failure: str
) -> None:
    google = Google(httpserver, "https://www.eltiempo.com/never-fetched")
    if failure == "429":
        google.status = 429
    else:
        google.splash = "<html><body>Please enable JavaScript</body></html>"
    other = LINK.replace("CBMi", "CBMj")
    httpserver.expect_request("/a.xml").respond_with_data(
        feed([LINK, other]), content_type="application/rss+xml"
    )
    cfg = config(sqlite_url, [httpserver.url_for("/a.xml")])
    _, articles = await poll(cfg, httpserver.url_for("/").rstrip("/"))
    assert len(articles) == 2
    for article in articles:
        assert article.aggregator_unresolved is True
        assert article.url.startswith("https://news.google.com/rss/articles/")
        assert article.text_origin == "feed"
        assert article.no_text_reason == "aggregator_unresolved"
        assert "could not be decoded" in (article.extraction_error or "") or "paused" in (
            article.extraction_error or ""
        )
        assert article.source == "eltiempo.com"  # the outlet the feed named
    if failure == "429":
        # the first decode met the rate limit; the next did not ask again
        assert len(google.calls) == 1
        assert any("paused" in (a.extraction_error or "") for a in articles)
    else:
        assert google.calls == []


async def test_feeds_show_counts_resolved_items(
    db_url: str, httpserver: HTTPServer, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    publisher = httpserver.url_for("/2026/02/petro-trump")
    Google(httpserver, publisher)
    httpserver.expect_request("/2026/02/petro-trump").respond_with_data(
        ARTICLE, content_type="text/html"
    )
    unresolvable = "https://news.google.com/rss/articles/CBMiXyz_opaque_never_signed?oc=5"
    httpserver.expect_request("/a.xml").respond_with_data(
        feed([LINK, unresolvable]), content_type="application/rss+xml"
    )
    url = httpserver.url_for("/a.xml")
    await poll(config(db_url, [url]), httpserver.url_for("/").rstrip("/"))
    path = tmp_path / "monitor.toml"
    path.write_text(
        f'[storage]\nurl = "{db_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n'
        f'[[feeds]]\nurl = "{url}"\n'
    )
    result = CliRunner().invoke(cli, ["-c", str(path), "feeds", "show", "1"])
    assert result.exit_code == 0, result.output
    assert "1 of 2 resolved to the publisher (1 unresolved)" in result.output
    result = CliRunner().invoke(cli, ["-c", str(path), "feeds", "show", "1", "--json"])
    assert json.loads(result.output)["aggregator_links"] == {"resolved": 1, "unresolved": 1}
