"""The search index's entries: the folded words of each relevant article, kept in step.

Both backends index the same words, `monitor.text.tokens` of the title and the text,
folded here in Python, so accents and case never matter and the backends agree. The
entry is written in the article's transaction: by mapper events for ORM writes, by
`Tx.insert_rows` for bulk ones. Deleting an article deletes its entry (a trigger on
SQLite, a cascading foreign key on PostgreSQL). Dropping an article's text for retention
(a Core UPDATE, which the events do not see) keeps its entry. Migration 0010 made the
tables, 0013 made the SQLite one contentless, 0017 put its text column first;
`monitor.storage.search` queries them.

On SQLite the FTS5 table is contentless: it keeps no copy of the words, so removing an
entry means giving the words it was made from again. They are the article's title and
text folded again, or, once retention dropped the text, the words kept compressed in
`articlesearch_kept` when it did. The delete trigger folds them with functions that
`register_functions` adds to each connection of the store's engine; the text reaches
them as stored, zlib-compressed since 0014 (`monitor.storage.models.PackedText`).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, event, select, text
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import get_history
from sqlmodel import col

from monitor.storage.models import Article, unpack_text
from monitor.text import tokens

TABLE = "articlesearch"
KEPT = "articlesearch_kept"  # SQLite: the text words of entries whose text was dropped
MAX_WORDS = 100_000  # words of an article's text indexed: bounds one entry's size
MAX_WORD_BYTES = 2000  # longer words are cut (PostgreSQL refuses words over 2047 bytes)
_PG_MAX_POSITION = 16383  # tsvector positions stop here (larger ones are clamped)
_PG_MAX_POSITIONS = 256  # positions a tsvector keeps per word
_PG_MAX_BYTES = 900_000  # a tsvector holds at most 1 MB: words past this are left out


def _word(w: str) -> str:
    if len(w) * 4 <= MAX_WORD_BYTES:
        return w
    return w.encode()[:MAX_WORD_BYTES].decode(errors="ignore")


def index_words(title: str | None, body: str | None) -> tuple[list[str], list[str]]:
    """The words indexed for an article: folded tokens of its title and of its text."""
    return [_word(w) for w in tokens(title or "")], [
        _word(w) for w in tokens(body or "")[:MAX_WORDS]
    ]


def title_words(title: str | None) -> str:
    """The title column of a SQLite entry."""
    return " ".join(index_words(title, None)[0])


def body_words(body: str | bytes | None, kept: bytes | None = None) -> str:
    """The text column of a SQLite entry: the words kept for it, else its text's (as
    stored, compressed, when SQL hands the column over: the delete trigger)."""
    if kept is not None:
        return zlib.decompress(kept).decode()
    return " ".join(index_words(None, unpack_text(body))[1])


def register_functions(dbapi_conn: sqlite3.Connection) -> None:
    """The folding the delete trigger needs, on a SQLite connection."""
    dbapi_conn.create_function("monitor_title_words", 1, title_words, deterministic=True)
    dbapi_conn.create_function("monitor_body_words", 2, body_words, deterministic=True)


# A poll's merge of the index's segments may rewrite this many FTS5 leaf pages (about
# 4 KB each) per entry it wrote, and a few more: an article's words take under one (159
# leaves for 359 articles), so the index stays about as merged as an 'optimize' would
# leave it while the work per poll stays bounded by what it indexed, however large the
# index grows (a larger one is merged over several polls).
MERGE_PAGES_PER_ENTRY = 4
MERGE_PAGES_MIN = 64


def compact(conn: Connection, written: int) -> None:
    """Merge the SQLite index's segments after `written` new entries. Entries are
    written an article (a transaction) at a time, so FTS5 holds many small segments,
    each repeating the words it shares with the others: about an eighth of the index
    at 600 articles. A negative 'merge' merges segments of every level together, as
    'optimize' does, but stops after the given number of pages; the next poll goes on."""
    if conn.dialect.name != "sqlite" or written <= 0:
        return
    budget = MERGE_PAGES_MIN + MERGE_PAGES_PER_ENTRY * written
    conn.execute(
        text(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('merge', :pages)"), {"pages": -budget}
    )


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title_words: Sequence[str], body_words: Sequence[str]) -> str:
    """A tsvector in its input syntax: title words weighted A, text words B, one position
    left empty between them. Cast, not parsed by to_tsvector, so PostgreSQL's parser and
    the database locale change nothing."""
    positions: dict[str, list[str]] = {}
    for i, w in enumerate(title_words, start=1):
        positions.setdefault(w, []).append(f"{min(i, _PG_MAX_POSITION)}A")
    for i, w in enumerate(body_words, start=len(title_words) + 2):
        positions.setdefault(w, []).append(f"{min(i, _PG_MAX_POSITION)}B")
    out: list[str] = []
    size = 0
    for w, p in positions.items():
        entry = f"{_lexeme(w)}:{','.join(dict.fromkeys(p[:_PG_MAX_POSITIONS]))}"
        size += len(w.encode()) + 2 * min(len(p), _PG_MAX_POSITIONS) + 8
        if size > _PG_MAX_BYTES:
            break
        out.append(entry)
    return " ".join(out)


_FTS_INSERT = f"INSERT INTO {TABLE} (rowid, title, body) VALUES (:id, :title, :body)"
_FTS_DELETE = (
    f"INSERT INTO {TABLE} ({TABLE}, rowid, title, body) VALUES ('delete', :id, :title, :body)"
)


def _write(conn: Connection, entries: list[tuple[int, str | None, str | None]]) -> None:
    """Index (article id, title, text) triples: new entries on SQLite (an entry there is
    removed first, see `_sqlite_before_update`), replacing any entry on PostgreSQL."""
    if not entries:
        return
    if conn.dialect.name == "sqlite":
        rows = [{"id": i, "title": title_words(t), "body": body_words(b)} for i, t, b in entries]
        conn.execute(text(_FTS_INSERT), rows)
        return
    conn.execute(
        text(
            f"INSERT INTO {TABLE} (article_id, vector) VALUES (:id, CAST(:vector AS tsvector)) "
            "ON CONFLICT (article_id) DO UPDATE SET vector = excluded.vector"
        ),
        [{"id": i, "vector": tsvector_literal(*index_words(t, b))} for i, t, b in entries],
    )


def keep_words(conn: Connection, ids: Sequence[int | None]) -> None:
    """Before the text of these articles is dropped: keep the text words of their entries
    (SQLite), which a contentless index cannot give back and removing an entry needs."""
    if conn.dialect.name != "sqlite" or not ids:
        return
    rows = conn.execute(
        select(col(Article.id), col(Article.text)).where(
            col(Article.id).in_(ids), col(Article.relevant), col(Article.text).is_not(None)
        )
    ).all()
    kept = [{"id": int(i or 0), "words": zlib.compress(body_words(b).encode(), 6)} for i, b in rows]
    if kept:
        conn.execute(text(f"INSERT OR REPLACE INTO {KEPT} (id, words) VALUES (:id, :words)"), kept)


def _retitle(conn: Connection, article_id: int, title: str | None) -> None:
    """A new title for an entry whose text was dropped: the text's words stay."""
    words, _ = index_words(title, None)
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(f"UPDATE {TABLE} SET title = :title WHERE rowid = :id"),
            {"id": article_id, "title": " ".join(words)},
        )
    else:
        conn.execute(
            text(
                f"UPDATE {TABLE} SET vector = CAST(:title AS tsvector) "
                "|| ts_filter(vector, '{b}') WHERE article_id = :id"
            ),
            {"id": article_id, "title": tsvector_literal(words, [])},
        )


