"""Storage: SQLModel tables and the store that is the only way to reach them."""

from monitor.storage.models import (
    Alert,
    Article,
    ArticleBand,
    Delivery,
    Feed,
    HealthCondition,
    Sighting,
    Story,
    StoryEvent,
    StoryTerm,
    TermCount,
    utcnow,
)
from monitor.storage.store import StorageError, Store, Tx, redact

__all__ = [
    "Alert",
    "Article",
    "ArticleBand",
    "Delivery",
    "Feed",
    "HealthCondition",
    "Sighting",
    "StorageError",
    "Store",
    "Story",
    "StoryEvent",
    "StoryTerm",
    "TermCount",
    "Tx",
    "redact",
    "utcnow",
]
