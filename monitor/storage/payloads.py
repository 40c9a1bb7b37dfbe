"""Sent payloads stored with their large parts shared (`PayloadPart`).

A sealed payload is the record of what was sent, so what the models give back is the
exact text sealed: parts are split out only when joining them again gives that text, and
the stored form (`@` and the JSON with parts named by hash) is expanded whenever an alert
is loaded. Written and read in the mapper's events, so every reader of `Alert.payload`
sees the full text.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import Insert, event, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, QueryContext
from sqlalchemy.orm.attributes import set_committed_value

from monitor.storage.models import Alert, PayloadPart

SHARED = ("articles", "timeline")  # keys whose lists repeat from alert to alert
MIN_PART = 1024  # bytes of JSON: smaller lists stay inline
PACKED = "@"  # a payload is a JSON object, so it never starts with this
REF = "$part"

_parts: dict[str, str] = {}  # hash -> a part's JSON; parts never change
_CACHE = 64
_full: dict[int, str] = {}  # id(alert) -> its full payload, during a flush


def _split(doc: Any, parts: dict[str, str]) -> Any:
    if isinstance(doc, list):
        return [_split(x, parts) for x in doc]
    if not isinstance(doc, dict):
        return doc
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key in SHARED and isinstance(value, list):
            body = json.dumps(value, ensure_ascii=False)
            if len(body) >= MIN_PART:
                digest = hashlib.sha256(body.encode()).hexdigest()
                parts[digest] = body
                out[key] = {REF: digest}
                continue
        out[key] = _split(value, parts)
    return out


# A reference as the stored form spells it. Inside a JSON string a quote is escaped, so
# this can only match a reference itself, never text from a feed.
_REF = re.compile(r'\{"\$part": "([0-9a-f]{64})"\}')


def pack(payload: str) -> tuple[str, dict[str, str]]:
    """The stored form of a payload and the parts it names (hash -> JSON); the payload
    itself and no parts when nothing is worth sharing or joining would not give it back.

    The stored form is the payload's own JSON with each part's text replaced by a
    reference, so reading it back splices the parts' texts in, without parsing them."""
    if not payload.startswith("{"):
        return payload, {}
    try:
        doc = json.loads(payload)
    except ValueError:
        return payload, {}
    parts: dict[str, str] = {}
    stored = PACKED + json.dumps(_split(doc, parts), ensure_ascii=False)
    if not parts or unpack(stored, parts) != payload:
        return payload, {}
    return stored, parts


def unpack(stored: str, parts: dict[str, str]) -> str:
    """The payload a stored form names, given its parts (hash -> JSON)."""
    if not stored.startswith(PACKED):
        return stored
    return _REF.sub(lambda m: parts[m.group(1)], stored[1:])


def _fetch(conn: Connection, stored: str) -> dict[str, str]:
    # Read from the shared cache once: another database thread may clear it meanwhile.
    wanted = set(_REF.findall(stored))
    found = {h: body for h in wanted if (body := _parts.get(h)) is not None}
    missing = wanted - found.keys()
    if missing:
        table = PayloadPart.__table__  # type: ignore[attr-defined]
        rows = conn.execute(
            select(table.c.hash, table.c.body).where(table.c.hash.in_(sorted(missing)))
        ).all()
        if len(_parts) + len(rows) > _CACHE:
            _parts.clear()
        for digest, body in rows:
            _parts[digest] = body
            found[digest] = body
    return found


def expand(conn: Connection, stored: str) -> str:
    """A stored payload as it was sealed."""
    if not stored.startswith(PACKED):
        return stored
    return unpack(stored, _fetch(conn, stored))


def _save(conn: Connection, parts: dict[str, str]) -> None:
    table = PayloadPart.__table__  # type: ignore[attr-defined]
    stmt: Insert
    if conn.dialect.name == "postgresql":  # its dialect module is imported only here
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(table).on_conflict_do_nothing(index_elements=["hash"])
    else:
        stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=["hash"])
    conn.execute(
        stmt,
        [{"hash": h, "body": b} for h, b in sorted(parts.items())],
    )


@event.listens_for(Alert, "before_insert")
@event.listens_for(Alert, "before_update")
def _before_write(_mapper: Mapper[Alert], conn: Connection, alert: Alert) -> None:
    if alert.payload is None or not inspect(alert).attrs.payload.history.added:
        return
    stored, parts = pack(alert.payload)
    if not parts:
        return
    _save(conn, parts)
    _full[id(alert)] = alert.payload
    alert.payload = stored


@event.listens_for(Alert, "after_insert")
@event.listens_for(Alert, "after_update")
def _after_write(_mapper: Mapper[Alert], _conn: Connection, alert: Alert) -> None:
    full = _full.pop(id(alert), None)
    if full is not None:
        set_committed_value(alert, "payload", full)


def _read(alert: Alert, context: QueryContext) -> None:
    stored = alert.__dict__.get("payload")
    if isinstance(stored, str) and stored.startswith(PACKED):
        set_committed_value(alert, "payload", expand(context.session.connection(), stored))


@event.listens_for(Alert, "load")
def _on_load(alert: Alert, context: QueryContext) -> None:
    _read(alert, context)


@event.listens_for(Alert, "refresh")
def _on_refresh(alert: Alert, context: QueryContext, _attrs: Any) -> None:
    _read(alert, context)
