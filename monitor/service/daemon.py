"""The long-running service: APScheduler ticks, the database decides what is due.

Under systemd it speaks the notify protocol (`monitor.service.systemd`): READY once the schema
is migrated and the scheduler runs, watchdog pings only while the scheduler and the
database answer, the last poll as STATUS, STOPPING on the way out. SIGHUP reloads the
configuration; SIGTERM/SIGINT stop it within `[service] stop_timeout`.

No database call runs on the event loop: a database that stops answering holds worker
threads, never the loop, so `/healthz` (answered from memory, on a thread of its own),
signals and the watchdog keep working, and the stop deadline is kept even when a thread
stays stuck in the driver (the process then exits without waiting for it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
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
HEARTBEAT = 1.0  # seconds between beats of the event loop, seen by /healthz
LOOP_STALL = 30.0  # a loop that has not beaten for this long is stuck: not alive
CLOSE_STEP = 2.0  # seconds at most for each closing step of a stop (servers, leases)
CLOCK_JUMP = 30.0  # the wall clock moved this much more or less than elapsed time: a step


class Daemon:
    def __init__(
        self,
        app: App,
        *,
        reload: Callable[[], Config] | None = None,
        notifier: Notifier | None = None,
        hard_exit: bool = False,
    ) -> None:
        """`hard_exit`: past `stop_timeout` after a stop began, end the process even if
        a thread is still stuck in a database call (for `monitor run`, not for tests)."""
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
        # One thread for liveness pings, apart from the jobs' database work: a ping stuck
        # behind a dead server is not repeated, it is reported.
        self._pinger = ThreadPoolExecutor(1, thread_name_prefix="monitor-ping")
        self._ping: Future[None] | None = None
        self._beat = time.monotonic()
        self._stop_deadline: threading.Timer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_budget = app.cfg.service.stop_timeout
        self.hard_exit = hard_exit

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
        took = time.monotonic() - started
        metrics.cycle_finished((f.status for f in report.feeds), took)
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
                extra={**summary, "seconds": round(took, 3)},
            )
            self.last_poll = (
                f"last poll {datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z: {summary['feeds']} feeds, "
                f"{summary['new_entries']} new entries, {summary['relevant']} relevant, "
                f"{summary['alerts']} alerts, {summary['failing']} failing"
            )
            self.notifier.status(self.last_poll)
        await self.deliver()

    @contextlib.asynccontextmanager
    async def _singleton(self, name: str) -> AsyncIterator[bool]:
        """`Store.singleton`, taken and given back on a database thread."""
        held = self.app.store.singleton(name)
        entering = asyncio.ensure_future(self.app.db(held.__enter__))
        try:
            mine = await asyncio.shield(entering)
        except asyncio.CancelledError:  # a stop: give the lock back once it is taken

            def give_back(done: asyncio.Future[bool]) -> None:
                if not done.cancelled() and done.exception() is None:
                    self.app.db_soon(held.__exit__, None, None, None)

            entering.add_done_callback(give_back)
            raise
        try:
            yield mine
        except BaseException as exc:
            await asyncio.shield(self.app.db(held.__exit__, type(exc), exc, exc.__traceback__))
            raise
        else:
            await asyncio.shield(self.app.db(held.__exit__, None, None, None))

    async def deliver(self) -> None:
        # Nodes sharing a database take turns, so no alert goes out twice at once.
        async with self._singleton("deliver") as mine:
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
        await self.app.db(self.app.pipeline.prune_index)

    async def retention(self) -> None:
        keep = self.app.cfg.storage.keep_text_days
        if keep <= 0:
            return
        from monitor.storage.retention import prune_text

        async with self._singleton("retention") as mine:
            if not mine:
                return  # another node is pruning right now
            report = await self.app.db(prune_text, self.app.store, keep, datetime.now(UTC))
        if report.texts:
            log.info(
                "dropped the text of %d articles first seen before %s",
                report.texts,
                report.before,
                extra={"texts_dropped": report.texts},
            )

    async def health(self) -> None:
        if await self.app.db(self.app.check_health):
            await self.deliver()

    async def digest(self) -> None:
        made = await self.app.db(self.app.run_digests)
        if made:
            await self.deliver()

    def stop(self) -> None:
        self._arm_stop_deadline()
        self.stopping.set()

    def _arm_stop_deadline(self) -> None:
        """From the first stop request the process has `stop_timeout` to end. A thread
        stuck in a driver call cannot be cancelled, and the interpreter would wait for it
        at exit: past the deadline the process ends without it. Its transaction is rolled
        back by the server, and the work is redone on the next start."""
        if not self.hard_exit or self._stop_deadline is not None:
            return
        timer = threading.Timer(self._stop_budget, _exit_now, (self._stop_budget,))
        timer.daemon = True
        timer.start()
        self._stop_deadline = timer

    def _on_signal(self, signum: int, _frame: object) -> None:
        """A plain signal handler, not the loop's: it runs even while the loop is busy."""
        self._arm_stop_deadline()
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already closed
                self._loop.call_soon_threadsafe(self.stop)

    # liveness: /healthz and the systemd watchdog

    async def alive(self) -> bool:
        """The scheduler runs, the loop beats and the database answers within seconds."""
        scheduler_ok = self._scheduler is not None and self._scheduler.running
        try:
            if self._ping is None or self._ping.done():  # a stuck ping is not repeated
                self._ping = self._pinger.submit(self.app.store.ping)
            await asyncio.wait_for(asyncio.wrap_future(self._ping), DB_PING_TIMEOUT)
            db_ok = True
        except Exception as exc:
            db_ok = False
            if self.db_ok:
                reason = str(exc) or f"no answer within {DB_PING_TIMEOUT:g}s"
                log.error("database check failed: %s", reason)
        if db_ok and not self.db_ok:
            log.info("database answers again")
        self.db_ok = db_ok
        return scheduler_ok and db_ok and self._loop_lag() < LOOP_STALL

    def _loop_lag(self) -> float:
        return max(0.0, time.monotonic() - self._beat - HEARTBEAT)

    async def _heartbeat(self) -> None:
        """Beat for /healthz, and watch the wall clock against elapsed time: a step (NTP
        after a suspend, an operator, a VM restore) reschedules what the clock decides."""
        offset = time.time() - time.monotonic()
        while not self.stopping.is_set():
            self._beat = time.monotonic()
            now_offset = time.time() - self._beat
            if abs(now_offset - offset) > CLOCK_JUMP:
                await self._clock_jumped(now_offset - offset)
            offset = now_offset
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), HEARTBEAT)

    async def _clock_jumped(self, seconds: float) -> None:
        """Forward, everything is due at once and runs once (jobs coalesce, each feed is
        one row); back, the times stored before the jump would wait it out: they move
        back with the clock. Every job runs now rather than at its old wall-clock time."""
        log.warning(
            "the wall clock jumped %s by %.0f s; rescheduling",
            "forward" if seconds > 0 else "back",
            abs(seconds),
            extra={"clock_jump_seconds": round(seconds)},
        )
        if seconds < 0:
            by = timedelta(seconds=-seconds)

            def shift() -> int:
                with self.app.store.tx() as tx:
                    return tx.clock_stepped_back(datetime.now(UTC), by)

            try:
                await self.app.db(shift)
            except Exception as exc:
                log.warning("could not move the schedule back with the clock: %s", exc)
        scheduler = self._scheduler
        if scheduler is not None and scheduler.running:
            now = datetime.now(UTC)
            # Health checks wait a period: polls and deliveries first catch up with the
            # new time, or a delivery pending across a forward jump would look a day late.
            later = now + timedelta(seconds=self.app.cfg.health.check_every)
            for job in scheduler.get_jobs():
                job.modify(next_run_time=later if job.id == "health" else now)
            scheduler.wakeup()

    def liveness(self) -> dict[str, Any]:
        """From memory only, never the database: safe to call from any thread."""
        scheduler_ok = self._scheduler is not None and self._scheduler.running
        lag = self._loop_lag()
        return {
            "ok": scheduler_ok and self.db_ok and lag < LOOP_STALL and not self.stopping.is_set(),
            "scheduler": scheduler_ok,
            "database": self.db_ok,
            "loop_lag_seconds": round(lag, 1),
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
        loop = self._loop = asyncio.get_running_loop()
        previous: dict[signal.Signals, Any] = {}
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(ValueError):  # not the main thread
                previous[sig] = signal.signal(sig, self._on_signal)
        try:
            await self._run(loop)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            self._pinger.shutdown(wait=False, cancel_futures=True)

    async def _run(self, loop: asyncio.AbstractEventLoop) -> None:
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
        self._spawn(self._heartbeat())
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
                await _bounded(liveness.close(), "closing the liveness endpoint")
            if web is not None:
                await _bounded(web.close(), "closing the web server")
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
        self.stop()
        self.notifier.stopping("stopping")
        log.info("stopping: waiting up to %ss for work in flight", budget)
        scheduler.pause()  # shutting it down now would cancel the jobs in flight
        for task in list(self._side):
            task.cancel()
        # What is kept of the budget for cancelling, releasing leases and closing.
        reserve = min(3.0 * CLOSE_STEP, budget * 0.3)
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=budget - reserve)
            for t in late:
                t.cancel()
            if late:
                # a task stuck in a database thread ends when cancelled; the thread may not
                await asyncio.wait(late, timeout=reserve / 3)
                log.warning("stopped %d jobs in flight; their work is redone on start", len(late))
        scheduler.shutdown(wait=False)
        left = budget - (time.monotonic() - started)
        try:  # feeds an interrupted poll held are due again now, for this node or another
            await asyncio.wait_for(
                self.app.db(self.app.pipeline.release_leases),
                max(0.1, min(CLOSE_STEP, left - reserve / 3)),
            )
        except Exception as exc:
            reason = str(exc) or "the database did not answer"
            log.warning("could not release feed leases (they expire on their own): %s", reason)
        log.info("stopped", extra={"seconds": round(time.monotonic() - started, 2)})


async def _bounded(step: Awaitable[None], what: str, seconds: float = CLOSE_STEP) -> None:
    """A closing step that cannot hold up the stop for more than `seconds`."""
    try:
        await asyncio.wait_for(step, seconds)
    except TimeoutError:
        log.warning("%s took over %ss; going on without it", what, seconds)
    except Exception as exc:
        log.warning("%s failed: %s", what, exc)


def _exit_now(budget: float) -> None:
    """The stop deadline passed with work still stuck (a thread in a driver call)."""
    stuck = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    log.warning(
        "stop_timeout (%ss) reached with threads still busy (%s); exiting now, their "
        "work is redone on start",
        budget,
        ", ".join(stuck),
    )
    for stream in (sys.stderr, sys.stdout):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)
