"""Digest schedules: "daily 07:00", "weekly mon 07:00" or a cron expression, in a time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DAILY = re.compile(r"^daily\s+(\d{1,2}):(\d{2})$")
_WEEKLY = re.compile(r"^weekly\s+([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})$")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as UTC)") from None


def to_cron(text: str) -> str:
    """The cron expression for a schedule; raises ValueError naming what is wrong."""
    spec = " ".join(text.lower().split())
    if m := _DAILY.match(spec):
        return _clock(m.group(1), m.group(2), "*")
    if m := _WEEKLY.match(spec):
        if m.group(1) not in _DAYS:
            raise ValueError(f"unknown weekday in {text!r} (use mon, tue, … sun)")
        return _clock(m.group(2), m.group(3), str(_DAYS.index(m.group(1))))
    if spec.startswith(("daily", "weekly")):
        raise ValueError(f"expected 'daily HH:MM' or 'weekly mon HH:MM', got {text!r}")
    from croniter import croniter  # on first use: most configs name no cron schedule

    if len(spec.split()) != 5 or not croniter.is_valid(spec):
        raise ValueError(
            f"expected 'daily HH:MM', 'weekly mon HH:MM' or a 5-field cron expression, got {text!r}"
        )
    return spec


def _clock(hour: str, minute: str, weekday: str) -> str:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        raise ValueError(f"{hour}:{minute} is not a time of day")
    return f"{m} {h} * * {weekday}"


@dataclass(frozen=True)
class Schedule:
    text: str
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        to_cron(self.text)
        zone(self.timezone)

    def last_slot(self, now: datetime) -> datetime:
        """The latest scheduled time at or before `now`, in UTC."""
        from croniter import croniter

        local = now.astimezone(zone(self.timezone)) + timedelta(microseconds=1)
        prev: datetime = croniter(to_cron(self.text), local).get_prev(datetime)
        return prev.astimezone(UTC)

    def next_slot(self, now: datetime) -> datetime:
        from croniter import croniter

        local = now.astimezone(zone(self.timezone))
        nxt: datetime = croniter(to_cron(self.text), local).get_next(datetime)
        return nxt.astimezone(UTC)
