"""Fetch limits seen through the pipeline: links found in feeds, concurrency per host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from pytest_httpserver import HTTPServer

from monitor.collect.fetch import Fetcher, FetchLimits
from monitor.config import Config, parse_config
from monitor.pipeline import Pipeline
from monitor.service.app import build_parser
from monitor.storage import Article, Store
from monitor.storage.migrate import ensure_schema


def rss(links: list[str]) -> str:
    items = "".join(
        f"<item><title>Petro and Trump {i}</title><link>{link}</link>"
        f"<description>Petro meets Trump, item {i}.</description></item>"
        for i, link in enumerate(links)
    )
    channel = f"<channel><title>F</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def make_config(db_url: str, feeds: list[str], **fetch: Any) -> Config:
    return parse_config(
        {
            "storage": {"url": db_url},
            "fetch": fetch,
            "topics": [{"name": "t", "query": "petro AND trump"}],
            "feeds": [{"url": u} for u in feeds],
        }
    )


async def poll_once(cfg: Config, fetcher: Fetcher) -> tuple[Store, list[Article]]:
    store = Store(cfg.storage.url)
    ensure_schema(store, auto_migrate=True)
    parser = build_parser(cfg)
    try:
        pipeline = Pipeline(cfg, store, fetcher, parser)
        pipeline.sync_feeds()
        report = await pipeline.poll_all()
        assert [f.status for f in report.feeds] == ["ok"] * len(cfg.feeds)
    finally:
        await parser.aclose()
        await fetcher.aclose()
    with store.tx() as tx:
        articles = list(tx.articles(relevant=None))
    return store, articles


async def fake_dns(host: str, port: int) -> list[str]:
    """The internet's DNS, as an attacker controls it: their name points at loopback."""
    if host == "rebind.example":
        return ["127.0.0.1"]
    raise OSError(f"no such host {host}")


async def test_feed_links_to_private_addresses_are_refused(
    sqlite_url: str, httpserver: HTTPServer
) -> None:
    port = httpserver.port
    private = [
        f"http://127.0.0.1:{port}/secret",
        f"http://[::1]:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        f"http://localhost:{port}/secret",
        f"http://rebind.example:{port}/secret",
        f"http://2130706433:{port}/secret",
    ]
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(private), content_type="application/rss+xml"
    )
    httpserver.expect_request("/secret").respond_with_data("<html><body>secret</body></html>")
    # The operator configured the feed on loopback: that fetch is allowed.
    cfg = make_config(sqlite_url, [httpserver.url_for("/feed.xml")], timeout="3s")
    fetcher = Fetcher(FetchLimits(timeout=3), resolver=fake_dns)
    _, articles = await poll_once(cfg, fetcher)

    assert [r.path for r, _ in httpserver.log] == ["/feed.xml"]  # no page was requested
    assert len(articles) == len(private)
    for article in articles:
        assert article.text_origin == "feed"  # kept, with what the feed said
        assert "blocked" in (article.extraction_error or ""), article.url
        assert "non-public" in (article.extraction_error or "") or "local host" in (
            article.extraction_error or ""
        )


async def test_allow_private_addresses_lets_feed_links_through(
    sqlite_url: str, httpserver: HTTPServer
) -> None:
    page = httpserver.url_for("/secret")
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([page]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/secret").respond_with_data(
        "<html><body>short</body></html>", content_type="text/html"
    )
    cfg = make_config(sqlite_url, [httpserver.url_for("/feed.xml")], allow_private_addresses=True)
    _, articles = await poll_once(cfg, Fetcher(FetchLimits(timeout=5), allow_private=True))
    assert "/secret" in [r.path for r, _ in httpserver.log]
    (article,) = articles
    assert article.no_text_reason == "too_short"  # fetched, not blocked


class _CountingHandler(BaseHTTPRequestHandler):
    """Counts requests in flight; the first are held until `full` overlap (or 5 s pass)."""

    protocol_version = "HTTP/1.1"
    changed = threading.Condition()
    active: ClassVar[dict[str, int]] = {}
    peak: ClassVar[dict[str, int]] = {}
    full = 3

    def do_GET(self) -> None:
        host = self.server.server_address[0]
        cls = type(self)
        with cls.changed:
            cls.active[host] = cls.active.get(host, 0) + 1
            cls.peak[host] = max(cls.peak.get(host, 0), cls.active[host])
            cls.peak["*"] = max(cls.peak.get("*", 0), sum(cls.active.values()))
            cls.changed.notify_all()
            cls.changed.wait_for(lambda: cls.peak["*"] >= cls.full, timeout=5)
        try:
            body = rss([]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with cls.changed:
                cls.active[host] -= 1

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def two_hosts() -> Iterator[list[str]]:
    servers = []
    try:
        for host in ("127.0.0.1", "127.0.0.2"):
            try:
                httpd = ThreadingHTTPServer((host, 0), _CountingHandler)
            except OSError:
                pytest.skip(f"cannot bind {host}")
            servers.append(httpd)
            threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        _CountingHandler.active.clear()
        _CountingHandler.peak.clear()
        yield [f"http://{s.server_address[0]}:{s.server_address[1]}" for s in servers]
    finally:
        for httpd in servers:
            httpd.shutdown()
            httpd.server_close()


async def test_per_host_and_global_concurrency_limits(
    sqlite_url: str, two_hosts: list[str]
) -> None:
    feeds = [f"{base}/feed{i}.xml" for base in two_hosts for i in range(6)]
    cfg = make_config(sqlite_url, feeds, concurrency=3, per_host=2)
    await poll_once(cfg, Fetcher(FetchLimits(timeout=30)))
    peak = _CountingHandler.peak
    assert peak["127.0.0.1"] <= 2, peak
    assert peak["127.0.0.2"] <= 2, peak
    assert peak["*"] <= 3, peak
    # And the limits are limits, not serialisation: both hosts ran side by side.
    assert peak["*"] == 3, peak
