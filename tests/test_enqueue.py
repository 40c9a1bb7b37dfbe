"""One way to queue an alert: stable ids, the alert with its deliveries, never twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from monitor.alerting import rules, selfwatch
from monitor.alerting.digests import digest_id
from monitor.alerting.enqueue import enqueue
from monitor.alerting.outbox import bundle_id
from monitor.storage import Alert, Conflict, DigestState, Store, Story
from monitor.storage.migrate import upgrade

T = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)


def test_every_producer_keeps_the_ids_already_stored() -> None:
    """Ids written before the producers shared one enqueue, which receivers dedupe by."""
    story = Story(id=5, first_seen=T, title="Summit")
    assert rules.alert_id(story, "summit", "new_story") == "db9fdf24-ef87-593d-adcf-6012b147b365"
    assert (
        rules.alert_id(story, "summit", "development", 42) == "41a5a76a-c1ff-5ef4-a944-36581d3eff12"
    )
    assert digest_id("summit", T) == "9b43e30d-73c0-5017-afaf-35df6a612d0e"
    assert selfwatch.alert_id("feed_failing:3", 2, "health") == (
        "e8dbd5e3-8f10-52c6-a562-981f67467074"
    )
    assert bundle_id("hook", T) == "c42a7537-4b91-5563-a59c-0f2da1cfde79"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    upgrade(s)
    yield s
    s.close()


def digest(now: datetime) -> Alert:
    return Alert(id=digest_id("summit", now), rule="summit", event="digest", created_at=now)


def test_enqueue_writes_the_alert_and_a_delivery_per_channel(store: Store) -> None:
    later = T + timedelta(minutes=10)
    with store.tx() as tx:
        enqueue(tx, digest(T), ["hook", "mail"], send_at=later)
    with store.tx() as tx:
        rows = sorted(tx.deliveries(digest_id("summit", T)), key=lambda d: d.channel)
    assert [(d.channel, d.status, d.attempts) for d in rows] == [
        ("hook", "pending", 0),
        ("mail", "pending", 0),
    ]
    assert {d.next_attempt_at for d in rows} == {later}
    assert {d.created_at for d in rows} == {T}  # the producer's clock, not the wall clock


def test_the_same_alert_queued_again_is_refused_with_its_transaction(store: Store) -> None:
    with store.tx() as tx:
        enqueue(tx, digest(T), ["hook"], send_at=T)
    with pytest.raises(Conflict), store.tx() as tx:
        tx.add(DigestState(rule="summit", last_slot=T, updated_at=T))
        enqueue(tx, digest(T), ["hook"], send_at=T)
    with store.tx() as tx:
        assert len(tx.deliveries(digest_id("summit", T))) == 1
        assert tx.digest_state("summit") is None  # the state change went with it
