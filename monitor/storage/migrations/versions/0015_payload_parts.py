"""large parts of sent payloads stored once (`payloadpart`)

A story's article list and its brief's timeline are the bulk of a sent payload, and every
alert sealed about one story at one time carries the same copy (one per rule, one per
story merged into it). New payloads keep them in `payloadpart`, keyed by the sha256 of
their JSON, and name them by hash; the models expand the payload to the exact text
sealed. Payloads sealed before stay as they are (both forms read back).

Downgrade writes every payload that names parts back in full, then drops the table.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 17:50:00.000000
"""

import json
import zlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARED = ("articles", "timeline")
REF = "$part"


def upgrade() -> None:
    op.create_table(
        "payloadpart",
        sa.Column("hash", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hash"),
    )


def _text(value: str | bytes) -> str:
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


def _join(doc: Any, parts: dict[str, Any]) -> Any:
    if isinstance(doc, list):
        return [_join(x, parts) for x in doc]
    if not isinstance(doc, dict):
        return doc
    return {
        key: parts[value[REF]]
        if key in SHARED and isinstance(value, dict) and set(value) == {REF}
        else _join(value, parts)
        for key, value in doc.items()
    }


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    parts = {
        h: json.loads(_text(b))
        for h, b in bind.execute(sa.text("SELECT hash, body FROM payloadpart")).all()
    }
    rows = bind.execute(sa.text("SELECT id, payload FROM alert WHERE payload IS NOT NULL")).all()
    for alert_id, value in rows:
        stored = _text(value)
        if not stored.startswith("@"):
            continue
        full = json.dumps(_join(json.loads(stored[1:]), parts), ensure_ascii=False)
        bind.execute(
            sa.text("UPDATE alert SET payload = :p WHERE id = :id"),
            {"id": alert_id, "p": zlib.compress(full.encode(), 6) if sqlite else full},
        )
    op.drop_table("payloadpart")
