"""Migration 0017 on a database at 0016 holding articles: text hashes kept as bytes and
MinHash signatures bit-packed on SQLite, `ix_storyevent_at` dropped, and back."""

from __future__ import annotations

import hashlib
import json
import os
import random
import struct
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from monitor.judge.copies import signature
from monitor.storage import Article, Store, Story, StoryEvent, migrate
from monitor.storage.models import PackedHash, pack_signature, unpack_signature
from monitor.storage.search import search_articles
from tests.helpers import indexed_words

A = hashlib.sha256(b"a").hexdigest()
B = hashlib.sha256(b"b").hexdigest()
ODD = "not-a-digest"  # no hex: stays text on both sides
UPPER = B.upper()  # hex, but not as the hasher writes it: stays text too
SIG = signature(" ".join(f"word{i}" for i in range(600))).to_bytes()  # 598 shingles
LONG = ["8 dead", "“Colombian President Gustavo Petro met Donald Trump in Washington.”"] * 3
SHORT = ["(held)"]
WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)
WIDE = struct.pack("<I", 3) + b"\xff\xff\xff\xff" * 128  # nothing to pack: stays plain


def _downgrade(store: Store, revision: str) -> None:
    with store.engine.begin() as conn:
        cfg = migrate.alembic_config(store)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _signatures(store: Store) -> dict[int, bytes | None]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, minhash FROM article ORDER BY id")).all()
    return {int(i): None if m is None else bytes(m) for i, m in rows}


