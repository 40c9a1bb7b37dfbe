"""Adaptive polling against fixed-interval polling, at the same number of requests.

A simulated week of 1,000 feeds: a few very busy wires and many quiet blogs (log-normal
rates), publishing in a daily rhythm and in bursts (one item often brings follow-ups).
The adaptive side runs the scheduler's own functions from `monitor/schedule.py`
(`observe`, `plan_success`, `host_phases`) on each simulated check; the fixed side polls
every feed every F, with F tuned so both spend the same number of requests. Reported: the
delay from publication to detection (median, 95th and 99th percentile) and requests.

    .venv/bin/python bench/simulate_schedule.py [--feeds 1000] [--days 7] [--seed 1]
"""

from __future__ import annotations

import argparse
import bisect
import heapq
import math
import random
import statistics
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from monitor.collect import schedule
from monitor.collect.schedule import Policy

DAY = 86400.0
HOUR = 3600.0
EPOCH = datetime(2026, 2, 2, tzinfo=UTC).timestamp()  # simulated t = 0
VISIBLE = 20  # entries a feed shows
HISTORY = 21 * DAY  # publishing before the measured week, for the first check to see


@dataclass
class SimFeed:
    host: str
    rate: float  # mean entries per second
    times: list[float] = field(default_factory=list)  # publication times, sorted


def make_feeds(n: int, days: float, rng: random.Random) -> list[SimFeed]:
    feeds: list[SimFeed] = []
    for i in range(n):
        # ten wires at 5 to 30 an hour; the rest log-normal, median 1.5 a day
        wire = i < 10
        per_day = rng.uniform(5, 30) * 24 if wire else math.exp(rng.gauss(math.log(1.5), 1.4))
        host = f"host{rng.randrange(n // 4)}.example"  # several feeds share a host
        feed = SimFeed(host, per_day / DAY)
        feed.times = publications(feed.rate, -HISTORY, days * DAY + 2 * DAY, rng)
        feeds.append(feed)
    return feeds


def publications(rate: float, start: float, end: float, rng: random.Random) -> list[float]:
    """Bursty, diurnal arrivals with long-run mean `rate`.

    Burst leaders come at a daily-modulated rate (busiest mid-day, quiet at night); each
    brings a geometric number of follow-ups (mean 1) minutes to hours later, as a story
    develops, so leaders come at rate/2.
    """
    phase = rng.uniform(0, DAY)
    lead = rate / 2
    peak = lead * 1.8
    out: list[float] = []
    t = start
    while True:
        t += rng.expovariate(peak)
        if t >= end:
            break
        daily = 1 + 0.8 * math.sin(2 * math.pi * (t - phase) / DAY)
        if rng.random() * 1.8 > daily:
            continue
        out.append(t)
        follow = t
        while rng.random() < 0.5:
            follow += rng.expovariate(1 / (40 * 60))
            out.append(follow)
    out.sort()
    return out


def visible(feed: SimFeed, now: float) -> list[float]:
    i = bisect.bisect_right(feed.times, now)
    return feed.times[max(0, i - VISIBLE) : i]


def run_adaptive(
    feeds: list[SimFeed], policy: Policy, days: float, rng: random.Random, quiet: list[float]
) -> tuple[list[float], int]:
    """`quiet` collects the delays of items from feeds publishing less than daily."""
    end = days * DAY
    phases = schedule.host_phases({str(i): f.host for i, f in enumerate(feeds)})
    delays: list[float] = []
    requests = 0
    state: list[tuple[list[float], float | None, float]] = []  # arrivals, since, last check
    heap: list[tuple[float, int]] = []
    for i in range(len(feeds)):
        state.append(([], None, 0.0))
        heapq.heappush(heap, (rng.uniform(0, policy.base), i))  # first checks staggered
    while heap:
        now, i = heapq.heappop(heap)
        feed = feeds[i]
        arrivals, since, last = state[i]
        if now <= end:
            requests += 1
        if since is None:
            seen = visible(feed, now)  # the first check sees the feed's recent history
            new = [t for t in seen if t >= 0]
        else:  # both schedulers are credited with every item, however many came
            lo, hi = bisect.bisect_right(feed.times, last), bisect.bisect_right(feed.times, now)
            seen = new = feed.times[lo:hi]
        delays.extend(now - t for t in new if 0 <= t <= end)
        if feed.rate * DAY < 1:
            quiet.extend(now - t for t in new if 0 <= t <= end)
        at = datetime.fromtimestamp(EPOCH + now, UTC)
        dates = [datetime.fromtimestamp(EPOCH + t, UTC) for t in seen]
        arrivals, since = schedule.observe(arrivals, since, dates, at)
        plan = schedule.plan_success(
            policy, now=at, arrivals=arrivals, since=since, phase=phases[str(i)]
        )
        state[i] = (arrivals, since, now)
        if now <= end:  # the check after the week finds what the week published
            heapq.heappush(heap, (plan.at.timestamp() - EPOCH, i))
    return delays, requests


