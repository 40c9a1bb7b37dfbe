"""Storage: SQLModel tables and the store that is the only way to reach them."""

from monitor.storage.models import (
    Alert,
    Article,
    ArticleBand,
    Delivery,
    DeliveryAttempt,
    DigestState,
    Feed,
    HealthCondition,
    Sighting,
    Silence,
    Story,
    StoryEvent,
    StoryTerm,
    TermCount,
    utcnow,
)
from monitor.storage.store import InstanceLocked, StorageError, Store, Tx, node_id, redact

__all__ = [
    "Alert",
    "Article",
    "ArticleBand",
    "Delivery",
    "DeliveryAttempt",
    "DigestState",
    "Feed",
    "HealthCondition",
    "InstanceLocked",
    "Sighting",
    "Silence",
    "StorageError",
    "Store",
    "Story",
    "StoryEvent",
    "StoryTerm",
    "TermCount",
    "Tx",
    "node_id",
    "redact",
    "utcnow",
]
