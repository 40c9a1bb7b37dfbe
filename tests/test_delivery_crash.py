"""A real `monitor run`, killed with SIGKILL mid-delivery and with alerts pending.

After each restart every alert is delivered; the receiver answers each alert id with
success exactly once (an attempt whose answer was lost in the crash is repeated with the
same id, which is what a receiver drops repeats by), and the digest, killed mid-delivery
too, is sent once and not made again for its slot.
"""

from __future__ import annotations

import signal
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from pytest_httpserver import HTTPServer

from monitor.alerting.digests import Digests
from monitor.config import parse_config
from monitor.storage import Store
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
