"""What every command shares: the consoles, the config and store it opens, row lookups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from monitor.config import Config, ConfigError
from monitor.service.configcheck import load_config
from monitor.storage import (
    Alert,
    StorageError,
    Store,
    Tx,
)

# Piped output is read by scripts and grep: no 80-column truncation there.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 240)


err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    config: Path | None = None
    verbose: bool = False


state = State()


def config_or_exit() -> Config:
    from monitor.service import logs

    try:
        cfg = load_config(state.config)
        logs.register_secrets(logs.config_secrets(cfg))
        return cfg
    except ConfigError as exc:
        err.print("[bold red]Configuration error[/] — nothing was started:")
        for p in exc.problems:
            err.print(f"  {logs.redact(p)}", markup=False)
        raise typer.Exit(2) from None


def store_or_exit(cfg: Config) -> Store:
    try:
        from monitor.storage.migrate import ensure_schema

        store = Store(cfg.storage.url)
        ensure_schema(store, auto_migrate=cfg.storage.auto_migrate)
        return store
    except StorageError as exc:
        err.print(f"[bold red]Database error:[/] {exc}")
        raise typer.Exit(1) from None


T = TypeVar("T")


def found(row: T | None, what: str) -> T:
    """The row a `show` command asked for, or exit 1 saying it does not exist."""
    if row is None:
        err.print(f"no {what}")
        raise typer.Exit(1)
    return row


def alert_by_id(tx: Tx, alert_id: str) -> Alert:
    """An alert by its id or a unique prefix of it, as the listings show it."""
    return found(tx.get(Alert, alert_id) or tx.alert_by_prefix(alert_id), f"alert {alert_id}")


def stamp(dt: Any) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if dt else "—"


def plain_store() -> Store:
    try:
        return Store(config_or_exit().storage.url)
    except StorageError as exc:
        err.print(f"[bold red]Database error:[/] {exc}")
        raise typer.Exit(1) from None
