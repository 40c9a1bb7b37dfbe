"""Schema migrations with Alembic: upgrade, current revision, drift against the models.

Alembic is imported only when there is something to do: every start checks the schema,
and importing Alembic costs more than the rest of that check. A new SQLite database is
made from `migrations/sqlite_head.sql`, the schema the revisions make, written out: a
first start would otherwise spend more CPU importing Alembic and running every revision
on empty tables than polling a few hundred articles.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, inspect, text

from monitor.storage.store import DRIVER_ERRORS, StorageError, Store, storage_error, translated

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_HEAD = MIGRATIONS / "sqlite_head.sql"
# FTS5 makes these tables itself when its virtual table is created
_FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
_SNAPSHOT_REVISION = re.compile(r"^-- revision: (\S+)$", re.MULTILINE)
BASELINE = "0001"  # the schema before migrations existed: create_all made it
LOCK_KEY = 0x6D6F6E69746F72  # PostgreSQL advisory lock held while migrating ("monitor")
_DECLARED = re.compile(r"^(down_revision|revision)\b[^=\n]*=(.+)$", re.MULTILINE)


def alembic_config(store: Store | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if store is not None:
        cfg.attributes["store"] = store
    return cfg


def head() -> str:
    from alembic.script import ScriptDirectory

    rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert rev is not None
    return rev


def current(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with store.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except DRIVER_ERRORS as exc:
        raise storage_error(exc, store.url) from exc


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
                with atomic(conn):
                    before, after = _upgrade(conn, store, revision)
                    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise StorageError("migration left rows whose foreign keys break")
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                    conn.commit()
    except DRIVER_ERRORS as exc:
        raise storage_error(exc, store.url, "migrate") from exc
    return before, after


@contextmanager
def atomic(conn: Connection) -> Iterator[None]:
    """One real transaction around everything done on `conn`, DDL included.

    Every revision from the stored one to the target runs inside it, so a process killed
    at any moment leaves the database at the revision it started from, or (once committed)
    at the target. PostgreSQL's DDL is transactional as is. SQLite's is too, but Python's
    sqlite3 module starts a transaction only before INSERT, UPDATE or DELETE: every CREATE
    and ALTER before the first row was written committed on its own, and a kill left
    tables without a version. So on SQLite the module's own transaction handling is
    turned off for the duration and BEGIN IMMEDIATE is issued here; IMMEDIATE also takes
    the write lock before the current revision is read, so a second process migrating the
    same file waits and then finds nothing to do.
    """
    if conn.dialect.name != "sqlite":
        with conn.begin():
            yield
        return
    if conn.in_transaction():
        conn.commit()  # pending reads; the module would otherwise hold them open
    driver = conn.connection.driver_connection
    assert driver is not None
    legacy = driver.isolation_level
    driver.isolation_level = None  # sqlite3: no implicit BEGIN, and no implicit COMMIT
    try:
        with conn.begin():
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield
        # SQLAlchemy's commit or rollback reaches sqlite3, which ends the open
        # transaction whatever its isolation_level.
    finally:
        driver.isolation_level = legacy


def _upgrade(conn: Any, store: Store, revision: str) -> tuple[str | None, str | None]:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

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


def declared_head() -> str | None:
    """The one head revision, read from the revision files as text; None when they do
    not say it plainly (a merge, several heads, an unusual file), so Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = {m[1]: m[2].strip() for m in _DECLARED.finditer(path.read_text("utf-8"))}
        if set(found) != {"revision", "down_revision"}:
            return None
        try:
            rev = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (ValueError, SyntaxError):
            return None
        if not isinstance(rev, str) or not (down is None or isinstance(down, str)):
            return None
        revisions.add(rev)
        if down is not None:
            parents.add(down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(store: Store) -> str | None:
    """The revision in alembic_version, if there is exactly one; None on any doubt."""
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DRIVER_ERRORS:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def ensure_schema(store: Store, *, auto_migrate: bool = True) -> None:
    """Migrate on start, or refuse to run on a schema older than this code."""
    wanted = declared_head()
    if wanted is not None and _stored_revision(store) == wanted:
        return  # the usual start: up to date, nothing for Alembic to do
    if auto_migrate:
        if wanted is not None and store.backend == "sqlite" and _create_new(store, wanted):
            return
        upgrade(store)
        return
    rev = current(store)
    if rev != head():
        raise StorageError(
            f"database schema is at {rev or 'nothing'}, this version needs {head()}: "
            "run `monitor db upgrade`"
        )


def _snapshot() -> tuple[str, list[str]] | None:
    """The revision `SQLITE_HEAD` was written at and its statements, in order."""
    try:
        script = SQLITE_HEAD.read_text("utf-8")
    except OSError:
        return None
    found = _SNAPSHOT_REVISION.search(script)
    if found is None:
        return None
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and line.startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().removesuffix(";"))
            pending = ""
    return found[1], statements


