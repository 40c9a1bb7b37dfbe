"""Filters as a reader gives them (`since=7d`, `until=2026-02-03`) and opaque page cursors."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.config import parse_duration


class BadRequest(ValueError):
    """A parameter that cannot be used as given; the message says which and why."""


def parse_time(value: str | None, name: str, now: datetime) -> datetime | None:
    """A point in time: a duration back from now (7d, 12h) or an ISO date or datetime
    (UTC unless it names a zone)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = parse_duration(text)
    except ValueError:
        pass
    else:
        try:
            return now - timedelta(seconds=seconds)
        except OverflowError:
            raise BadRequest(f"{name}: too far back: {value!r}") from None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(
            f"{name}: expected a duration back from now (7d, 12h) or a date such as "
            f"2026-02-03 or 2026-02-03T15:00Z, got {value!r}"
        ) from None
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    try:
        return at.astimezone(UTC)
    except (OverflowError, ValueError):
        raise BadRequest(f"{name}: out of range: {value!r}") from None


def encode_cursor(*key: Any) -> str:
    """The sort key of the last row shown, as an opaque token for the next page."""
    parts = [k.isoformat() if isinstance(k, datetime) else k for k in key]
    raw = json.dumps(parts, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        parts = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest("cursor: not a cursor this server gave out") from None
    if not isinstance(parts, list):
        raise BadRequest("cursor: not a cursor this server gave out")
    return parts


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**62:
        raise BadRequest("cursor: not a cursor this server gave out")
    return value


def _time(value: Any) -> datetime:
    try:
        at = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRequest("cursor: not a cursor this server gave out") from None
    if at.tzinfo is None:
        raise BadRequest("cursor: not a cursor this server gave out")
    return at.astimezone(UTC)


def id_cursor(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    parts = _decode(cursor)
    if len(parts) != 1:
        raise BadRequest("cursor: not a cursor this server gave out")
    return _int(parts[0])


def time_int_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if cursor is None or cursor == "":
        return None
    parts = _decode(cursor)
    if len(parts) != 2:
        raise BadRequest("cursor: not a cursor this server gave out")
    return _time(parts[0]), _int(parts[1])


def time_str_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None or cursor == "":
        return None
    parts = _decode(cursor)
    if len(parts) != 2 or not isinstance(parts[1], str):
        raise BadRequest("cursor: not a cursor this server gave out")
    return _time(parts[0]), parts[1]
