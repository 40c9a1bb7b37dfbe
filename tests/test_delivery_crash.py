"""A real `monitor run`, killed with SIGKILL mid-delivery and with alerts pending.

After each restart every alert is delivered; the receiver answers each alert id with
success exactly once (an attempt whose answer was lost in the crash is repeated with the
same id, which is what a receiver drops repeats by).
"""

from __future__ import annotations

import signal
from pathlib import Path

from pytest_httpserver import HTTPServer

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
    created = add_alerts(store, 6)  # written by an earlier run, not yet delivered
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        config_text(db, "", receiver.url).replace(
            'url = "http://localhost', 'timeout = "60s"\nurl = "http://localhost'
        ),
        encoding="utf-8",
    )

    # 1. the first alert is received but never answered: killed mid-delivery
    receiver.hold_from = 1
    daemon = Daemon(cfg)
    try:
        assert wait_for(receiver.holding.is_set, 30)
    finally:
        daemon.stop(signal.SIGKILL)
    assert receiver.accepted() == []
    assert {d.status for d in rows(store)} == {"pending"}
    created += add_alerts(store, 2)  # more alerts arrive while it is down
    receiver.release.set()
    assert wait_for(lambda: not receiver.holding.is_set(), 10)

    # 2. restarted: three get through, the fourth request is held, killed again
    receiver.release.clear()
    receiver.hold_from = len(receiver.attempts()) + 4
    daemon = Daemon(cfg)
    try:
        assert wait_for(receiver.holding.is_set, 30)
    finally:
        daemon.stop(signal.SIGKILL)
    assert receiver.accepted() == created[:3]
    receiver.release.set()
    assert wait_for(lambda: not receiver.holding.is_set(), 10)

    # 3. restarted with the receiver healthy: the rest arrive, nothing twice
    receiver.hold_from = None
    daemon = Daemon(cfg)
    try:
        assert wait_for(lambda: len(receiver.accepted()) >= len(created), 30)
    finally:
        assert daemon.stop() == 0
    assert receiver.accepted() == created  # each id accepted once, in order of creation
    attempts = receiver.attempts()
    assert attempts.count(created[0]) == 2  # the attempt lost in the first crash, repeated
    assert attempts.count(created[3]) == 2  # and the one lost in the second
    assert {d.status for d in rows(store)} == {"delivered"}
    store.close()
