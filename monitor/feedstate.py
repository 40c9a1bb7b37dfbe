"""What a poll's outcome does to a feed's row: status, validators, arrivals, next check.

Bookkeeping only: the pipeline reads the rows and writes them back in its own
transactions; nothing here fetches or opens a transaction. The next check comes from
`monitor.collect.schedule`, given the feed's arrivals, server hints and failures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from monitor.collect import schedule
from monitor.collect.aggregators import search_feed
from monitor.collect.entries import outlet_of
from monitor.collect.fetch import FetchError, FetchResult
from monitor.collect.parse import ParsedFeed
from monitor.config import Config, ScheduleConfig
from monitor.redact import redact
from monitor.storage import Feed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Polled:
    """A poll that worked: the answer, and for a changed body what it held that was new."""

    result: FetchResult
    body_hash: str | None = None  # None: not modified, or the same body as last time
    parsed: ParsedFeed | None = None
    new_entries: int = 0
    published: list[datetime | None] = field(default_factory=list)  # of the new entries
    complete: bool = True  # False: new entries were left for the next poll
    cut: str | None = None  # what was cut to stay within [entries], as shown


@dataclass(frozen=True)
class Failure:
    """Why a poll failed, as stored and shown (credentials redacted), and the server's hints."""

    message: str
    status: int | None = None  # HTTP status of a failed fetch
    retry_after: str | None = None  # the server's Retry-After, as sent

    @classmethod
    def of(cls, exc: Exception) -> Failure:
        if isinstance(exc, FetchError):
            return cls(redact(f"{exc.kind}: {exc}"), exc.status, exc.retry_after)
        return cls(redact(str(exc)))

    @property
    def gone(self) -> bool:
        """The server says the feed is gone for good (410): it is not polled again."""
        return self.status == 410


def schedule_policy(cfg: ScheduleConfig) -> schedule.Policy:
    return schedule.Policy(
        base=cfg.interval,
        min_interval=cfg.min_interval,
        max_interval=cfg.max_interval,
        half_life=cfg.rate_half_life,
        max_backoff=cfg.max_backoff,
        adaptive=cfg.adaptive,
        search_max_interval=cfg.search_max_interval,
        follow_up=cfg.follow_up,
    )


