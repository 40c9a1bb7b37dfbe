"""Quiet hours: a daily window, in a channel's time zone, when non-urgent alerts wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.config import parse_quiet_hours


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    tz: ZoneInfo
    text: str  # as configured, for messages

    @classmethod
    def parse(cls, window: str, timezone: str = "UTC") -> QuietHours:
        start, end = parse_quiet_hours(window)
        return cls(start, end, ZoneInfo(timezone), f"{window} {timezone}")

    def ends_at(self, now: datetime) -> datetime | None:
        """The UTC instant the window around `now` ends, or None outside the window."""
        local = now.astimezone(self.tz)
        t = local.time().replace(tzinfo=None)
        day = local.date()
        if self.start < self.end:
            if not self.start <= t < self.end:
                return None
        elif t >= self.start:
            day += timedelta(days=1)  # the window crosses midnight: it ends tomorrow
        elif not t < self.end:
            return None
        return datetime.combine(day, self.end, tzinfo=self.tz).astimezone(UTC)
