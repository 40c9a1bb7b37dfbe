"""Ingest folding an article into an alert while the outbox seals it, on SQLite and PostgreSQL.

The interleavings are forced, not hoped for: one transaction is held open at a chosen
point while the other runs into it. Whatever the order, every article an alert records
must be in the message that was sent for it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import event

from monitor.alerting.channels.webhook import WebhookChannel
from monitor.alerting.outbox import Outbox, message_from_payload
from monitor.alerting.rules import RuleEngine
from monitor.config import DeliveryConfig, RuleConfig
from monitor.judge.query import Document
from monitor.storage import Alert, Article, Store, Story, Tx, utcnow
from monitor.storage.migrate import ensure_schema
from tests.desk import Desk
from tests.helpers import Receiver


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    ensure_schema(s, auto_migrate=True)
    yield s
    s.close()


# fold_window 0: only folds into an open alert, the path that races the seal (a copy
# recorded on a sent alert within fold_window is tested in test_rules.py)
RULES = RuleEngine([RuleConfig(name="summit", channels=["hook"], group_wait=0.0, fold_window=0.0)])


def add_article(tx: Tx, story: Story, n: int) -> Article:
    return tx.add(
        Article(
            url=f"https://outlet{n}.example/summit",
            title=f"Petro and Trump summit, report {n}",
            source=f"outlet{n}.example",
            relevant=True,
            story_id=story.id,
            published_at=utcnow(),
        )
    )


def apply(tx: Tx, article: Article, story: Story) -> list[Alert]:
    return RULES.evaluate_copy(tx, article, Document(article.title or ""), story, utcnow())


def first_alert(store: Store) -> tuple[int, str]:
    """A story with one article and its open new_story alert, due now."""
    with store.tx() as tx:
        now = utcnow()
        story = tx.add(Story(title="Petro and Trump summit", first_seen=now, last_seen=now))
        (alert,) = apply(tx, add_article(tx, story, 1), story)
        assert alert.state == "open" and story.id is not None
        return story.id, alert.id


def deliver_in_thread(store: Store, receiver: Receiver) -> threading.Thread:
    box = Outbox(store, {"hook": WebhookChannel("hook", receiver.url)}, DeliveryConfig())
    thread = threading.Thread(target=lambda: asyncio.run(box.deliver_due()), daemon=True)
    thread.start()
    return thread


def assert_sent_what_was_recorded(store: Store, receiver: Receiver) -> None:
    """Every sealed alert's articles are in its stored payload and in what was received."""
    with store.tx() as tx:
        for alert in tx.alerts():
            assert alert.state == "sealed" and alert.payload is not None
            sent = message_from_payload(alert.payload)
            assert sent.story is not None
            urls = {a.url for a in sent.story.articles}
            recorded = {a.url for i in alert.article_ids if (a := tx.get(Article, i))}
            assert recorded <= urls, f"recorded but never sent: {recorded - urls}"
    for body in receiver.bodies:
        with store.tx() as tx:
            alert = tx.get(Alert, body["id"])
            assert alert is not None
            received = {a["url"] for a in body["story"]["articles"]}
            recorded = {a.url for i in alert.article_ids if (a := tx.get(Article, i))}
            assert recorded <= received


