"""What every command shares: exit codes, the consoles, the config and store it opens."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer
from rich.console import Console

from monitor.redact import config_secrets, redact, register_secrets
from monitor.review.cli.display import set_zone, stamp

# The config, its checks and the store are loaded by the commands that open them, so
# `--help` and the commands that need neither skip the ORM.
if TYPE_CHECKING:
    from monitor.config import Config
    from monitor.storage import Alert, Store, Tx


class ExitCode(IntEnum):
    """Every command's exit status (README, "Exit codes")."""

    OK = 0
    DATABASE = 1  # the database cannot be used: missing, unreachable, locked by another run
    USAGE = 2  # invalid configuration, option or argument; nothing was done
    NOT_FOUND = 3  # the story, article, alert, feed, channel or silence asked for does not exist
    FAILED = 4  # the command ran but its work failed: every feed, a test send, the daemon's health


# Both follow $COLUMNS, else the terminal; piped output is fitted in display.configure.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    config: Path | None = None
    verbose: bool = False
    exit_fast: bool = False  # the command's work is all closed and flushed (`main`)


state = State()


def fail(code: ExitCode, message: str) -> NoReturn:
    """Say what went wrong on stderr (never as markup: it may quote feed text) and exit."""
    err.print(message, markup=False)
    raise typer.Exit(code)


def config_or_exit() -> Config:
    from monitor.config import ConfigError
    from monitor.service.configcheck import load_config

    try:
        cfg = load_config(state.config)
        register_secrets(config_secrets(cfg))
    except ConfigError as exc:
        err.print("[bold red]Configuration error[/] — nothing was started:")
        for p in exc.problems:
            err.print(f"  {redact(p)}", markup=False)
        raise typer.Exit(ExitCode.USAGE) from None
    set_zone(cfg.display.timezone)
    return cfg


def missing_database(cfg: Config) -> str | None:
    """Why a SQLite database file that does not exist yet cannot be read, or None."""
    from monitor.config import config_path
    from monitor.storage import sqlite_file

    path = sqlite_file(cfg.storage.url)  # a malformed URL: Store reports it itself
    if path is None or path.exists():
        return None
    return (
        f"no database at {path.absolute()} (storage.url in {config_path(state.config)}): "
        "nothing has been stored there yet. `monitor run --once` polls the feeds and "
        "creates it; if the database is elsewhere, point storage.url at it."
    )


def store_or_exit(cfg: Config, *, create: bool = False) -> Store:
    """The store, its schema current; a SQLite file is created only when `create` says so.

    Commands that only read refuse a missing database instead of leaving an empty one
    (and its folder) behind in whatever directory they were run from.
    """
    from monitor.storage import StorageError, Store

    if not create and (why := missing_database(cfg)):
        fail(ExitCode.DATABASE, why)
    try:
        from monitor.storage.migrate import ensure_schema

        store = Store(cfg.storage.url)
        ensure_schema(store, auto_migrate=cfg.storage.auto_migrate)
        return store
    except StorageError as exc:
        err.print("[bold red]Database error:[/] ", end="")
        fail(ExitCode.DATABASE, str(exc))


T = TypeVar("T")


def found(row: T | None, what: str) -> T:
    """The row a command asked for, or exit NOT_FOUND saying it does not exist."""
    if row is None:
        fail(ExitCode.NOT_FOUND, f"no {what}")
    return row


def alert_by_id(tx: Tx, alert_id: str) -> Alert:
    """An alert by its id or a unique prefix of it, as the listings show it."""
    from monitor.storage import Alert

    return found(tx.get(Alert, alert_id) or tx.alert_by_prefix(alert_id), f"alert {alert_id}")


def plain_store(*, create: bool = False) -> Store:
    """The store without touching its schema (for the migration commands)."""
    from monitor.storage import StorageError, Store

    cfg = config_or_exit()
    if not create and (why := missing_database(cfg)):
        fail(ExitCode.DATABASE, why)
    try:
        return Store(cfg.storage.url)
    except StorageError as exc:
        err.print("[bold red]Database error:[/] ", end="")
        fail(ExitCode.DATABASE, str(exc))


__all__ = [
    "ExitCode",
    "alert_by_id",
    "config_or_exit",
    "err",
    "fail",
    "found",
    "missing_database",
    "out",
    "plain_store",
    "stamp",
    "state",
    "store_or_exit",
]
