"""Files that hold feed credentials are readable by their owner only, whatever the umask
(Docker's is 022): the SQLite database with its -wal and -shm, the instance lock, backups,
and an OPML export that carries a feed's password or token."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.review.cli import app as cli
from monitor.storage import Feed, Store
from monitor.storage.backup import backup_sqlite
from monitor.storage.migrate import ensure_schema


@pytest.fixture(autouse=True)
def docker_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_wal_shm_lock_and_backup_are_private(tmp_path: Path) -> None:
    db = tmp_path / "data" / "monitor.db"
    store = Store(f"sqlite:///{db}")
    try:
        ensure_schema(store)
        store.lock_instance()
        with store.tx() as tx:
            tx.add(Feed(url="https://reader:pw@feeds.example/rss"))
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.lock")]
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
        backup = tmp_path / "backups" / "monitor-1.db"
        assert backup_sqlite(store, backup) > 0
        assert mode(backup) == 0o600
        with pytest.raises(FileExistsError):
            backup_sqlite(store, backup)
    finally:
        store.close()


def test_an_existing_database_keeps_its_mode(tmp_path: Path) -> None:
    db = tmp_path / "monitor.db"
    db.touch(mode=0o640)
    store = Store(f"sqlite:///{db}")
    try:
        ensure_schema(store)
    finally:
        store.close()
    assert mode(db) == 0o640


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://reader:pw@feeds.example/rss", 0o600), ("https://feeds.example/rss", 0o644)],
)
def test_an_opml_export_with_credentials_is_private(
    tmp_path: Path, url: str, expected: int
) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n'
        f'[[topics]]\nname = "t"\nquery = "petro"\n[[feeds]]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    target = tmp_path / "feeds.opml"
    result = CliRunner().invoke(cli, ["-c", str(config), "feeds", "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert mode(target) == expected
