"""What a holder of the web token may change: silence a story, retry dead deliveries,
pause or enable a feed.

The same operations as the CLI's, on the same rows."""

from __future__ import annotations

from datetime import datetime

from monitor.alerting import silences
from monitor.alerting.outbox import requeue
from monitor.storage import Alert, Feed, Tx


class NotFound(LookupError):
    """The row an action names does not exist."""


def silence_story(
    tx: Tx, story_id: int, *, duration: float, comment: str, now: datetime
) -> silences.Added:
    """Alerts for the story (as it stands after merges) are kept, not sent, for `duration`;
    a silence of the story still running is extended instead of doubled."""
    story = tx.resolve_story(story_id)
    if story is None or story.id is None:
        raise NotFound(f"no story {story_id}")
    return silences.add(tx, now=now, duration=duration, story_id=story.id, comment=comment)


def retry_deliveries(
    tx: Tx, now: datetime, *, alert_id: str | None = None, channel: str | None = None
) -> int:
    """Re-queue every dead delivery, or one alert's dead and waiting ones; the running
    daemon sends them at its next sweep. Returns how many."""
    if alert_id is not None:
        alert = tx.get(Alert, alert_id) or tx.alert_by_prefix(alert_id)
        if alert is None:
            raise NotFound(f"no alert {alert_id}")
        rows = list(tx.deliveries(alert.id))
    else:
        rows = list(tx.deliveries_by_status("dead"))
    if channel is not None:
        rows = [d for d in rows if d.channel == channel]
    return requeue(tx, rows, now)


def pause_feed(tx: Tx, feed_id: int) -> Feed:
    """Stop polling a feed until it is enabled again; its articles and history stay."""
    feed = tx.get(Feed, feed_id)
    if feed is None:
        raise NotFound(f"no feed {feed_id}")
    feed.status = "disabled"
    feed.interval_reason = "paused by hand"
    return tx.add(feed)


def enable_feed(tx: Tx, feed_id: int, now: datetime) -> Feed:
    """Poll a paused or disabled feed again, at the next poll."""
    feed = tx.get(Feed, feed_id)
    if feed is None:
        raise NotFound(f"no feed {feed_id}")
    feed.status, feed.consecutive_failures = "new", 0
    feed.next_check_at = now
    feed.interval_reason = "enabled by hand"
    return tx.add(feed)
