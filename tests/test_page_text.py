"""Pages without article text: the feed's words stand in, and the reason is kept."""

from __future__ import annotations

import asyncio
import json

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.collect.extract import Extracted, NoText
from monitor.collect.fetch import Fetcher, FetchLimits
from monitor.collect.parsepool import ParsePool
from monitor.review.cli import app as cli
from tests.test_fetch_limits import make_config, poll_once

PAYWALL = """<html lang="en"><head><title>Minister resigns</title></head><body><article>
<h1>Minister resigns over port contract</h1><p>The transport minister resigned on Monday
after auditors questioned a port concession.</p><p>This article is for subscribers only.
Subscribe now to continue reading, or sign in if you are already a subscriber.</p>
</article></body></html>"""

ARTICLE = "<html lang='en'><head><title>T</title><meta property='og:type' content='website'>"
ARTICLE += (
    "</head><body><article>"
    + "".join(
        f"<p>Petro and Trump met for the {i}th time on Tuesday, officials in Bogota said, and "
        f"agreed to keep talking about trade, drugs and the border next month.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>
<item><title>Petro and Trump: minister resigns</title><link>{link}</link>
<description>Petro and Trump's port deal costs a minister his job.</description></item>
</channel></rss>"""


async def test_paywalled_page_keeps_the_feed_text_and_says_why(
    db_url: str, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(link=httpserver.url_for("/story")), content_type="application/rss+xml"
    )
    httpserver.expect_request("/story").respond_with_data(PAYWALL, content_type="text/html")
    cfg = make_config(db_url, [httpserver.url_for("/feed.xml")], allow_private_addresses=True)
    _, articles = await poll_once(cfg, Fetcher(FetchLimits(timeout=5), allow_private=True))
    (article,) = articles
    assert article.relevant  # the feed's title and summary were judged
    assert article.text_origin == "feed"
    assert article.text == "Petro and Trump's port deal costs a minister his job."
    assert article.no_text_reason == "paywall"
    assert article.extraction_error == "the page is a paywall stub"


async def test_og_type_website_article_is_extracted_through_the_pipeline(
    sqlite_url: str, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(link=httpserver.url_for("/story")), content_type="application/rss+xml"
    )
    httpserver.expect_request("/story").respond_with_data(ARTICLE, content_type="text/html")
    cfg = make_config(sqlite_url, [httpserver.url_for("/feed.xml")], allow_private_addresses=True)
    _, articles = await poll_once(cfg, Fetcher(FetchLimits(timeout=5), allow_private=True))
    (article,) = articles
    assert article.text_origin == "page"
    assert article.no_text_reason is None
    assert "for the 7th time" in (article.text or "")


async def test_extraction_over_its_time_limit_is_stopped_and_the_worker_replaced() -> None:
    # The first job in a fresh worker imports trafilatura: far over 10 ms.
    async with ParsePool(workers=1, timeout=30, extract_timeout=0.01) as pool:
        outcome = await pool.extract(ARTICLE.encode(), "https://news.example/a/b", "text/html")
        assert isinstance(outcome, NoText)
        assert outcome.reason == "timeout"
        assert pool.replaced == 1
        pool.extract_timeout = 60
        outcome = await pool.extract(ARTICLE.encode(), "https://news.example/a/b", "text/html")
        assert isinstance(outcome, Extracted)
        assert "for the 3th time" in outcome.text


def test_articles_show_says_why_the_page_text_is_missing(
    sqlite_url: str, httpserver: HTTPServer, tmp_path: object
) -> None:
    from pathlib import Path

    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(link=httpserver.url_for("/story")), content_type="application/rss+xml"
    )
    httpserver.expect_request("/story").respond_with_data(PAYWALL, content_type="text/html")
    feed = httpserver.url_for("/feed.xml")
    cfg = make_config(sqlite_url, [feed], allow_private_addresses=True)
    _, articles = asyncio.run(poll_once(cfg, Fetcher(FetchLimits(timeout=5), allow_private=True)))
    assert isinstance(tmp_path, Path)
    config = tmp_path / "monitor.toml"
    config.write_text(
        f'[storage]\nurl = "{sqlite_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n'
        f'[[feeds]]\nurl = "{feed}"\n'
    )
    result = CliRunner().invoke(cli, ["-c", str(config), "articles", "show", str(articles[0].id)])
    assert result.exit_code == 0, result.output
    assert "the feed's title and summary: the page gave no text" in result.output
    assert "paywall stub" in result.output
    shown = CliRunner().invoke(
        cli, ["-c", str(config), "articles", "show", str(articles[0].id), "--json"]
    )
    assert json.loads(shown.output)["no_text_reason"] == "paywall"
