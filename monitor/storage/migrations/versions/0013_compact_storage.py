"""compact storage: contentless search index, near-copy keys keyed (band, article)

SQLite: the FTS5 table `articlesearch` becomes contentless (it kept a copy of every
entry's folded words, about as large as the texts). Removing an entry then needs its
words again: the delete trigger folds the article's title and text with functions the
store registers on its connections (`monitor.storage.searchindex.register_functions`),
and an article whose text retention dropped has its text words kept compressed in
`articlesearch_kept` (filled here from the old copy). `termcount` becomes WITHOUT ROWID
(its key was stored twice) and sent alert payloads are stored zlib-compressed.

Both backends: `articleband` is keyed (band, article_id), its time whole epoch seconds,
with no other index (WITHOUT ROWID on SQLite); it was an id, a DateTime and three
indexes. PostgreSQL keeps its tsvector table and its payloads (TOAST compresses them).

The models do not describe the search tables, so autogenerate leaves them alone. A later
batch rebuild of `article` on SQLite drops the delete trigger and must create it again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:30:00.000000
"""

import zlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
OLD_TRIGGER = (
    "CREATE TRIGGER articlesearch_article_delete AFTER DELETE ON article BEGIN "
    "DELETE FROM articlesearch WHERE rowid = old.id; END"
)
BATCH = 500
MAX_WORDS = 100_000
MAX_WORD_BYTES = 2000


def _words(text: str | None, limit: int | None = None) -> str:
    from monitor.text import tokens

    out = []
    for w in tokens(text or "")[:limit]:
        if len(w) * 4 > MAX_WORD_BYTES:
            w = w.encode()[:MAX_WORD_BYTES].decode(errors="ignore")
        out.append(w)
    return " ".join(out)


