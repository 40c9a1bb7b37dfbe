"""A real `monitor run`, killed with SIGKILL mid-delivery and with alerts pending.

After each restart every alert is delivered; the receiver answers each alert id with
success exactly once (an attempt whose answer was lost in the crash is repeated with the
same id, which is what a receiver drops repeats by), and the digest, killed mid-delivery
too, is sent once and not made again for its slot.
"""

from __future__ import annotations

import hashlib
import random
import re
import signal
import time
import tomllib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import time_machine
from pytest_httpserver import HTTPServer
from sqlmodel import select
from werkzeug import Request, Response

from monitor.alerting.digests import Digests
from monitor.config import parse_config
from monitor.storage import Article, Delivery, Store
from monitor.storage.migrate import ensure_schema
from tests.helpers import Receiver, config_text
from tests.test_outbox import add_alerts, rows
from tests.test_service import Daemon, wait_for


def test_sigkill_mid_delivery_and_with_alerts_pending_loses_and_doubles_nothing(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    receiver = Receiver(httpserver)
    db = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(db)
    ensure_schema(store, auto_migrate=True)
    digest_rule = '[[rules]]\nname = "daily"\nschedule = "daily 07:00"\nchannels = ["hook"]\n'
    text = config_text(db, "", receiver.url, digest_rule).replace(
        'url = "http://localhost', 'timeout = "60s"\nurl = "http://localhost'
    )
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(text, encoding="utf-8")
    # An earlier run, three days ago: six alerts, then the next morning's digest of them,
    # none delivered yet.
    day = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    digests = Digests(parse_config(tomllib.loads(text)).rules)
    with time_machine.travel(day - timedelta(days=3, hours=1), tick=False) as clock:
        digests.run_due(store, datetime.now(UTC))  # the rule's first period starts
        clock.shift(timedelta(hours=2))
        created = add_alerts(store, 6)
        clock.move_to(day - timedelta(days=2, minutes=-1))
        (digest,) = digests.run_due(store, datetime.now(UTC))
    created.append(digest.id)

    # 1. the first alert is received but never answered: killed mid-delivery
    receiver.hold_from = 1
    daemon = Daemon(cfg)
    try:
        assert wait_for(receiver.holding.is_set, 90), daemon.events
    finally:
        daemon.stop(signal.SIGKILL)
    assert receiver.accepted() == []
    assert {d.status for d in rows(store)} == {"pending"}
    created += add_alerts(store, 2)  # more alerts arrive while it is down
    receiver.release.set()
    assert wait_for(lambda: not receiver.holding.is_set(), 30)

    # 2. restarted: the six alerts get through, the digest is held, killed again
    receiver.release.clear()
    receiver.hold_from = len(receiver.attempts()) + 7
    daemon = Daemon(cfg)
    try:
        assert wait_for(receiver.holding.is_set, 90)
    finally:
        daemon.stop(signal.SIGKILL)
    assert receiver.accepted() == created[:6]
    receiver.release.set()
    assert wait_for(lambda: not receiver.holding.is_set(), 30)

    # 3. restarted with the receiver healthy: the rest arrive, nothing twice
    receiver.hold_from = None
    daemon = Daemon(cfg)
    try:
        assert wait_for(lambda: len(receiver.accepted()) >= len(created), 90)
    finally:
        assert daemon.stop() == 0
    assert receiver.accepted() == created  # each id accepted once, in order of creation
    attempts = receiver.attempts()
    assert attempts.count(created[0]) == 2  # the attempt lost in the first crash, repeated
    assert attempts.count(digest.id) == 2  # and the digest lost in the second
    (sent,) = [b for b in receiver.bodies if b["event"] == "digest"]
    assert [s["title"] for s in sent["stories"]] == [
        f"Story {i}: Petro and Trump" for i in reversed(range(6))
    ]
    assert {d.status for d in rows(store)} == {"delivered"}
    with store.tx() as tx:  # the daemon's own digest ticks found nothing new to send
        assert [a.id for a in tx.alerts() if a.event == "digest"] == [digest.id]
    store.close()


# --- SIGKILL anywhere in a poll cycle ------------------------------------------------------

KILL_TRIALS = 20
PER_ROUND = 2  # new articles each trial's cycle has to fetch, store, alert and deliver


class NewsDesk:
    """One loopback feed that gains PER_ROUND articles each round, with their pages. Each
    article is a story of its own (no shared vocabulary but the topic word), so every run
    that stores them all owes one new-story alert per article, whatever it batched."""

    def __init__(self, server: HTTPServer) -> None:
        self.round = 0
        self.server = server
        server.expect_request("/feed.xml").respond_with_handler(self.feed)
        server.expect_request(re.compile(r"^/a/\d+\.html$")).respond_with_handler(self.page)

    @staticmethod
    def words(n: int, count: int) -> str:
        return " ".join(
            "w" + hashlib.sha256(f"{n}-{k}".encode()).hexdigest()[:7] for k in range(count)
        )

    def feed(self, request: Request) -> Response:
        items = "".join(
            f"<item><title>Kestrel {self.words(n, 6)}</title>"
            f"<link>{self.server.url_for(f'/a/{n}.html')}</link><guid>kestrel-{n}</guid>"
            f"<pubDate>{format_datetime(BASE_TIME + timedelta(minutes=n))}</pubDate></item>"
            for n in reversed(range(self.round * PER_ROUND))
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{items}'
        return Response(body + "</channel></rss>", content_type="application/rss+xml")

    def page(self, request: Request) -> Response:
        n = int(request.path.rsplit("/", 1)[1].split(".")[0])
        paragraphs = "".join(f"<p>Kestrel {self.words(n * 100 + p, 40)}.</p>" for p in range(4))
        return Response(
            f"<html><head><title>Kestrel {self.words(n, 6)}</title></head><body><article>"
            f"<h1>Kestrel {self.words(n, 6)}</h1>{paragraphs}</article></body></html>",
            content_type="text/html",
        )


BASE_TIME = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


def _announced(body: dict[str, Any]) -> tuple[str, frozenset[str]]:
    """An alert by what it says: its event and the articles it names."""
    stories = body.get("stories") or [body.get("story") or {}]
    urls = {a["url"] for s in stories for a in s.get("articles", [])}
    if body.get("article"):
        urls.add(body["article"]["url"])
    return body["event"], frozenset(urls)


def _outcome(
    db: str, receiver: Receiver
) -> tuple[set[str], set[tuple[str, frozenset[str]]], set[str]]:
    """Stored article URLs, the alerts received (by what they announce), the ids received."""
    store = Store(db)
    try:
        with store.tx() as tx:
            stored = {a.url for a in tx.session.exec(select(Article)).all()}
    finally:
        store.close()
    return stored, {_announced(b) for b in receiver.bodies}, set(receiver.accepted())


def _desk_config(tmp_path: Path, name: str, hook: str, feed: str) -> Path:
    db = f"sqlite:///{tmp_path / f'{name}.db'}"
    text = config_text(db, f'[[feeds]]\nurl = "{feed}"\ninterval = "1s"\n', hook)
    cfg = tmp_path / f"{name}.toml"
    cfg.write_text(text.replace("query = 'petro AND trump'", "query = 'kestrel'"))
    return cfg


def _settled(db: str, articles: int) -> bool:
    store = Store(db)
    try:
        with store.tx() as tx:
            stored = len(tx.session.exec(select(Article)).all())
            sent = [d.status for d in tx.session.exec(select(Delivery)).all()]
    except Exception:  # the schema may not be there yet
        return False
    finally:
        store.close()
    return stored == articles and len(sent) == articles and set(sent) == {"delivered"}


def test_sigkill_at_random_points_of_poll_cycles_loses_nothing_and_repeats_only_ids(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """20 kills, each at a seeded random moment of a cycle that has new articles to fetch,
    store, alert on and deliver; then a restart runs to the end. The outcome equals an
    uninterrupted run's: the same articles, one alert each; a send whose answer the kill
    lost is repeated with its own id (which a receiver drops), never under a new one."""
    receiver = Receiver(httpserver)
    desk = NewsDesk(httpserver)
    feed = httpserver.url_for("/feed.xml")
    total = KILL_TRIALS * PER_ROUND
    rng = random.Random(14)

    cfg = _desk_config(tmp_path, "killed", receiver.url, feed)
    killed_db = tomllib.loads(cfg.read_text())["storage"]["url"]
    kills = 0
    for trial in range(1, KILL_TRIALS + 1):
        desk.round = trial
        daemon = Daemon(cfg)
        try:
            assert wait_for(lambda d=daemon: bool(d.logged("monitor running")), 60), daemon.events
            time.sleep(rng.uniform(0.0, 1.5))  # a cycle with new articles takes about 1 s
        finally:
            daemon.stop(signal.SIGKILL, timeout=10)
        kills += daemon.proc.returncode == -signal.SIGKILL
    daemon = Daemon(cfg)
    try:
        assert wait_for(lambda: _settled(killed_db, total), 90), daemon.events[-10:]
    finally:
        assert daemon.stop() == 0
    killed = _outcome(killed_db, receiver)
    attempts = list(receiver.accepted())

    receiver.bodies.clear()
    cfg = _desk_config(tmp_path, "whole", receiver.url, feed)
    whole_db = tomllib.loads(cfg.read_text())["storage"]["url"]
    daemon = Daemon(cfg)
    try:
        assert wait_for(lambda: _settled(whole_db, total), 90), daemon.events[-10:]
    finally:
        assert daemon.stop() == 0
    whole = _outcome(whole_db, receiver)

    assert kills == KILL_TRIALS
    assert len(whole[0]) == total and len(whole[1]) == total  # one alert per article
    assert killed[0] == whole[0]  # the same articles stored
    assert killed[1] == whole[1]  # the same alerts, by what they announce
    store = Store(killed_db)
    try:
        with store.tx() as tx:
            alert_ids = {d.alert_id for d in tx.session.exec(select(Delivery)).all()}
    finally:
        store.close()
    assert killed[2] == alert_ids  # every alert received, under its own id
    repeats = len(attempts) - len(set(attempts))
    assert repeats <= kills  # at most the one send in flight per kill, same id
