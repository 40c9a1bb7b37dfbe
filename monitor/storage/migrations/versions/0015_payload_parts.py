"""large parts of sent payloads stored once (`payloadpart`)

A story's article list and its brief's timeline are the bulk of a sent payload, and every
alert sealed about one story at one time carries the same copy (one per rule, one per
story merged into it). New payloads keep them in `payloadpart`, keyed by the sha256 of
their JSON, and name them by hash (`{"$part": "<hash>"}` in place of the part's text,
after an `@`); the models expand the payload to the exact text
sealed. Payloads sealed before stay as they are (both forms read back).

Downgrade writes every payload that names parts back in full, then drops the table.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 17:50:00.000000
"""

import re
import zlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payloadpart",
        sa.Column("hash", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hash"),
    )


def _text(value: str | bytes) -> str:
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


# A reference in a stored payload; inside a JSON string a quote is escaped, so only a
# reference itself matches.
_REF = re.compile(r'\{"\$part": "([0-9a-f]{64})"\}')


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    parts = {
        h: _text(b) for h, b in bind.execute(sa.text("SELECT hash, body FROM payloadpart")).all()
    }
    rows = bind.execute(sa.text("SELECT id, payload FROM alert WHERE payload IS NOT NULL")).all()
    for alert_id, value in rows:
        stored = _text(value)
        if not stored.startswith("@"):
            continue
        full = _REF.sub(lambda m: parts[m.group(1)], stored[1:])
        bind.execute(
            sa.text("UPDATE alert SET payload = :p WHERE id = :id"),
            {"id": alert_id, "p": zlib.compress(full.encode(), 6) if sqlite else full},
        )
    op.drop_table("payloadpart")
