"""Database and driver errors leave the store as our own types, whatever the backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.storage import Conflict, Feed, StorageError, Store
from monitor.storage.migrate import ensure_schema, upgrade

# Nothing listens on port 1 of the loopback: the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://monitor:s3cret@127.0.0.1:1/monitor"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    upgrade(s)
    yield s
    s.close()


def test_a_key_stored_twice_is_a_conflict_and_its_transaction_rolls_back(store: Store) -> None:
    with store.tx() as tx:
        tx.add(Feed(url="https://a.example/feed.xml"))
    with pytest.raises(Conflict) as info, store.tx() as tx:
        tx.add(Feed(url="https://b.example/feed.xml"))
        tx.add(Feed(url="https://a.example/feed.xml"))
    assert isinstance(info.value, StorageError)
    with store.tx() as tx:
        assert [f.url for f in tx.feeds()] == ["https://a.example/feed.xml"]


def test_other_errors_in_a_transaction_pass_unchanged(store: Store) -> None:
    with pytest.raises(KeyError), store.tx() as tx:
        tx.add(Feed(url="https://a.example/feed.xml"))
        raise KeyError("not the database's")
    with store.tx() as tx:
        assert list(tx.feeds()) == []


def test_an_unreachable_server_is_a_storage_error_without_its_password() -> None:
    store = Store(UNREACHABLE)
    try:
        with pytest.raises(StorageError) as info, store.tx() as tx:
            tx.feeds()
        assert "127.0.0.1" in str(info.value) and "s3cret" not in str(info.value)
        with pytest.raises(StorageError):
            store.ping()
        with pytest.raises(StorageError), store.singleton("job"):
            pass
        with pytest.raises(StorageError):
            ensure_schema(store)
    finally:
        store.close()


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "monitor.db"
    path.write_bytes(b"these are not the pages of a SQLite database" * 100)
    store = Store(f"sqlite:///{path}")
    try:
        with pytest.raises(StorageError, match="not a database"):
            ensure_schema(store)
        with pytest.raises(StorageError, match="not a database"), store.tx() as tx:
            tx.feeds()
    finally:
        store.close()
