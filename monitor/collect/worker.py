"""The parse worker process: (function, args) in over a socket, its value or error out.

Started by `monitor.collect.parsepool` as a plain `python -c` child, not through
multiprocessing: that would also start multiprocessing's resource tracker (one more
Python process, about 13 MB) and run the parent's `__main__` again in the child. This
module imports only what every job needs; each job's module (the feed parser, page
extraction, article analysis) is imported by unpickling the job's function.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from monitor.collect.parse import ParseError

if TYPE_CHECKING:
    from monitor.collect.extract import Extracted, NoText
    from monitor.judge.analysis import Analysis

# What the parent runs in the child: the parent's import path, then the loop on the fd.
BOOT = (
    "import sys; sys.path[:] = sys.argv[2:]; "
    "from monitor.collect.worker import main; main(int(sys.argv[1]))"
)


def analyse(*args: Any) -> Analysis:
    # imported on the first article: a worker that only parses feeds needs none of it
    from monitor.judge.analysis import analyse

    return analyse(*args)


def read_and_analyse(
    body: bytes,
    url: str,
    content_type: str | None,
    title: str | None,
    published: datetime | None,
    topics: Any,
    allowed: list[str] | None,
) -> tuple[Extracted | NoText, Analysis | None, float]:
    """An article page's text, and its analysis as made from the page by an entry with
    this `title` and `published` (each the page's own when the entry has none): one job
    where two were a round trip each. With the seconds the extraction took, which the
    caller holds to the extraction's own bound."""
    from monitor.collect.extract import Extracted, read_page

    began = time.monotonic()
    outcome = read_page(body, url, content_type)
    took = time.monotonic() - began
    if not isinstance(outcome, Extracted) or not (title or outcome.title):
        return outcome, None, took
    try:
        read = analyse(
            title or outcome.title,
            outcome.text,
            "page",
            topics,
            allowed,
            published or outcome.published,
        )
    except Exception:  # its own job reports it, as without this one
        return outcome, None, took
    return outcome, read, took


def main(fd: int) -> None:
    serve(Connection(fd))
    # nothing to close or flush but the output: skip freeing the heap object by object
    # (the parsers' and extractors' tables), a tenth of a second of CPU per worker
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)


def serve(conn: Connection) -> None:
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
