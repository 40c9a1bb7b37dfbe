"""Feed parsing and page extraction in worker processes, under a wall-clock bound.

feedparser has inputs that take minutes (a long author field meets a backtracking
e-mail regex in 6.0.x), lxml and trafilatura have pages that do too, and pure-Python
code stuck in a regex cannot be interrupted from inside. So parses and extractions run
in long-lived worker processes: one that overruns the bound is killed and replaced, and
only that feed or page fails. Workers are started on first use and reused, so a job
costs a pickle round trip, not a process start.

New articles are also analysed here (`monitor.judge.analysis`): extraction and analysis
are the CPU-heavy part of a new article, and in threads of the daemon they would share
one core (the GIL) with fetching and ingesting. The pool's slots are the bounded queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from monitor.collect.extract import TIMEOUT as EXTRACT_TIMEOUT
from monitor.collect.extract import Extracted, NoText, no_text, read_page
from monitor.collect.parse import ParsedFeed, ParseError, parse_feed
from monitor.config import TopicConfig

if TYPE_CHECKING:
    from monitor.judge.analysis import Analysis

log = logging.getLogger(__name__)

# spawn, not fork: the daemon has threads (database, to_thread) that fork would copy
# in whatever state they were in.
_CONTEXT = multiprocessing.get_context("spawn")
_STOP_GRACE = 2.0  # seconds a worker gets to exit before it is killed
_START_GRACE = 60.0  # seconds a new worker gets to import the parser and say it is ready


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_hidden() -> Iterator[None]:
    """While a worker starts, hide where the parent's `__main__` came from: spawn runs it
    again in the child (as `__mp_main__`), and `monitor`'s imports the whole program (the
    CLI, the web app, the database layer), about 60 MB a worker that never uses any of
    it. The worker needs only this module and what its jobs name."""
    main = sys.modules["__main__"]
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__
    }
    with _MAIN_LOCK:
        main.__dict__["__spec__"] = None
        main.__dict__.pop("__file__", None)
        try:
            yield
        finally:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(saved)


def _analyse(*args: Any) -> Analysis:
    # imported on the first article: a worker that only parses feeds needs none of it
    from monitor.judge.analysis import analyse

    return analyse(*args)


def _serve(conn: Connection) -> None:
    """Worker loop: (function, args) in, ("ok", its value) or ("error", text) out."""
    try:
        conn.send(("ready", None))  # imports done: the job's bound starts from here
    except (OSError, ValueError):
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        func, args = job
        try:
            reply: tuple[str, Any] = ("ok", func(*args))
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
        with _main_hidden():
            self.process.start()
        child.close()
        # A loaded machine can take seconds to start Python and import feedparser: that
        # time must not count against the first feed's parse bound.
        try:
            ready = self.conn.poll(_START_GRACE) and self.conn.recv() == ("ready", None)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise OSError("the parser process did not start")

    def call(self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        """Blocking round trip; raises TimeoutError or EOFError for a dead/stuck worker."""
        self.conn.send((func, args))
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

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
    """At most `workers` jobs run at once; a parse is bounded by `timeout` seconds, an
    extraction by `extract_timeout`."""

    def __init__(
        self, workers: int = 2, timeout: float = 20.0, extract_timeout: float = 20.0
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.timeout = timeout
        self.extract_timeout = extract_timeout
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
        try:
            kind, value = await self._run(parse_feed, (body, url, content_type), self.timeout)
        except TimeoutError:
            raise ParseError(f"parsing took over {self.timeout:g} s; stopped") from None
        except (EOFError, OSError) as exc:
            raise ParseError(f"the parser process died ({type(exc).__name__})") from None
        if kind == "ok":
            assert isinstance(value, ParsedFeed)
            return value
        raise ParseError(str(value))

    async def extract(
        self, body: bytes, url: str, content_type: str | None = None
    ) -> Extracted | NoText:
        """An article page's text in a worker; an overrun or a dead worker is NoText."""
        limit = self.extract_timeout
        try:
            kind, value = await self._run(read_page, (body, url, content_type), limit)
        except TimeoutError:
            return no_text(EXTRACT_TIMEOUT, f"extraction took over {limit:g} s; stopped")
        except (EOFError, OSError) as exc:
            return no_text("failed", f"the extracting process died ({type(exc).__name__})")
        if kind == "ok" and isinstance(value, Extracted | NoText):
            return value
        return no_text("failed", f"extraction failed: {value}")

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
        detection (`monitor.judge.analysis`), in a worker, under the extraction bound;
        raises ParseError for an overrun, a worker's death or a failure."""
        from monitor.judge.analysis import Analysis

        args = (title, text, origin, tuple(topics), allowed, published)
        try:
            kind, value = await self._run(_analyse, args, self.extract_timeout)
        except TimeoutError:
            raise ParseError("analysis took too long; stopped") from None
        except (EOFError, OSError) as exc:
            raise ParseError(f"the worker process died ({type(exc).__name__})") from None
        if kind == "ok" and isinstance(value, Analysis):
            return value
        raise ParseError(str(value))

    async def _run(
        self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float
    ) -> tuple[str, Any]:
        if self._closed:
            raise RuntimeError("the parse pool is closed")
        async with self._slots:
            loop = asyncio.get_running_loop()
            # a worker that fails to start raises OSError, which callers report like a death
            worker = (
                self._idle.pop()
                if self._idle
                else await loop.run_in_executor(self._threads, self._start)
            )
            began = time.monotonic()
            try:
                reply: tuple[str, Any] = await loop.run_in_executor(
                    self._threads, worker.call, func, args, timeout
                )
            except (TimeoutError, EOFError, OSError):
                await self._discard(worker)
                raise
            except BaseException:
                # Cancelled mid-job: the worker's reply would be read by the next
                # caller, so it cannot be reused.
                await asyncio.shield(self._discard(worker))
                raise
            if self._closed:
                worker.stop()
            else:
                self._idle.append(worker)
            log.debug("%s %s in %.3f s", func.__name__, args[1], time.monotonic() - began)
        return reply

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
