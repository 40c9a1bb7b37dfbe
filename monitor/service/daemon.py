"""The long-running service: APScheduler ticks, the database decides what is due.

Under systemd it speaks the notify protocol (`monitor.service.systemd`): READY once the schema
is migrated and the scheduler runs, watchdog pings only while the scheduler and the
database answer, the last poll as STATUS, STOPPING on the way out. SIGHUP reloads the
configuration; SIGTERM/SIGINT stop it within `[service] stop_timeout`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.config import Config, ConfigError
from monitor.service import metrics
from monitor.service.app import App
from monitor.service.systemd import Notifier, watchdog_interval

if TYPE_CHECKING:
    from monitor.review.web.server import WebServer

log = logging.getLogger(__name__)

DELIVERY_TICK = 15.0  # seconds between outbox sweeps: retries and alerts whose timers ran out
DIGEST_TICK = 30.0  # seconds between checks for due digests (the database decides)
PRUNE_EVERY = 3600.0  # seconds between prunes of the near-duplicate index
RETENTION_EVERY = 86400.0  # seconds between drops of old article text ([storage] keep_text_days)
DB_PING_TIMEOUT = 5.0


class Daemon:
    def __init__(
        self,
        app: App,
        *,
        reload: Callable[[], Config] | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        self.app = app
        self.stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._reload = reload
        self.notifier = notifier or Notifier()
        self._scheduler: AsyncIOScheduler | None = None
        self._paused = False  # a reload is swapping the parts: no new jobs start
        self._side: set[asyncio.Task[Any]] = set()
        self.last_poll = "no poll yet"
        self.last_success_at: float | None = None  # epoch seconds of the last good poll
        self.db_ok = True
        self._reload_lock = asyncio.Lock()

    def _tracked(self, work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        """Jobs run as tracked tasks so a stop can wait for them to finish."""

        async def job() -> None:
            if self.stopping.is_set() or self._paused:
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
        started = time.monotonic()
        report = await self.app.pipeline.poll_due()
        metrics.cycle_finished((f.status for f in report.feeds), time.monotonic() - started)
        if any(f.status != "error" for f in report.feeds):
            self.last_success_at = time.time()
        if report.feeds:
            summary = {
                "feeds": len(report.feeds),
                "new_entries": report.total("new_entries"),
                "relevant": report.total("relevant"),
                "alerts": report.total("alerts"),
                "failing": len(report.failed),
            }
            log.info(
                "polled %d feeds: %d new entries, %d relevant, %d alerts, %d failing",
                *summary.values(),
                extra=summary,
            )
            self.last_poll = (
                f"last poll {datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z: {summary['feeds']} feeds, "
                f"{summary['new_entries']} new entries, {summary['relevant']} relevant, "
                f"{summary['alerts']} alerts, {summary['failing']} failing"
            )
            self.notifier.status(self.last_poll)
        await self.deliver()

    async def deliver(self) -> None:
        # Nodes sharing a database take turns, so no alert goes out twice at once.
        with self.app.store.singleton("deliver") as mine:
            if not mine:
                return
            result = await self.app.outbox.deliver_due()
        if result.delivered or result.retrying or result.dead:
            log.info(
                "delivery: %d delivered, %d to retry, %d dead",
                result.delivered,
                result.retrying,
                result.dead,
                extra={
                    "delivered": result.delivered,
                    "retrying": result.retrying,
                    "dead": result.dead,
                },
            )

    async def prune(self) -> None:
        await asyncio.to_thread(self.app.pipeline.prune_index)

    async def retention(self) -> None:
        keep = self.app.cfg.storage.keep_text_days
        if keep <= 0:
            return
        from monitor.storage.retention import prune_text

        with self.app.store.singleton("retention") as mine:
            if not mine:
                return  # another node is pruning right now
            report = await asyncio.to_thread(prune_text, self.app.store, keep, datetime.now(UTC))
        if report.texts:
            log.info(
                "dropped the text of %d articles first seen before %s",
                report.texts,
                report.before,
                extra={"texts_dropped": report.texts},
            )

    async def health(self) -> None:
        if self.app.check_health():
            await self.deliver()

    async def digest(self) -> None:
        made = await asyncio.to_thread(self.app.run_digests)
        if made:
            await self.deliver()

    def stop(self) -> None:
        self.stopping.set()

    # liveness: /healthz and the systemd watchdog

    async def alive(self) -> bool:
        """The scheduler runs and the database answers within a few seconds."""
        scheduler_ok = self._scheduler is not None and self._scheduler.running
        try:
            await asyncio.wait_for(asyncio.to_thread(self.app.store.ping), DB_PING_TIMEOUT)
            db_ok = True
        except Exception as exc:
            db_ok = False
            if self.db_ok:
                log.error("database check failed: %s", exc)
        if db_ok and not self.db_ok:
            log.info("database answers again")
        self.db_ok = db_ok
        return scheduler_ok and db_ok

    def liveness(self) -> dict[str, Any]:
        scheduler_ok = self._scheduler is not None and self._scheduler.running
        return {
            "ok": scheduler_ok and self.db_ok and not self.stopping.is_set(),
            "scheduler": scheduler_ok,
            "database": self.db_ok,
            "status": self.last_poll,
            "last_successful_poll_age_seconds": (
                None if self.last_success_at is None else round(time.time() - self.last_success_at)
            ),
        }

    async def _watchdog(self, interval: float) -> None:
        while not self.stopping.is_set():
            if await self.alive():
                self.notifier.watchdog()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), interval)

    async def _liveness_checks(self, every: float) -> None:
        """Without a watchdog the liveness endpoint still needs a fresh database state."""
        while not self.stopping.is_set():
            await self.alive()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), every)

    # reload

    def request_reload(self) -> None:
        if self._reload is None or self.stopping.is_set():
            return
        task = asyncio.get_running_loop().create_task(self.reload())
        self._side.add(task)
        task.add_done_callback(self._side.discard)

    async def reload(self) -> bool:
        """Read the configuration again; an invalid one is rejected and the old one runs on."""
        assert self._reload is not None
        async with self._reload_lock:  # a second SIGHUP waits for the first
            return await self._reload_now()

    async def _reload_now(self) -> bool:
        assert self._reload is not None
        self.notifier.reloading()
        try:
            try:
                cfg = self._reload()
                self.app.check_reload(cfg)
            except ConfigError as exc:
                log.error(
                    "configuration rejected, the old one keeps running: %s",
                    "; ".join(exc.problems),
                    extra={"problems": exc.problems},
                )
                return False
            self._paused = True
            try:
                pending = [t for t in self._tasks if not t.done()]
                if pending:
                    await asyncio.wait(pending)
                old_tick = self.app.cfg.schedule.tick
                old_health = self.app.cfg.health.check_every
                try:
                    await self.app.reload(cfg)
                except Exception as exc:
                    log.error("configuration rejected, the old one keeps running: %s", exc)
                    return False
            finally:
                self._paused = False
            if self._scheduler is not None and cfg.schedule.tick != old_tick:
                self._scheduler.reschedule_job(
                    "poll", trigger="interval", seconds=cfg.schedule.tick
                )
            if self._scheduler is not None and cfg.health.check_every != old_health:
                self._scheduler.reschedule_job(
                    "health", trigger="interval", seconds=cfg.health.check_every
                )
            log.info(
                "configuration reloaded: %d feeds, %d topics, %d rules, %d channels",
                len(cfg.feeds),
                len(cfg.topics),
                len(cfg.rules),
                len(cfg.channels),
                extra={"feeds": len(cfg.feeds), "rules": len(cfg.rules)},
            )
            return True
        finally:
            self.notifier.send(f"STATUS={self.last_poll}", "READY=1")

    # lifecycle

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not main thread
                loop.add_signal_handler(sig, self.stop)
        if self._reload is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signal.SIGHUP, self.request_reload)
        cfg = self.app.cfg.schedule
        scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )
        self._scheduler = scheduler
        now = datetime.now(UTC)
        # (id, job, every seconds, run at start); health is always scheduled because a
        # reload may turn health alerts on, and without channels it is a no-op
        jobs: list[tuple[str, Callable[[], Awaitable[None]], float, bool]] = [
            ("poll", self.poll, cfg.tick, True),
            ("deliver", self.deliver, DELIVERY_TICK, False),
            ("health", self.health, self.app.cfg.health.check_every, False),
            ("digest", self.digest, DIGEST_TICK, True),
            ("prune", self.prune, PRUNE_EVERY, True),
            ("retention", self.retention, RETENTION_EVERY, True),
        ]
        for job_id, work, every, at_start in jobs:
            scheduler.add_job(
                self._tracked(work),
                "interval",
                seconds=every,
                id=job_id,
                **({"next_run_time": now} if at_start else {}),
            )
        service, web_cfg = self.app.cfg.service, self.app.cfg.web
        web = self._web_server() if web_cfg.enabled else None
        if web is not None:
            await web.start()  # before the scheduler: a port in use stops the start cleanly
            log.info("pages, API and /metrics on http://%s:%d/", web.host, web.port)
        scheduler.start()
        liveness = None
        if service.health_port is not None and (web is None or service.health_port != web_cfg.port):
            from monitor.service.liveness import LivenessServer

            liveness = LivenessServer(self.liveness, service.health_host, service.health_port)
            await liveness.start()
            log.info("liveness endpoint on http://%s:%d/healthz", liveness.host, liveness.port)
        interval = watchdog_interval()
        if interval is not None:
            self._spawn(self._watchdog(interval))
        elif liveness is not None or web is not None:
            self._spawn(self._liveness_checks(15.0))
        log.info("monitor running: %d feeds, tick every %ss", len(self.app.cfg.feeds), cfg.tick)
        self.notifier.ready(f"running: {len(self.app.cfg.feeds)} feeds")
        try:
            await self.stopping.wait()
        finally:
            await self._shutdown(scheduler, service.stop_timeout)
            if liveness is not None:
                await liveness.close()
            if web is not None:
                await web.close()
            self.notifier.close()

    def _web_server(self) -> WebServer:
        from monitor.review.web import create_app
        from monitor.review.web.server import WebServer

        cfg = self.app.cfg.web
        app = create_app(
            self.app.store, token=cfg.token, health=self.liveness, clock=self.app.clock
        )
        return WebServer(app, cfg.host, cfg.port)

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._side.add(task)
        task.add_done_callback(self._side.discard)

    async def _shutdown(self, scheduler: AsyncIOScheduler, budget: float) -> None:
        """Take no new work, give in-flight work the budget, then cancel what is left.

        A cancelled delivery was never marked sent, so it stays in the outbox and the
        next start sends it; a cancelled poll leaves its feed due, its lease handed back.
        """
        started = time.monotonic()
        self.stopping.set()
        self.notifier.stopping("stopping")
        log.info("stopping: waiting up to %ss for work in flight", budget)
        scheduler.pause()  # shutting it down now would cancel the jobs in flight
        for task in list(self._side):
            task.cancel()
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            # keep a little of the budget for cancelling and closing the database
            grace = max(budget * 0.8, budget - 3.0)
            _, late = await asyncio.wait(pending, timeout=grace)
            for t in late:
                t.cancel()
            if late:
                left = max(0.1, budget - (time.monotonic() - started))
                await asyncio.wait(late, timeout=left)
                log.warning("stopped %d jobs in flight; their work is redone on start", len(late))
        scheduler.shutdown(wait=False)
        try:  # feeds an interrupted poll held are due again now, for this node or another
            await asyncio.to_thread(self.app.pipeline.release_leases)
        except Exception as exc:
            log.warning("could not release feed leases (they expire on their own): %s", exc)
        log.info("stopped", extra={"seconds": round(time.monotonic() - started, 2)})
