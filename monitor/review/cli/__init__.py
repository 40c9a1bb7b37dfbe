"""The `monitor` command: one module per command group."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

from monitor.review.cli import run as _run  # noqa: F401  (registers its commands)
from monitor.review.cli import search as _search  # noqa: F401  (registers its commands)
from monitor.review.cli import serve as _serve  # noqa: F401  (registers its command)
from monitor.review.cli.alerts import alerts_app
from monitor.review.cli.app import app
from monitor.review.cli.articles import articles_app
from monitor.review.cli.channels import channels_app
from monitor.review.cli.common import state
from monitor.review.cli.data import db_app
from monitor.review.cli.feeds import feeds_app
from monitor.review.cli.search import query_app
from monitor.review.cli.silence import silence_app
from monitor.review.cli.stories import stories_app

app.add_typer(stories_app, name="stories")
app.add_typer(articles_app, name="articles")
app.add_typer(alerts_app, name="alerts")
app.add_typer(feeds_app, name="feeds")
app.add_typer(channels_app, name="channels")
app.add_typer(silence_app, name="silence")
app.add_typer(db_app, name="db")
app.add_typer(query_app, name="query")

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except SystemExit as done:
        if state.exit_fast and not _threads_left():
            exit_now(done.code)
        raise


def _threads_left() -> bool:
    """Whether a thread other than this one still runs (an executor's idle workers, a
    channel's connection): Python's own exit stops and joins those; a fast exit could
    not, and would wait on an idle worker forever."""
    me = threading.current_thread()
    return any(t is not me and not t.daemon and t.is_alive() for t in threading.enumerate())


def exit_now(code: object) -> NoReturn:
    """End the process as Python would, minus freeing every object one by one at the
    end (a quarter of a second of CPU after a poll, the ORM's and the settings' models
    and the caches): exit handlers run (logging, the parse workers'), the output is
    flushed, then `os._exit`. Only when no other thread runs (`_threads_left`)."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)