def test_an_article_folded_while_the_outbox_seals_is_in_the_message(
    store: Store, httpserver: HTTPServer
) -> None:
    """The fold is written but not committed when the outbox starts sealing: the seal waits
    for it and sends the article."""
    receiver = Receiver(httpserver)
    story_id, alert_id = first_alert(store)
    sealing = threading.Event()

    def on_update(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE ALERT"):
            sealing.set()

    with store.tx() as tx:
        story = tx.get(Story, story_id)
        assert story is not None
        second = add_article(tx, story, 2)
        (folded,) = apply(tx, second, story)
        assert folded.id == alert_id and second.id in folded.article_ids
        event.listen(store.engine, "before_cursor_execute", on_update)
        try:
            thread = deliver_in_thread(store, receiver)
            # the outbox has read the alert as it stood and now writes it: only then commit
            assert sealing.wait(30)
        finally:
            event.remove(store.engine, "before_cursor_execute", on_update)
    thread.join(60)
    assert not thread.is_alive()
    assert receiver.accepted() == [alert_id]
    urls = {a["url"] for a in receiver.bodies[0]["story"]["articles"]}
    assert "https://outlet2.example/summit" in urls
    assert_sent_what_was_recorded(store, receiver)


def test_an_article_is_not_folded_into_an_alert_sealed_since_it_was_read(
    store: Store, httpserver: HTTPServer
) -> None:
    """Ingest read the alert while open; the outbox sealed and sent it before ingest folded.
    The article must not be recorded in an alert that went out without it."""
    receiver = Receiver(httpserver)
    story_id, alert_id = first_alert(store)
    with store.tx() as tx:
        story = tx.get(Story, story_id)
        seen = tx.get(Alert, alert_id)
        assert story is not None and seen is not None and seen.state == "open"
        tx.alert_marks(story_id, "summit")  # ingest's read of the rule's alerts
        thread = deliver_in_thread(store, receiver)
        thread.join(60)
        assert not thread.is_alive() and receiver.accepted() == [alert_id]
        second = add_article(tx, story, 2)
        apply(tx, second, story)
        assert second.id not in seen.article_ids
    with store.tx() as tx:
        alert = tx.get(Alert, alert_id)
        assert alert is not None and alert.state == "sealed"
        assert len(alert.article_ids) == 1
    assert_sent_what_was_recorded(store, receiver)


async def test_run_once_waits_for_the_daemons_deliver_lock(desk: Callable[..., Desk]) -> None:
    """A cron `run --once` beside a daemon: it delivers only once the daemon's round is over."""
    d = desk({"group_wait": "0s"})
    d.publish("wire.example")
    daemon = Store(d.cfg.storage.url)  # another node: its own connections
    held = threading.Event()
    sent_while_held: list[str] = []

    def delivering() -> None:
        with daemon.singleton("deliver") as mine:
            assert mine
            held.set()
            time.sleep(2.0)
            sent_while_held.extend(d.receiver.accepted())

    thread = threading.Thread(target=delivering, daemon=True)
    thread.start()
    assert held.wait(10)
    try:
        summary = await d.app.run_once(due_only=True)
    finally:
        thread.join(30)
        daemon.close()
    assert sent_while_held == []
    assert summary.delivery.delivered == 1 and len(d.receiver.accepted()) == 1


def test_a_fold_appends_in_order_to_a_loaded_alert_and_not_to_a_sealed_one(store: Store) -> None:
    """The database appends a folded article to the alert's stored list and matches: an
    alert row made before (its JSON as Python wrote it) gains them in arrival order, a copy
    already loaded in the session sees them, and a sealed alert gains nothing."""
    story_id, alert_id = first_alert(store)
    with store.tx() as tx:
        story = tx.get(Story, story_id)
        loaded = tx.get(Alert, alert_id)
        assert story is not None and loaded is not None
        (first,) = loaded.article_ids
        added = [add_article(tx, story, n) for n in (2, 3, 11)]
        for article in added:
            assert article.id is not None
            claimed, alert = tx.fold_open(alert_id, article.id, ["trump", "petro", "trump"])
            assert claimed and alert is loaded
        ids = [first, *(a.id for a in added)]
        assert loaded.article_ids == ids
        assert list(loaded.matches) == [str(i) for i in ids]
        assert loaded.matches[str(ids[-1])] == ["petro", "trump"]
    with store.tx() as tx:
        alert = tx.get(Alert, alert_id)
        assert alert is not None and alert.article_ids == ids
        assert list(alert.matches) == [str(i) for i in ids]
        assert tx.claim_open(alert, seal_at=utcnow())
    with store.tx() as tx:
        story = tx.get(Story, story_id)
        assert story is not None
        late = add_article(tx, story, 12)
        assert late.id is not None
        claimed, alert = tx.fold_open(alert_id, late.id, ["petro"])
        assert not claimed and alert is not None and alert.state == "sealed"
        assert alert.article_ids == ids and str(late.id) not in alert.matches
