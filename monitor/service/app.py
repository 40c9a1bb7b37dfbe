"""Builds the running parts from a config: store, fetcher, channels, pipeline, outbox."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO, TypeVar

from monitor.alerting.channels.base import Channel
from monitor.alerting.channels.console import ConsoleChannel
from monitor.alerting.channels.render import clear_cache, template_set
from monitor.alerting.digests import Digests
from monitor.alerting.outbox import DeliveryReport, Outbox
from monitor.alerting.quiet import QuietHours
from monitor.alerting.rewrite import Rewriter
from monitor.alerting.selfwatch import SelfWatch
from monitor.collect.fetch import Fetcher, FetchLimits, request_policy
from monitor.collect.parsepool import ParsePool
from monitor.config import (
    AppriseChannelConfig,
    ChannelConfig,
    Config,
    ConfigError,
    EmailChannelConfig,
    WebhookChannelConfig,
)
from monitor.pipeline import CycleReport, Pipeline
from monitor.redact import config_secrets, register_secrets
from monitor.storage import Store, utcnow

log = logging.getLogger(__name__)
R = TypeVar("R")
DB_THREADS = 4  # the service's own database work: leases, singletons, digests, upkeep
CLOSE_STEP = 5.0  # seconds at most for closing each part (a stop's deadline still holds)


def build_channel(
    cfg: Config,
    c: ChannelConfig,
    console: TextIO | None = None,
    console_json: bool | None = None,
) -> Channel:
    templates = template_set(c, cfg.delivery.story_url)
    # Each channel's module is loaded when such a channel is configured.
    if isinstance(c, WebhookChannelConfig):
        from monitor.alerting.channels.webhook import WebhookChannel

        return WebhookChannel(
            c.name, c.url, secret=c.secret, timeout=c.timeout, headers=dict(c.headers)
        )
    if isinstance(c, EmailChannelConfig):
        from monitor.alerting.channels.email import EmailChannel

        return EmailChannel(
            c.name,
            c.smtp,
            sender=c.from_,
            to=list(c.to),
            timeout=c.timeout,
            templates=templates,
            allow_insecure_auth=c.allow_insecure_auth,
        )
    if isinstance(c, AppriseChannelConfig):
        from monitor.alerting.channels.apprise import AppriseChannel

        return AppriseChannel(c.name, list(c.urls), timeout=c.timeout, templates=templates)
    return ConsoleChannel(
        c.name, stream=console, templates=templates, timeout=c.timeout, json_lines=console_json
    )


def build_channels(
    cfg: Config, console: TextIO | None = None, console_json: bool | None = None
) -> dict[str, Channel]:
    """`console_json`: console alerts as JSON lines or text; None follows the logs."""
    clear_cache()  # a reload may point at edited templates
    return {c.name: build_channel(cfg, c, console, console_json) for c in cfg.channels}


def quiet_hours(cfg: Config) -> dict[str, QuietHours]:
    return {
        c.name: QuietHours.parse(c.quiet_hours, c.timezone)
        for c in cfg.channels
        if c.quiet_hours is not None
    }


def build_rewriter(cfg: Config) -> Rewriter | None:
    """The language model that rewords briefs, when `[briefs] llm` is set."""
    return Rewriter(cfg.briefs.llm) if cfg.briefs.llm is not None else None


def build_fetcher(cfg: Config) -> Fetcher:
    return Fetcher(
        FetchLimits(
            timeout=cfg.fetch.timeout,
            max_bytes=cfg.fetch.max_bytes,
            max_redirects=cfg.fetch.max_redirects,
            max_connections=cfg.fetch.concurrency,
        ),
        allow_private=cfg.fetch.allow_private_addresses,
        policy=request_policy(cfg.fetch, cfg.feeds),
    )


def build_parser(cfg: Config) -> ParsePool:
    return ParsePool(
        cfg.fetch.parse_workers, cfg.fetch.parse_timeout, extract_timeout=cfg.fetch.extract_timeout
    )


@dataclass
class RunSummary:
    cycle: CycleReport
    delivery: DeliveryReport
    pruned: int = 0  # near-duplicate index rows past their window


class App:
    def __init__(
        self,
        cfg: Config,
        *,
        clock: Callable[[], datetime] = utcnow,
        console: TextIO | None = None,
        console_json: bool | None = None,
    ) -> None:
        self.cfg = cfg
        self.clock = clock
        register_secrets(config_secrets(cfg))
        # Apart from the default executor, which ingest, extraction and channel sends
        # fill: a stop still gets a thread to hand back its leases.
        self._db_threads = ThreadPoolExecutor(DB_THREADS, thread_name_prefix="monitor-db")
        self.store = Store(cfg.storage.url)
        self.fetcher = build_fetcher(cfg)
        self.parser = build_parser(cfg)
        self._console, self._console_json = console, console_json
        self.channels = build_channels(cfg, console, console_json)
        self.pipeline = Pipeline(cfg, self.store, self.fetcher, self.parser, clock=clock)
        self.outbox = Outbox(
            self.store,
            self.channels,
            cfg.delivery,
            clock=clock,
            quiet=quiet_hours(cfg),
            rewriter=build_rewriter(cfg),
            timeline_lines=cfg.briefs.timeline_lines,
        )
        self.digests = Digests(cfg.rules, backfill=cfg.alerts.backfill)
        self.selfwatch = self._selfwatch(cfg)

    async def db(self, fn: Callable[..., R], *args: Any) -> R:
        """Run a blocking database call on the service's database threads, off the loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db_threads, functools.partial(fn, *args))

    def db_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Start a database call on those threads without waiting for it (from callbacks)."""
        with contextlib.suppress(RuntimeError):  # closed: the process is ending
            self._db_threads.submit(fn, *args)

    def run_digests(self) -> int:
        """Create the digests that are due; the outbox sends them. Returns how many."""
        return len(self.digests.run_due(self.store, self.clock()))

    def _selfwatch(self, cfg: Config) -> SelfWatch | None:
        return SelfWatch(self.store, cfg.health, self.clock) if cfg.health.channels else None

    def check_health(self) -> list[str]:
        """Raise or resolve health alerts; they go out with the next delivery."""
        return self.selfwatch.check() if self.selfwatch is not None else []

    def start(self) -> None:
        """Migrate the schema if needed and bring the feed table in line with the config."""
        from monitor.storage.migrate import ensure_schema

        ensure_schema(self.store, auto_migrate=self.cfg.storage.auto_migrate)
        self.pipeline.sync_feeds()

    async def run_once(self, *, due_only: bool = False) -> RunSummary:
        """Poll every feed (or only the due ones), then deliver every pending alert,
        timers or not, before exit."""
        cycle = await (self.pipeline.poll_due() if due_only else self.pipeline.poll_all())
        await self.db(self.run_digests)
        await self.db(self.check_health)
        # the daemon's lock: a cron run beside a daemon (or another node) waits its turn
        # rather than sending the same alerts at the same time
        with self.store.singleton("deliver", wait=True):
            delivery = await self.outbox.deliver_due(flush=True)
        pruned = await self.db(self.pipeline.prune_index)
        return RunSummary(cycle, delivery, pruned)

    async def aclose(self) -> None:
        """Close every part, each within a bound: a stop has a deadline to keep."""
        closers: list[tuple[str, Callable[[], Any]]] = [
            ("fetcher", self.fetcher.aclose),
            ("parser", self.parser.aclose),
        ]
        for name, channel in self.channels.items():
            close = getattr(channel, "aclose", None)
            if close is not None:
                closers.append((f"channel {name}", close))
        if self.outbox.rewriter is not None:
            closers.append(("rewriter", self.outbox.rewriter.aclose))
        for what, close in closers:
            try:
                await asyncio.wait_for(close(), CLOSE_STEP)
            except Exception as exc:  # a timeout included: the process is ending anyway
                log.warning("closing the %s: %s", what, str(exc) or type(exc).__name__)
        # Closing the pool says goodbye to the server: off the loop, and not waited for
        # past the bound when the server is gone.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.db(self.store.close), CLOSE_STEP)
        self._db_threads.shutdown(wait=False, cancel_futures=True)

    async def __aenter__(self) -> App:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def check_reload(self, cfg: Config) -> None:
        """Reject a new configuration that cannot be applied without a restart."""
        if cfg.storage != self.cfg.storage:
            raise ConfigError(["storage: changing the database needs a restart"])
        if cfg.web != self.cfg.web:
            raise ConfigError(["web: changing [web] needs a restart"])

    async def reload(self, cfg: Config) -> None:
        """Swap in parts built from `cfg`; the caller makes sure no job is running.

        Everything is built before anything is swapped, so a failure leaves the old
        parts running.
        """
        self.check_reload(cfg)
        register_secrets(config_secrets(cfg))
        fetcher, parser = self.fetcher, self.parser
        if cfg.fetch != self.cfg.fetch:
            fetcher = build_fetcher(cfg)
            parser = build_parser(cfg)
        channels = build_channels(cfg, self._console, self._console_json)
        pipeline = Pipeline(cfg, self.store, fetcher, parser, clock=self.clock)
        outbox = Outbox(
            self.store,
            channels,
            cfg.delivery,
            clock=self.clock,
            quiet=quiet_hours(cfg),
            rewriter=build_rewriter(cfg),
            timeline_lines=cfg.briefs.timeline_lines,
        )
        old_fetcher, old_parser, old_channels = self.fetcher, self.parser, self.channels
        old_rewriter = self.outbox.rewriter
        self.cfg, self.fetcher, self.parser, self.channels = cfg, fetcher, parser, channels
        self.pipeline, self.outbox = pipeline, outbox
        self.digests = Digests(cfg.rules, backfill=cfg.alerts.backfill)
        self.selfwatch = self._selfwatch(cfg)
        await self.db(self.pipeline.sync_feeds)
        if old_fetcher is not fetcher:
            await old_fetcher.aclose()
        if old_parser is not parser:
            await old_parser.aclose()
        for channel in old_channels.values():
            close = getattr(channel, "aclose", None)
            if close is not None:
                await close()
        if old_rewriter is not None:
            await old_rewriter.aclose()
