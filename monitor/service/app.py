"""Builds the running parts from a config: store, fetcher, channels, pipeline, outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from monitor.alerting.channels.base import Channel
from monitor.alerting.channels.console import ConsoleChannel
from monitor.alerting.channels.email import EmailChannel
from monitor.alerting.channels.render import clear_cache, template_set
from monitor.alerting.channels.webhook import WebhookChannel
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


def build_channel(
    cfg: Config,
    c: ChannelConfig,
    console: TextIO | None = None,
    console_json: bool | None = None,
) -> Channel:
    templates = template_set(c, cfg.delivery.story_url)
    if isinstance(c, WebhookChannelConfig):
        return WebhookChannel(
            c.name, c.url, secret=c.secret, timeout=c.timeout, headers=dict(c.headers)
        )
    if isinstance(c, EmailChannelConfig):
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
        )
        self.digests = Digests(cfg.rules, backfill=cfg.alerts.backfill)
        self.selfwatch = self._selfwatch(cfg)

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
        await asyncio.to_thread(self.run_digests)
        self.check_health()
        # the daemon's lock: a cron run beside a daemon (or another node) waits its turn
        # rather than sending the same alerts at the same time
        with self.store.singleton("deliver", wait=True):
            delivery = await self.outbox.deliver_due(flush=True)
        pruned = await asyncio.to_thread(self.pipeline.prune_index)
        return RunSummary(cycle, delivery, pruned)

    async def aclose(self) -> None:
        await self.fetcher.aclose()
        await self.parser.aclose()
        for channel in self.channels.values():
            close = getattr(channel, "aclose", None)
            if close is not None:
                await close()
        if self.outbox.rewriter is not None:
            await self.outbox.rewriter.aclose()
        self.store.close()

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
        )
        old_fetcher, old_parser, old_channels = self.fetcher, self.parser, self.channels
        old_rewriter = self.outbox.rewriter
        self.cfg, self.fetcher, self.parser, self.channels = cfg, fetcher, parser, channels
        self.pipeline, self.outbox = pipeline, outbox
        self.digests = Digests(cfg.rules, backfill=cfg.alerts.backfill)
        self.selfwatch = self._selfwatch(cfg)
        await asyncio.to_thread(self.pipeline.sync_feeds)
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
