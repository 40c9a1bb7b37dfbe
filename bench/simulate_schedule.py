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
    leaders: list[float] = field(default_factory=list)  # the first item of each burst


def make_feeds(n: int, days: float, rng: random.Random) -> list[SimFeed]:
    feeds: list[SimFeed] = []
    for i in range(n):
        # ten wires at 5 to 30 an hour; the rest log-normal, median 1.5 a day
        wire = i < 10
        per_day = rng.uniform(5, 30) * 24 if wire else math.exp(rng.gauss(math.log(1.5), 1.4))
        host = f"host{rng.randrange(n // 4)}.example"  # several feeds share a host
        feed = SimFeed(host, per_day / DAY)
        feed.times = publications(feed.rate, -HISTORY, days * DAY + 2 * DAY, rng, feed.leaders)
        feeds.append(feed)
    return feeds


def publications(
    rate: float,
    start: float,
    end: float,
    rng: random.Random,
    leaders: list[float] | None = None,
) -> list[float]:
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
        if leaders is not None:
            leaders.append(t)
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


# --- time to alert: the first report of each burst ---------------------------


@dataclass
class Story:
    topic: int
    start: float  # when the first outlet published it
    carried: dict[int, float]  # search feed index -> when that feed showed it


@dataclass
class Desk:
    """General feeds (as above) plus topic search feeds, quiet until their story breaks."""

    feeds: list[SimFeed]  # general feeds first, then the search feeds
    search: dict[int, int]  # search feed index -> topic
    topics: dict[int, list[int]]  # topic -> its search feeds
    stories: list[Story]


def make_desk(
    general: list[SimFeed],
    topics: int,
    per_topic: int,
    days: float,
    rng: random.Random,
) -> Desk:
    """Each topic breaks a story about twice a day (log-normal across topics, diurnal);
    its first report shows on one of the topic's search feeds, and each other one carries
    it with chance 0.6 minutes to an hour later (mean 20 min): coverage spreads."""
    feeds = list(general)
    search: dict[int, int] = {}
    by_topic: dict[int, list[int]] = {}
    stories: list[Story] = []
    for k in range(topics):
        ids = []
        for _ in range(per_topic):
            search[len(feeds)] = k
            ids.append(len(feeds))
            feeds.append(SimFeed("news.google.example", 0.0))  # one host: phases spread
        by_topic[k] = ids
        per_day = math.exp(rng.gauss(math.log(2.0), 0.8))
        starts: list[float] = []
        publications(per_day / DAY, -HISTORY, days * DAY + 2 * DAY, rng, starts)
        for t0 in starts:
            first = rng.choice(ids)
            carried = {first: t0}
            for i in ids:
                if i != first and rng.random() < 0.6:
                    carried[i] = t0 + rng.expovariate(1 / (20 * 60))
            stories.append(Story(k, t0, carried))
    for story in stories:
        for i, t in story.carried.items():
            feeds[i].times.append(t)
    for i in search:
        feeds[i].times.sort()
        feeds[i].rate = len(feeds[i].times) / (HISTORY + days * DAY + 2 * DAY)
    return Desk(feeds, search, by_topic, stories)


@dataclass(frozen=True)
class DeskPolicy:
    name: str
    policy: Policy
    group_wait: float  # seconds the first alert of a story waits for more outlets
    pinned_search: float | None = None  # search feeds pinned (the shipped monitor.toml: 10m)


@dataclass
class DeskResult:
    requests: int = 0
    search_requests: int = 0
    checks: list[list[float]] = field(default_factory=list)  # per feed, in order