class FeedBook:
    """Records poll outcomes on feed rows and plans each feed's next check."""

    def __init__(self, cfg: Config, node: str) -> None:
        self.policy = schedule_policy(cfg.schedule)
        self.node = node  # a row leased by this node is handed back once it is recorded
        self.pinned = {f.url: f.interval for f in cfg.feeds if f.interval}
        self.phases = schedule.host_phases({f.url: outlet_of(f.url) for f in cfg.feeds})
        self.search = {
            f.url for f in cfg.feeds if (f.search if f.search is not None else search_feed(f.url))
        }

    def plan(
        self, row: Feed, now: datetime, hint: tuple[float, str] | None = None
    ) -> schedule.Plan:
        since = row.rate_since.timestamp() if row.rate_since else None
        return schedule.plan_success(
            self.policy,
            now=now,
            arrivals=row.arrivals or [],
            since=since,
            pinned=self.pinned.get(row.url),
            hint=hint,
            phase=self.phases.get(row.url, 0.0),
            search=row.url in self.search,
        )

    def follow_up(self, row: Feed, now: datetime, why: str) -> bool:
        """Move a feed's next check up: another feed of its topic just broke a story.

        A feed that is failing, leased, or told by its server when to come back
        (max-age, Retry-After) keeps its time.
        """
        if not row.configured or row.status not in ("ok", "new"):
            return False
        if row.lease_until is not None and row.lease_until > now:
            return False
        if "server:" in (row.interval_reason or ""):
            return False
        at = schedule.follow_up_at(
            self.policy, now=now, last_checked=row.last_checked_at, next_check=row.next_check_at
        )
        if at is None:
            return False
        row.next_check_at = at
        row.interval_reason = f"follow-up: {why}"
        return True

    def succeeded(self, row: Feed, polled: Polled, now: datetime) -> None:
        result, parsed = polled.result, polled.parsed
        row.status = "ok"
        # A feed that parses with complaints still works; the complaint stays visible.
        row.last_error = f"warning: {parsed.warning}" if parsed and parsed.warning else None
        row.consecutive_failures = 0
        row.last_checked_at = row.last_success_at = now
        if not result.not_modified:
            row.etag, row.last_modified = result.etag, result.last_modified
        if polled.body_hash is not None:
            row.body_hash = polled.body_hash
        if not polled.complete:
            # The entries left over must come on the next poll: no 304, no "unchanged".
            row.etag = row.last_modified = row.body_hash = None
        if parsed is not None:
            row.last_cut = polled.cut
            row.title = parsed.title or row.title
            row.entries_seen += polled.new_entries
            row.ttl = parsed.ttl_minutes
        self._moved(row, result)
        self._record_arrivals(row, now, parsed, polled.published)
        hint = schedule.freshness_hint(result.headers, row.ttl, now)
        plan = self.plan(row, now, hint)
        if not polled.complete and plan.interval > self.policy.min_interval:
            # Entries wait for the next poll: it comes as soon as any feed's may.
            wait = self.policy.min_interval
            plan = schedule.Plan(
                now + timedelta(seconds=wait), wait, "new entries left over from the last poll"
            )
        self._schedule(row, plan)

    def failed(self, row: Feed, failure: Failure, now: datetime) -> None:
        row.consecutive_failures += 1
        row.last_checked_at = now
        row.last_error = failure.message
        row.status = "disabled" if failure.gone else "failing"
        wait_hint = None
        if failure.status in (429, 503):
            wait_hint = schedule.retry_after(failure.retry_after, now)
        plan = schedule.plan_failure(
            self.policy,
            now=now,
            base=self.plan(row, now).interval,
            failures=row.consecutive_failures,
            wait_hint=wait_hint,
            phase=self.phases.get(row.url, 0.0),
        )
        self._schedule(row, plan)
        if failure.gone:
            log.warning(
                "feed %s is gone (410): disabled, not polled again",
                row.url,
                extra={"feed_id": row.id, "feed_url": row.url},
            )
            row.last_error = f"disabled: the server says the feed is gone (410). {failure.message}"
            row.interval_reason = "disabled (410 Gone): not polled again"

    def _moved(self, row: Feed, result: FetchResult) -> None:
        """Follow a permanent redirect: poll the new address from now on."""
        target = result.permanent_redirect
        if target is None or target == (row.fetch_url or row.url):
            return
        log.info(
            "feed %s moved permanently to %s",
            row.url,
            target,
            extra={"feed_id": row.id, "feed_url": row.url, "moved_to": target},
        )
        row.fetch_url = None if target == row.url else target
        row.etag = row.last_modified = None  # validators belong to the old address
        if result.not_modified:
            row.body_hash = None

    def _record_arrivals(
        self,
        row: Feed,
        now: datetime,
        parsed: ParsedFeed | None,
        published: list[datetime | None],
    ) -> None:
        """Add new entries' arrival times; a feed's first look counts every dated entry."""
        since = row.rate_since.timestamp() if row.rate_since else None
        if since is None:
            published = [e.published for e in parsed.entries] if parsed else []
        arrivals, since = schedule.observe(row.arrivals or [], since, published, now)
        if arrivals != (row.arrivals or []):
            row.arrivals = arrivals
        if row.rate_since is None:
            row.rate_since = datetime.fromtimestamp(since, UTC)

    def _schedule(self, row: Feed, plan: schedule.Plan) -> None:
        row.next_check_at = plan.at
        row.check_interval = plan.interval
        row.interval_reason = plan.reason
        if row.lease_owner == self.node:
            row.lease_owner = row.lease_until = None
