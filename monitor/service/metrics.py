"""What this process counts as it works, for /metrics: polls, fetch errors, delivery
latency, poll-cycle duration.

The stages call one function here where the event happens; the counts live in this
process only (the database holds what every node shares, read at scrape time by
`monitor.review.web.metrics`). The metrics belong to no registry of their own: whoever
serves them collects them through `ProcessMetrics`, so nothing is registered twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from prometheus_client import Counter, Histogram, disable_created_metrics
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

# A `_created` series per metric doubles the output and no dashboard of ours reads it.
disable_created_metrics()

POLLS = Counter(
    "monitor_polls",
    "Feed polls by result: ok (new content), not_modified, unchanged (same body), error.",
    ["result"],
    registry=None,
)
FETCH_ERRORS = Counter(
    "monitor_fetch_errors",
    "Failed feed polls by kind: timeout, connection, http, too_large, redirects, blocked, "
    "parse, other.",
    ["kind"],
    registry=None,
)
DELIVERY_LATENCY = Histogram(
    "monitor_delivery_latency_seconds",
    "From an alert entering the outbox (its timers included) to its delivery, per channel.",
    ["channel"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600, 12 * 3600, 86400),
    registry=None,
)
POLL_CYCLE = Histogram(
    "monitor_poll_cycle_seconds",
    "How long one poll of the due feeds took, from the first claim to the last write.",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
    registry=None,
)

_KNOWN_KINDS = {"timeout", "connection", "http", "too_large", "redirects", "blocked"}


def cycle_finished(results: Iterable[str], seconds: float) -> None:
    """A poll cycle ended: one poll per feed by the status its report ended with, and
    the cycle's duration (cycles that found nothing due are not timed)."""
    polled = 0
    for result in results:
        POLLS.labels(result=result).inc()
        polled += 1
    if polled:
        POLL_CYCLE.observe(seconds)


def fetch_failed(exc: BaseException) -> None:
    """A feed poll failed with `exc`: counted by its kind (a fixed set of labels)."""
    from monitor.collect.parse import ParseError

    kind = getattr(exc, "kind", None)
    if kind not in _KNOWN_KINDS:
        kind = "parse" if isinstance(exc, ParseError) else "other"
    FETCH_ERRORS.labels(kind=kind).inc()


def delivered(channel: str, seconds: float) -> None:
    DELIVERY_LATENCY.labels(channel=channel).observe(max(0.0, seconds))


class ProcessMetrics(Collector):
    """The counters above, for a registry that serves them."""

    def collect(self) -> Iterator[Metric]:
        for metric in (POLLS, FETCH_ERRORS, DELIVERY_LATENCY, POLL_CYCLE):
            yield from metric.collect()
