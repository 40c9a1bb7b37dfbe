"""/metrics: the database's state as gauges, read at scrape time, with what this process
counted (`monitor.service.metrics`) when it is the daemon."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from monitor.service.metrics import ProcessMetrics
from monitor.storage import Alert, Delivery, Store

# Every state is reported, zero or not, so a dashboard's series never vanish.
FEED_STATES = ("new", "ok", "failing", "disabled", "removed")
ALERT_STATES = ("open", "sealed", "silenced")
DELIVERY_STATES = ("pending", "held", "bundled", "delivered", "dead", "silenced")


class DatabaseMetrics(Collector):
    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        with self.store.tx() as tx:
            feeds = tx.feed_states()
            total, relevant, copies = tx.article_totals()
            stories = tx.story_total()
            alerts = tx.count_by(Alert.state)
            deliveries = tx.count_by(Delivery.status)
            last_success = tx.last_feed_success()
        g = GaugeMetricFamily("monitor_feeds", "Feeds by status.", labels=["status"])
        for status in sorted({*FEED_STATES, *feeds}):
            g.add_metric([status], feeds.get(status, 0))
        yield g
        g = GaugeMetricFamily(
            "monitor_articles", "Articles stored, on topic or not.", labels=["relevant"]
        )
        g.add_metric(["true"], relevant)
        g.add_metric(["false"], total - relevant)
        yield g
        yield GaugeMetricFamily(
            "monitor_copies", "Stored articles found to copy an earlier one.", value=copies
        )
        yield GaugeMetricFamily(
            "monitor_stories", "Stories (those merged into another not counted).", value=stories
        )
        g = GaugeMetricFamily("monitor_alerts", "Alerts by state.", labels=["state"])
        for state in sorted({*ALERT_STATES, *alerts}):
            g.add_metric([state], alerts.get(state, 0))
        yield g
        g = GaugeMetricFamily("monitor_deliveries", "Outbox rows by status.", labels=["status"])
        for status in sorted({*DELIVERY_STATES, *deliveries}):
            g.add_metric([status], deliveries.get(status, 0))
        yield g
        yield GaugeMetricFamily(
            "monitor_outbox_depth",
            "Deliveries still to send: pending or held for quiet hours.",
            value=deliveries.get("pending", 0) + deliveries.get("held", 0),
        )
        if last_success is not None:
            yield GaugeMetricFamily(
                "monitor_last_successful_poll_timestamp_seconds",
                "When any feed was last polled successfully, by any node.",
                value=last_success.timestamp(),
            )


def registry_for(store: Store) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseMetrics(store))
    registry.register(ProcessMetrics())
    return registry


def exposition(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
