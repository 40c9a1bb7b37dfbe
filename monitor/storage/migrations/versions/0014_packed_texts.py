"""article texts, story members and profiles stored zlib-compressed on SQLite; two unused
article indexes dropped

The columns keep their declared types (TEXT, JSON); SQLite keeps the compressed bytes as
a BLOB in them, and the models' types (`PackedText`, `PackedJSON`) compress and
decompress. The search index's delete trigger hands the stored text to
`monitor_body_words`, which decompresses it. PostgreSQL is unchanged: TOAST compresses
large values itself.

Both backends: the indexes on `article.source` and `article.published_at` go. No query
uses them: outlets are matched as a host suffix (LIKE '%.host', OR'ed with the equality),
which no index serves, and nothing filters or sorts on the publication time in SQL.

The pages freed stay in the file until a VACUUM; a database made before keeps its page
size (only a new one gets the store's).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 17:20:00.000000
"""

import zlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


COLUMNS = [("article", "text"), ("story", "members"), ("story", "profile")]


def _rewrite(
    table: str, column: str, kind: str, convert: Callable[[str | bytes], str | bytes]
) -> None:
    """Rewrite every value of `column` stored as `kind` ('text' or 'blob'), in batches."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                f"SELECT id, {column} FROM {table} WHERE id > :last AND typeof({column}) = :kind "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "kind": kind, "n": BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
            [{"id": i, "v": convert(v)} for i, v in rows],
        )
        last = rows[-1][0]


def _pack(value: str | bytes) -> bytes:
    return zlib.compress(str(value).encode(), 6)


def _unpack(value: str | bytes) -> str:
    return zlib.decompress(value if isinstance(value, bytes) else value.encode()).decode()


UNUSED = [("ix_article_source", "source"), ("ix_article_published_at", "published_at")]


def upgrade() -> None:
    for name, _ in UNUSED:
        op.drop_index(name, table_name="article")
    if op.get_bind().dialect.name == "sqlite":
        for table, column in COLUMNS:
            _rewrite(table, column, "text", _pack)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, column in COLUMNS:
            _rewrite(table, column, "blob", _unpack)
    for name, column in UNUSED:
        op.create_index(name, "article", [column], unique=False)
