"""A small log for the web tests, written through the real ingest path and outbox: two
stories (one with a copy and developments), one hostile article and feed, one dead
delivery."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import uvicorn
from sqlmodel import select

from monitor.review.web.bind import listen
from monitor.storage import Article, Delivery, Feed
from tests.desk import AGENDA, SANCTIONS, T0, VENUE, WIRE, Desk

# Stored as feed content; a page that runs any of it sets window.__pwned or opens a dialog.
SCRIPT = '<script>window.__pwned = "title"; alert(1)</script>'
IMG = "<img src=x onerror=\"window.__pwned = 'text'; alert(2)\">"
HOSTILE_TITLE = f"{SCRIPT} Trump sanctions on Venezuela oil test Petro"
HOSTILE_TEXT = f"{SANCTIONS[1]}\n\n{IMG} Petro answered Trump.\n\n<b>bold?</b> & more"
HOSTILE_FEED_TITLE = '<script>alert(3)</script><img src=x onerror="alert(4)">'
HOSTILE_URL = "javascript:window.__pwned='url';alert(5)//"


@dataclass
class Newsroom:
    desk: Desk
    summit: int  # story: WIRE, a copy of it, then two developments
    sanctions: int  # story: the hostile article
    wire: int
    copy: int
    agenda: int
    venue: int
    hostile: int
    dead_alert: str


async def newsroom(d: Desk) -> Newsroom:
    wire = d.publish("wire.example", WIRE, published=T0)
    copy = d.publish("daily.example", WIRE, published=T0 + timedelta(minutes=5))
    agenda = d.publish("agenda.example", AGENDA, published=T0 + timedelta(hours=1), language="es")
    hostile = d.publish(
        "evil.example", (HOSTILE_TITLE, HOSTILE_TEXT), published=T0 + timedelta(hours=2)
    )
    assert (await d.deliver()).delivered == 2  # the development folded into the new story
    d.receiver.fail_with = 400  # refused for good: the delivery is dead
    venue = d.publish("venue.example", VENUE, published=T0 + timedelta(hours=3), feed="Blog feed")
    assert (await d.deliver()).dead == 1
    d.receiver.fail_with = None
    with d.app.store.tx() as tx:
        feed = tx.session.exec(select(Feed).where(Feed.name == "Wire feed")).one()
        feed.title = HOSTILE_FEED_TITLE
        feed.last_error = HOSTILE_FEED_TITLE
        tx.add(feed)
        row = tx.get(Article, hostile.article_id)
        assert row is not None
        row.url = HOSTILE_URL
        tx.add(row)
        (dead,) = tx.session.exec(select(Delivery).where(Delivery.status == "dead")).all()
        w = tx.get(Article, wire.article_id)
        h = tx.get(Article, hostile.article_id)
        assert w is not None and h is not None
        assert w.story_id is not None and h.story_id is not None
        summit, sanctions = w.story_id, h.story_id
    assert summit != sanctions
    ids = [a.article_id for a in (wire, copy, agenda, venue, hostile)]
    assert all(i is not None for i in ids)
    return Newsroom(d, summit, sanctions, *ids, dead_alert=dead.alert_id)  # type: ignore[arg-type]


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The app behind a real uvicorn server on a loopback port, for as long as the block."""
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="off"))
    # In a thread of its own, uvicorn leaves the process's signals alone.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started, "the server did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
