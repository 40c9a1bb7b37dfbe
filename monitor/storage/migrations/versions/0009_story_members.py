"""story members

A story keeps views of its latest articles (terms, names, headline, dates and numbers,
time and language), which grouping compares each new article with. Existing stories
keep NULL and are compared through their centroid and facts until their next article.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 04:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain nullable column: SQLite adds it in place, without copying `story`.
    op.add_column("story", sa.Column("members", sa.JSON(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # in place (SQLite 3.35+): batch mode would copy `story`, which articles reference
        op.execute("ALTER TABLE story DROP COLUMN members")
    else:
        op.drop_column("story", "members")
