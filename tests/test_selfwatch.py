"""Health alerts: the monitor tells when it is quietly broken, once per episode, and when
it recovers. Real feeds and receivers on loopback; hours pass with time-machine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.alerting.selfwatch import SelfWatch
from monitor.config import Config, parse_config
from monitor.service.app import App
from monitor.storage import Article, utcnow
from tests.helpers import Receiver, free_port
from tests.test_outbox import add_alerts

START = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<link>https://wire.example/</link><description>d</description></channel></rss>"""


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


class Feed:
    """A feed server that can be told to fail."""

    def __init__(self, server: HTTPServer) -> None:
        self.failing = True
        server.expect_request("/feed.xml").respond_with_handler(self.handle)
        self.url = server.url_for("/feed.xml")

    def handle(self, request: Request) -> Response:
        if self.failing:
            return Response("broken", status=500)
        return Response(RSS, content_type="application/rss+xml")


def config(db_url: str, feed: str, hook: str, **health: Any) -> Config:
    return parse_config(
        {
            "storage": {"url": db_url},
            "fetch": {"allow_private_addresses": True, "timeout": 10},
            "topics": [{"name": "t", "query": "petro"}],
            "feeds": [{"url": feed, "name": "Wire", "interval": "15m"}],
            "channels": [
                {"name": "ops", "type": "webhook", "url": hook},
                {"name": "down", "type": "webhook", "url": f"http://127.0.0.1:{free_port()}/x"},
            ],
            "health": {"channels": ["ops"], **health},
        }
    )


def health_events(receiver: Receiver) -> list[tuple[str, str]]:
    return [(b["event"], b["title"]) for b in receiver.bodies]


async def test_failing_feed_fires_once_then_resolves_then_a_new_episode(
    db_url: str, httpserver: HTTPServer, clock: time_machine.Coordinates
) -> None:
    feed = Feed(httpserver)
    receiver = Receiver(httpserver)
    async with App(config(db_url, feed.url, receiver.url)) as app:
        await app.run_once()
        assert receiver.bodies == []  # failing, but not for long enough
        clock.shift(timedelta(hours=5, minutes=59))
        await app.run_once()
        assert receiver.bodies == []
        clock.shift(timedelta(minutes=2))
        await app.run_once()
        ((event, title),) = health_events(receiver)
        assert event == "health" and title.startswith("Feed Wire failing for 6.0 h")
        body = receiver.bodies[0]
        assert body["story"] is None and body["urgent"] is True
        assert any("HTTP 500" in line or "500" in line for line in body["new_information"])
        for _ in range(3):  # still failing: nothing more
            clock.shift(timedelta(hours=1))
            await app.run_once()
        assert len(receiver.bodies) == 1

        feed.failing = False
        clock.shift(timedelta(minutes=30))
        await app.run_once()
        assert [e for e, _ in health_events(receiver)] == ["health", "health_resolved"]

        feed.failing = True
        clock.shift(timedelta(hours=1))
        await app.run_once()
        clock.shift(timedelta(hours=7))
        await app.run_once()
        events = [b["event"] for b in receiver.bodies]
        assert events == ["health", "health_resolved", "health"]
        ids = [b["id"] for b in receiver.bodies]
        assert len(set(ids)) == 3  # a new episode, a new id
        with app.store.tx() as tx:
            (cond,) = tx.health_conditions()
        assert (cond.key, cond.active, cond.episode) == ("feed_failing:1", True, 2)


async def test_outbox_backlog_fires_and_resolves_without_counting_itself(
    db_url: str, httpserver: HTTPServer, clock: time_machine.Coordinates
) -> None:
    feed = Feed(httpserver)
    feed.failing = False
    receiver = Receiver(httpserver)
    async with App(config(db_url, feed.url, receiver.url)) as app:
        (stuck,) = add_alerts(app.store, 1, ("down",))
        await app.run_once()
        clock.shift(timedelta(minutes=59))
        await app.run_once()
        assert receiver.bodies == []
        clock.shift(timedelta(minutes=2))
        await app.run_once()
        ((event, title),) = health_events(receiver)
        assert event == "health" and "oldest has waited 1.0 h" in title
        assert any("channel down" in line for line in receiver.bodies[0]["new_information"])

        with app.store.tx() as tx:  # the operator gives up on it
            (d,) = tx.deliveries(stuck)
            d.status = "dead"
            tx.add(d)
        clock.shift(timedelta(minutes=5))
        await app.run_once()
        assert [e for e, _ in health_events(receiver)] == ["health", "health_resolved"]


@pytest.mark.parametrize(("articles", "failed"), [(5, 3), (4, 4)])
def test_extraction_condition_needs_most_of_enough_articles(
    db_url: str, httpserver: HTTPServer, clock: time_machine.Coordinates, articles: int, failed: int
) -> None:
    feed = Feed(httpserver)
    receiver = Receiver(httpserver)
    app = App(config(db_url, feed.url, receiver.url, extraction_min_articles=5))
    app.start()
    try:
        with app.store.tx() as tx:
            (row,) = tx.feeds()
            for i in range(articles):
                tx.add(
                    Article(
                        url=f"https://wire.example/{i}",
                        feed_id=row.id,
                        fetched_at=utcnow(),
                        extraction_error="HTTP 403" if i < failed else None,
                    )
                )
        # 3 of 5 is under 80 %; 4 of 4 is too few articles to judge
        assert SelfWatch(app.store, app.cfg.health).check() == []
        with app.store.tx() as tx:
            assert list(tx.health_conditions()) == []
    finally:
        app.store.close()


def test_extraction_condition_fires_above_the_ratio(
    db_url: str, httpserver: HTTPServer, clock: time_machine.Coordinates
) -> None:
    feed = Feed(httpserver)
    receiver = Receiver(httpserver)
    app = App(config(db_url, feed.url, receiver.url, extraction_failure_ratio=0.75))
    app.start()
    try:
        watch = SelfWatch(app.store, app.cfg.health)
        with app.store.tx() as tx:
            (row,) = tx.feeds()
            for i in range(8):
                tx.add(
                    Article(
                        url=f"https://wire.example/{i}",
                        feed_id=row.id,
                        fetched_at=utcnow(),
                        extraction_error="HTTP 403" if i < 6 else None,
                    )
                )
        (raised,) = watch.check()
        assert watch.check() == []  # once per episode
        with app.store.tx() as tx:
            conds = {c.kind: c for c in tx.health_conditions()}
            deliveries = [d.channel for d in tx.deliveries(raised)]
        assert conds["extraction_failing"].active
        assert "6 of 8 articles" in (conds["extraction_failing"].detail or "")
        assert deliveries == ["ops"]
        clock.shift(timedelta(hours=25))  # the failures age out of the window
        (resolved,) = watch.check()
        assert resolved != raised
    finally:
        app.store.close()
