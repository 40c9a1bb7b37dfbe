"""Migration 0013 on a database at 0012 holding data: the contentless search index (SQLite),
the near-copy keys keyed (band, article), termcount and compressed payloads, and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from alembic import command
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    select,
    text,
)
from sqlmodel import col

from monitor.storage import Alert, Article, ArticleBand, BandTime, Store, TermCount, migrate
from monitor.storage.searchindex import body_words, title_words
from tests.helpers import indexed_words, search_ids

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
NAIVE = T0.replace(tzinfo=None)
PAYLOAD = '{"headline": "Petro en Medellín", "brief": "' + "cumbre " * 400 + '"}'
ARTICLES: list[dict[str, Any]] = [
    {"id": 1, "title": "Petro en Bogotá", "text": "Una crónica de Medellín.", "relevant": True},
    {
        "id": 2,
        "title": "Cumbre en Cali",
        "text": "Los alcaldes de Pasto y Neiva.",
        "relevant": True,
    },
    {"id": 3, "title": "Medellín hoy", "text": None, "relevant": False},
    {"id": 4, "title": "Frontera abierta", "text": "Cúcuta y Ureña reabren.", "relevant": True},
]


def _filled(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """`row` with a plain value for every other NOT NULL column of the old schema."""
    out = dict(row)
    for c in table.columns:
        if c.name in out or c.nullable or (c.primary_key and isinstance(c.type, Integer)):
            continue
        if isinstance(c.type, Boolean):
            out[c.name] = False
        elif isinstance(c.type, DateTime):
            out[c.name] = NAIVE
        elif isinstance(c.type, JSON):
            out[c.name] = []
        elif isinstance(c.type, Integer):
            out[c.name] = 0
        elif isinstance(c.type, String):
            out[c.name] = ""
    return out


def _expected(rows: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {
        (w, r["id"])
        for r in rows
        if r["relevant"]
        for w in (title_words(r["title"]) + " " + body_words(r["text"])).split()
    }


def _downgrade(store: Store, revision: str) -> None:
    with store.engine.begin() as conn:
        cfg = migrate.alembic_config(store)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_upgrade_from_0012_keeps_search_keys_counts_and_payloads(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0009")  # 0010 indexes the articles stored before it
        old = MetaData()
        old.reflect(store.engine, only=["article", "story"])
        with store.engine.begin() as conn:
            for r in ARTICLES:
                conn.execute(
                    old.tables["article"]
                    .insert()
                    .values(**_filled(old.tables["article"], {**r, "url": f"https://o/{r['id']}"}))
                )
            conn.execute(
                old.tables["story"].insert().values(**_filled(old.tables["story"], {"id": 1}))
            )
        migrate.upgrade(store, "0012")
        old = MetaData()
        old.reflect(store.engine, only=["article", "articleband", "termcount", "alert"])
        with store.engine.begin() as conn:
            # Retention at 0012: the text goes, the entry made from it stays.
            conn.execute(text("UPDATE article SET text = NULL WHERE id IN (2, 4)"))
            bands = old.tables["articleband"]
            for article_id, band, minutes in [
                (1, 7, 0),
                (1, 8, 0),
                (2, 7, 5),
                (2, 7, 9),
                (4, -3, 1),
            ]:
                conn.execute(
                    bands.insert().values(
                        article_id=article_id,
                        band=band,
                        created_at=NAIVE + timedelta(minutes=minutes, microseconds=500),
                    )
                )
            conn.execute(
                old.tables["termcount"].insert(),
                [{"term": "zzpetro", "df": 2}, {"term": "zzcali", "df": 1}],
            )
            conn.execute(
                old.tables["alert"]
                .insert()
                .values(
                    **_filled(
                        old.tables["alert"],
                        {
                            "id": "a1",
                            "story_id": 1,
                            "rule": "r",
                            "event": "new_story",
                            "state": "sealed",
                            "payload": PAYLOAD,
                        },
                    )
                )
            )
            counts = dict(conn.execute(text("SELECT term, df FROM termcount")).all())
        assert counts["zzpetro"] == 2 and len(counts) > 2
        migrate.upgrade(store)
        assert migrate.diffs(store) == []

        assert search_ids(store, "medellin") == [1]
        assert search_ids(store, "neiva") == [2]  # a word of the dropped text
        assert search_ids(store, "cali") == [2]
        assert search_ids(store, "ureña") == [4]
        with store.tx() as tx:
            assert tx.band_matches([7, 8], T0 - timedelta(minutes=1)) == [(1, 2), (2, 1)]
            assert tx.band_matches([7], T0 + timedelta(minutes=1)) == [(2, 1)]  # first time kept
            assert tx.band_matches([-3], T0 + timedelta(minutes=1)) == [(4, 1)]
            assert tx.band_matches([-3], T0 + timedelta(minutes=2)) == []
            terms = tx.session.scalars(select(TermCount)).all()
            assert {t.term: t.df for t in terms} == counts
            alert = tx.get(Alert, "a1")
            assert alert is not None and alert.payload == PAYLOAD
        if store.backend == "sqlite":
            assert indexed_words(store) == _expected(
                [{**ARTICLES[0]}, {**ARTICLES[1]}, {**ARTICLES[3]}]
            )
            with store.engine.connect() as conn:  # compressed where it is stored
                stored = conn.execute(text("SELECT payload FROM alert")).scalar_one()
                assert isinstance(stored, bytes) and len(stored) < len(PAYLOAD) / 10

        # Deleting articles, one with its text dropped, removes exactly their words.
        with store.tx() as tx:
            tx.session.execute(delete(ArticleBand).where(col(ArticleBand.article_id).in_([1, 2])))
            tx.session.execute(delete(BandTime).where(col(BandTime.article_id).in_([1, 2])))
            tx.session.execute(delete(Article).where(col(Article.id).in_([1, 2])))
        assert search_ids(store, "medellin") == [] and search_ids(store, "neiva") == []
        assert search_ids(store, "ureña") == [4]
        if store.backend == "sqlite":
            assert indexed_words(store) == _expected([ARTICLES[3]])

        _downgrade(store, "0012")
        with store.engine.connect() as conn:
            if store.backend == "sqlite":
                found = conn.execute(
                    text("SELECT rowid FROM articlesearch WHERE articlesearch MATCH 'urena'")
                ).scalars()
                assert list(found) == [4]
            payload = conn.execute(text("SELECT payload FROM alert")).scalar_one()
            assert payload == PAYLOAD
            rows = conn.execute(text("SELECT article_id, band FROM articleband")).all()
            assert sorted(rows) == [(4, -3)]
        migrate.upgrade(store)
        assert search_ids(store, "ureña") == [4] and search_ids(store, "cucuta") == [4]
    finally:
        store.close()
