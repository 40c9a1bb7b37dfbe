"""Queueing an alert: its row and one delivery row per channel, in the caller's transaction.

Every producer (rules, digests, health alerts, quiet-hours bundles) queues through
`enqueue` in the same transaction as the state change behind the alert, so an alert
is never written without its deliveries, nor the state without its alert.

Alert ids. An alert's id is `uuid5(namespace of its producer, "|".join(identity))`.
The identity says which event the alert is about, never when it was written, so a
producer that runs again for the same event (after a crash, a restart, or on another
node) derives the same id and its insert is refused instead of doubling the alert;
receivers drop repeats by the same id. The identities, unchanged since the ids were
first written, so alerts already stored keep theirs:

    rule     story id, story first seen (isoformat), rule, event, article id
             ("" for new_story: one per story and rule)
    digest   "digest", rule, slot (isoformat)
    health   condition key, episode number, event
    bundle   channel, end of the quiet window (ISO 8601 with Z)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from monitor.storage import Alert, Delivery, Tx

Producer = Literal["rule", "digest", "health", "bundle"]

NAMESPACES: dict[Producer, uuid.UUID] = {
    "rule": uuid.UUID("5b0c1f4e-7a43-4c55-9d1e-0c8f6f1d2a77"),
    "digest": uuid.UUID("0d7c2b8e-3f57-4a44-8a0e-6f1e4b9c5d21"),
    "health": uuid.UUID("7d3e2f10-95a4-4b8e-8c61-2a0b5f9e4c33"),
    "bundle": uuid.UUID("0f4b8a52-31d6-4c1e-9a57-6f2e3c9d8b10"),
}


def alert_id(producer: Producer, *identity: str | int) -> str:
    """The stable id of the alert `producer` raises for the event `identity` names."""
    return str(uuid.uuid5(NAMESPACES[producer], "|".join(str(part) for part in identity)))


def enqueue(tx: Tx, alert: Alert, channels: Iterable[str], *, send_at: datetime) -> Alert:
    """Write `alert` and a pending delivery per channel, first tried at `send_at`.

    An alert whose id is already stored is refused (`monitor.storage.Conflict`) and
    the transaction rolls back: another run raised it first.
    """
    alert = tx.add(alert)
    for channel in channels:
        tx.add(
            Delivery(
                alert_id=alert.id,
                channel=channel,
                next_attempt_at=send_at,
                created_at=alert.created_at,
            )
        )
    return alert
