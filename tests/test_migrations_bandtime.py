"""Migration 0016 on a database at 0015 holding articles and near-copy keys: the keys'
time kept once per article (`bandtime`), and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from monitor.storage import Article, Store, migrate
from tests.helpers import search_ids

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
EPOCH = int(T0.timestamp())


def _downgrade(store: Store, revision: str) -> None:
    with store.engine.begin() as conn:
        cfg = migrate.alembic_config(store)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _search(store: Store) -> dict[str, list[int]]:
    queries = ["bogota", '"cronica de medellin"', '"medellin cronica"', "urena", "cali*"]
    return {q: search_ids(store, q) for q in queries}


def test_upgrade_from_0015_keeps_key_windows_and_search(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0015")
        with store.tx() as tx:
            for i, title, body in [
                (1, "Petro en Bogotá", "Una crónica de Medellín."),
                (2, "Cumbre en Cali", "Los alcaldes de Pasto y Neiva."),
                (3, "Frontera abierta", "Cúcuta y Ureña reabren."),
            ]:
                tx.add(Article(id=i, url=f"https://o/{i}", title=title, text=body, relevant=True))
        with store.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO articleband (band, article_id, created_at) VALUES (:b, :a, :t)"),
                [
                    {"b": 7, "a": 1, "t": EPOCH},
                    {"b": 8, "a": 1, "t": EPOCH},
                    {"b": 7, "a": 2, "t": EPOCH + 300},
                    {"b": -(2**63), "a": 2, "t": EPOCH + 300},
                    {"b": 2**63 - 1, "a": 3, "t": EPOCH + 600},
                ],
            )
        found = _search(store)
        assert found["bogota"] == [1] and found['"medellin cronica"'] == []

        migrate.upgrade(store)
        assert migrate.diffs(store) == []
        assert _search(store) == found
        with store.engine.connect() as conn:
            times = dict(conn.execute(text("SELECT article_id, created_at FROM bandtime")).all())
            keys = sorted(conn.execute(text("SELECT band, article_id FROM articleband")).all())
        assert times == {1: EPOCH, 2: EPOCH + 300, 3: EPOCH + 600}
        assert keys == [(-(2**63), 2), (7, 1), (7, 2), (8, 1), (2**63 - 1, 3)]
        with store.tx() as tx:
            assert tx.band_matches([7, 8], T0) == [(1, 2), (2, 1)]
            assert tx.band_matches([7, 8], T0 + timedelta(seconds=1)) == [(2, 1)]
            assert tx.band_matches([2**63 - 1], T0 + timedelta(minutes=10)) == [(3, 1)]
            # keys made after the upgrade carry their article's time
            tx.add(Article(id=4, url="https://o/4", title="Cali", text="Otra vez.", relevant=True))
            tx.add_bands(4, [7, 9], T0 + timedelta(hours=1))
        with store.tx() as tx:
            assert tx.band_matches([7], T0 + timedelta(minutes=30)) == [(4, 1)]
            assert tx.prune_bands(T0 + timedelta(minutes=6)) == 4  # articles 1 and 2
            assert tx.band_matches([7, 8, -(2**63)], T0) == [(4, 1)]
        with store.engine.connect() as conn:
            assert sorted(conn.execute(text("SELECT article_id FROM bandtime")).scalars()) == [
                3,
                4,
            ]

        _downgrade(store, "0015")
        with store.engine.connect() as conn:
            rows = sorted(
                conn.execute(text("SELECT band, article_id, created_at FROM articleband")).all()
            )
        assert rows == [
            (7, 4, int((T0 + timedelta(hours=1)).timestamp())),
            (9, 4, int((T0 + timedelta(hours=1)).timestamp())),
            (2**63 - 1, 3, EPOCH + 600),
        ]
        migrate.upgrade(store)
        with store.tx() as tx:
            assert tx.band_matches([7, 9, 2**63 - 1], T0) == [(4, 2), (3, 1)]
        assert _search(store) == {**found, "cali*": [2, 4]}
    finally:
        store.close()
