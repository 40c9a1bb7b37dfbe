"""The whole monitor against real loopback servers: feeds, pages, a webhook receiver.

One wire story on three outlets (one link with tracking parameters, one behind a
redirect), an off-topic article, then a development: exactly one new_story alert with the
three outlets, nothing for the off-topic article, one development alert, and nothing more
after a restart and another run.
"""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from monitor.alerting.channels.webhook import verify_signature
from monitor.config import Config, parse_config
from monitor.demo.replay import ReplayServer
from monitor.service.app import App
from tests.helpers import NO_BACKFILL, WIRE, Receiver, scenario_corpus

SECRET = "e2e-secret"


@pytest.fixture
def receiver(httpserver: HTTPServer) -> Receiver:
    return Receiver(httpserver)


def make_config(db_url: str, server: ReplayServer, hook: str) -> Config:
    return parse_config(
        {
            "storage": {"url": db_url},
            "fetch": {"allow_private_addresses": True, "timeout": 10},
            "topics": [
                {
                    "name": "us-colombia",
                    "query": '(petro OR colombia*) AND (trump OR "white house" OR '
                    '"casa blanca" OR washington)',
                }
            ],
            "feeds": [{"url": u, "name": o} for o, u in server.feed_urls().items()],
            "rules": [
                {
                    "name": "summit",
                    "topics": ["us-colombia"],
                    "query": "summit OR meeting OR reunión OR cumbre OR talks",
                    "channels": ["hook"],
                }
            ],
            "channels": [{"name": "hook", "type": "webhook", "url": hook, "secret": SECRET}],
            "alerts": NO_BACKFILL,
        }
    )


async def test_wire_story_is_one_alert_then_one_development_and_nothing_after_restart(
    db_url: str, receiver: Receiver
) -> None:
    corpus = scenario_corpus(
        {**dict.fromkeys(WIRE, 1), "uruguay-china-trade": 1, "summit-working-group": 2}
    )
    with ReplayServer(corpus) as server:
        cfg = make_config(db_url, server, receiver.url)

        async with App(cfg) as app:
            first = await app.run_once()
        assert first.cycle.failed == []
        assert first.cycle.total("relevant") == 3
        assert first.cycle.total("duplicates") == 2
        (alert,) = receiver.bodies
        assert alert["event"] == "new_story"
        assert alert["rule"] == "summit"
        story = alert["story"]
        assert story["outlets"] == 3
        urls = {a["url"] for a in story["articles"]}
        # tracking parameters stripped, the redirect resolved to the publisher's page
        assert urls == {server.article_url(slug) for slug in WIRE}
        # Each outlet by the name its feed was given in the config (the pages' site
        # names are "Andes Wire", …): the desk's name for an outlet comes first.
        assert {a["source"] for a in story["articles"]} == {
            "andes-wire",
            "potomac-daily",
            "caribbean-courier",
        }
        assert story["outlet_names"] == ["andes-wire", "caribbean-courier", "potomac-daily"]
        assert "Uruguay" not in json.dumps(receiver.bodies)
        headers, raw = receiver.raw[0]
        assert verify_signature(SECRET, headers["X-Monitor-Signature"], raw)
        assert headers["X-Monitor-Delivery"] == alert["id"]

        server.set_round(2)
        async with App(cfg) as app:
            await app.run_once()
        (dev,) = receiver.events("development")
        assert dev["story"]["id"] == story["id"]
        assert dev["article"]["url"] == server.article_url("summit-working-group")
        assert dev["new_information"], "a development says what is new"
        assert any("cartagena" in item.lower() for item in dev["new_information"])
        assert len(receiver.events("new_story")) == 1

        # A restart and another run: nothing is sent again.
        async with App(cfg) as app:
            again = await app.run_once()
            assert again.delivery.delivered == 0
            with app.store.tx() as tx:
                alerts = list(tx.alerts())
                assert len(alerts) == 2
                deliveries = [d for a in alerts for d in tx.deliveries(a.id)]
                assert [d.status for d in deliveries] == ["delivered", "delivered"]
                off_topic = tx.article_by_url(server.article_url("uruguay-china-trade"))
                assert off_topic is not None and not off_topic.relevant
                assert off_topic.text is None  # remembered, but its text is not kept
        assert len(receiver.bodies) == 2


async def test_failed_delivery_is_retried_and_never_doubled(
    db_url: str, receiver: Receiver
) -> None:
    corpus = scenario_corpus(dict.fromkeys(WIRE, 1))
    with ReplayServer(corpus) as server:
        cfg = make_config(db_url, server, receiver.url)
        receiver.fail_with = 503
        async with App(cfg) as app:
            summary = await app.run_once()
        assert summary.delivery.retrying == 1 and receiver.bodies == []

        receiver.fail_with = None
        async with App(cfg) as app:
            with app.store.tx() as tx:  # make the retry due now
                (alert,) = tx.alerts()
                (row,) = tx.deliveries(alert.id)
                assert row.status == "pending" and row.attempts == 1
                assert "503" in (row.last_error or "")
                row.next_attempt_at = row.created_at
                tx.add(row)
            await app.run_once()
            await app.run_once()
        assert len(receiver.bodies) == 1
        assert {json.loads(raw)["id"] for _, raw in receiver.raw} == {receiver.bodies[0]["id"]}


async def test_spanish_report_and_seeds_join_the_summit_story(
    sqlite_url: str, receiver: Receiver
) -> None:
    corpus = scenario_corpus(
        {
            "trump-petro-tense-summit": 1,
            "petro-stares-down-trump": 1,
            "petro-confirms-summit": 1,
            "petro-anuncia-reunion": 1,
        }
    )
    with ReplayServer(corpus) as server:
        cfg = make_config(sqlite_url, server, receiver.url)
        async with App(cfg) as app:
            await app.run_once()
            with app.store.tx() as tx:
                relevant = [a for a in tx.articles() if a.relevant]
        assert len(relevant) == 4
        assert len({a.story_id for a in relevant}) == 1
        (alert,) = receiver.bodies
        assert {a["language"] for a in alert["story"]["articles"]} == {"en", "es"}
