"""full-text search over the relevant articles

SQLite: an FTS5 table `articlesearch` (title, body) keyed by article id, and a trigger
that deletes an article's entry with the article. PostgreSQL: a table `articlesearch`
(article id, tsvector) with a GIN index, its rows deleted with their article by a
cascading foreign key. Both hold the folded words of the title and the text
(monitor.text.tokens), written by the application in the article's transaction
(monitor.storage.search); the relevant articles already stored are indexed here.

The models do not describe these tables, so autogenerate leaves them alone (env.py
include_object). A later batch rebuild of `article` on SQLite drops the trigger with the
old table and must create it again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The index as this revision made it (monitor.storage.search keeps its own copy).
SQLITE = (
    "CREATE VIRTUAL TABLE articlesearch USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER articlesearch_article_delete AFTER DELETE ON article BEGIN "
    "DELETE FROM articlesearch WHERE rowid = old.id; END",
)
POSTGRES = (
    "CREATE TABLE articlesearch ("
    "article_id INTEGER PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE, "
    "vector TSVECTOR NOT NULL)",
    "CREATE INDEX ix_articlesearch_vector ON articlesearch USING GIN (vector)",
)
MAX_WORDS = 100_000
MAX_WORD_BYTES = 2000
BATCH = 500


def _word(w: str) -> str:
    return (
        w if len(w) * 4 <= MAX_WORD_BYTES else w.encode()[:MAX_WORD_BYTES].decode(errors="ignore")
    )


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(title: list[str], body: list[str]) -> str:
    positions: dict[str, list[str]] = {}
    for i, w in enumerate(title, start=1):
        positions.setdefault(w, []).append(f"{min(i, 16383)}A")
    for i, w in enumerate(body, start=len(title) + 2):
        positions.setdefault(w, []).append(f"{min(i, 16383)}B")
    out: list[str] = []
    size = 0
    for w, p in positions.items():
        size += len(w.encode()) + 2 * min(len(p), 256) + 8
        if size > 900_000:  # a tsvector holds at most 1 MB
            break
        out.append(f"{_lexeme(w)}:{','.join(dict.fromkeys(p[:256]))}")
    return " ".join(out)


def upgrade() -> None:
    from monitor.text import tokens

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for statement in SQLITE if sqlite else POSTGRES:
        op.execute(statement)
    if sqlite:
        write = sa.text("INSERT INTO articlesearch (rowid, title, body) VALUES (:id, :t, :b)")
    else:
        write = sa.text(
            "INSERT INTO articlesearch (article_id, vector) VALUES (:id, CAST(:v AS tsvector))"
        )
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, title, text FROM article WHERE relevant AND id > :last "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        params = []
        for article_id, title, body in rows:
            t = [_word(w) for w in tokens(title or "")]
            b = [_word(w) for w in tokens(body or "")[:MAX_WORDS]]
            if sqlite:
                params.append({"id": article_id, "t": " ".join(t), "b": " ".join(b)})
            else:
                params.append({"id": article_id, "v": _tsvector(t, b)})
        bind.execute(write, params)
        last = rows[-1][0]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articlesearch_article_delete")
    op.execute("DROP TABLE IF EXISTS articlesearch")