def _details(store: Store) -> tuple[dict[int, str], list[list[str]]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, details FROM storyevent ORDER BY id")).all()
    with store.tx() as tx:
        read = [list(e.details) for e in tx.story_events(1)]
    return {int(i): "blob" if isinstance(d, bytes) else "text" for i, d in rows}, read


def _stored(store: Store) -> dict[int, tuple[str, object]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, text_hash FROM article ORDER BY id")).all()
    return {int(i): (type(h).__name__, h) for i, h in rows}


def _found(store: Store) -> dict[str, int | None]:
    with store.tx() as tx:
        return {
            h: (a.id if (a := tx.article_by_text_hash(h)) else None) for h in (A, B, ODD, UPPER)
        }


def _indexes(store: Store) -> set[str]:
    return {str(ix["name"]) for ix in inspect(store.engine).get_indexes("storyevent")}


def test_upgrade_from_0016_packs_text_hashes(db_url: str) -> None:
    store = Store(db_url)
    sqlite = store.backend == "sqlite"
    try:
        migrate.upgrade(store, "0016")
        with store.tx() as tx:
            for i in range(1, 6):
                tx.add(Article(id=i, url=f"https://o/{i}", title=f"t{i}", relevant=True))
            tx.session.add(Story(id=1, title="story"))
        with store.engine.begin() as conn:  # details as 0016 wrote them: JSON text
            conn.execute(
                text(
                    "INSERT INTO storyevent (id, story_id, article_id, at, kind, summary, details) "
                    "VALUES (:id, 1, 1, :at, 'development', 's', :d)"
                ),
                [
                    {"id": i, "at": WHEN.isoformat(" "), "d": json.dumps(d, ensure_ascii=False)}
                    for i, d in ((1, LONG), (2, SHORT), (3, []))
                ],
            )
        with store.engine.begin() as conn:  # as 0016 wrote them: hex text
            conn.execute(
                text("UPDATE article SET text_hash = :h WHERE id = :id"),
                [{"id": 1, "h": A}, {"id": 2, "h": B}, {"id": 3, "h": ODD}, {"id": 4, "h": UPPER}],
            )
            conn.execute(
                text("UPDATE article SET minhash = :m WHERE id = :id"),
                [{"id": 1, "m": SIG}, {"id": 2, "m": WIDE}],
            )
        assert "ix_storyevent_at" in _indexes(store)
        expected = {A: 1, B: 2, ODD: 3, UPPER: 4}

        migrate.upgrade(store)
        assert migrate.diffs(store) == []
        assert "ix_storyevent_at" not in _indexes(store)
        stored = _stored(store)
        if sqlite:
            assert stored[1] == ("bytes", bytes.fromhex(A)) and stored[2][1] == bytes.fromhex(B)
        else:
            assert stored[1] == ("str", A)
        assert stored[3] == ("str", ODD) and stored[4] == ("str", UPPER)
        assert stored[5] == ("NoneType", None)
        assert _found(store) == expected
        assert _details(store) == (
            {1: "blob" if sqlite else "text", 2: "text", 3: "text"},
            [LONG, SHORT, []],
        )
        with store.tx() as tx:  # written through the models: packed where smaller
            tx.session.add(
                StoryEvent(id=4, story_id=1, at=WHEN, kind="merge", summary="m", details=LONG)
            )
            tx.session.add(
                StoryEvent(id=5, story_id=1, at=WHEN, kind="merge", summary="m", details=SHORT)
            )
        assert _details(store)[0] == {
            **{i: "blob" if sqlite else "text" for i in (1, 4)},
            **{i: "text" for i in (2, 3, 5)},
        }
        packed = _signatures(store)
        if sqlite:
            assert len(packed[1] or b"") % 2 == 1 and len(packed[1] or b"") < len(SIG) * 0.9
        else:
            assert packed[1] == SIG
        assert packed[2] == WIDE and packed[3] is None
        with store.tx() as tx:  # written and read back through the models
            assert tx.get(Article, 1).text_hash == A  # type: ignore[union-attr]
            assert tx.signatures([1, 2, 3]) == {1: SIG, 2: WIDE}
            tx.add(
                Article(
                    id=6, url="https://o/6", title="t6", text_hash=A, minhash=SIG, relevant=True
                )
            )
        with store.tx() as tx:
            assert tx.get(Article, 6).text_hash == A  # type: ignore[union-attr]
            assert tx.article_by_text_hash(A).id == 1  # type: ignore[union-attr]
        assert _stored(store)[6] == _stored(store)[1]
        assert _signatures(store)[6] == _signatures(store)[1]
        with store.tx() as tx:
            assert tx.signatures([6]) == {6: SIG}

        _downgrade(store, "0016")
        assert {i: h for i, (_, h) in _stored(store).items()} == {
            1: A,
            2: B,
            3: ODD,
            4: UPPER,
            5: None,
            6: A,
        }
        assert "ix_storyevent_at" in _indexes(store)
        assert _signatures(store) == {1: SIG, 2: WIDE, 3: None, 4: None, 5: None, 6: SIG}
        assert _details(store) == (
            {i: "text" for i in range(1, 6)},
            [LONG, SHORT, [], LONG, SHORT],
        )
        migrate.upgrade(store)
        assert migrate.diffs(store) == []
        assert _found(store) == expected
    finally:
        store.close()


def test_packed_hash_keeps_what_it_cannot_pack() -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    kind = PackedHash()
    lite, pg = sqlite.dialect(), postgresql.dialect()
    assert kind.process_bind_param(A, lite) == bytes.fromhex(A)
    assert kind.process_bind_param(A, pg) == A
    for value in (ODD, UPPER, "abc", "", None):
        assert kind.process_bind_param(value, lite) == value
    assert kind.process_result_value(bytes.fromhex(A), lite) == A
    assert kind.process_result_value(ODD, lite) == ODD


def test_signatures_pack_and_come_back_byte_for_byte() -> None:
    rng = random.Random(3)
    values = [SIG, WIDE, b"", b"\0" * 8, struct.pack("<I", 9) + b"\0" * 512]
    for count in (1, 2, 3, 64, 127, 128, 129, 300):
        for width in range(1, 33):  # every width the minima can be packed in
            minima = [rng.randrange(1 << width) for _ in range(count)]
            minima[rng.randrange(count)] |= 1 << (width - 1)
            values.append(struct.pack(f"<I{count}I", rng.randrange(1 << 32), *minima))
    values += [os.urandom(4 * rng.randint(1, 200)) for _ in range(200)]
    for value in values:
        packed = pack_signature(value)
        assert unpack_signature(packed) == value
        assert packed == value or (len(packed) % 2 == 1 and len(packed) < len(value))
    assert len(pack_signature(SIG)) <= 0.85 * len(SIG)
    with pytest.raises(ValueError):
        pack_signature(b"abc")


def _ranked(store: Store, title_first: bool) -> dict[str, list[tuple[int, float]]]:
    """Each query's (article, score), best first, straight from FTS5: bm25 weighs the
    title 4 to 1 whichever position its column has."""
    weights = "4.0, 1.0" if title_first else "1.0, 4.0"
    out = {}
    with store.engine.connect() as conn:
        for q in ("bogota", "cronica", '"cronica de medellin"', "cali OR pasto", "neiva"):
            rows = conn.execute(
                text(
                    f"SELECT rowid, -bm25(articlesearch, {weights}) FROM articlesearch "
                    "WHERE articlesearch MATCH :q ORDER BY 2 DESC, rowid"
                ),
                {"q": q},
            ).all()
            out[q] = [(int(i), float(s)) for i, s in rows]
    return out


def _columns(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [str(r[1]) for r in conn.execute(text("PRAGMA table_info(articlesearch)"))]


def test_upgrade_from_0016_puts_the_text_first_in_the_search_index(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    try:
        migrate.upgrade(store, "0016")
        with store.tx() as tx:
            for i, title, body in [
                (1, "Petro en Bogotá", "Una crónica de Medellín. Bogotá y Cali."),
                (2, "Cumbre en Cali", "Los alcaldes de Pasto y Neiva; crónica de Medellín."),
                (3, "Frontera abierta", "Cúcuta y Ureña reabren. Neiva, Neiva."),
                (4, "Crónica de Neiva", "Bogotá " * 40),
            ]:
                tx.add(Article(id=i, url=f"https://o/{i}", title=title, text=body, relevant=True))
            tx.add(Article(id=5, url="https://o/5", title="Bogotá", text="Cali", relevant=False))
        with store.tx() as tx:  # retention dropped this text: its words are kept
            row = tx.get(Article, 3)
            assert row is not None
            row.text = None
            tx.add(row)
        assert _columns(store) == ["title", "body"]
        ranked, words = _ranked(store, title_first=True), indexed_words(store)
        assert {i for i, _ in ranked["neiva"]} == {2, 3, 4}
        assert [i for i, _ in ranked['"cronica de medellin"']] == [1, 2]

        migrate.upgrade(store)
        assert _columns(store) == ["body", "title"]
        assert _ranked(store, title_first=False) == ranked  # the same scores, exactly
        assert indexed_words(store) == words
        with store.tx() as tx:  # and through the search the monitor runs
            hits, _ = search_articles(tx, "neiva", limit=10)
        assert [(h.article_id, h.rank) for h in hits] == ranked["neiva"]
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO articlesearch(articlesearch) VALUES('integrity-check')"))
            conn.execute(text("DELETE FROM article WHERE id IN (3, 4)"))  # the trigger removes
        assert indexed_words(store) == {(w, d) for w, d in words if d not in (3, 4)}
        left = _ranked(store, title_first=False)
        assert [i for i, _ in left["neiva"]] == [2]

        _downgrade(store, "0016")
        assert _columns(store) == ["title", "body"]
        assert _ranked(store, title_first=True) == left
        assert indexed_words(store) == {(w, d) for w, d in words if d not in (3, 4)}
    finally:
        store.close()
