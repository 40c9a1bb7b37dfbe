"""Silences: alerts for a story, or for stories matching a query, are recorded but not sent.

A silence is checked when an alert is about to be sent (not when it is created), so a
silence added while an alert waits out its group_wait still holds it back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from monitor.judge.query import Document, Query, QueryError
from monitor.storage import Alert, Article, Silence, Story, Tx

log = logging.getLogger(__name__)


class SilenceError(ValueError):
    """A silence that cannot be added as asked."""


def add(
    tx: Tx,
    *,
    now: datetime,
    duration: float,
    story_id: int | None = None,
    query: str | None = None,
    comment: str = "",
) -> Silence:
    if (story_id is None) == (query is None):
        raise SilenceError("give exactly one of --story ID or --query '…'")
    if story_id is not None and tx.get(Story, story_id) is None:
        raise SilenceError(f"no story {story_id}")
    if query is not None:
        try:
            Query.parse(query)
        except QueryError as exc:
            raise SilenceError(f"malformed query: {exc}") from None
    silence = tx.add(
        Silence(
            story_id=story_id,
            query=query,
            comment=comment,
            created_at=now,
            expires_at=now + timedelta(seconds=duration),
        )
    )
    log.info("silence %s added", silence.id, extra={"silence_id": silence.id})
    return silence


def expire(tx: Tx, silence_id: int, now: datetime) -> Silence:
    silence = tx.get(Silence, silence_id)
    if silence is None:
        raise SilenceError(f"no silence {silence_id}")
    if silence.expires_at > now:
        silence.expires_at = now
        tx.add(silence)
    return silence


def story_document(story: Story, articles: Sequence[Article]) -> Document:
    parts = [story.title, *(f"{a.title}\n{a.text or ''}" for a in articles)]
    return Document("\n".join(parts))


def matching(
    silences: Sequence[Silence],
    story: Story,
    articles: Sequence[Article],
    story_ids: Sequence[int] = (),
) -> Silence | None:
    """The first of `silences` that covers this story, judged by the given articles.

    `story_ids` are further ids the story goes by (one it was merged from).
    """
    doc: Document | None = None
    ids = {story.id, *story_ids}
    for s in silences:
        if s.story_id is not None and s.story_id in ids:
            return s
        if s.query is not None:
            doc = doc or story_document(story, articles)
            if Query.parse(s.query).matches(doc):
                return s
    return None


def silence_for(tx: Tx, alert: Alert, now: datetime) -> Silence | None:
    """The active silence that holds this alert back, if any. Digests are filtered instead."""
    if alert.story_id is None:
        return None
    active = tx.silences(active_at=now)
    if not active:
        return None
    story = tx.resolve_story(alert.story_id)  # the survivor, if the story was merged
    if story is None or story.id is None:
        return None
    ids = set(alert.article_ids)
    articles = [a for a in tx.story_articles(story.id) if a.id in ids]
    return matching(active, story, articles, [alert.story_id])


def state(silence: Silence, now: datetime) -> str:
    if silence.expires_at <= now:
        return "expired"
    return "active" if silence.created_at <= now else "pending"


def hold(tx: Tx, alert: Alert, now: datetime) -> bool:
    """Record an unsent alert as silenced when a silence covers it; True if it was."""
    silence = silence_for(tx, alert, now)
    if silence is None:
        return False
    alert.state = "silenced"
    alert.silence_id = silence.id
    alert.sealed_at = now
    alert.reasons = [
        *(alert.reasons or []),
        f"silenced by silence {silence.id}: {describe(silence)}",
    ]
    tx.add(alert)
    for d in tx.deliveries(alert.id):
        if d.status == "pending":
            d.status = "silenced"
            tx.add(d)
    log.info(
        "alert silenced by silence %s",
        silence.id,
        extra={"alert_id": alert.id, "silence_id": silence.id, "story_id": alert.story_id},
    )
    return True


def describe(silence: Silence) -> str:
    what = f"story {silence.story_id}" if silence.story_id is not None else f"query {silence.query}"
    return what + (f" ({silence.comment})" if silence.comment else "")
