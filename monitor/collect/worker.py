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
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from monitor.collect.parse import ParseError

if TYPE_CHECKING:
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
