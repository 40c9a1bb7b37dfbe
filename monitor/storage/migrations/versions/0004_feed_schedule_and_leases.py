"""feed schedule and leases

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:03:58.512249
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing feeds start with no arrival history: their rate is learnt from the next polls.
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fetch_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("ttl", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("arrivals", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("rate_since", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("check_interval", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("interval_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("lease_owner", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_owner")
        batch_op.drop_column("interval_reason")
        batch_op.drop_column("check_interval")
        batch_op.drop_column("rate_since")
        batch_op.drop_column("arrivals")
        batch_op.drop_column("ttl")
        batch_op.drop_column("fetch_url")
