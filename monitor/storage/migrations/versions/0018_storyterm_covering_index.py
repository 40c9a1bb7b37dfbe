"""story lookup index that holds the whole posting: term, last_seen, id, story_id

Both backends: the candidate lookup reads, per term, the postings of the stories inside
the window, latest first (`last_seen DESC, id DESC`), and returns their `story_id`. With
the index on (term, last_seen) each posting read fetched its table row for `story_id`;
with `id` and `story_id` in the index the lookup reads the index alone, in the order it
wants (no sort). It replaces `ix_storyterm_term_last_seen`, a prefix of it that no
other statement reads.

Downgrade makes `ix_storyterm_term_last_seen` again and drops the new index.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 18:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_storyterm_lookup", "storyterm", ["term", "last_seen", "id", "story_id"], unique=False
    )
    op.drop_index("ix_storyterm_term_last_seen", table_name="storyterm")


def downgrade() -> None:
    op.create_index("ix_storyterm_term_last_seen", "storyterm", ["term", "last_seen"], unique=False)
    op.drop_index("ix_storyterm_lookup", table_name="storyterm")