def run_fixed(
    feeds: list[SimFeed], interval: float, days: float, rng: random.Random, quiet: list[float]
) -> tuple[list[float], int]:
    end = days * DAY
    delays: list[float] = []
    requests = 0
    for feed in feeds:
        offset = rng.uniform(0, interval)
        requests += int((end - offset) // interval) + 1
        for t in feed.times:
            if 0 <= t <= end:
                k = math.ceil((t - offset) / interval)
                delays.append(offset + k * interval - t)
                if feed.rate * DAY < 1:
                    quiet.append(delays[-1])
    return delays, requests


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fmt(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--days", type=float, default=7.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base", type=float, default=900.0, help="[schedule] interval, seconds")
    ap.add_argument("--half-life", type=float, default=DAY, help="rate_half_life, seconds")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    started = time.perf_counter()
    feeds = make_feeds(args.feeds, args.days, rng)
    items = sum(1 for f in feeds for t in f.times if 0 <= t <= args.days * DAY)
    policy = replace(Policy(), base=args.base, half_life=args.half_life)
    quiet: dict[str, list[float]] = {"adaptive": [], "fixed": [], "default": []}
    adaptive, requests = run_adaptive(
        feeds, policy, args.days, random.Random(args.seed + 1), quiet["adaptive"]
    )
    fixed_interval = args.feeds * args.days * DAY / requests
    fixed, fixed_requests = run_fixed(
        feeds, fixed_interval, args.days, random.Random(args.seed), quiet["fixed"]
    )
    # for scale: fixed polling at the shipped default interval
    default, default_requests = run_fixed(
        feeds, 900.0, args.days, random.Random(args.seed), quiet["default"]
    )
    took = time.perf_counter() - started

    rates = sorted(f.rate * DAY for f in feeds)
    print(
        f"{args.feeds} feeds, {args.days:g} days, {items} items published "
        f"(entries/day per feed: median {statistics.median(rates):.2f}, "
        f"max {rates[-1]:.0f}, min {rates[0]:.3f}); "
        f"adaptive: base {args.base:g}s, half-life {args.half_life / HOUR:g}h, "
        f"bounds {policy.min_interval:g}s..{policy.max_interval:g}s"
    )
    print(
        f"{'scheduler':<26}{'requests':>9}{'median':>12}{'p95':>12}{'p99':>12}"
        f"{'> 2 h':>8}{'quiet: median':>15}{'p95':>12}"
    )
    for name, key, delays, reqs in (
        ("adaptive", "adaptive", adaptive, requests),
        (f"fixed every {fixed_interval / 60:.1f} min", "fixed", fixed, fixed_requests),
        ("fixed every 15 min", "default", default, default_requests),
    ):
        late = sum(d > 2 * HOUR for d in delays) / len(delays)
        q = quiet[key]
        print(
            f"{name:<26}{reqs:>9}{fmt(statistics.median(delays)):>12}"
            f"{fmt(pct(delays, 0.95)):>12}{fmt(pct(delays, 0.99)):>12}{late:>8.1%}"
            f"{fmt(statistics.median(q)):>15}{fmt(pct(q, 0.95)):>12}"
        )
    print(
        f"quiet = {sum(1 for f in feeds if f.rate * DAY < 1)} feeds publishing less than "
        f"daily, {len(quiet['adaptive'])} of the items"
    )
    ratio = statistics.median(fixed) / statistics.median(adaptive)
    print(f"median delay, fixed / adaptive at equal requests: {ratio:.2f}x")
    print(f"p95 delay, fixed / adaptive: {pct(fixed, 0.95) / pct(adaptive, 0.95):.2f}x")
    print(f"({took:.1f} s)")


if __name__ == "__main__":
    main()
