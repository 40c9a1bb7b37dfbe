"""Pipeline behaviour between polls: validators, unchanged bodies, email delivery."""

from __future__ import annotations

from pytest_httpserver import HTTPServer

from monitor.config import parse_config
from monitor.demo.replay import ReplayServer
from monitor.service.app import App
from tests.helpers import NO_BACKFILL, WIRE, scenario_corpus, smtp_server

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Plain</title>
<item><title>Uruguay and China sign trade accords</title><link>{base}/a.html</link>
<guid>a</guid><description>Trade news from Montevideo.</description></item>
</channel></rss>"""


def base_config(db_url: str, feeds: list[str], channel: dict[str, object]) -> dict[str, object]:
    return {
        "storage": {"url": db_url},
        "fetch": {"allow_private_addresses": True},
        "topics": [{"name": "t", "query": "petro AND trump"}],
        "feeds": [{"url": u} for u in feeds],
        "rules": [{"name": "r", "channels": [channel["name"]]}],
        "channels": [channel],
        "alerts": NO_BACKFILL,
    }


async def test_same_body_is_not_parsed_again_and_304_is_honoured(
    sqlite_url: str, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/plain.xml").respond_with_data(
        FEED.format(base=base), content_type="application/rss+xml"
    )
    httpserver.expect_request("/a.html").respond_with_data("<html><body>x</body></html>")
    corpus = scenario_corpus({WIRE[0]: 1})
    with ReplayServer(corpus) as server:
        feeds = [f"{base}/plain.xml", server.feed_url("andes-wire")]
        cfg = parse_config(base_config(sqlite_url, feeds, {"name": "c", "type": "console"}))
        async with App(cfg) as app:
            first = await app.run_once()
            second = await app.run_once()
    assert [f.status for f in first.cycle.feeds] == ["ok", "ok"]
    # No validators on the plain feed: its body is compared. The replay server answers
    # 304 only when the stored ETag comes back in If-None-Match.
    assert [f.status for f in second.cycle.feeds] == ["unchanged", "not_modified"]
    assert second.cycle.total("new_entries") == 0


async def test_new_story_arrives_by_email(db_url: str) -> None:
    corpus = scenario_corpus(dict.fromkeys(WIRE, 1))
    with smtp_server() as (box, port), ReplayServer(corpus) as server:
        channel = {
            "name": "desk",
            "type": "email",
            "smtp": f"smtp://127.0.0.1:{port}",
            "from": "monitor@example.org",
            "to": ["desk@example.org"],
        }
        feeds = list(server.feed_urls().values())
        cfg = parse_config(base_config(db_url, feeds, channel))
        async with App(cfg) as app:
            summary = await app.run_once()
    assert summary.delivery.delivered == 1
    (msg,) = box.messages()
    assert "Petro confirms February 3 White House meeting with Trump" in msg["Subject"]
    kinds = {part.get_content_type() for part in msg.walk()}
    assert {"text/plain", "text/html"} <= kinds
    assert msg["X-Monitor-Alert-Id"]
