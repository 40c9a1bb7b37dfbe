"""What every domain's queries stand on: the session and plain row access."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar, cast

from sqlmodel import Session, SQLModel

T = TypeVar("T", bound=SQLModel)


@cache
def _format_style(sql: str) -> str:
    """`?` placeholders as psycopg's `%s`."""
    return sql.replace("?", "%s")


def placeholders(n: int) -> str:
    """`?, ?, ...` for an IN list of `n` values."""
    return ", ".join("?" * n)


class Queries:
    session: Session

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, model: type[T], key: Any) -> T | None:
        return self.session.get(model, key)

    def run_sql(self, sql: str, params: Sequence[Any] | list[Sequence[Any]] = ()) -> None:
        """A statement as the driver runs it, `?` for each parameter (a list of tuples:
        once per tuple). For the few statements ingest runs for every article, where
        building, caching and binding a SQLAlchemy statement cost more than running it;
        only plain values (text, numbers, bytes, booleans) are passed, no column types
        apply, and pending ORM changes are not flushed first."""
        self._driver(sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """What a query `run_sql` runs returns, as tuples."""
        return cast(list[tuple[Any, ...]], self._driver(sql, params).all())

    def _driver(self, sql: str, params: Sequence[Any] | list[Sequence[Any]]) -> Any:
        conn = self.session.connection()
        if conn.dialect.paramstyle != "qmark":
            sql = _format_style(sql)
        return conn.exec_driver_sql(sql, params)