def run_desk(desk: Desk, dp: DeskPolicy, days: float, rng: random.Random) -> DeskResult:
    """The scheduler's own functions on every check, with follow-ups: when a check shows
    a story no feed has shown before, the topic's other search feeds are moved up."""
    end = days * DAY
    policy = dp.policy
    feeds = desk.feeds
    phases = schedule.host_phases({str(i): f.host for i, f in enumerate(feeds)})
    story_of: dict[tuple[int, float], Story] = {}
    for story in desk.stories:
        for i, t in story.carried.items():
            story_of[(i, t)] = story
    seen_stories: set[int] = set()
    result = DeskResult(checks=[[] for _ in feeds])
    arrivals: list[list[float]] = [[] for _ in feeds]
    since: list[float | None] = [None] * len(feeds)
    last: list[float | None] = [None] * len(feeds)
    due: list[float] = [0.0] * len(feeds)
    heap: list[tuple[float, int]] = []
    for i in range(len(feeds)):
        due[i] = rng.uniform(0, policy.base)
        heapq.heappush(heap, (due[i], i))
    while heap:
        now, i = heapq.heappop(heap)
        if now != due[i]:
            continue  # moved up by a follow-up; this entry is stale
        feed = feeds[i]
        if now <= end:
            result.requests += 1
            result.search_requests += i in desk.search
        result.checks[i].append(now)
        if since[i] is None:
            seen = visible(feed, now)
            new: list[float] = []
        else:
            lo = bisect.bisect_right(feed.times, last[i] or 0.0)
            seen = new = feed.times[lo : bisect.bisect_right(feed.times, now)]
        fresh_story = False
        if i in desk.search:
            for t in new:
                story = story_of[(i, t)]
                if id(story) not in seen_stories:
                    seen_stories.add(id(story))
                    fresh_story = True
        at = datetime.fromtimestamp(EPOCH + now, UTC)
        dates = [datetime.fromtimestamp(EPOCH + t, UTC) for t in seen]
        arrivals[i], first_since = schedule.observe(arrivals[i], since[i], dates, at)
        since[i], last[i] = first_since, now
        pinned = dp.pinned_search if i in desk.search else None
        plan = schedule.plan_success(
            policy,
            now=at,
            arrivals=arrivals[i],
            since=since[i],
            pinned=pinned,
            phase=phases[str(i)],
            search=i in desk.search,
        )
        if now <= end:
            due[i] = plan.at.timestamp() - EPOCH
            heapq.heappush(heap, (due[i], i))
        if fresh_story and now <= end:
            for j in desk.topics[desk.search[i]]:
                if j == i:
                    continue
                moved = schedule.follow_up_at(
                    policy,
                    now=at,
                    last_checked=None if last[j] is None else _dt(last[j]),
                    next_check=_dt(due[j]),
                )
                if moved is not None:
                    due[j] = moved.timestamp() - EPOCH
                    heapq.heappush(heap, (due[j], j))
    return result


def _dt(t: float | None) -> datetime:
    return datetime.fromtimestamp(EPOCH + (t or 0.0), UTC)


def first_check(checks: list[float], t: float) -> float | None:
    k = bisect.bisect_left(checks, t)
    return checks[k] if k < len(checks) else None


@dataclass
class FirstReports:
    busy: list[float] = field(default_factory=list)  # burst leaders of feeds >= 1 a day
    quiet: list[float] = field(default_factory=list)  # ... of feeds publishing less
    topic: list[float] = field(default_factory=list)  # a story's first report, any feed
    delivered: list[float] = field(default_factory=list)  # ... + group_wait
    copies: list[int] = field(default_factory=list)  # search feeds in the first alert
    carried: list[int] = field(default_factory=list)  # search feeds that carried it


def first_reports(desk: Desk, res: DeskResult, days: float, group_wait: float) -> FirstReports:
    end = days * DAY
    out = FirstReports()
    for i, feed in enumerate(desk.feeds):
        if i in desk.search:
            continue
        bucket = out.busy if feed.rate * DAY >= 1 else out.quiet
        for t in feed.leaders:
            if 0 <= t <= end and (c := first_check(res.checks[i], t)) is not None:
                bucket.append(c - t)
    for story in desk.stories:
        if not 0 <= story.start <= end:
            continue
        found = {i: c for i, t in story.carried.items() if (c := first_check(res.checks[i], t))}
        if not found:
            continue
        first = min(found.values())
        out.topic.append(first - story.start)
        out.delivered.append(first + group_wait - story.start)
        out.copies.append(sum(c <= first + group_wait for c in found.values()))
        out.carried.append(len(story.carried))
    return out


