"""The long-running service: APScheduler ticks, the database decides what is due."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.app import App

log = logging.getLogger(__name__)

DELIVERY_TICK = 15.0  # seconds between outbox sweeps for retries
STOP_TIMEOUT = 30.0  # seconds in-flight work gets after a stop signal


class Daemon:
    def __init__(self, app: App) -> None:
        self.app = app
        self.stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    def _tracked(self, work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        """Jobs run as tracked tasks so a stop can wait for them to finish."""

        async def job() -> None:
            if self.stopping.is_set():
                return
            task = asyncio.current_task()
            assert task is not None
            self._tasks.add(task)
            try:
                await work()
            except Exception:
                log.exception("scheduled job failed; it runs again at its next tick")
            finally:
                self._tasks.discard(task)

        return job

    async def poll(self) -> None:
        report = await self.app.pipeline.poll_due()
        if report.feeds:
            log.info(
                "polled %d feeds: %d new entries, %d relevant, %d alerts, %d failing",
                len(report.feeds),
                report.total("new_entries"),
                report.total("relevant"),
                report.total("alerts"),
                len(report.failed),
            )
        await self.deliver()

    async def deliver(self) -> None:
        result = await self.app.outbox.deliver_due()
        if result.delivered or result.retrying or result.dead:
            log.info(
                "delivery: %d delivered, %d to retry, %d dead",
                result.delivered,
                result.retrying,
                result.dead,
            )

    def stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not main thread
                loop.add_signal_handler(sig, self.stop)
        cfg = self.app.cfg.schedule
        scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )
        now = datetime.now(UTC)
        scheduler.add_job(
            self._tracked(self.poll), "interval", seconds=cfg.tick, next_run_time=now, id="poll"
        )
        scheduler.add_job(
            self._tracked(self.deliver), "interval", seconds=DELIVERY_TICK, id="deliver"
        )
        scheduler.start()
        log.info("monitor running: %d feeds, tick every %ss", len(self.app.cfg.feeds), cfg.tick)
        try:
            await self.stopping.wait()
        finally:
            log.info("stopping: waiting up to %ss for work in flight", STOP_TIMEOUT)
            scheduler.shutdown(wait=False)
            pending = [t for t in self._tasks if not t.done()]
            if pending:
                _, late = await asyncio.wait(pending, timeout=STOP_TIMEOUT)
                for t in late:
                    t.cancel()
                if late:
                    await asyncio.wait(late, timeout=5)
            log.info("stopped")
