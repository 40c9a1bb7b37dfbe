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
import atexit
import contextlib
import logging
import socket
import subprocess
import sys
import time
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from monitor.collect import worker
from monitor.collect.extract import TIMEOUT as EXTRACT_TIMEOUT
from monitor.collect.extract import Extracted, NoText, no_text, read_page
from monitor.collect.parse import ParsedFeed, ParseError, parse_feed

if TYPE_CHECKING:
    from monitor.config import TopicConfig
    from monitor.judge.analysis import Analysis

log = logging.getLogger(__name__)

_STOP_GRACE = 2.0  # seconds a worker gets to exit before it is killed
_START_GRACE = 60.0  # seconds a new worker gets to import the parser and say it is ready


class _Worker:
    """A worker process (`monitor.collect.worker`) and its end of their socket pair.

    A new process, not a fork: the daemon has threads (database, to_thread) that fork
    would copy in whatever state they were in."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    *subprocess._args_from_interpreter_flags(),  # type: ignore[attr-defined]
                    "-c",
                    worker.BOOT,
                    str(theirs.fileno()),
                    *sys.path,
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        # A loaded machine can take seconds to start Python and import feedparser: that
        # time must not count against the first feed's parse bound.
        try:
            ready = self.conn.poll(_START_GRACE) and self.conn.recv() == ("ready", None)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise OSError("the parser process did not start")
        _running.add(self)

    async def call(self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        """Round trip; raises TimeoutError or EOFError for a dead/stuck worker.

        The reply is waited for by the event loop's selector: a thread waiting on the
        pipe cost two thread hand-offs a job, more than a small job's pickles."""
        self.conn.send((func, args))
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, _wake, ready)
        try:
            async with asyncio.timeout(timeout):
                await ready
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()

    def kill(self) -> None:
        _running.discard(self)
        self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(_STOP_GRACE)
        self.conn.close()

    def stop(self) -> None:
        _running.discard(self)
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        try:
            self.process.wait(_STOP_GRACE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(_STOP_GRACE)
        self.conn.close()


def _wake(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


# Workers not stopped when the process exits are killed, as multiprocessing does for
# daemon processes: one stuck in a regex would otherwise outlive it.
_running: weakref.WeakSet[_Worker] = weakref.WeakSet()


@atexit.register
def _kill_running() -> None:
    for w in list(_running):
        with contextlib.suppress(OSError):
            w.process.kill()


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
        # Workers are started in threads, so the event loop never waits on a start.
        self._threads = ThreadPoolExecutor(workers, thread_name_prefix="monitor-parse")
        self._closed = False
        self.replaced = 0  # workers killed after overrunning or dying
        self.jobs: Counter[str] = Counter()  # jobs sent, by the function's name

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

    async def read(
        self,
        body: bytes,
        url: str,
        content_type: str | None,
        title: str | None,
        published: datetime | None,
        topics: Sequence[TopicConfig] = (),
        allowed: list[str] | None = None,
    ) -> tuple[Extracted | NoText, Analysis | None]:
        """`extract`, and the text's `analyse` as an entry with this title and date makes
        it (each the page's own when the entry has none), in one job.

        The extraction keeps its own bound: one that took longer is an overrun, as in its
        own job. A job that overran both bounds together, or whose worker died, is done
        again as `extract` alone, so the page's outcome never depends on the analysis."""
        from monitor.judge.analysis import Analysis
        from monitor.judge.relevance import TopicQuery

        limit = self.extract_timeout
        plain = tuple(TopicQuery(t.name, t.query) for t in topics)
        args = (body, url, content_type, title, published, plain, allowed)
        try:
            kind, value = await self._run(worker.read_and_analyse, args, 2 * limit)
        except (TimeoutError, EOFError, OSError):
            return await self.extract(body, url, content_type), None
        if kind != "ok":
            return await self.extract(body, url, content_type), None
        outcome, read, took = value
        if took > limit:
            return no_text(EXTRACT_TIMEOUT, f"extraction took over {limit:g} s; stopped"), None
        if not isinstance(outcome, Extracted | NoText):
            return no_text("failed", f"extraction failed: {outcome}"), None
        return outcome, read if isinstance(read, Analysis) else None

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
        from monitor.judge.relevance import TopicQuery

        # plain tuples: the worker need not import the settings' models to read them
        plain = tuple(TopicQuery(t.name, t.query) for t in topics)
        args = (title, text, origin, plain, allowed, published)
        try:
            kind, value = await self._run(worker.analyse, args, self.extract_timeout)
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
            self.jobs[func.__name__] += 1
            try:
                reply: tuple[str, Any] = await worker.call(func, args, timeout)
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
