"""Feed parsing and page extraction in worker processes, under a wall-clock bound.

feedparser has inputs that take minutes (a long author field meets a backtracking
e-mail regex in 6.0.x), and pure-Python code stuck in a regex cannot be interrupted
from inside. So parses run in long-lived worker processes: one that overruns the
bound is killed and replaced, and only that feed fails. Workers are started on first
use and reused, so a parse costs a pickle round trip, not a process start.

Article pages are extracted by the same workers: extraction is the CPU-heavy part of a
new article before it is stored, and in threads of the daemon it would share one core
(the GIL) with fetching and ingesting. The pool's slots are the bounded queue: at most
`workers` jobs run, the rest wait their turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from monitor.collect.extract import Extracted, extract_page
from monitor.collect.parse import ParsedFeed, ParseError, parse_feed
from monitor.config import TopicConfig

if TYPE_CHECKING:
    from monitor.judge.analysis import Analysis

log = logging.getLogger(__name__)

# spawn, not fork: the daemon has threads (database, to_thread) that fork would copy
# in whatever state they were in.
_CONTEXT = multiprocessing.get_context("spawn")
_STOP_GRACE = 2.0  # seconds a worker gets to exit before it is killed
# A worker's first extraction or analysis imports what it needs (trafilatura, numpy):
# allowed this long on top of the bound, so a short parse_timeout does not kill every
# new worker. Feed parsing imports nothing on first use, and keeps the bound as it is.
_FIRST_JOB_GRACE = 30.0


def _analyse(*args: Any) -> Analysis:
    # imported on the first article: a worker that only parses feeds needs none of it
    from monitor.judge.analysis import analyse

    return analyse(*args)


_JOBS: dict[str, Callable[..., Any]] = {
    "parse": parse_feed,
    "extract": extract_page,
    "analyse": _analyse,
}


def _serve(conn: Connection) -> None:
    """Worker loop: (job, *arguments) in, ("ok", result) or ("error", text) out."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        kind, *args = job
        try:
            reply: tuple[str, Any] = ("ok", _JOBS[kind](*args))
        except ParseError as exc:
            reply = ("error", str(exc))
        except BaseException as exc:  # MemoryError, RecursionError: report, keep serving
            reply = ("error", f"unparsable feed: {type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self) -> None:
        parent, child = _CONTEXT.Pipe(duplex=True)
        self.conn: Connection = parent
        self.process: BaseProcess = _CONTEXT.Process(
            target=_serve, args=(child,), name="monitor-parse", daemon=True
        )
        self.process.start()
        child.close()
        self.warm: set[str] = {"parse"}  # kinds of job it has imported what they need for

    def call(self, job: tuple[Any, ...], timeout: float) -> Any:
        """Blocking round trip; raises TimeoutError or EOFError for a dead/stuck worker."""
        self.conn.send(job)
        if not self.conn.poll(timeout if job[0] in self.warm else timeout + _FIRST_JOB_GRACE):
            raise TimeoutError
        reply = self.conn.recv()
        self.warm.add(job[0])
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.join(_STOP_GRACE)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(_STOP_GRACE)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(_STOP_GRACE)
        self.conn.close()


class ParsePool:
    """At most `workers` feeds parse at once; each parse is bounded by `timeout` seconds."""

    def __init__(self, workers: int = 2, timeout: float = 20.0) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.timeout = timeout
        self._idle: list[_Worker] = []
        self._started = 0
        self._slots = asyncio.Semaphore(workers)
        # One thread per worker waits on its pipe, so the event loop never blocks.
        self._threads = ThreadPoolExecutor(workers, thread_name_prefix="monitor-parse")
        self._closed = False
        self.replaced = 0  # workers killed after overrunning or dying

    @property
    def started(self) -> int:
        """Worker processes started so far (replacements included)."""
        return self._started

    async def parse(self, body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
        """Parse in a worker; raise ParseError for bad feeds, overruns and worker deaths."""
        kind, value = await self._run("parse", body, url, content_type)
        if kind == "ok":
            assert isinstance(value, ParsedFeed)
            return value
        raise ParseError(str(value))

    async def extract(
        self, html: bytes, url: str, content_type: str | None = None
    ) -> Extracted | None:
        """An article page's text and metadata (None: no article text), from a worker;
        raises ParseError for an overrun or a worker's death."""
        kind, value = await self._run("extract", html, url, content_type)
        if kind == "ok":
            assert value is None or isinstance(value, Extracted)
            return value
        raise ParseError(str(value))

    async def analyse(
        self,
        title: str,
        text: str,
        origin: str,
        topics: Sequence[TopicConfig] = (),
        allowed: list[str] | None = None,
        published: datetime | None = None,
    ) -> Analysis:
        """An article's text read for dedupe, relevance, grouping and development
        detection (`monitor.judge.analysis`), in a worker; raises ParseError for an
        overrun or a worker's death."""
        from monitor.judge.analysis import Analysis

        args = (title, text, origin, tuple(topics), allowed, published)
        kind, value = await self._run("analyse", *args)
        if kind == "ok":
            assert isinstance(value, Analysis)
            return value
        raise ParseError(str(value))

    async def _run(self, job: str, *args: Any) -> tuple[str, Any]:
        if self._closed:
            raise RuntimeError("the parse pool is closed")
        async with self._slots:
            loop = asyncio.get_running_loop()
            worker = (
                self._idle.pop()
                if self._idle
                else await loop.run_in_executor(self._threads, self._start)
            )
            began = time.monotonic()
            try:
                kind, value = await loop.run_in_executor(
                    self._threads, worker.call, (job, *args), self.timeout
                )
            except TimeoutError:
                await self._discard(worker)
                doing = {"parse": "parsing", "extract": "extracting the page"}.get(job, job)
                raise ParseError(f"{doing} took over {self.timeout:g} s; stopped") from None
            except (EOFError, OSError) as exc:
                await self._discard(worker)
                raise ParseError(f"the parser process died ({type(exc).__name__})") from None
            except BaseException:
                # Cancelled mid-parse: the worker's reply would be read by the next
                # caller, so it cannot be reused.
                await asyncio.shield(self._discard(worker))
                raise
            if self._closed:
                worker.stop()
            else:
                self._idle.append(worker)
            log.debug("%s done in %.3f s", job, time.monotonic() - began)
        return kind, value

    def _start(self) -> _Worker:
        self._started += 1
        return _Worker()

    async def _discard(self, worker: _Worker) -> None:
        self.replaced += 1
        await asyncio.get_running_loop().run_in_executor(None, worker.kill)

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in idle))
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def __aenter__(self) -> ParsePool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