def _remove(conn: Connection, article_id: int) -> None:
    key = "rowid" if conn.dialect.name == "sqlite" else "article_id"
    conn.execute(text(f"DELETE FROM {TABLE} WHERE {key} = :id"), {"id": article_id})


def index_rows(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Index the relevant ones of article rows written in bulk (each with its id)."""
    batch: list[tuple[int, str | None, str | None]] = []
    for row in rows:
        if row.get("relevant"):
            batch.append((int(row["id"]), row.get("title"), row.get("text")))
            if len(batch) >= 500:
                _write(conn, batch)
                batch = []
    _write(conn, batch)


def reindex(conn: Connection, batch: int = 500) -> int:
    """Build every entry anew from the stored articles (after a change to the words).
    On SQLite an article whose text was dropped keeps the words kept for it."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.execute(text(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')"))
    else:
        conn.execute(text(f"DELETE FROM {TABLE}"))
    done, last = 0, 0
    while True:
        rows = conn.execute(
            select(col(Article.id), col(Article.title), col(Article.text))
            .where(col(Article.relevant), col(Article.id) > last)
            .order_by(col(Article.id))
            .limit(batch)
        ).all()
        if not rows:
            return done
        if sqlite:
            kept = {
                int(i): bytes(w)
                for i, w in conn.execute(
                    text(f"SELECT id, words FROM {KEPT} WHERE id BETWEEN :lo AND :hi"),
                    {"lo": rows[0][0], "hi": rows[-1][0]},
                ).all()
            }
            conn.execute(
                text(_FTS_INSERT),
                [
                    {"id": i, "title": title_words(t), "body": body_words(b, kept.get(int(i or 0)))}
                    for i, t, b in rows
                ],
            )
        else:
            _write(conn, [(int(i or 0), t, b) for i, t, b in rows])
        done += len(rows)
        last = int(rows[-1][0] or 0)


