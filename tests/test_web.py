"""The pages and the JSON API over a real log, served by uvicorn on loopback, on SQLite
and PostgreSQL: order, pagination, filters, copies, hostile content, headers, tokens."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import lxml.html
import pytest
from sqlmodel import select

from monitor.review.web import create_app
from monitor.review.web.paging import encode_cursor
from monitor.review.web.security import LINK_REL, paragraphs, safe_href, token_matches
from monitor.storage import Article, Delivery, Silence, Story, utcnow
from tests.desk import Desk
from tests.webdata import (
    HOSTILE_FEED_TITLE,
    HOSTILE_TITLE,
    HOSTILE_URL,
    IMG,
    SCRIPT,
    Newsroom,
    newsroom,
    served,
)

TOKEN = "s3cret-token-for-the-tests"


@pytest.fixture
async def room(desk: Callable[..., Desk]) -> Newsroom:
    d = desk({"group_wait": "0s", "group_interval": "0s"}, alerts={"backfill": "off"})
    return await newsroom(d)


@contextmanager
def client(room: Newsroom, **options: Any) -> Iterator[httpx.Client]:
    with (
        served(create_app(room.desk.app.store, **options)) as base,
        httpx.Client(base_url=base, timeout=10) as c,
    ):
        yield c


@pytest.fixture
async def web(room: Newsroom) -> AsyncIterator[httpx.Client]:
    with client(room) as c:
        yield c


def page_tree(resp: httpx.Response) -> Any:
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(resp.text)


def walk(c: httpx.Client, path: str, key: str = "id", **params: Any) -> list[Any]:
    """Every row of a listing, following next_cursor page by page."""
    seen: list[Any] = []
    cursor = None
    for _ in range(100):
        resp = c.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert resp.status_code == 200, resp.text
        body = resp.json()
        seen += [item[key] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the cursor never ran out")


# the story list and one story


async def test_stories_newest_development_first_with_outlets_languages_and_alerts(
    room: Newsroom, web: httpx.Client
) -> None:
    items = web.get("/api/stories").json()["items"]
    assert [s["id"] for s in items] == [room.summit, room.sanctions]  # developed last
    summit, sanctions = items
    # the headline of the latest alert about the story: its development, not its first title
    assert summit["headline"] == "Petro and Trump White House meeting moved to the Oval Office"
    assert summit["outlets"] == ["agenda.example", "daily.example", "venue.example", "wire.example"]
    assert summit["languages"] == ["en", "es"]
    assert summit["alert_status"] == "failed"  # the development's delivery is dead
    assert summit["alerts"] == {"delivered": 1, "dead": 1}
    assert sanctions["headline"] == HOSTILE_TITLE and sanctions["alert_status"] == "sent"

    tree = page_tree(web.get("/"))
    links = tree.xpath("//li[@class='story']/h2/a")
    assert [a.get("href") for a in links] == [
        f"/stories/{room.summit}",
        f"/stories/{room.sanctions}",
    ]
    assert links[1].text_content() == HOSTILE_TITLE  # shown as text
    first = tree.xpath("//li[@class='story']")[0].text_content()
    assert "wire.example" in first and "en, es" in first and "alert failed" in first


async def test_story_has_timeline_key_points_slot_and_copies_folded_under_the_original(
    room: Newsroom, web: httpx.Client
) -> None:
    story = web.get(f"/api/stories/{room.summit}").json()
    assert [e["kind"] for e in story["timeline"]] == ["first_report", "development", "development"]
    assert [e["article_id"] for e in story["timeline"]] == [room.wire, room.agenda, room.venue]
    # key points are whole sentences from the reports, each with its outlet
    assert 2 <= len(story["key_points"]) <= 5
    assert all(k.endswith(")") and len(k.split()) > 5 for k in story["key_points"])
    by_id = {a["id"]: a for a in story["articles"]}
    assert by_id[room.copy]["copy_of"] == room.wire
    assert by_id[room.wire]["text"].startswith("Colombian President Gustavo Petro said")
    assert {a["id"] for a in story["articles"]} == {room.wire, room.copy, room.agenda, room.venue}
    assert [a["event"] for a in story["story_alerts"]] == ["new_story", "development"]

    tree = page_tree(web.get(f"/stories/{room.summit}"))
    outlets = [h.text_content() for h in tree.xpath("//div[@class='outlet']/h3")]
    assert outlets == ["wire.example", "agenda.example", "venue.example"]  # the copy is folded
    wire = tree.xpath(f"//div[@id='article-{room.wire}']")[0]
    (copy,) = wire.xpath(".//details[@class='copies']//li")
    assert copy.get("id") == f"article-{room.copy}" and "daily.example" in copy.text_content()
    text = wire.xpath(".//details[@class='text']/div[@class='body']/p")[0].text_content()
    assert text.startswith("Colombian President Gustavo Petro said on Monday")
    # the page's timeline is the brief's: dated lines, oldest first, each linked to its report
    lines = story["brief"]["timeline"]
    assert lines[0]["article_id"] == room.wire and lines[0]["kind"] == "first_report"
    assert {e["article_id"] for e in lines[1:]} <= {room.agenda, room.venue}
    assert [e["date"] for e in lines] == sorted(e["date"] for e in lines) and len(lines) >= 2
    timeline = tree.xpath("//ol[@class='timeline']/li")
    assert [li.xpath("./time/@datetime")[0] for li in timeline] == [e["date"] for e in lines]
    for li, e in zip(timeline, lines, strict=True):
        assert li.xpath(".//a/@href") == [f"#article-{e['article_id']}"]
        assert li.xpath(".//a")[0].text_content() == e["text"]
    # nothing but the dated line: no internal codes or runs of extracted facts
    assert not tree.xpath("//ol[@class='timeline']//*[@class='facts']")


async def test_a_merged_story_answers_with_the_one_it_joined(
    room: Newsroom, web: httpx.Client
) -> None:
    with room.desk.app.store.tx() as tx:
        tx.merge_story(room.sanctions, room.summit)
    resp = web.get(f"/stories/{room.sanctions}", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == f"/stories/{room.summit}"
    story = web.get(f"/api/stories/{room.sanctions}").json()
    assert story["id"] == room.summit and story["merged_from"] == [room.sanctions]
    assert room.hostile in {a["id"] for a in story["articles"]}
    assert [s["id"] for s in web.get("/api/stories").json()["items"]] == [room.summit]


async def test_missing_rows_and_bad_parameters_are_clear_errors(web: httpx.Client) -> None:
    resp = web.get("/api/stories/999")
    assert resp.status_code == 404 and resp.json() == {"detail": "no story 999"}
    resp = web.get("/stories/999")
    assert resp.status_code == 404 and "There is no story 999." in resp.text
    resp = web.get("/api/stories", params={"since": "last tuesday"})
    assert resp.status_code == 400
    assert resp.json()["detail"].startswith("since: expected a duration back from now")
    resp = web.get("/", params={"since": "last tuesday"})
    assert resp.status_code == 400 and "since: expected a duration" in resp.text
    for bad in ("zz", encode_cursor("x"), encode_cursor(1, 2, 3), encode_cursor("2026", "a")):
        resp = web.get("/api/stories", params={"cursor": bad})
        assert resp.status_code == 400, bad
        assert resp.json() == {"detail": "cursor: not a cursor this server gave out"}
    assert web.get("/api/articles", params={"limit": 0}).status_code == 422
    assert web.get("/stories/abc").status_code == 400
    assert web.get("/no/such/page").status_code == 404


# pagination and filters


async def test_cursors_walk_every_row_once_in_a_stable_order(
    room: Newsroom, web: httpx.Client
) -> None:
    all_articles = [room.venue, room.hostile, room.agenda, room.copy, room.wire]
    assert walk(web, "/api/articles", limit=2) == all_articles
    assert walk(web, "/api/stories", limit=1) == [room.summit, room.sanctions]
    alerts = walk(web, "/api/alerts", limit=1)
    assert len(alerts) == len(set(alerts)) == 3
    assert walk(web, "/api/feeds", limit=1) == sorted(walk(web, "/api/feeds", limit=1))

    # stories seen at the same moment: the id breaks the tie, none repeats or goes missing
    same = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with room.desk.app.store.tx() as tx:
        ties = [
            tx.add(Story(title=f"tie {i}", first_seen=same, last_seen=same)).id for i in range(5)
        ]
    walked = walk(web, "/api/stories", limit=2)
    assert walked == [*sorted(ties, reverse=True), room.summit, room.sanctions]  # type: ignore[type-var]

    # a row stored between two pages neither repeats nor shifts the next page
    first = web.get("/api/articles", params={"limit": 2}).json()
    room.desk.publish("late.example")
    rest = walk(web, "/api/articles", limit=2, cursor=first["next_cursor"])
    assert [a["id"] for a in first["items"]] + rest == all_articles

    tree = page_tree(web.get("/", params={"since": "3650d"}))
    assert tree.xpath("//p[@class='more']/a") == []  # 9 stories fit on one page of 50


async def test_filters_narrow_stories_articles_and_alerts_like_the_cli(
    room: Newsroom, web: httpx.Client
) -> None:
    def stories(**params: Any) -> list[int]:
        return [s["id"] for s in web.get("/api/stories", params=params).json()["items"]]

    def articles(**params: Any) -> list[int]:
        return [a["id"] for a in web.get("/api/articles", params=params).json()["items"]]

    assert stories(lang="es") == [room.summit]
    assert stories(source="evil.example") == [room.sanctions]
    assert stories(source="evil") == []  # a host, not a fragment of one
    assert stories(source="EXAMPLE") == [room.summit, room.sanctions]  # their parent domain
    assert stories(topic="us-colombia") == [room.summit, room.sanctions]
    assert stories(topic="us-colombia-not") == stories(topic="us") == []
    assert stories(since="2026-02-02T16:30:00Z") == [room.summit, room.sanctions]
    assert stories(since="2026-02-02T18:30:00Z") == []
    assert stories(until="2026-02-02T14:00Z") == []  # neither had started
    assert stories(until="2026-02-02T16:00:00-03:00") == [room.summit, room.sanctions]

    assert articles(story=room.summit) == [room.venue, room.agenda, room.copy, room.wire]
    assert articles(lang="es") == [room.agenda]
    assert articles(source="daily.example", story=room.summit) == [room.copy]
    assert articles(since="1h") == articles()  # all just stored
    assert articles(until="1h") == []
    with room.desk.app.store.tx() as tx:
        subdomain = tx.get(Article, room.venue)
        assert subdomain is not None
        subdomain.source, subdomain.source_name = "news.venue.example", "Venue News"
        tx.add(subdomain)
    assert articles(source="venue.example") == [room.venue]  # subdomains count
    assert articles(source="venue news") == [room.venue]  # and names, in any case

    alerts = web.get("/api/alerts", params={"status": "dead"}).json()["items"]
    assert [a["id"] for a in alerts] == [room.dead_alert]
    (delivery,) = alerts[0]["deliveries"]
    assert delivery["status"] == "dead" and delivery["attempts"] == 1
    assert delivery["tries"][0]["status"] == 400 and delivery["tries"][0]["ok"] is False
    story_alerts = web.get("/api/alerts", params={"story": room.sanctions}).json()["items"]
    assert [a["story_id"] for a in story_alerts] == [room.sanctions]
    assert web.get("/api/alerts", params={"status": "nonsense"}).status_code == 422

    tree = page_tree(web.get("/alerts", params={"status": "dead"}))
    assert len(tree.xpath("//table[@class='alerts']/tbody/tr")) == 1
    assert "HTTP 400" in tree.xpath("//details[@class='delivery']")[0].text_content()


async def test_feeds_page_shows_status_errors_schedule_and_articles_per_day(
    room: Newsroom, web: httpx.Client
) -> None:
    feeds = {f["name"]: f for f in web.get("/api/feeds").json()["items"]}
    assert feeds["Wire feed"]["articles_per_day"] == round(4 / 7, 2)
    assert feeds["Blog feed"]["articles_per_day"] == round(1 / 7, 2)
    assert feeds["Wire feed"]["last_error"] == HOSTILE_FEED_TITLE
    tree = page_tree(web.get("/feeds"))
    rows = tree.xpath("//table[@class='feeds']/tbody/tr")
    assert len(rows) == 2
    assert "0.6" in rows[0].text_content() and "new" in rows[0].text_content()
    assert HOSTILE_FEED_TITLE in rows[0].text_content()


# hostile content


async def test_hostile_feed_content_is_text_everywhere_and_links_are_safe(
    room: Newsroom, web: httpx.Client
) -> None:
    pages = ["/", f"/stories/{room.sanctions}", f"/stories/{room.summit}", "/feeds", "/alerts"]
    for path in pages:
        resp = web.get(path)
        assert resp.status_code == 200, path
        html = resp.text
        assert "<script" not in html.lower(), path
        assert "<img" not in html.lower(), path
        assert "javascript:" not in html.lower() or path != f"/stories/{room.sanctions}"
        tree = lxml.html.fromstring(html)
        for a in tree.xpath("//a[@href]"):
            href = a.get("href")
            assert not href.lower().startswith(("javascript:", "data:")), (path, href)
            if href.startswith("http"):
                assert a.get("rel") == LINK_REL, (path, href)
    story = web.get(f"/stories/{room.sanctions}").text
    assert "&lt;script&gt;window.__pwned" in story  # the title, shown as text
    assert "&lt;img src=x onerror=" in story  # the body, shown as text
    tree = lxml.html.fromstring(story)
    assert tree.xpath("//h1")[0].text_content() == HOSTILE_TITLE
    body = tree.xpath("//details[@class='text']/div[@class='body']")[0]
    assert IMG in body.text_content() and "<b>bold?</b> & more" in body.text_content()
    assert [e.tag for e in body.iter()] == ["div", "p", "p", "p"]  # no markup but paragraphs
    (title,) = tree.xpath(f"//div[@id='article-{room.hostile}']/p[@class='title']")
    assert title.xpath(".//a") == [] and title.text_content() == HOSTILE_TITLE  # no link
    assert HOSTILE_URL not in [a.get("href") for a in tree.xpath("//a")]
    api = web.get(f"/api/stories/{room.sanctions}").json()
    assert api["headline"] == HOSTILE_TITLE and SCRIPT in api["articles"][0]["title"]


def test_paragraphs_escape_then_sanitize_and_links_are_http_only() -> None:
    html = str(paragraphs("<script>alert(1)</script>\nline two\n\n  \n<p onclick=x>b</p>"))
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>line two</p>"
        "<p>&lt;p onclick=x&gt;b&lt;/p&gt;</p>"
    )
    assert str(paragraphs(None)) == str(paragraphs("")) == ""
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//x.org",
        "http://",
    ):
        assert safe_href(bad) is None, bad
    assert token_matches("abc", "abc") and not token_matches("abd", "abc")
    assert not token_matches("", "abc")


async def test_every_response_forbids_scripts_and_framing(
    room: Newsroom, web: httpx.Client
) -> None:
    paths = [
        "/",
        f"/stories/{room.summit}",
        "/feeds",
        "/alerts",
        "/api/stories",
        "/api/openapi.json",
        "/static/style.css",
        "/metrics",
        "/healthz",
        "/no/such/page",
        "/api/stories/999",
        "/?since=bad",
    ]
    for path in paths:
        resp = web.get(path)
        csp = resp.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'none'", path
        assert directives["default-src"] == "'none'", path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert directives["frame-ancestors"] == "'none'", path
        assert resp.headers["x-content-type-options"] == "nosniff", path
        assert resp.headers["referrer-policy"] == "no-referrer", path
    assert web.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert "docs" not in json.dumps(web.get("/api/openapi.json").json()["paths"])


# the token


async def test_read_only_without_a_token(room: Newsroom, web: httpx.Client) -> None:
    assert web.get("/api/stories").status_code == 200
    for path, body in (
        (f"/api/stories/{room.summit}/silence", {"for": "1d"}),
        ("/api/alerts/retry", {}),
        ("/api/feeds/1/pause", None),
        ("/api/feeds/1/enable", None),
    ):
        resp = web.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 403, path
        assert "read-only" in resp.json()["detail"]
    with room.desk.app.store.tx() as tx:
        assert tx.silences() == []
        assert [d.status for d in tx.deliveries_by_status("dead")] == ["dead"]


async def test_the_token_allows_silence_retry_pause_and_enable(room: Newsroom) -> None:
    store = room.desk.app.store
    with client(room, token=TOKEN) as c:
        path = f"/api/stories/{room.summit}/silence"
        for headers in (
            {},
            {"Authorization": "Bearer wrong-token-wrong-token"},
            {"Authorization": f"Bearer {TOKEN}x"},
            {"Authorization": f"Basic {TOKEN}"},
            {"Authorization": TOKEN},
        ):
            resp = c.post(path, json={"for": "2h"}, headers=headers)
            assert resp.status_code == 401, headers
            assert resp.headers["www-authenticate"] == "Bearer"
        with store.tx() as tx:
            assert tx.silences() == []

        auth = {"Authorization": f"Bearer {TOKEN}"}
        resp = c.post(path, json={"for": "2h", "comment": "<b>handled</b>"}, headers=auth)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["story_id"] == room.summit and body["comment"] == "<b>handled</b>"
        assert body["outcome"] == "added"
        again = c.post(path, json={"for": "1h"}, headers=auth).json()
        assert again["outcome"] == "covered" and again["id"] == body["id"]
        with store.tx() as tx:
            (silence,) = tx.silences()
        assert isinstance(silence, Silence)
        assert silence.expires_at - silence.created_at == timedelta(hours=2)
        assert "silenced until" in c.get(f"/stories/{room.summit}").text
        assert c.get(f"/api/stories/{room.summit}").json()["silenced_until"] is not None
        bad = c.post(path, json={"for": "soon"}, headers=auth)
        assert bad.status_code == 400 and bad.json()["detail"].startswith("for: expected")
        assert c.post("/api/stories/999/silence", json={}, headers=auth).status_code == 404

        resp = c.post("/api/alerts/retry", json={}, headers=auth)
        assert resp.json() == {"requeued": 1}
        with store.tx() as tx:
            (requeued,) = tx.session.exec(
                select(Delivery).where(Delivery.alert_id == room.dead_alert)
            ).all()
        assert requeued.status == "pending" and requeued.queued_at is not None
        assert c.post("/api/alerts/retry", json={}, headers=auth).json() == {"requeued": 0}
        missing = c.post("/api/alerts/retry", json={"alert_id": "nope"}, headers=auth)
        assert missing.status_code == 404

        feed_id = c.get("/api/feeds").json()["items"][0]["id"]
        paused = c.post(f"/api/feeds/{feed_id}/pause", headers=auth).json()
        assert paused["status"] == "disabled" and paused["next_check_at"] is None
        with store.tx() as tx:
            now = utcnow()
            claimed = tx.claim_feeds("probe", now, now, due_by=now + timedelta(days=1))
            assert [f.id for f in claimed] == [f.id for f in tx.feeds() if f.id != feed_id]
        enabled = c.post(f"/api/feeds/{feed_id}/enable", headers=auth).json()
        assert enabled["status"] == "new" and enabled["next_check_at"] is not None
        assert c.post("/api/feeds/999/pause", headers=auth).status_code == 404


# metrics and health


async def test_metrics_parse_and_carry_the_database_and_process_counts(
    room: Newsroom, web: httpx.Client
) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    await room.desk.app.pipeline.poll_all()  # both feeds are on a closed port
    resp = web.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain; version=")
    families = {f.name: f for f in text_string_to_metric_families(resp.text)}
    assert all(name.startswith("monitor_") for name in families)
    expected = {
        "monitor_feeds",
        "monitor_polls",
        "monitor_fetch_errors",
        "monitor_articles",
        "monitor_copies",
        "monitor_stories",
        "monitor_alerts",
        "monitor_deliveries",
        "monitor_outbox_depth",
        "monitor_delivery_latency_seconds",
        "monitor_poll_cycle_seconds",
    }
    assert expected <= set(families)

    def value(name: str, **labels: str) -> float:
        for family in families.values():
            for s in family.samples:
                if s.name == name and s.labels == labels:
                    return float(s.value)
        raise AssertionError(f"no {name} {labels}")

    assert value("monitor_articles", relevant="true") == 5
    assert value("monitor_copies") == 1
    assert value("monitor_stories") == 2
    assert value("monitor_feeds", status="failing") == 2  # the poll just failed
    assert value("monitor_deliveries", status="dead") == 1
    assert value("monitor_deliveries", status="delivered") == 2
    assert value("monitor_alerts", state="sealed") == 3
    assert value("monitor_outbox_depth") == 0
    assert value("monitor_fetch_errors_total", kind="connection") >= 2
    assert value("monitor_delivery_latency_seconds_count", channel="hook") >= 2
    assert families["monitor_delivery_latency_seconds"].type == "histogram"


async def test_healthz_reports_the_database_and_the_age_of_the_last_good_poll(
    room: Newsroom, web: httpx.Client
) -> None:
    resp = web.get("/healthz")
    assert resp.status_code == 200
    assert resp.json() == {"ok": True, "database": True, "last_successful_poll_age_seconds": None}
    with room.desk.app.store.tx() as tx:
        feed = tx.feeds()[0]
        feed.last_success_at = utcnow() - timedelta(minutes=5)
        tx.add(feed)
    age = web.get("/healthz").json()["last_successful_poll_age_seconds"]
    assert 299 <= age <= 330


async def test_healthz_is_503_when_the_database_is_gone(tmp_path: Any) -> None:
    from monitor.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'never-migrated.db'}")
    try:
        with served(create_app(store)) as base:
            resp = httpx.get(f"{base}/healthz")
    finally:
        store.close()
    assert resp.status_code == 503 and resp.json()["ok"] is False


# search


async def test_search_api_ranks_filters_and_ignores_accents(
    room: Newsroom, web: httpx.Client
) -> None:
    for q in ("Bogotá", "bogota", "BOGOTA"):
        body = web.get("/api/search", params={"q": q}).json()
        assert [h["article"]["id"] for h in body["items"]] == [room.agenda], q
        marked = [p["text"] for p in body["items"][0]["snippet"] if p["match"]]
        assert [m.casefold() for m in marked] == ["bogota"]
    both = web.get("/api/search", params={"q": "counternarcotics"}).json()["items"]
    assert {h["article"]["id"] for h in both} >= {room.wire, room.agenda, room.venue}
    spanish = web.get("/api/search", params={"q": "counternarcotics", "lang": "es"}).json()
    assert [h["article"]["id"] for h in spanish["items"]] == [room.agenda]
    assert web.get("/api/search", params={"q": "petro AND NOT trump"}).json()["items"] == []
    assert walk(web, "/api/search", key="rank", q="petro", limit=1)  # cursor pages run out


async def test_search_answers_a_malformed_query_with_400(web: httpx.Client) -> None:
    for q in ('"unclosed', "petro AND", "(petro", "NOT"):
        resp = web.get("/api/search", params={"q": q})
        assert resp.status_code == 400, q
        assert "q:" in resp.json()["detail"]
        assert web.get("/search", params={"q": q}).status_code == 400
    assert web.get("/api/search", params={"q": "petro", "cursor": "bogus"}).status_code == 400


async def test_search_page_highlights_and_shows_hostile_text_as_text(
    room: Newsroom, web: httpx.Client
) -> None:
    tree = page_tree(web.get("/search", params={"q": "answered"}))
    hits = tree.xpath("//li[@class='hit']")
    assert len(hits) == 1
    assert [m.text_content() for m in hits[0].xpath(".//mark")] == ["answered"]
    assert "<img" in hits[0].xpath(".//p[@class='snippet']")[0].text_content()  # as text
    assert not tree.xpath("//main//img") and not tree.xpath("//main//script")
    link = hits[0].xpath(".//h2/a")[0]
    assert link.get("href") == f"/stories/{room.sanctions}"
    empty = page_tree(web.get("/search", params={"q": "nothinglikethis"}))
    assert "No stored article matches" in empty.text_content()
    assert page_tree(web.get("/search")).xpath("//form[@action='/search']")
