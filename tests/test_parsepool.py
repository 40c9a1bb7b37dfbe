"""The parse worker pool: bounded parses, killed and replaced workers, reuse."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from monitor.collect.parse import ParseError
from monitor.collect.parsepool import ParsePool
from monitor.config import parse_config
from monitor.service.app import App
from tests.conftest import shared

GOOD = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>'
    b"<item><title>Petro and Trump</title><link>https://news.example/a</link></item>"
    b"</channel></rss>"
)


def slow_feed(length: int = 150_000) -> bytes:
    """feedparser 6.0.x backtracks quadratically on a long author without an e-mail."""
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>'
        b"<item><title>x</title><link>https://news.example/s</link><author>"
        + b"a" * length
        + b"</author></item></channel></rss>"
    )


async def test_workers_are_reused() -> None:
    async with ParsePool(workers=1, timeout=30) as pool:
        for _ in range(5):
            feed = await pool.parse(GOOD, "https://news.example/feed")
            assert feed.title == "Good"
            assert feed.entries[0].link == "https://news.example/a"
        assert pool.started == 1
        assert pool.replaced == 0


async def test_parse_errors_come_back_as_parse_error() -> None:
    async with ParsePool(workers=1, timeout=30) as pool:
        with pytest.raises(ParseError, match="HTML page"):
            await pool.parse(b"<!DOCTYPE html><html><body>x</body></html>", "https://x.example/")
        # The worker that reported the error is still good.
        assert (await pool.parse(GOOD, "https://x.example/")).title == "Good"
        assert pool.started == 1


async def test_overrunning_parse_is_killed_and_the_worker_replaced() -> None:
    async with ParsePool(workers=1, timeout=1.0) as pool:
        loop = asyncio.get_running_loop()
        began = loop.time()
        with pytest.raises(ParseError, match="took over 1 s"):
            await pool.parse(slow_feed(), "https://news.example/slow")
        # Bounded by the timeout (plus a kill), not by the minutes the regex would take.
        assert loop.time() - began < 15
        assert pool.replaced == 1
        assert (await pool.parse(GOOD, "https://news.example/feed")).title == "Good"
        assert pool.started == 2


async def test_other_parses_go_on_while_one_overruns() -> None:
    async with ParsePool(workers=2, timeout=2.0) as pool:
        slow = asyncio.create_task(pool.parse(slow_feed(), "https://news.example/slow"))
        goods = [await pool.parse(GOOD, "https://news.example/feed") for _ in range(3)]
        assert [g.title for g in goods] == ["Good"] * 3
        with pytest.raises(ParseError, match="took over"):
            await slow


async def test_closed_pool_refuses() -> None:
    pool = ParsePool(workers=1, timeout=5)
    await pool.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await pool.parse(GOOD, "https://x.example/")


async def test_every_shared_corpus_feed_parses_or_fails_cleanly() -> None:
    """All captured feeds through the pool: nothing crashes or stalls a worker."""
    feeds = sorted(p for p in shared("corpus", "feeds").rglob("*") if _is_feed(p))
    assert len(feeds) > 40
    async with ParsePool(workers=2, timeout=30) as pool:
        results = await asyncio.gather(
            *(pool.parse(p.read_bytes(), "https://feeds.example/") for p in feeds),
            return_exceptions=True,
        )
        assert pool.replaced == 0
    bad = [(p.name, r) for p, r in zip(feeds, results, strict=True) if isinstance(r, Exception)]
    assert all(isinstance(r, ParseError) for _, r in bad), bad
    assert len(bad) < len(feeds) // 10, bad


def _is_feed(path: Path) -> bool:
    return path.is_file() and path.suffix in (".xml", ".rss", ".atom", ".json", ".rdf")


async def test_hanging_feed_is_a_recorded_error_and_other_feeds_go_on(
    sqlite_url: str, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/slow.xml").respond_with_data(
        slow_feed(), content_type="application/rss+xml"
    )
    httpserver.expect_request("/good.xml").respond_with_data(
        GOOD, content_type="application/rss+xml"
    )
    cfg = parse_config(
        {
            "storage": {"url": sqlite_url},
            "fetch": {"allow_private_addresses": True, "parse_timeout": "1s", "parse_workers": 1},
            "topics": [{"name": "t", "query": "petro AND trump"}],
            "feeds": [
                {"url": httpserver.url_for("/slow.xml")},
                {"url": httpserver.url_for("/good.xml")},
            ],
        }
    )
    async with App(cfg) as app:
        summary = await app.run_once()
        by_url = {f.url: f for f in summary.cycle.feeds}
        slow = by_url[httpserver.url_for("/slow.xml")]
        good = by_url[httpserver.url_for("/good.xml")]
        assert slow.status == "error"
        assert "took over 1 s" in (slow.error or "")
        assert good.status == "ok"
        assert good.new_entries == 1
        with app.store.tx() as tx:
            row = tx.feed_by_url(httpserver.url_for("/slow.xml"))
            assert row is not None
            assert row.status == "failing"
            assert "took over" in (row.last_error or "")
        assert app.parser.replaced == 1


async def test_a_new_workers_start_does_not_count_against_the_parse_bound() -> None:
    # Starting Python and importing the parser takes far longer than this bound.
    async with ParsePool(workers=1, timeout=0.2) as pool:
        assert (await pool.parse(GOOD, "https://news.example/feed")).title == "Good"
        assert pool.replaced == 0
