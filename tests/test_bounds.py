"""What one feed can hand over in one poll is bounded: new entries per poll (newest
first, the rest on the next polls), and the length of titles, summaries, links and
authors. What was cut is recorded on the feed and shown by `monitor feeds show`."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.collect.entries import EntryLimits, bound_feed, describe_cut, take_newest
from monitor.collect.parse import ParsedEntry, ParsedFeed
from monitor.config import parse_config
from monitor.review.cli import app as cli
from monitor.service.app import App
from tests.helpers import NO_BACKFILL

START = datetime(2026, 1, 10, tzinfo=UTC)
ETAG = '"v1"'


def rss(base: str, count: int, title: str | None = None) -> str:
    items = "".join(
        f"<item><title>{title or f'Item {i}'}</title><link>{base}/a/{i}</link>"
        f"<guid>g{i}</guid><pubDate>{format_datetime(START + timedelta(hours=i))}</pubDate>"
        f"<description>Summary {i}</description></item>"
        for i in range(count)
    )
    channel = f"<channel><title>Big</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def serve_with_etag(httpserver: HTTPServer, body: str) -> None:
    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == ETAG:
            return Response(status=304, headers={"ETag": ETAG})
        return Response(body, content_type="application/rss+xml", headers={"ETag": ETAG})

    httpserver.expect_request("/big.xml").respond_with_handler(feed)
    httpserver.expect_request("/a", method="GET").respond_with_data("", status=404)


def config(db: Path, url: str, **entries: int) -> dict[str, object]:
    return {
        "storage": {"url": f"sqlite:///{db}"},
        "fetch": {"allow_private_addresses": True},
        "entries": entries,
        "topics": [{"name": "t", "query": "petro"}],
        "feeds": [{"url": url}],
        "rules": [{"name": "r", "channels": ["c"]}],
        "channels": [{"name": "c", "type": "console"}],
        "alerts": NO_BACKFILL,
    }


def sighted(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [k for (k,) in conn.execute("SELECT entry_key FROM sighting ORDER BY id")]


async def test_entries_over_the_cap_come_on_the_next_polls_newest_first(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for("").rstrip("/")
    serve_with_etag(httpserver, rss(base, 25))
    db = tmp_path / "m.db"
    cfg = parse_config(config(db, f"{base}/big.xml", max_per_poll=10))
    async with App(cfg) as app:
        first = await app.run_once()
        assert first.cycle.total("new_entries") == 10
        assert sighted(db) == [f"guid:g{i}" for i in range(15, 25)]  # the newest ten
        with sqlite3.connect(db) as conn:
            cut, interval, reason = conn.execute(
                "SELECT last_cut, check_interval, interval_reason FROM feed"
            ).fetchone()
        assert cut == "15 of 25 new entries left for the next polls"
        assert interval == cfg.schedule.min_interval and "left over" in reason
        second = await app.run_once()
        third = await app.run_once()
        fourth = await app.run_once()
    # The server answers 304 to the validators a complete poll stored: the rest came first.
    assert [p.cycle.total("new_entries") for p in (second, third)] == [10, 5]
    assert fourth.cycle.feeds[0].status == "not_modified"
    assert Counter(sighted(db)) == Counter(f"guid:g{i}" for i in range(25))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT last_cut, entries_seen FROM feed").fetchone() == (None, 25)


async def test_a_giant_title_is_cut_stored_cut_and_reported(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for("").rstrip("/")
    serve_with_etag(httpserver, rss(base, 1, title="Petro " * 200_000))  # 1.2 MB
    db = tmp_path / "m.db"
    url = f"{base}/big.xml"
    cfg = parse_config(config(db, url, max_title_chars=300))
    async with App(cfg) as app:
        await app.run_once()
    with sqlite3.connect(db) as conn:
        (title,) = conn.execute("SELECT title FROM article").fetchone()
    assert len(title) == 300 and title.endswith("…")
    cfg_file = tmp_path / "monitor.toml"
    cfg_file.write_text(
        f'[storage]\nurl = "sqlite:///{db}"\n[[topics]]\nname = "t"\nquery = "petro"\n'
        f'[[feeds]]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    shown = CliRunner().invoke(cli, ["-c", str(cfg_file), "feeds", "show", "1"])
    assert shown.exit_code == 0, shown.output
    assert "last cut" in shown.output and "1 title cut" in shown.output


def entry(i: int, **fields: object) -> ParsedEntry:
    values: dict[str, object] = {
        "guid": f"g{i}",
        "link": f"https://news.example/{i}",
        "title": f"T{i}",
        "summary": "s",
        "published": None,
    }
    values.update(fields)
    return ParsedEntry(**values)  # type: ignore[arg-type]


def test_every_field_is_bounded_and_counted() -> None:
    limits = EntryLimits(title=50, summary=100, url=80, author=20)
    long_link = "https://news.example/" + "x" * 100
    feed = ParsedFeed(
        title="F" * 60,
        link=None,
        entries=[
            entry(0, title="T" * 51, summary="S" * 101, author="A" * 21, guid="G" * 81),
            entry(1, link=long_link, source_link=long_link, source_name="N" * 21),
            entry(2),
        ],
    )
    bounded, cut = bound_feed(feed, limits)
    first, second, third = bounded.entries
    assert len(first.title) == 50 and len(first.summary) == 100 and len(first.author or "") == 20
    assert first.guid is not None and first.guid.startswith("sha256:")
    assert second.link is None and second.source_link is None
    assert third == feed.entries[2]
    assert bounded.title is not None and len(bounded.title) == 50
    assert cut == Counter(
        {
            "title": 1,
            "summary": 1,
            "author": 1,
            "guid": 1,
            "link": 1,
            "source link": 1,
            "source name": 1,
            "feed title": 1,
        }
    )
    assert describe_cut(Counter(), 0, 3) is None
    assert describe_cut(Counter({"title": 2}), 1, 4) == (
        "1 of 4 new entries left for the next polls; 2 titles cut"
    )


def test_newest_first_then_undated_in_feed_order() -> None:
    stamps = [None, START, START + timedelta(days=2), None, START + timedelta(days=1)]
    taken, rest = take_newest(list(range(5)), 3, lambda i: stamps[i])
    assert taken == [1, 2, 4] and rest == [0, 3]
    taken, rest = take_newest(list(range(5)), 4, lambda i: stamps[i])
    assert taken == [0, 1, 2, 4] and rest == [3]


HOSTILE_JSON = r"""{"version": "https://jsonfeed.org/version/1.1", "title": "Bad\ud800 \u0000feed",
"items": [
 {"id": "lone-\udc00-\u0000", "url": "%(base)s/a/1", "title": "Petro \ud800 meets\u0000 Trump",
  "content_text": "Petro said\u0000 \udfff so.", "authors": [{"name": "Ana\u0000 \ud83d"}],
  "date_published": "2026-01-10T10:00:00Z"},
 {"id": "plain", "url": "%(base)s/a/2", "title": "Petro plain", "content_text": "fine",
  "date_published": "2026-01-10T11:00:00Z"}
]}"""


async def test_lone_surrogates_and_nul_are_stored_as_text(
    db_url: str, httpserver: HTTPServer
) -> None:
    """On main this failed the insert and left the feed failing on every poll."""
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.json").respond_with_data(
        HOSTILE_JSON % {"base": base}, content_type="application/feed+json"
    )
    httpserver.expect_request("/a/1").respond_with_data("", status=404)
    httpserver.expect_request("/a/2").respond_with_data("", status=404)
    cfg = parse_config({**config(Path("unused"), f"{base}/feed.json"), "storage": {"url": db_url}})
    async with App(cfg) as app:
        first = await app.run_once()
        second = await app.run_once()
        with app.store.tx() as tx:
            (feed,) = tx.feeds()
            titles = sorted(a.title for a in tx.articles(relevant=None))
    assert [f.status for f in first.cycle.feeds] == ["ok"], first.cycle.feeds[0].error
    assert first.cycle.total("relevant") == 2
    assert second.cycle.feeds[0].status == "unchanged"
    assert feed.status == "ok" and feed.title == "Bad\ufffd feed"
    assert titles == ["Petro plain", "Petro \ufffd meets Trump"]
