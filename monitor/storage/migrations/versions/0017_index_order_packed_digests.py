"""search index with the text first, digests and details packed on SQLite; an index dropped

SQLite: the search index's columns are (body, title), not (title, body). FTS5 lists an
entry's positions column by column and marks every column after the first (two bytes
per word and entry): nearly all words are the text's, so with the text first only the
title's are marked, and the index is about a quarter smaller. The index is made again
from the articles (`_search_index`); names, not positions, address its columns
everywhere but `bm25()`'s weights (`monitor.storage.search`), and the score is the same
sum in either order.

SQLite: `article.text_hash` (a sha256 in hex, 64 characters) holds the digest's 32 bytes
(`monitor.storage.models.PackedHash`), in the row and in `ix_article_text_hash`;
`article.minhash` holds each minimum in as many bits as the signature's largest needs
(`PackedSignature`, about 26 of 32); a timeline entry's details (`storyevent.details`)
are zlib-compressed where that makes them smaller (`ShortPackedJSON`). SQLite 3.40 has
no unhex(), so rows are rewritten in batches from Python, with copies of the models'
functions (a migration keeps doing what it did when the models change). PostgreSQL
keeps all three as they are.

Both backends: `ix_storyevent_at` goes; a timeline is read by story
(`ix_storyevent_story_id`), and no statement filters or sorts all events by time.

Downgrade makes the search index (title, body) again, writes hashes back as hex text,
signatures in their plain layout and details as JSON text, and makes `ix_storyevent_at`
again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 22:30:00.000000
"""

import struct
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"
TRIGGER = (
    "CREATE TRIGGER articlesearch_article_delete AFTER DELETE ON article WHEN old.relevant "
    "BEGIN "
    "INSERT INTO articlesearch (articlesearch, rowid, title, body) VALUES ('delete', old.id, "
    "monitor_title_words(old.title), monitor_body_words(old.text, "
    "(SELECT words FROM articlesearch_kept WHERE id = old.id))); "
    "DELETE FROM articlesearch_kept WHERE id = old.id; "
    "END"
)


def _hash(value: Any) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        packed = bytes.fromhex(value)
    except ValueError:
        return None
    return packed if packed and packed.hex() == value else None


def _pack_signature(value: Any) -> bytes | None:
    value = bytes(value)
    n = len(value) // 4 - 1
    if len(value) % 4 or not 0 < n < 1 << 16:
        return None
    minima = struct.unpack_from(f"<{n}I", value, 4)
    width = max(minima).bit_length() or 1
    bits = 0
    for m in reversed(minima):
        bits = bits << width | m
    out = bytes([width]) + value[:4] + n.to_bytes(2, "little")
    out += bits.to_bytes((n * width + 7) // 8, "little")
    if len(out) % 2 == 0:
        out += b"\0"
    return out if len(out) < len(value) else None


def _unpack_signature(value: Any) -> bytes | None:
    value = bytes(value)
    if len(value) % 2 == 0:
        return None
    width, n = value[0], int.from_bytes(value[5:7], "little")
    bits = int.from_bytes(value[7 : 7 + (n * width + 7) // 8], "little")
    mask = (1 << width) - 1
    return value[1:5] + struct.pack(f"<{n}I", *(bits >> (i * width) & mask for i in range(n)))


def _pack_details(value: Any) -> bytes | None:
    doc = str(value).encode()
    packed = zlib.compress(doc, 6)
    return packed if len(packed) < len(doc) else None


def _unpack_details(value: Any) -> str:
    return zlib.decompress(bytes(value)).decode()


def _rewrite(
    column: str, kind: str, convert: Callable[[Any], bytes | str | None], table: str = "article"
) -> None:
    """Rewrite the column's values of SQLite type `kind` that `convert` changes."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                f"SELECT id, {column} FROM {table} WHERE id > :last "
                f"AND typeof({column}) = '{kind}' ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        changed = [{"id": i, "v": new} for i, v in rows if (new := convert(v)) is not None]
        if changed:
            conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), changed)
        last = int(rows[-1][0])


def _search_index(columns: str) -> None:
    """Make the SQLite index again with its columns in this order, from the articles:
    a contentless index cannot give its words back. The words are those the delete
    trigger gives to remove an entry (the functions the store registers, here too for
    a connection that did not come from the store)."""
    from monitor.storage.searchindex import register_functions

    dbapi = op.get_bind().connection.driver_connection
    assert dbapi is not None
    register_functions(dbapi)
    op.execute("DROP TRIGGER IF EXISTS articlesearch_article_delete")
    op.execute("DROP TABLE articlesearch")
    op.execute(f"CREATE VIRTUAL TABLE articlesearch USING fts5({columns}, content='', {TOKENIZE})")
    op.execute(
        "INSERT INTO articlesearch (rowid, title, body) "
        "SELECT a.id, monitor_title_words(a.title), monitor_body_words(a.text, k.words) "
        "FROM article a LEFT JOIN articlesearch_kept k ON k.id = a.id "
        "WHERE a.relevant ORDER BY a.id"
    )
    op.execute(TRIGGER)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _search_index("body, title")
        _rewrite("text_hash", "text", _hash)
        _rewrite("minhash", "blob", _pack_signature)
        _rewrite("details", "text", _pack_details, table="storyevent")
    op.drop_index("ix_storyevent_at", table_name="storyevent")


def downgrade() -> None:
    op.create_index("ix_storyevent_at", "storyevent", ["at"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        _search_index("title, body")
        op.execute(
            "UPDATE article SET text_hash = lower(hex(text_hash)) WHERE typeof(text_hash) = 'blob'"
        )
        _rewrite("minhash", "blob", _unpack_signature)
        _rewrite("details", "blob", _unpack_details, table="storyevent")
