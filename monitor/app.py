"""Builds the running parts from a config: store, fetcher, channels, pipeline, outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from monitor.channels.base import Channel
from monitor.channels.console import ConsoleChannel
from monitor.channels.email import EmailChannel
from monitor.channels.webhook import WebhookChannel
from monitor.config import (
    Config,
    ConfigError,
    ConsoleChannelConfig,
    EmailChannelConfig,
    WebhookChannelConfig,
)
from monitor.digests import Digests
from monitor.fetch import Fetcher, FetchLimits
from monitor.logs import config_secrets, register_secrets
from monitor.outbox import DeliveryReport, Outbox
from monitor.parsepool import ParsePool
from monitor.pipeline import CycleReport, Pipeline
from monitor.storage import Store, utcnow


def build_channels(cfg: Config, console: TextIO | None = None) -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    for c in cfg.channels:
        if isinstance(c, WebhookChannelConfig):
            channels[c.name] = WebhookChannel(
                c.name, c.url, secret=c.secret, timeout=c.timeout, headers=dict(c.headers)
            )
        elif isinstance(c, EmailChannelConfig):
            channels[c.name] = EmailChannel(
                c.name, c.smtp, sender=c.from_, to=list(c.to), timeout=c.timeout
            )
        elif isinstance(c, ConsoleChannelConfig):
            channels[c.name] = ConsoleChannel(c.name, stream=console)
    return channels


def build_fetcher(cfg: Config) -> Fetcher:
    return Fetcher(
        FetchLimits(
            timeout=cfg.fetch.timeout,
            max_bytes=cfg.fetch.max_bytes,
            max_redirects=cfg.fetch.max_redirects,
            max_connections=cfg.fetch.concurrency,
        ),
        allow_private=cfg.fetch.allow_private_addresses,
    )


def build_parser(cfg: Config) -> ParsePool:
    return ParsePool(cfg.fetch.parse_workers, cfg.fetch.parse_timeout)


@dataclass
class RunSummary:
    cycle: CycleReport
    delivery: DeliveryReport


class App:
    def __init__(
        self,
        cfg: Config,
        *,
        clock: Callable[[], datetime] = utcnow,
        console: TextIO | None = None,
    ) -> None:
        self.cfg = cfg
        self.clock = clock
        register_secrets(config_secrets(cfg))
        self.store = Store(cfg.storage.url)
        self.fetcher = build_fetcher(cfg)
        self.parser = build_parser(cfg)
        self._console = console
        self.channels = build_channels(cfg, console)
        self.pipeline = Pipeline(cfg, self.store, self.fetcher, self.parser, clock=clock)
        self.outbox = Outbox(self.store, self.channels, cfg.delivery, clock=clock)
        self.digests = Digests(cfg.rules, backfill=cfg.alerts.backfill)

    def run_digests(self) -> int:
        """Create the digests that are due; the outbox sends them. Returns how many."""
        return len(self.digests.run_due(self.store, self.clock()))

    def start(self) -> None:
        """Migrate the schema if needed and bring the feed table in line with the config."""
        from monitor.storage.migrate import ensure_schema

        ensure_schema(self.store, auto_migrate=self.cfg.storage.auto_migrate)
        self.pipeline.sync_feeds()

    async def run_once(self) -> RunSummary:
        """Poll every feed, then deliver every pending alert, timers or not, before exit."""
        cycle = await self.pipeline.poll_all()
        await asyncio.to_thread(self.run_digests)
        delivery = await self.outbox.deliver_due(flush=True)
        return RunSummary(cycle, delivery)

    async def aclose(self) -> None:
        await self.fetcher.aclose()
        await self.parser.aclose()
        for channel in self.channels.values():
            close = getattr(channel, "aclose", None)
            if close is not None:
                await close()
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
        channels = build_channels(cfg, self._console)
        pipeline = Pipeline(cfg, self.store, fetcher, parser, clock=self.clock)
        outbox = Outbox(self.store, channels, cfg.delivery, clock=self.clock)
        old_fetcher, old_parser, old_channels = self.fetcher, self.parser, self.channels
        self.cfg, self.fetcher, self.parser, self.channels = cfg, fetcher, parser, channels
        self.pipeline, self.outbox = pipeline, outbox
        self.digests = Digests(cfg.rules, backfill=cfg.alerts.backfill)
        await asyncio.to_thread(self.pipeline.sync_feeds)
        if old_fetcher is not fetcher:
            await old_fetcher.aclose()
        if old_parser is not parser:
            await old_parser.aclose()
        for channel in old_channels.values():
            close = getattr(channel, "aclose", None)
            if close is not None:
                await close()