def _new_bands(name: str) -> None:
    op.create_table(
        name,
        sa.Column("band", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("band", "article_id"),
        sqlite_with_rowid=False,
    )


def _upgrade_sqlite(bind: sa.Connection) -> None:
    op.execute("DROP TRIGGER IF EXISTS articlesearch_article_delete")
    op.execute("ALTER TABLE articlesearch RENAME TO articlesearch_old")
    op.execute(
        f"CREATE VIRTUAL TABLE articlesearch USING fts5(title, body, content='', {TOKENIZE})"
    )
    op.execute("CREATE TABLE articlesearch_kept (id INTEGER PRIMARY KEY, words BLOB NOT NULL)")
    op.execute(
        "INSERT INTO articlesearch (rowid, title, body) "
        "SELECT rowid, title, body FROM articlesearch_old"
    )
    kept = bind.execute(
        sa.text(
            "SELECT o.rowid, o.body FROM articlesearch_old o JOIN article a ON a.id = o.rowid "
            "WHERE a.text IS NULL AND o.body != ''"
        )
    ).all()
    if kept:
        bind.execute(
            sa.text("INSERT INTO articlesearch_kept (id, words) VALUES (:id, :words)"),
            [{"id": i, "words": zlib.compress(b.encode(), 6)} for i, b in kept],
        )
    op.execute("DROP TABLE articlesearch_old")
    op.execute(TRIGGER)

    op.execute("ALTER TABLE termcount RENAME TO termcount_old")
    op.execute(
        "CREATE TABLE termcount (term VARCHAR NOT NULL PRIMARY KEY, df INTEGER NOT NULL) "
        "WITHOUT ROWID"
    )
    op.execute("INSERT INTO termcount (term, df) SELECT term, df FROM termcount_old")
    op.execute("DROP TABLE termcount_old")

    payloads = bind.execute(
        sa.text("SELECT id, payload FROM alert WHERE typeof(payload) = 'text'")
    ).all()
    if payloads:
        bind.execute(
            sa.text("UPDATE alert SET payload = :p WHERE id = :id"),
            [{"id": i, "p": zlib.compress(p.encode(), 6)} for i, p in payloads],
        )


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _upgrade_sqlite(bind)
    _new_bands("articleband_new")
    seconds = (
        "CAST(strftime('%s', created_at) AS INTEGER)"
        if sqlite
        else "CAST(floor(extract(epoch FROM created_at)) AS BIGINT)"
    )
    op.execute(
        "INSERT INTO articleband_new (band, article_id, created_at) "
        f"SELECT band, article_id, MIN({seconds}) FROM articleband GROUP BY band, article_id"
    )
    op.drop_table("articleband")
    op.rename_table("articleband_new", "articleband")
    if not sqlite:
        op.execute(
            "ALTER TABLE articleband RENAME CONSTRAINT articleband_new_pkey TO articleband_pkey"
        )
        op.execute(
            "ALTER TABLE articleband RENAME CONSTRAINT articleband_new_article_id_fkey "
            "TO articleband_article_id_fkey"
        )


def _downgrade_sqlite(bind: sa.Connection) -> None:
    payloads = bind.execute(
        sa.text("SELECT id, payload FROM alert WHERE typeof(payload) = 'blob'")
    ).all()
    if payloads:
        bind.execute(
            sa.text("UPDATE alert SET payload = :p WHERE id = :id"),
            [{"id": i, "p": zlib.decompress(p).decode()} for i, p in payloads],
        )

    op.execute("ALTER TABLE termcount RENAME TO termcount_old")
    op.execute(
        "CREATE TABLE termcount (term VARCHAR NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (term))"
    )
    op.execute("INSERT INTO termcount (term, df) SELECT term, df FROM termcount_old")
    op.execute("DROP TABLE termcount_old")

    # The contentless index cannot give its words back: fold the articles again.
    op.execute("DROP TRIGGER IF EXISTS articlesearch_article_delete")
    op.execute("DROP TABLE articlesearch")
    op.execute(f"CREATE VIRTUAL TABLE articlesearch USING fts5(title, body, {TOKENIZE})")
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT a.id, a.title, a.text, k.words FROM article a "
                "LEFT JOIN articlesearch_kept k ON k.id = a.id "
                "WHERE a.relevant AND a.id > :last ORDER BY a.id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        bind.execute(
            sa.text("INSERT INTO articlesearch (rowid, title, body) VALUES (:id, :t, :b)"),
            [
                {
                    "id": i,
                    "t": _words(t),
                    "b": zlib.decompress(k).decode() if k is not None else _words(b, MAX_WORDS),
                }
                for i, t, b, k in rows
            ],
        )
        last = rows[-1][0]
    op.execute("DROP TABLE articlesearch_kept")
    op.execute(OLD_TRIGGER)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "articleband_old",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    when = (
        "datetime(created_at, 'unixepoch')"
        if sqlite
        else "to_timestamp(created_at) AT TIME ZONE 'UTC'"
    )
    op.execute(
        "INSERT INTO articleband_old (article_id, band, created_at) "
        f"SELECT article_id, band, {when} FROM articleband ORDER BY article_id, band"
    )
    op.drop_table("articleband")
    op.rename_table("articleband_old", "articleband")
    if not sqlite:
        op.execute(
            "ALTER TABLE articleband RENAME CONSTRAINT articleband_old_pkey TO articleband_pkey"
        )
        op.execute(
            "ALTER TABLE articleband RENAME CONSTRAINT articleband_old_article_id_fkey "
            "TO articleband_article_id_fkey"
        )
        op.execute("ALTER SEQUENCE articleband_old_id_seq RENAME TO articleband_id_seq")
    with op.batch_alter_table("articleband", schema=None) as batch_op:
        batch_op.create_index("ix_articleband_article_id", ["article_id"], unique=False)
        batch_op.create_index(
            "ix_articleband_band", ["band", "created_at", "article_id"], unique=False
        )
        batch_op.create_index("ix_articleband_created_at", ["created_at"], unique=False)
    if sqlite:
        _downgrade_sqlite(bind)