def _sqlite_before_update(conn: Connection, article: Article) -> None:
    """Replace the entry of an article whose title, text or relevance changes: the old
    words are read from the row as it still is, before the UPDATE."""
    old = conn.execute(
        text(
            f"SELECT a.title, a.text, a.relevant, k.words FROM article a "
            f"LEFT JOIN {KEPT} k ON k.id = a.id WHERE a.id = :id"
        ),
        {"id": article.id},
    ).first()
    old_body = ""
    if old is not None and old[2]:
        old_body = body_words(old[1], old[3])
        conn.execute(
            text(_FTS_DELETE), {"id": article.id, "title": title_words(old[0]), "body": old_body}
        )
    conn.execute(text(f"DELETE FROM {KEPT} WHERE id = :id"), {"id": article.id})
    if not article.relevant:
        return
    body = body_words(article.text)
    if article.text is None and old is not None and old[2]:
        body = old_body  # the text went: its words stay, and are kept again
        if body:
            conn.execute(
                text(f"INSERT INTO {KEPT} (id, words) VALUES (:id, :words)"),
                {"id": article.id, "words": zlib.compress(body.encode(), 6)},
            )
    conn.execute(
        text(_FTS_INSERT), {"id": article.id, "title": title_words(article.title), "body": body}
    )


@event.listens_for(Article, "after_insert")
def _article_inserted(_mapper: Mapper[Article], conn: Connection, article: Article) -> None:
    if article.relevant and article.id is not None:
        _write(conn, [(article.id, article.title, article.text)])


def _changed(article: Article) -> set[str]:
    return {n for n in ("title", "text", "relevant") if get_history(article, n).has_changes()}


@event.listens_for(Article, "before_update")
def _article_updating(_mapper: Mapper[Article], conn: Connection, article: Article) -> None:
    if conn.dialect.name == "sqlite" and article.id is not None and _changed(article):
        _sqlite_before_update(conn, article)


@event.listens_for(Article, "after_update")
def _article_updated(_mapper: Mapper[Article], conn: Connection, article: Article) -> None:
    if conn.dialect.name == "sqlite":
        return  # done before the update
    changed = _changed(article)
    if not changed or article.id is None:
        return
    if not article.relevant:
        if "relevant" in changed:
            _remove(conn, article.id)
    elif article.text is None and "relevant" not in changed:
        if "title" in changed:  # text dropped, or the title of such an article changed
            _retitle(conn, article.id, article.title)
    else:
        _write(conn, [(article.id, article.title, article.text)])
