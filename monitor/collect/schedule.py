"""When to check a feed next: publishing-rate estimate, server hints, backoff, spreading.

Pure functions over plain values, shared by the pipeline and `bench/simulate_schedule.py`.

The rate is a kernel estimate over recent arrival times (the entries' published dates, or
when they were first seen): each arrival counts exp(-age/tau), divided by the decayed
length of the observation window, so a feed that goes quiet slows down smoothly and one
new entry speeds it up at once. The larger of that and a seven-times slower long-run
estimate is used, so a few silent days do not make a steady feed look dead. Intervals
follow the square-root rule (interval ∝ 1/sqrt(rate)), which for a fixed number of
requests minimises the mean delay from publication to detection over many feeds.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_ARRIVALS = 64  # arrival times kept per feed
MIN_WINDOW = 3600.0  # seconds: a shorter observation says too little about a rate
LONG_RUN = 7  # the long-run estimate's half-life, in short half-lives
REFERENCE_RATE = 1 / 3600.0  # entries per second at which a feed gets `base`

_MAX_AGE = re.compile(r"(?:^|[,\s])(s-maxage|max-age)\s*=\s*\"?(\d+)\"?", re.IGNORECASE)


@dataclass(frozen=True)
class Policy:
    """The `[schedule]` settings the maths needs, in seconds."""

    base: float = 900.0  # interval of a feed publishing one entry an hour, and of new feeds
    min_interval: float = 120.0
    max_interval: float = 6 * 3600.0
    half_life: float = 86400.0  # how fast an old entry stops counting towards the rate
    max_backoff: float = 6 * 3600.0
    adaptive: bool = True
    spread: float = 0.1  # next checks land within ±spread of the interval
    # a topic search feed (Google News, Bing News search) is quiet until its story
    # breaks, and then its first report is the one that matters: never slower than this
    search_max_interval: float | None = 480.0
    # when a feed brings a new relevant story, the other feeds of its topics are checked
    # this long after (never sooner than min_interval after their last check); None: off
    follow_up: float | None = 0.0


@dataclass(frozen=True)
class Plan:
    """The next check: when, the interval it came from, and why, for `monitor feeds`."""

    at: datetime
    interval: float
    reason: str


# --- publishing rate ----------------------------------------------------------


def record_arrivals(
    kept: Sequence[float], new: Iterable[float], cap: int = MAX_ARRIVALS
) -> list[float]:
    """Merge new arrival times (epoch seconds) into the kept ones; the newest `cap` stay."""
    return sorted([*kept, *new])[-cap:]


def arrival_time(published: datetime | None, now: datetime, first_poll: bool) -> float | None:
    """When an entry arrived: its published date (never in the future), else first seen.

    On a feed's first poll every entry is seen at once; without a date that instant says
    nothing about when they were published, so it is not counted.
    """
    if published is not None:
        return min(published, now).timestamp()
    return None if first_poll else now.timestamp()


def observe(
    kept: Sequence[float],
    since: float | None,
    published: Iterable[datetime | None],
    now: datetime,
) -> tuple[list[float], float]:
    """A check saw these entries: the arrivals to keep and since when the feed is watched.

    On the first check (`since` None) `published` is every entry the feed shows, so its
    dated history seeds the rate; afterwards only the new entries.
    """
    first = since is None
    times = [t for d in published if (t := arrival_time(d, now, first)) is not None]
    arrivals = record_arrivals(kept, times) if times else list(kept)
    return arrivals, now.timestamp() if since is None else since


def publishing_rate(
    arrivals: Sequence[float], now: datetime, since: float | None, half_life: float
) -> float | None:
    """Entries per second, or None when too little has been observed to tell.

    `since` is when observation started (epoch seconds); the window is never taken to
    begin after the oldest kept arrival, and once older arrivals have been dropped it
    begins at the oldest kept one: what came before is no longer counted.
    """
    t = now.timestamp()
    if len(arrivals) >= MAX_ARRIVALS:
        since = arrivals[0]
    starts = [s for s in (since, arrivals[0] if arrivals else None) if s is not None]
    if not starts:
        return None
    window = t - min(starts)
    if window < MIN_WINDOW and not arrivals:
        return None
    window = max(window, MIN_WINDOW)
    tau = half_life / math.log(2)
    weight = sum(math.exp(-max(0.0, t - a) / tau) for a in arrivals)
    exposure = tau * -math.expm1(-window / tau)
    return weight / exposure


def blended_rate(
    arrivals: Sequence[float], now: datetime, since: float | None, half_life: float
) -> float | None:
    """The recent rate, but not below the long-run one: a burst speeds a feed up at once,
    while a few silent days do not make a steady feed look dead."""
    short = publishing_rate(arrivals, now, since, half_life)
    long = publishing_rate(arrivals, now, since, half_life * LONG_RUN)
    if short is None or long is None:
        return short if long is None else long
    return max(short, long)


def rate_interval(rate: float | None, policy: Policy) -> float:
    """Square-root rule, clamped to the bounds; no estimate yet means `base`."""
    if rate is None:
        return clamp(policy.base, policy)
    if rate <= 0:
        return policy.max_interval
    return clamp(policy.base * math.sqrt(REFERENCE_RATE / rate), policy)


def clamp(seconds: float, policy: Policy) -> float:
    return min(max(seconds, policy.min_interval), policy.max_interval)


def describe_rate(rate: float | None) -> str:
    if rate is None:
        return "no history yet"
    per_day = rate * 86400
    if per_day >= 48:
        return f"{per_day / 24:.1f} entries/hour"
    if per_day >= 1:
        return f"{per_day:.1f} entries/day"
    if per_day * 7 >= 0.1:
        return f"{per_day * 7:.1f} entries/week"
    return "under 0.1 entries/week"


# --- server hints -------------------------------------------------------------


def freshness_hint(
    headers: Mapping[str, str], ttl_minutes: int | None, now: datetime
) -> tuple[float, str] | None:
    """The longest 'do not come back before' the server gave: max-age, Expires or <ttl>.

    Headers are lower-cased names. Expires is taken relative to the server's Date when
    there is one, so a skewed server clock does not matter.
    """
    hints: list[tuple[float, str]] = []
    cache = headers.get("cache-control", "")
    ages = {m.group(1).lower(): int(m.group(2)) for m in _MAX_AGE.finditer(cache)}
    if "max-age" in ages or "s-maxage" in ages:
        age = ages.get("s-maxage", ages.get("max-age", 0))
        hints.append((float(age), f"Cache-Control max-age={age}"))
    elif "expires" in headers:
        expires = http_date(headers["expires"])
        if expires is not None:
            reference = http_date(headers.get("date", "")) or now
            hints.append((max(0.0, (expires - reference).total_seconds()), "Expires"))
    if ttl_minutes:
        hints.append((ttl_minutes * 60.0, f"ttl {ttl_minutes}m"))
    hints = [h for h in hints if h[0] > 0]
    return max(hints) if hints else None


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = http_date(value)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def http_date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# --- backoff ------------------------------------------------------------------


def backoff(base: float, failures: int, cap: float) -> float:
    """base, 2·base, 4·base, … for consecutive failures, never above cap."""
    exponent = min(max(failures, 1) - 1, 62)
    return min(base * 2.0**exponent, cap)


# --- spreading ----------------------------------------------------------------


def host_phases(hosts: Mapping[str, str]) -> dict[str, float]:
    """A phase in [0, 1) per feed key: feeds of one host evenly apart, hosts offset.

    `hosts` maps each feed's key (its URL) to its host, in a stable order.
    """
    by_host: dict[str, list[str]] = {}
    for key, host in hosts.items():
        by_host.setdefault(host, []).append(key)
    phases: dict[str, float] = {}
    for host, keys in by_host.items():
        offset = _unit(host)
        for rank, key in enumerate(sorted(keys)):
            phases[key] = (offset + rank / len(keys)) % 1.0
    return phases


def place(now: datetime, interval: float, phase: float, spread: float) -> datetime:
    """A time within interval·(1 ± spread) from now, on the feed's phase of a shared grid.

    The grid is absolute time modulo 2·spread·interval, so feeds of one host with equal
    intervals keep their distinct phases cycle after cycle instead of drifting together.
    """
    return _on_grid(now.timestamp() + interval * (1 - spread), 2 * spread * interval, phase)


def not_before(now: datetime, wait: float, phase: float, spread: float) -> datetime:
    """Like `place`, but never earlier than now + wait (a server said so)."""
    return _on_grid(now.timestamp() + wait, 2 * spread * wait, phase)


def _on_grid(earliest: float, width: float, phase: float) -> datetime:
    """The first time at or after `earliest` that sits at `phase` of a `width` grid."""
    if width <= 0:
        return datetime.fromtimestamp(earliest, UTC)
    target = math.floor(earliest / width) * width + phase * width
    if target < earliest:
        target += width
    return datetime.fromtimestamp(target, UTC)


def _unit(text: str) -> float:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


# --- the plans ----------------------------------------------------------------


def plan_success(
    policy: Policy,
    *,
    now: datetime,
    arrivals: Sequence[float],
    since: float | None,
    pinned: float | None = None,
    hint: tuple[float, str] | None = None,
    phase: float = 0.0,
    search: bool = False,
) -> Plan:
    """After a good check: the pinned or adaptive interval, raised to the server's hint.

    A topic search feed's interval is held at or below `search_max_interval`.
    """
    if pinned is not None:
        interval, reason = pinned, "pinned by config"
    elif not policy.adaptive:
        interval, reason = policy.base, "fixed"
    else:
        rate = blended_rate(arrivals, now, since, policy.half_life)
        interval, reason = rate_interval(rate, policy), describe_rate(rate)
    cap = policy.search_max_interval
    if search and pinned is None and cap is not None and interval > cap:
        interval = max(cap, policy.min_interval)
        reason = f"{reason}; search feed: at most {cap / 60:g} min"
    if hint is not None and hint[0] > interval:
        interval = min(hint[0], max(policy.max_interval, interval))
        capped = " (capped)" if interval < hint[0] else ""
        reason = f"{reason}; server: {hint[1]}{capped}"
        return Plan(not_before(now, interval, phase, policy.spread / 2), interval, reason)
    return Plan(place(now, interval, phase, policy.spread), interval, reason)


def follow_up_at(
    policy: Policy, *, now: datetime, last_checked: datetime | None, next_check: datetime | None
) -> datetime | None:
    """When to check a feed of a topic another feed just brought a new story of, or None.

    Coverage spreads across outlets within minutes, so the feed is checked
    `policy.follow_up` from now, but not sooner than `min_interval` after its last
    check and never later than it was due anyway (then None: nothing to move).
    """
    if policy.follow_up is None:
        return None
    at = now.timestamp() + policy.follow_up
    if last_checked is not None:
        at = max(at, last_checked.timestamp() + policy.min_interval)
    if next_check is not None and next_check.timestamp() <= at:
        return None
    return datetime.fromtimestamp(at, UTC)


def plan_failure(
    policy: Policy,
    *,
    now: datetime,
    base: float,
    failures: int,
    wait_hint: float | None = None,
    phase: float = 0.0,
) -> Plan:
    """After a failed check: exponential backoff, and never before the server's Retry-After."""
    cap = max(policy.max_backoff, base)
    wait = backoff(base, failures, cap)
    reason = f"backoff after {failures} failure{'s' if failures != 1 else ''}"
    if wait_hint is not None and wait_hint > wait:
        wait = min(wait_hint, max(policy.max_interval, wait))
        capped = " (capped)" if wait < wait_hint else ""
        reason = f"server: Retry-After {int(wait_hint)}s{capped}"
        return Plan(not_before(now, wait, phase, policy.spread / 2), wait, reason)
    return Plan(place(now, wait, phase, policy.spread), wait, reason)
