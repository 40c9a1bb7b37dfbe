"""rebuild the near-duplicate index: 64 bands of 2 rows, headline keys, covering index

Band keys are derived from the stored MinHash signatures, so the index is rebuilt from
them rather than lost; headline keys come from the stored titles.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 20:30:00.000000
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_band = sa.table(
    "articleband",
    sa.column("article_id", sa.Integer),
    sa.column("band", sa.BigInteger),
    sa.column("created_at", sa.DateTime),
)


def _rebuild() -> None:
    from monitor.judge.copies import Signature, title_keys

    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM articleband"))
    rows = bind.execute(
        sa.text(
            "SELECT id, title, minhash, fetched_at FROM article "
            "WHERE relevant AND (minhash IS NOT NULL OR duplicate_of IS NULL)"
        )
    )
    batch: list[dict[str, object]] = []
    for article_id, title, minhash, fetched_at in rows:
        keys = title_keys(title or "")
        if minhash is not None:
            keys += Signature.from_bytes(bytes(minhash)).bands()
        when = (
            fetched_at if isinstance(fetched_at, datetime) else datetime.fromisoformat(fetched_at)
        )
        batch.extend({"article_id": article_id, "band": k, "created_at": when} for k in set(keys))
        if len(batch) >= 5000:
            op.bulk_insert(_band, batch)
            batch = []
    if batch:
        op.bulk_insert(_band, batch)


def upgrade() -> None:
    with op.batch_alter_table("articleband", schema=None) as batch_op:
        batch_op.drop_index("ix_articleband_band")
        batch_op.create_index(
            "ix_articleband_band", ["band", "created_at", "article_id"], unique=False
        )
    _rebuild()


def downgrade() -> None:
    with op.batch_alter_table("articleband", schema=None) as batch_op:
        batch_op.drop_index("ix_articleband_band")
        batch_op.create_index("ix_articleband_band", ["band"], unique=False)
    # the old band keys cannot be told apart from the new ones: start the index afresh
    op.execute("DELETE FROM articleband")
