"""Article texts, story members and profiles at rest: zlib-compressed on SQLite (migration
0014), plain on PostgreSQL, read back exactly through the models, the search index's
trigger and retention."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

from alembic import command
from sqlalchemy import MetaData, delete, select, text
from sqlmodel import col

from monitor.storage import Article, Store, Story, migrate
from monitor.storage.retention import prune_text
from monitor.storage.searchindex import body_words, reindex, title_words
from tests.helpers import indexed_words, search_ids

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
NAIVE = T0.replace(tzinfo=None)
LONG = " ".join(f"Bucaramanga{i % 997} señal東京{i % 13}" for i in range(200_000))
TEXTS: dict[int, str | None] = {
    1: "Petro en Medellín: «crónica» — 東京 ✓ 🚀 naïve Ωmega",
    2: "",
    3: LONG,
    4: None,
    5: "Cúcuta y Ureña reabren la frontera.",
}


PROFILE = {"medel": 0.5, "東京": 0.25, "naïve": 1e-17}
MEMBERS: list[dict[str, Any]] = [
    {"terms": {"petro": 0.33107272796060294}, "at": 1796573746.0, "lang": None, "cut": []},
    {"terms": {}, "names": {"ent:ñandú": 1.0}, "at": 0.0, "lang": "es", "cut": ["«x»"]},
]


def _story(store: Store) -> tuple[Any, Any, dict[str, float], list[dict[str, Any]] | None]:
    """(members, profile) as SQL sees them, then as the model reads them."""
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT members, profile FROM story WHERE id = 1")).one()
    with store.tx() as tx:
        story = tx.session.get(Story, 1)
        assert story is not None
        return raw[0], raw[1], story.profile, story.members


def _check_story(store: Store) -> None:
    members, profile, read_profile, read_members = _story(store)
    assert (read_profile, read_members) == (PROFILE, MEMBERS)
    if store.backend == "sqlite":
        assert isinstance(members, bytes) and isinstance(profile, bytes)
        assert json.loads(zlib.decompress(members)) == MEMBERS
        assert json.loads(zlib.decompress(profile)) == PROFILE


def _expected(ids: list[int]) -> set[tuple[str, int]]:
    return {
        (w, i)
        for i in ids
        for w in (title_words(f"Titular {i}") + " " + body_words(TEXTS[i])).split()
    }


def _stored(store: Store) -> dict[int, Any]:
    """Each article's text as SQL sees it, without the model's type."""
    with store.engine.connect() as conn:
        return {int(i): t for i, t in conn.execute(text("SELECT id, text FROM article"))}


def _read(store: Store) -> dict[int, str | None]:
    with store.tx() as tx:
        return {int(a.id or 0): a.text for a in tx.session.scalars(select(Article)).all()}


def _check_packed(store: Store) -> None:
    stored = _stored(store)
    for i, t in TEXTS.items():
        if t is None:
            assert stored[i] is None
        elif store.backend == "sqlite":
            assert isinstance(stored[i], bytes), i
            assert zlib.decompress(stored[i]).decode() == t
        else:
            assert stored[i] == t
    if store.backend == "sqlite":
        assert len(stored[3]) < len(LONG.encode()) / 5
    assert _read(store) == TEXTS


def test_texts_written_now_are_compressed_and_read_back_exactly(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store)
        with store.tx() as tx:
            for i in (1, 2, 3):  # ORM writes
                tx.session.add(
                    Article(
                        id=i,
                        url=f"https://o/{i}",
                        title=f"Titular {i}",
                        text=TEXTS[i],
                        relevant=True,
                        fetched_at=T0,
                    )
                )
            rows = [  # bulk writes
                {
                    "id": i,
                    "url": f"https://o/{i}",
                    "title": f"Titular {i}",
                    "text": TEXTS[i],
                    "relevant": True,
                    "fetched_at": T0,
                    "topics": [],
                }
                for i in (4, 5)
            ]
            tx.insert_rows(Article, rows)
            tx.session.add(Story(id=1, title="t", profile=PROFILE, members=MEMBERS))
        _check_packed(store)
        _check_story(store)
        with store.tx() as tx:  # a story's members are replaced as it grows
            story = tx.session.get(Story, 1)
            assert story is not None
            story.members = [*MEMBERS, {"at": 2.0}]
        assert _story(store)[3] == [*MEMBERS, {"at": 2.0}]
        assert search_ids(store, "medellin") == [1] and search_ids(store, "bucaramanga996") == [3]
        assert search_ids(store, "urena") == [5]
        if store.backend == "sqlite":
            assert indexed_words(store) == _expected([1, 2, 3, 4, 5])

        # A new text through the ORM: the old entry is removed from the stored words.
        with store.tx() as tx:
            a = tx.session.get(Article, 1)
            assert a is not None
            a.text = "Otra crónica de Pasto."
        TEXTS[1], old = "Otra crónica de Pasto.", TEXTS[1]
        try:
            assert search_ids(store, "medellin") == [] and search_ids(store, "pasto") == [1]
            if store.backend == "sqlite":
                assert indexed_words(store) == _expected([1, 2, 3, 4, 5])
            assert _read(store) == TEXTS
        finally:
            TEXTS[1] = old
    finally:
        store.close()


def test_upgrade_from_0013_packs_texts_and_back(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0013")
        old = MetaData()
        old.reflect(store.engine, only=["article", "story"])
        table = old.tables["article"]
        with store.engine.begin() as conn:
            conn.execute(
                old.tables["story"]
                .insert()
                .values(
                    id=1,
                    title="t",
                    first_seen=NAIVE,
                    last_seen=NAIVE,
                    article_count=0,
                    profile=PROFILE,
                    members=MEMBERS,
                )
            )
            for i, t in TEXTS.items():
                conn.execute(
                    table.insert().values(
                        id=i,
                        url=f"https://o/{i}",
                        title=f"Titular {i}",
                        source="",
                        fetched_at=NAIVE,
                        relevant=True,
                        topics=[],
                        text=t,
                        text_origin="page",
                        aggregator_unresolved=False,
                    )
                )
        # Rows written in SQL are not indexed yet: index them as the store would.
        with store.tx() as tx:
            reindex(tx.session.connection())
        migrate.upgrade(store)
        assert migrate.diffs(store) == []
        _check_packed(store)
        _check_story(store)
        assert search_ids(store, "urena") == [5] and search_ids(store, "東京") == [1]
        if store.backend == "sqlite":
            assert indexed_words(store) == _expected([1, 2, 3, 4, 5])

        # The delete trigger folds the compressed text; retention keeps the dropped
        # text's words.
        with store.tx() as tx:
            tx.session.execute(delete(Article).where(col(Article.id) == 1))
        assert prune_text(store, 1, T0 + timedelta(days=2)).texts == 3
        assert search_ids(store, "medellin") == [] and search_ids(store, "urena") == [5]
        assert search_ids(store, "bucaramanga5") == [3]
        if store.backend == "sqlite":
            assert indexed_words(store) == _expected([2, 3, 4, 5])

        with store.engine.begin() as conn:
            cfg = migrate.alembic_config(store)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0013")
        assert _stored(store) == {2: None, 3: None, 4: None, 5: None}
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE article SET text = :t WHERE id = 3"), {"t": LONG})
            conn.execute(text("UPDATE article SET text = :t WHERE id = 2"), {"t": ""})
        migrate.upgrade(store)
        stored = _stored(store)
        if store.backend == "sqlite":
            assert zlib.decompress(stored[3]).decode() == LONG
            assert zlib.decompress(stored[2]) == b""
        assert _read(store) == {2: "", 3: LONG, 4: None, 5: None}
        with store.engine.begin() as conn:
            cfg = migrate.alembic_config(store)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0013")
        assert _stored(store) == {2: "", 3: LONG, 4: None, 5: None}
        members, profile, _, _ = _story(store)
        if store.backend == "sqlite":
            assert json.loads(members) == MEMBERS and json.loads(profile) == PROFILE
    finally:
        store.close()
