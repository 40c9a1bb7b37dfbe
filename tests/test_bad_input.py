"""Bad input gets a clear error recorded where it happened, and the run goes on."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.config import parse_config
from monitor.service.app import App
from tests.helpers import NO_BACKFILL

GOOD_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Good Feed</title><link>{base}/</link>
<item><title>Petro and Trump to meet at the White House</title>
<link>{base}/not-an-article.html</link><guid>good-1</guid>
<pubDate>Wed, 14 Jan 2026 18:30:00 GMT</pubDate>
<description>Colombian President Gustavo Petro will meet Donald Trump at the White House
on February 3, the presidency said, after weeks of threats over drug trafficking.</description>
</item></channel></rss>"""

NOT_AN_ARTICLE = "<html><head><title>Home</title></head><body><nav>Home | News</nav></body></html>"
HTML_PAGE = (
    "<!doctype html><html><head><title>Welcome</title></head>"
    "<body><h1>Welcome to our site</h1><p>Nothing to see.</p></body></html>"
)


def slow(_: Request) -> Response:
    time.sleep(3)
    return Response("<rss/>", content_type="application/rss+xml")


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A threaded server of its own: the slow feed must not hold up the others."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def feeds(httpserver: HTTPServer) -> dict[str, str]:
    base = httpserver.url_for("").rstrip("/")
    routes = {
        "malformed": ("/malformed.xml", "<rss><channel><item><title>broken", "application/xml"),
        "html": ("/page.html", HTML_PAGE, "text/html"),
        "huge": ("/huge.xml", "<rss>" + "x" * 200_000 + "</rss>", "application/rss+xml"),
        "good": ("/good.xml", GOOD_FEED.format(base=base), "application/rss+xml"),
    }
    for path, body, ctype in routes.values():
        httpserver.expect_request(path).respond_with_data(body, content_type=ctype)
    httpserver.expect_request("/not-an-article.html").respond_with_data(
        NOT_AN_ARTICLE, content_type="text/html"
    )
    httpserver.expect_request("/missing.xml").respond_with_data("gone", status=404)
    httpserver.expect_request("/broken.xml").respond_with_data("oops", status=500)
    httpserver.expect_request("/slow.xml").respond_with_handler(slow)
    urls = {name: base + path for name, (path, _, _) in routes.items()}
    urls |= {n: f"{base}/{n}.xml" for n in ("missing", "broken", "slow")}
    return urls


def config_data(db_url: str, feeds: dict[str, str]) -> dict[str, object]:
    return {
        "storage": {"url": db_url},
        "fetch": {"allow_private_addresses": True, "timeout": 1, "max_bytes": 50_000},
        "topics": [{"name": "us-colombia", "query": "petro AND trump"}],
        "feeds": [{"url": u, "name": n} for n, u in feeds.items()],
        "rules": [{"name": "all", "channels": ["out"]}],
        "channels": [{"name": "out", "type": "console"}],
        "alerts": NO_BACKFILL,
    }


async def test_each_broken_feed_is_recorded_and_the_good_one_is_processed(
    db_url: str, feeds: dict[str, str]
) -> None:
    cfg = parse_config(config_data(db_url, feeds))
    async with App(cfg) as app:
        summary = await app.run_once()
        with app.store.tx() as tx:
            by_name = {f.name: f for f in tx.feeds()}
            articles = list(tx.articles())
    errors = {name: (f.status, f.last_error or "") for name, f in by_name.items()}
    assert errors["good"] == ("ok", "")
    assert errors["malformed"][0] == "failing"
    assert "not a feed" in errors["html"][1].lower() or "html" in errors["html"][1].lower()
    assert "404" in errors["missing"][1]
    assert "500" in errors["broken"][1]
    assert "timed out" in errors["slow"][1].lower() or "timeout" in errors["slow"][1].lower()
    assert "50000" in errors["huge"][1].replace(",", "") or "too large" in errors["huge"][1]
    for name in ("malformed", "html", "missing", "broken", "slow", "huge"):
        assert by_name[name].consecutive_failures == 1
        assert by_name[name].next_check_at > by_name[name].last_checked_at  # type: ignore[operator]
    assert len(summary.cycle.failed) == 6
    # The page behind the good entry is not an article: kept from the feed, marked so.
    (article,) = articles
    assert article.text_origin == "feed"
    assert article.extraction_error
    assert "February 3" in (article.text or "")
    assert summary.delivery.delivered == 1


def test_run_once_exits_zero_with_failing_feeds_and_two_on_bad_config(
    tmp_path: Path, feeds: dict[str, str]
) -> None:
    db = tmp_path / "m.db"
    lines = [
        "[storage]",
        f'url = "sqlite:///{db}"',
        "[fetch]",
        "allow_private_addresses = true",
        "timeout = 1",
        "[alerts]",
        'backfill = "off"',
        "[[topics]]",
        'name = "t"',
        "query = 'petro AND trump'",
        "[[feeds]]",
        f'url = "{feeds["missing"]}"',
        "[[feeds]]",
        f'url = "{feeds["good"]}"',
        "[[rules]]",
        'name = "r"',
        'channels = ["out"]',
        "[[channels]]",
        'name = "out"',
        'type = "console"',
    ]
    cfg = tmp_path / "monitor.toml"
    cfg.write_text("\n".join(lines) + "\n")
    run = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "run", "--once"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "New story" in run.stdout
    assert "feed failed" in run.stdout and "404" in run.stdout

    bad = tmp_path / "bad.toml"
    bad_text = cfg.read_text().replace('channels = ["out"]', 'channels = ["nope"]')
    bad.write_text(bad_text.replace(str(db), str(tmp_path / "m2.db")))
    run = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(bad), "run", "--once"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert f"{bad}: rules[0].channels: unknown channel 'nope'" in run.stderr
    assert not (tmp_path / "m2.db").exists(), "nothing starts on a bad config"
