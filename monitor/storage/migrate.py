"""Schema migrations with Alembic: upgrade, current revision, drift against the models."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import SQLModel

from monitor.storage.store import StorageError, Store, redact

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema before migrations existed: create_all made it
LOCK_KEY = 0x6D6F6E69746F72  # PostgreSQL advisory lock held while migrating ("monitor")


def alembic_config(store: Store | None = None) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if store is not None:
        cfg.attributes["store"] = store
    return cfg


def head() -> str:
    rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert rev is not None
    return rev


def current(store: Store) -> str | None:
    try:
        with store.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except (OperationalError, ProgrammingError) as exc:
        raise StorageError(f"cannot use database {redact(store.url)}: {exc.orig}") from exc


def upgrade(store: Store, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the schema to `revision`; returns (before, after).

    A database made before migrations existed (tables but no version) is stamped with the
    baseline first, so its rows are kept and later revisions apply to it.
    """
    try:
        with store.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # Batch mode rebuilds a table by copying and dropping it; with foreign keys
                # enforced the drop fails as soon as another table's rows refer to it.
                # The pragma only takes effect outside a transaction.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            try:
                with conn.begin():
                    before, after = _upgrade(conn, store, revision)
                    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise StorageError("migration left rows whose foreign keys break")
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                    conn.commit()
    except (OperationalError, ProgrammingError) as exc:
        raise StorageError(f"cannot migrate database {redact(store.url)}: {exc.orig}") from exc
    return before, after


def _upgrade(conn: Any, store: Store, revision: str) -> tuple[str | None, str | None]:
    if conn.dialect.name == "postgresql":
        # two instances starting together: the second waits, then finds nothing to do
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    before = MigrationContext.configure(conn).get_current_revision()
    cfg = alembic_config(store)
    cfg.attributes["connection"] = conn
    if before is None and inspect(conn).has_table("feed"):
        command.stamp(cfg, BASELINE)
        before = BASELINE
    command.upgrade(cfg, revision)
    return before, MigrationContext.configure(conn).get_current_revision()


def ensure_schema(store: Store, *, auto_migrate: bool = True) -> None:
    """Migrate on start, or refuse to run on a schema older than this code."""
    if auto_migrate:
        upgrade(store)
        return
    rev = current(store)
    if rev != head():
        raise StorageError(
            f"database schema is at {rev or 'nothing'}, this version needs {head()}: "
            "run `monitor db upgrade`"
        )


def diffs(store: Store) -> list[Any]:
    """What autogenerate would change: empty when the migrated schema matches the models."""
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "include_object": _include_object()},
        )
        return list(compare_metadata(ctx, SQLModel.metadata))


def _include_object() -> Any:
    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table" and name == "alembic_version":
            return False
        if type_ == "table" and reflected and compare_to is None:
            return False
        return not (type_ == "table" and getattr(obj, "info", {}).get("skip_autogenerate"))

    return include


def next_revision_id() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    numbers = [int(r.revision) for r in script.walk_revisions() if re.fullmatch(r"\d+", r.revision)]
    return f"{max(numbers, default=0) + 1:04d}"


def revision(store: Store, message: str) -> str:
    """Autogenerate the next numbered revision from the models against an up-to-date database."""
    upgrade(store)
    rev_id = next_revision_id()
    with store.engine.begin() as conn:
        cfg = alembic_config(store)
        cfg.attributes["connection"] = conn
        if importlib.util.find_spec("ruff") is not None:
            # the new file passes the project's formatter and linter as written
            cfg.set_section_option("post_write_hooks", "hooks", "fmt, lint")
            for name, args in (("fmt", "format"), ("lint", "check --fix --quiet")):
                cfg.set_section_option("post_write_hooks", f"{name}.type", "module")
                cfg.set_section_option("post_write_hooks", f"{name}.module", "ruff")
                cfg.set_section_option(
                    "post_write_hooks", f"{name}.options", f"{args} REVISION_SCRIPT_FILENAME"
                )
        command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
    return rev_id