def _create_new(store: Store, wanted: str) -> bool:
    """Make a SQLite database that has no tables yet from `SQLITE_HEAD`, stamped at
    `wanted`; False (nothing done) when the file has tables or the snapshot is of
    another revision, and the revisions are run instead."""
    snapshot = _snapshot()
    if snapshot is None or snapshot[0] != wanted:
        return False
    try:
        with store.engine.connect() as conn, atomic(conn):
            # inside BEGIN IMMEDIATE: a second process making the same file waits here
            if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
                return False
            for statement in snapshot[1]:
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (wanted,))
    except DRIVER_ERRORS as exc:
        raise storage_error(exc, store.url, "migrate") from exc
    return True


def sqlite_schema(conn: Connection) -> str:
    """The text of `SQLITE_HEAD` for the schema `conn`'s SQLite database has: every
    statement that made it, in the order made, less what SQLite makes by itself."""
    rows = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).all()
    virtual = [name for kind, name, sql in rows if str(sql).startswith("CREATE VIRTUAL TABLE")]
    shadows = {f"{v}{suffix}" for v in virtual for suffix in _FTS5_SHADOWS}
    revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    lines = [
        "-- The schema the migrations make on a new SQLite database, read from one",
        "-- (`migrate.write_sqlite_head`); `migrate.ensure_schema` makes new databases with it.",
        f"-- revision: {revision}",
    ]
    lines += [f"{sql};" for kind, name, sql in rows if name not in shadows]
    # rows a revision writes into an empty database (the articles-counted row)
    tables = [n for k, n, sql in rows if k == "table" and n not in shadows and n not in virtual]
    for table in tables:
        if table == "alembic_version":
            continue
        for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"').all():
            values = ", ".join(_literal(value) for value in row)
            lines.append(f'INSERT INTO "{table}" VALUES ({values});')
    return "\n".join(lines) + "\n"


def _literal(value: object) -> str:
    """`value` written as a SQLite literal."""
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    return "'" + str(value).replace("'", "''") + "'"


def write_sqlite_head(path: Path = SQLITE_HEAD) -> None:
    """Write `SQLITE_HEAD` again from a new database migrated by the revisions (after
    adding one: `tests/test_migrations.py` says when it is out of date)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/head.db")
        try:
            upgrade(store)
            with store.engine.connect() as conn:
                path.write_text(sqlite_schema(conn), encoding="utf-8")
        finally:
            store.close()


def diffs(store: Store) -> list[Any]:
    """What autogenerate would change: empty when the migrated schema matches the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with translated(store.url), store.engine.connect() as conn:
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
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    numbers = [int(r.revision) for r in script.walk_revisions() if re.fullmatch(r"\d+", r.revision)]
    return f"{max(numbers, default=0) + 1:04d}"


def revision(store: Store, message: str) -> str:
    """Autogenerate the next numbered revision from the models against an up-to-date database."""
    from alembic import command

    upgrade(store)
    rev_id = next_revision_id()
    with translated(store.url), store.engine.begin() as conn:
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
