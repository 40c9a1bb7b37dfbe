"""near-copy keys without a time each: the time once per article (`bandtime`)

Both backends: an article's near-copy keys (`articleband`) are all made at once, so when
they were made is kept once per article in `bandtime` (article id, epoch seconds) and
the key rows are (band, article) alone; the time was about a fifth of the key table.
A lookup joins the two; pruning drops the keys of the articles whose time is past.

Downgrade puts the article's time back on each of its keys.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _bands(name: str, *, timed: bool) -> None:
    columns = [
        sa.Column("band", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
    ]
    if timed:
        columns.append(sa.Column("created_at", sa.BigInteger(), nullable=False))
    op.create_table(
        name,
        *columns,
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("band", "article_id"),
        sqlite_with_rowid=False,
    )


def _swap(sqlite: bool) -> None:
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


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "bandtime",
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.execute(
        "INSERT INTO bandtime (article_id, created_at) "
        "SELECT article_id, MIN(created_at) FROM articleband GROUP BY article_id"
    )
    _bands("articleband_new", timed=False)
    op.execute(
        "INSERT INTO articleband_new (band, article_id) SELECT band, article_id FROM articleband"
    )
    _swap(sqlite)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _bands("articleband_new", timed=True)
    op.execute(
        "INSERT INTO articleband_new (band, article_id, created_at) "
        "SELECT b.band, b.article_id, t.created_at FROM articleband b "
        "JOIN bandtime t ON t.article_id = b.article_id"
    )
    _swap(sqlite)
    op.drop_table("bandtime")
