"""What every domain's queries stand on: the session and plain row access."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

T = TypeVar("T", bound=SQLModel)


class Queries:
    session: Session

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, model: type[T], key: Any) -> T | None:
        return self.session.get(model, key)