def desk_policies() -> list[DeskPolicy]:
    today = replace(Policy(), search_max_interval=None, follow_up=None)
    follow = replace(today, follow_up=0.0)
    return [
        DeskPolicy("today: adaptive, group_wait 10m", today, 600.0),
        DeskPolicy("today, search feeds pinned 10m", today, 600.0, pinned_search=600.0),
        DeskPolicy("group_wait 1m", today, 60.0),
        DeskPolicy("+ follow-ups", follow, 60.0),
        DeskPolicy("+ search <= 15m", replace(follow, search_max_interval=900.0), 60.0),
        DeskPolicy("+ search <= 10m", replace(follow, search_max_interval=600.0), 60.0),
        DeskPolicy("+ search <= 8m (new defaults)", Policy(), 60.0),
    ]


def time_to_alert(args: argparse.Namespace) -> None:
    """The first report of each burst: quiet topic search feeds against busy feeds."""
    rng = random.Random(args.seed)
    general = make_feeds(args.feeds, args.days, rng)
    desk = make_desk(general, args.topics, args.per_topic, args.days, random.Random(args.seed))
    stories = sum(1 for s in desk.stories if 0 <= s.start <= args.days * DAY)
    search_rate = statistics.median(desk.feeds[i].rate * DAY for i in desk.search)
    print(
        f"\ntime to alert: {args.feeds} general feeds + {args.topics} topics x "
        f"{args.per_topic} search feeds (median {search_rate:.1f} entries/day each), "
        f"{stories} stories in {args.days:g} days"
    )
    print(
        f"{'policy':<34}{'requests':>9}{'ratio':>7}{'search':>8}{'ratio':>7}"
        f"{'busy p50':>10}{'p95':>7}{'quiet p50':>10}{'p95':>7}"
        f"{'story p50':>10}{'p95':>7}{'alert p50':>10}{'p95':>7}{'copies':>7}"
    )
    base: DeskResult | None = None
    for dp in desk_policies():
        res = run_desk(desk, dp, args.days, random.Random(args.seed + 1))
        base = base or res
        fr = first_reports(desk, res, args.days, dp.group_wait)
        share = statistics.mean(c / n for c, n in zip(fr.copies, fr.carried, strict=True))
        print(
            f"{dp.name:<34}{res.requests:>9}{res.requests / base.requests:>7.2f}"
            f"{res.search_requests:>8}{res.search_requests / base.search_requests:>7.2f}"
            f"{_m(statistics.median(fr.busy)):>10}{_m(pct(fr.busy, 0.95)):>7}"
            f"{_m(statistics.median(fr.quiet)):>10}{_m(pct(fr.quiet, 0.95)):>7}"
            f"{_m(statistics.median(fr.topic)):>10}{_m(pct(fr.topic, 0.95)):>7}"
            f"{_m(statistics.median(fr.delivered)):>10}{_m(pct(fr.delivered, 0.95)):>7}"
            f"{share:>7.0%}"
        )
    print(
        "minutes from the first item of a burst to the check that sees it (busy: general "
        "feeds >= 1 entry/day; quiet: fewer); story: a topic story's first report, on any "
        "of its search feeds; alert: + group_wait; copies: share of the search feeds that "
        "carried a story whose copies the first alert counted"
    )


def _m(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--days", type=float, default=7.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base", type=float, default=900.0, help="[schedule] interval, seconds")
    ap.add_argument("--half-life", type=float, default=DAY, help="rate_half_life, seconds")
    ap.add_argument("--topics", type=int, default=50, help="topics, each with search feeds")
    ap.add_argument("--per-topic", type=int, default=4, help="search feeds per topic")
    ap.add_argument("--only-time-to-alert", action="store_true")
    args = ap.parse_args()
    if args.only_time_to_alert:
        time_to_alert(args)
        return

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
    time_to_alert(args)


if __name__ == "__main__":
    main()
