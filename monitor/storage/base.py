"""What every domain's queries stand on: the session and plain row access."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel

from monitor.storage.models import UTCDateTime

T = TypeVar("T", bound=SQLModel)


@cache
def _format_style(sql: str) -> str:
    """`?` placeholders as psycopg's `%s`."""
    return sql.replace("?", "%s")


def placeholders(n: int) -> str:
    """`?, ?, ...` for an IN list of `n` values."""
    return ", ".join("?" * n)


_TIME = UTCDateTime()
# (column type, dialect name, "bind" | "read") -> the type's processing there; the types
# are module constants, so their ids stay theirs
_PROCESSORS: dict[tuple[int, str, str], Callable[[Any], Any]] = {}


# times read from SQLite's text, by that text (datetimes do not change)
_READ_TIMES: dict[str, datetime] = {}
_KEEP_TIMES = 4096


def _as_is(value: Any) -> Any:
    return value


class Queries:
    session: Session

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def stage(self, row: T) -> T:
        """`add` without the flush: written by the next flush (the next `add`, a query
        through the ORM, the commit), when nothing needs its row or id before then."""
        self.session.add(row)
        return row

    def get(self, model: type[T], key: Any) -> T | None:
        return self.session.get(model, key)

    def run_sql(self, sql: str, params: Sequence[Any] | list[Sequence[Any]] = ()) -> None:
        """A statement as the driver runs it, `?` for each parameter (a list of tuples:
        once per tuple). For the few statements ingest runs for every article, where
        building, caching and binding a SQLAlchemy statement cost more than running it;
        only plain values (text, numbers, bytes, booleans; times through `bind_time`) are
        passed, no column types apply, and pending ORM changes are not flushed first."""
        self._driver(sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """What a query `run_sql` runs returns, as tuples."""
        return cast(list[tuple[Any, ...]], self._driver(sql, params).all())

    def bind_time(self, at: datetime) -> Any:
        """A time as `UTCDateTime` stores it here, for `run_sql`: a stored time equal to
        it compares equal (on SQLite both are the same text)."""
        return self.bind_as(_TIME, at)

    def read_time(self, value: Any) -> Any:
        """A `UTCDateTime` value as `rows` returned it, as the ORM reads it (aware UTC).

        A time SQLite returned as text is parsed once: rules read the times of every
        alert of an article's story for each article (`AlertQueries.alert_marks`)."""
        if type(value) is not str:
            return self.read_as(_TIME, value)
        found = _READ_TIMES.get(value)
        if found is None:
            found = self.read_as(_TIME, value)
            if len(_READ_TIMES) >= _KEEP_TIMES:
                _READ_TIMES.clear()
            _READ_TIMES[value] = found
        return found

    def bind_as(self, column_type: TypeEngine[Any], value: Any) -> Any:
        """`value` as a column of `column_type` stores it here, for `run_sql`."""
        dialect = self.session.get_bind().dialect
        key = (id(column_type), dialect.name, "bind")
        process = _PROCESSORS.get(key)
        if process is None:
            made = column_type.dialect_impl(dialect).bind_processor(dialect)
            process = _PROCESSORS[key] = made or _as_is
        return process(value)

    def read_as(self, column_type: TypeEngine[Any], value: Any) -> Any:
        """A value of a column of `column_type` as `rows` returned it, as the ORM reads it."""
        dialect = self.session.get_bind().dialect
        key = (id(column_type), dialect.name, "read")
        process = _PROCESSORS.get(key)
        if process is None:
            made = column_type.dialect_impl(dialect).result_processor(dialect, None)
            process = _PROCESSORS[key] = made or _as_is
        return process(value)

    def _driver(self, sql: str, params: Sequence[Any] | list[Sequence[Any]]) -> Any:
        conn = self.session.connection()
        if conn.dialect.paramstyle != "qmark":
            sql = _format_style(sql)
        return conn.exec_driver_sql(sql, params)
