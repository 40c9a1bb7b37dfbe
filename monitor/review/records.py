"""Stored rows as plain JSON-ready dicts: stable keys, times in ISO 8601 UTC (`Z`).

What `--json` prints; every key is always present (null when unknown), so scripts can
rely on the shape.
"""

from __future__ import annotations

import json
from typing import Any

from monitor.alerting.outbox import iso
from monitor.redact import redact
from monitor.storage import (
    Alert,
    Article,
    Delivery,
    DeliveryAttempt,
    Feed,
    Sighting,
    Silence,
    Story,
    StoryEvent,
)


def article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "source": a.source,
        "source_name": a.source_name,
        "language": a.language,
        "published_at": iso(a.published_at),
        "fetched_at": iso(a.fetched_at),
        "relevant": a.relevant,
        "topics": list(a.topics),
        "story_id": a.story_id,
        "duplicate_of": a.duplicate_of,
    }


def article_detail(a: Article, sightings: list[Sighting], *, with_text: bool) -> dict[str, Any]:
    return {
        **article(a),
        "author": a.author,
        "feed_id": a.feed_id,
        "text_origin": a.text_origin,
        "extraction_error": a.extraction_error,
        "no_text_reason": a.no_text_reason,
        "aggregator": a.aggregator,
        "aggregator_unresolved": a.aggregator_unresolved,
        "text_kept": a.text is not None,
        "text": a.text if with_text else None,
        "sightings": [
            {"url": s.url, "feed_id": s.feed_id, "seen_at": iso(s.seen_at)} for s in sightings
        ],
    }


def story(
    s: Story, *, headline: str, articles: int, outlets: list[str], alerts: int
) -> dict[str, Any]:
    return {
        "id": s.id,
        "headline": headline,
        "title": s.title,
        "first_seen": iso(s.first_seen),
        "last_seen": iso(s.last_seen),
        "topics": list(s.topics),
        "articles": articles,
        "outlets": outlets,
        "alerts": alerts,
    }


def event(e: StoryEvent) -> dict[str, Any]:
    return {
        "at": iso(e.at),
        "kind": e.kind,
        "summary": e.summary,
        "details": list(e.details),
        "article_id": e.article_id,
    }


def alert(al: Alert, deliveries: list[Delivery]) -> dict[str, Any]:
    return {
        "id": al.id,
        "created_at": iso(al.created_at),
        "event": al.event,
        "rule": al.rule,
        "story_id": al.story_id,
        "story_ids": list(al.story_ids),
        "state": al.state,
        "deliveries": [{"channel": d.channel, "status": d.status} for d in deliveries],
    }


def delivery(d: Delivery, attempts: list[DeliveryAttempt]) -> dict[str, Any]:
    return {
        "channel": d.channel,
        "status": d.status,
        "attempts": d.attempts,
        "next_attempt_at": iso(d.next_attempt_at),
        "last_attempt_at": iso(d.last_attempt_at),
        "last_status": d.last_status,
        "last_error": d.last_error,
        "delivered_at": iso(d.delivered_at),
        "bundle_id": d.bundle_id,
        "history": [
            {"at": iso(t.at), "ok": t.ok, "status": t.status, "error": t.error} for t in attempts
        ],
    }


def alert_detail(
    al: Alert, deliveries: list[tuple[Delivery, list[DeliveryAttempt]]]
) -> dict[str, Any]:
    return {
        **alert(al, [d for d, _ in deliveries]),
        "article_id": al.article_id,
        "article_ids": list(al.article_ids),
        "period_start": iso(al.period_start),
        "period_end": iso(al.period_end),
        "sealed_at": iso(al.sealed_at),
        "reasons": list(al.reasons),
        "matched_terms": list(al.matched_terms),
        "matches": {k: list(v) for k, v in (al.matches or {}).items()},
        "new_information": list(al.new_information),
        "silence_id": al.silence_id,
        "urgent": al.urgent,
        "deliveries": [delivery(d, attempts) for d, attempts in deliveries],
        "payload": json.loads(al.payload) if al.payload else None,
    }


def feed(f: Feed) -> dict[str, Any]:
    return {
        "id": f.id,
        "url": redact(f.url),
        "fetch_url": redact(f.fetch_url) if f.fetch_url else None,
        "name": f.name,
        "title": f.title,
        "configured": f.configured,
        "status": f.status,
        "consecutive_failures": f.consecutive_failures,
        "last_checked_at": iso(f.last_checked_at),
        "last_success_at": iso(f.last_success_at),
        "next_check_at": iso(f.next_check_at),
        "check_interval": f.check_interval,
        "interval_reason": f.interval_reason,
        "last_error": f.last_error,
        "last_cut": f.last_cut,
    }


def feed_detail(f: Feed) -> dict[str, Any]:
    return {
        **feed(f),
        "etag": f.etag,
        "last_modified": f.last_modified,
        "entries_seen": f.entries_seen,
        "created_at": iso(f.created_at),
        "ttl": f.ttl,
        "arrivals_kept": len(f.arrivals or []),
        "rate_since": iso(f.rate_since),
        "lease_owner": f.lease_owner,
        "lease_until": iso(f.lease_until),
    }


def silence(s: Silence, state: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "story_id": s.story_id,
        "query": s.query,
        "comment": s.comment,
        "created_at": iso(s.created_at),
        "expires_at": iso(s.expires_at),
        "state": state,
    }
