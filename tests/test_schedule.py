"""The interval maths: rate estimate, square-root rule, hints, backoff, spreading by host."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.collect import schedule
from monitor.collect.schedule import Policy
from monitor.config import ConfigError, parse_config

NOW = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
T = NOW.timestamp()
HOUR = 3600.0
DAY = 86400.0
POLICY = Policy()


def every(seconds: float, n: int) -> list[float]:
    """n arrivals, the newest `seconds` ago, `seconds` apart."""
    return [T - seconds * (i + 1) for i in reversed(range(n))]


def test_rate_of_a_steady_feed_is_its_rate() -> None:
    # 48 entries, one every 30 minutes: two an hour, whatever the half-life
    for half_life in (6 * HOUR, DAY, 7 * DAY):
        rate = schedule.publishing_rate(every(1800, 48), NOW, None, half_life)
        assert rate is not None
        assert 1.7 < rate * HOUR < 2.3, half_life


def test_a_busy_feed_watched_for_long_is_judged_by_the_arrivals_kept() -> None:
    kept = schedule.record_arrivals([], every(60, 200))  # one a minute; only 64 kept
    assert len(kept) == schedule.MAX_ARRIVALS
    rate = schedule.blended_rate(kept, NOW, T - 30 * DAY, DAY)  # watched for a month
    assert rate is not None and 50 < rate * HOUR < 70


def test_no_history_means_no_estimate_and_the_base_interval() -> None:
    assert schedule.publishing_rate([], NOW, None, DAY) is None
    assert schedule.publishing_rate([], NOW, T - 60, DAY) is None  # watched for a minute
    assert schedule.rate_interval(None, POLICY) == POLICY.base


def test_silence_slows_a_feed_down_and_one_entry_speeds_it_up() -> None:
    quiet = every(DAY, 5)  # daily for five days ...
    later = NOW + timedelta(days=3)  # ... then three silent days
    before = schedule.publishing_rate(quiet, NOW, None, DAY)
    after = schedule.publishing_rate(quiet, later, None, DAY)
    assert before is not None and after is not None
    assert after < before / 3
    woken = schedule.publishing_rate([*quiet, later.timestamp() - 60], later, None, DAY)
    assert woken is not None and woken > 3 * after
    assert schedule.rate_interval(woken, POLICY) < schedule.rate_interval(after, POLICY) / 1.5


def test_a_few_silent_days_do_not_make_a_steady_feed_look_dead() -> None:
    steady = every(HOUR, 64)  # hourly, then silence
    later = NOW + timedelta(days=3)
    short = schedule.publishing_rate(steady, later, None, DAY)
    blended = schedule.blended_rate(steady, later, None, DAY)
    assert short is not None and blended is not None
    assert blended > 3 * short  # the long-run rate holds it up
    fresh = schedule.blended_rate(steady, NOW, None, DAY)
    assert fresh is not None and 0.9 < fresh * HOUR < 1.1  # while it publishes: its rate


def test_watched_and_empty_is_the_slowest() -> None:
    rate = schedule.publishing_rate([], NOW, T - 3 * DAY, DAY)
    assert rate == 0
    assert schedule.describe_rate(rate) == "under 0.1 entries/week"
    assert schedule.rate_interval(rate, POLICY) == POLICY.max_interval


def test_square_root_rule_and_bounds() -> None:
    base = POLICY.base
    assert schedule.rate_interval(1 / HOUR, POLICY) == base
    assert abs(schedule.rate_interval(4 / HOUR, POLICY) - base / 2) < 1e-6
    assert abs(schedule.rate_interval(1 / (4 * HOUR), POLICY) - base * 2) < 1e-6
    assert schedule.rate_interval(1000 / HOUR, POLICY) == POLICY.min_interval
    assert schedule.rate_interval(1 / (30 * DAY), POLICY) == POLICY.max_interval


def test_busy_feed_is_polled_more_often_than_a_quiet_one() -> None:
    busy = schedule.plan_success(POLICY, now=NOW, arrivals=every(60, 64), since=None)
    quiet = schedule.plan_success(POLICY, now=NOW, arrivals=every(5 * DAY, 4), since=None)
    assert busy.interval == POLICY.min_interval
    assert POLICY.base < quiet.interval <= POLICY.max_interval
    assert "entries/hour" in busy.reason and "entries/week" in quiet.reason


def test_arrivals_keep_the_newest_and_first_poll_skips_undated() -> None:
    kept = schedule.record_arrivals(list(range(60)), [100.0, 61.5, 99.0, 80.0, 70.0], cap=64)
    assert len(kept) == 64 and kept[-1] == 100.0 and kept[0] == 1
    assert kept == sorted(kept)
    future = NOW + timedelta(hours=2)
    assert schedule.arrival_time(future, NOW, first_poll=False) == T  # no future dates
    assert schedule.arrival_time(None, NOW, first_poll=True) is None
    assert schedule.arrival_time(None, NOW, first_poll=False) == T


def test_pinned_and_fixed() -> None:
    pinned = schedule.plan_success(POLICY, now=NOW, arrivals=every(60, 50), since=None, pinned=5)
    assert pinned.interval == 5 and pinned.reason == "pinned by config"
    fixed = Policy(adaptive=False)
    plan = schedule.plan_success(fixed, now=NOW, arrivals=every(60, 50), since=None)
    assert plan.interval == fixed.base and plan.reason == "fixed"


# --- hints --------------------------------------------------------------------


def test_max_age_expires_and_ttl() -> None:
    assert schedule.freshness_hint({"cache-control": "public, max-age=1800"}, None, NOW) == (
        1800.0,
        "Cache-Control max-age=1800",
    )
    s_maxage = schedule.freshness_hint({"cache-control": "max-age=60, s-maxage=600"}, None, NOW)
    assert s_maxage is not None and s_maxage[0] == 600
    expires = {"expires": "Tue, 03 Feb 2026 13:00:00 GMT", "date": "Tue, 03 Feb 2026 11:30:00 GMT"}
    assert schedule.freshness_hint(expires, None, NOW) == (5400.0, "Expires")  # from Date
    assert schedule.freshness_hint({"expires": "0"}, None, NOW) is None
    assert schedule.freshness_hint({"cache-control": "no-cache"}, None, NOW) is None
    assert schedule.freshness_hint({"cache-control": "max-age=0"}, None, NOW) is None
    # the longest hint wins
    assert schedule.freshness_hint({"cache-control": "max-age=60"}, 30, NOW) == (1800.0, "ttl 30m")


def test_a_hint_raises_the_interval_but_never_beyond_the_bound() -> None:
    busy = every(300, 40)
    plan = schedule.plan_success(POLICY, now=NOW, arrivals=busy, since=None, hint=(1800, "ttl 30m"))
    assert plan.interval == 1800 and "ttl 30m" in plan.reason
    assert plan.at >= NOW + timedelta(seconds=1800)  # the server said not before
    huge = schedule.plan_success(POLICY, now=NOW, arrivals=busy, since=None, hint=(7 * DAY, "x"))
    assert huge.interval == POLICY.max_interval and "capped" in huge.reason
    small = schedule.plan_success(POLICY, now=NOW, arrivals=[], since=None, hint=(60, "x"))
    assert small.interval == POLICY.base and "server" not in small.reason


def test_retry_after_seconds_and_date() -> None:
    assert schedule.retry_after("120", NOW) == 120
    assert schedule.retry_after("Tue, 03 Feb 2026 12:30:00 GMT", NOW) == 1800
    assert schedule.retry_after("Tue, 03 Feb 2026 11:00:00 GMT", NOW) == 0  # past
    assert schedule.retry_after("soon", NOW) is None
    assert schedule.retry_after(None, NOW) is None


# --- backoff ------------------------------------------------------------------


def test_backoff_doubles_and_caps() -> None:
    waits = [schedule.backoff(60, n, 1000) for n in range(1, 8)]
    assert waits == [60, 120, 240, 480, 960, 1000, 1000]
    assert schedule.backoff(60, 10_000, 1000) == 1000  # no overflow after years of failing


def test_failure_plan_honours_retry_after_up_to_the_bound() -> None:
    plan = schedule.plan_failure(POLICY, now=NOW, base=120, failures=1, wait_hint=900)
    assert plan.interval == 900 and plan.at >= NOW + timedelta(seconds=900)
    assert "Retry-After 900s" in plan.reason
    capped = schedule.plan_failure(POLICY, now=NOW, base=120, failures=1, wait_hint=30 * DAY)
    assert capped.interval == POLICY.max_interval and "capped" in capped.reason
    # a shorter Retry-After than the backoff does not make us come back sooner
    longer = schedule.plan_failure(POLICY, now=NOW, base=120, failures=4, wait_hint=10)
    assert longer.interval == 960 and longer.reason == "backoff after 4 failures"


# --- spreading ----------------------------------------------------------------


def test_phases_spread_one_host_evenly() -> None:
    hosts = {f"https://a.example/{i}": "a.example" for i in range(4)}
    hosts["https://b.example/x"] = "b.example"
    phases = schedule.host_phases(hosts)
    a = sorted(phases[k] for k in hosts if "a.example" in k)
    gaps = [(a[(i + 1) % 4] - a[i]) % 1.0 for i in range(4)]
    assert all(abs(g - 0.25) < 1e-9 for g in gaps)
    assert 0 <= phases["https://b.example/x"] < 1


@given(
    interval=st.floats(min_value=120, max_value=6 * HOUR),
    offset=st.floats(min_value=0, max_value=30 * DAY),
    phase=st.floats(min_value=0, max_value=0.999),
)
def test_place_stays_within_the_spread(interval: float, offset: float, phase: float) -> None:
    now = NOW + timedelta(seconds=offset)
    at = (schedule.place(now, interval, phase, 0.1) - now).total_seconds()
    assert interval * 0.9 - 1e-3 <= at <= interval * 1.1 + 1e-3


@given(
    interval=st.floats(min_value=120, max_value=6 * HOUR),
    offset=st.floats(min_value=0, max_value=30 * DAY),
    cycles=st.integers(min_value=1, max_value=50),
)
def test_feeds_of_one_host_never_fire_together(interval: float, offset: float, cycles: int) -> None:
    """Polled together once, four feeds of a host stay a quarter of the spread apart."""
    phases = sorted(schedule.host_phases({f"u{i}": "h" for i in range(4)}).values())
    times = [NOW + timedelta(seconds=offset)] * 4
    for _ in range(cycles):
        times = [schedule.place(t, interval, p, 0.1) for t, p in zip(times, phases, strict=True)]
    stamps = sorted(t.timestamp() for t in times)
    width = 0.2 * interval
    assert min(b - a for a, b in itertools.pairwise(stamps)) >= width / 4 - 1e-3


def test_bad_schedule_config_names_the_key() -> None:
    base = {"topics": [{"name": "t", "query": "x"}]}
    with pytest.raises(ConfigError) as info:
        parse_config({**base, "schedule": {"min_interval": "2h", "max_interval": "1h"}}, "m.toml")
    assert info.value.problems == [
        "m.toml: schedule: min_interval must not be longer than max_interval"
    ]
    with pytest.raises(ConfigError) as info:
        parse_config({**base, "schedule": {"rate_half_life": "soon"}}, "m.toml")
    assert info.value.problems[0].startswith("m.toml: schedule.rate_half_life: expected a duration")
    cfg = parse_config({**base, "schedule": {"adaptive": False, "lease": "2m"}})
    assert not cfg.schedule.adaptive and cfg.schedule.lease == 120


# --- time to alert: topic search feeds and follow-ups -------------------------


def test_a_quiet_search_feed_is_never_checked_less_often_than_its_bound() -> None:
    quiet = every(3 * DAY, 5)  # one entry every three days
    plain = schedule.plan_success(POLICY, now=NOW, arrivals=quiet, since=T - 20 * DAY)
    search = schedule.plan_success(POLICY, now=NOW, arrivals=quiet, since=T - 20 * DAY, search=True)
    assert plain.interval > 2 * HOUR
    assert search.interval == POLICY.search_max_interval == 480
    assert "search feed: at most 8 min" in search.reason
    assert (search.at - NOW).total_seconds() <= 480 * (1 + POLICY.spread)
    # a busy search feed keeps its shorter adaptive interval; a pinned one its pin
    busy = schedule.plan_success(POLICY, now=NOW, arrivals=every(120, 60), since=None, search=True)
    assert busy.interval < 480
    pinned = schedule.plan_success(
        POLICY, now=NOW, arrivals=quiet, since=None, pinned=3600, search=True
    )
    assert pinned.interval == 3600
    off = Policy(search_max_interval=None)
    assert (
        schedule.plan_success(off, now=NOW, arrivals=quiet, since=None, search=True).interval
        > 2 * HOUR
    )


def test_a_follow_up_moves_a_check_up_but_not_within_min_interval_of_the_last() -> None:
    later = NOW + timedelta(hours=3)
    at = schedule.follow_up_at(
        POLICY, now=NOW, last_checked=NOW - timedelta(hours=1), next_check=later
    )
    assert at == NOW  # follow_up 0s: due at once
    just_checked = NOW - timedelta(seconds=30)
    at = schedule.follow_up_at(POLICY, now=NOW, last_checked=just_checked, next_check=later)
    assert at == just_checked + timedelta(seconds=POLICY.min_interval)
    # already due sooner: nothing to move; follow-ups off: nothing either
    overdue = NOW - timedelta(seconds=20)
    assert schedule.follow_up_at(POLICY, now=NOW, last_checked=None, next_check=overdue) is None
    off = Policy(follow_up=None)
    assert schedule.follow_up_at(off, now=NOW, last_checked=None, next_check=later) is None
    delayed = Policy(follow_up=90.0)
    at = schedule.follow_up_at(delayed, now=NOW, last_checked=None, next_check=later)
    assert at == NOW + timedelta(seconds=90)


def test_time_to_alert_keys_are_read_and_can_be_turned_off() -> None:
    base = {"topics": [{"name": "t", "query": "x"}]}
    cfg = parse_config({**base, "schedule": {"search_max_interval": "5m", "follow_up": "30s"}})
    assert cfg.schedule.search_max_interval == 300 and cfg.schedule.follow_up == 30
    cfg = parse_config({**base, "schedule": {"search_max_interval": "off", "follow_up": "off"}})
    assert cfg.schedule.search_max_interval is None and cfg.schedule.follow_up is None
    defaults = parse_config(base)
    assert defaults.schedule.search_max_interval == 480 and defaults.schedule.follow_up == 0
    with pytest.raises(ConfigError, match="follow_up"):
        parse_config({**base, "schedule": {"follow_up": "soon"}})
