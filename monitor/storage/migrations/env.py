"""Alembic environment: the SQLModel metadata and a connection from `migrate.py`."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import monitor.storage.models  # noqa: F401  (registers the tables on the metadata)
from monitor.storage.models import EpochSeconds, PackedJSON, PackedText, UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Tables the models do not describe (full-text indexes and their shadow tables) stay out."""
    if type_ == "table" and reflected and compare_to is None:
        return False
    return not (type_ == "table" and getattr(obj, "info", {}).get("skip_autogenerate"))


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations must not import the models: they change, a revision must not."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, EpochSeconds):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, PackedText):
        return "sa.Text()"
    if type_ == "type" and isinstance(obj, PackedJSON):
        return "sa.JSON()"
    return False


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        include_object=include_object,
        render_item=render_item,
        compare_type=True,
    )


def _migrate(connection: Any) -> None:
    """Run the revisions in one transaction: the caller's, or one begun here.

    `migrate.upgrade` holds one around every revision it applies; a bare connection
    gets the same, so a kill never leaves a revision half applied (see `atomic`).
    """
    from monitor.storage.migrate import atomic

    if connection.in_transaction():
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    with atomic(connection):
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _migrate(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `monitor db upgrade`")
run()
