"""Silences: alerts for a story, or for stories matching a query, are recorded but not sent.

A silence is checked when an alert is about to be sent (not when it is created), so a
silence added while an alert waits out its group_wait still holds it back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from monitor.judge.query import Document, Query, QueryError
from monitor.storage import Alert, Article, Silence, Story, Tx

log = logging.getLogger(__name__)


class SilenceError(ValueError):
    """A silence that cannot be added as asked."""


@dataclass(frozen=True)
class Added:
    """What `add` did: a new silence, or an identical one already running kept on."""

    silence: Silence
    outcome: Literal["added", "extended", "covered"]
    # the end of the silence that was already running, before this request
    was_until: datetime | None = None


def add(
    tx: Tx,
    *,
    now: datetime,
    duration: float,
    story_id: int | None = None,
    query: str | None = None,
    comment: str = "",
) -> Added:
    """A new silence, unless one for the same story or query is still running: then that
    one is kept and extended to the later end, so `silence list` never shows two."""
    if (story_id is None) == (query is None):
        raise SilenceError("give exactly one of --story ID or --query '…'")
    if story_id is not None and tx.get(Story, story_id) is None:
        raise SilenceError(f"no story {story_id}")
    if query is not None:
        try:
            Query.parse(query)
        except QueryError as exc:
            raise SilenceError(f"malformed query: {exc}") from None
    until = now + timedelta(seconds=duration)
    same = _running_twin(tx, now, story_id, query)
    if same is not None:
        was = same.expires_at
        if was >= until:
            return Added(same, "covered", was)
        same.expires_at = until
        same.created_at = min(same.created_at, now)
        if comment and comment not in same.comment:
            same.comment = f"{same.comment}; {comment}" if same.comment else comment
        tx.add(same)
        log.info("silence %s extended", same.id, extra={"silence_id": same.id})
        return Added(same, "extended", was)
    silence = tx.add(
        Silence(
            story_id=story_id,
            query=query,
            comment=comment,
            created_at=now,
            expires_at=until,
        )
    )
    log.info("silence %s added", silence.id, extra={"silence_id": silence.id})
    return Added(silence, "added")


def _running_twin(tx: Tx, now: datetime, story_id: int | None, query: str | None) -> Silence | None:
    """A silence not yet over that holds back the same alerts: the same story (or the
    story it was merged into), or the same query however it is spaced or bracketed."""
    target = _current(tx, story_id) if story_id is not None else None
    wanted = Query.parse(query) if query is not None else None
    for s in tx.silences():
        if s.expires_at <= now:
            continue
        if target is not None and s.story_id is not None and _current(tx, s.story_id) == target:
            return s
        if wanted is not None and s.query is not None and _parses_to(s.query, wanted):
            return s
    return None


def _current(tx: Tx, story_id: int) -> int:
    """The id a story goes by now: the survivor's, if it was merged."""
    story = tx.resolve_story(story_id)
    return story.id if story is not None and story.id is not None else story_id


def _parses_to(text: str, query: Query) -> bool:
    try:
        return Query.parse(text) == query
    except QueryError:
        return False


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
    # Like sealing, silencing claims the open row, then judges the articles folded by then.
    if not tx.claim_open(alert) or (silence := silence_for(tx, alert, now)) is None:
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
