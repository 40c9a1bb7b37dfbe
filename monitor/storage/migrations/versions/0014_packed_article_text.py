"""article texts stored zlib-compressed on SQLite

The column stays TEXT; SQLite keeps the compressed bytes as a BLOB in it, and the model's
type (`PackedText`) compresses and decompresses. The search index's delete trigger hands
the stored value to `monitor_body_words`, which decompresses it. PostgreSQL is unchanged:
TOAST compresses large values itself.

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


def _rewrite(kind: str, convert: Callable[[str | bytes], str | bytes]) -> None:
    """Rewrite every article text stored as `kind` ('text' or 'blob'), a batch at a time."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, text FROM article WHERE id > :last AND typeof(text) = :kind "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "kind": kind, "n": BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text("UPDATE article SET text = :t WHERE id = :id"),
            [{"id": i, "t": convert(t)} for i, t in rows],
        )
        last = rows[-1][0]


def _pack(value: str | bytes) -> bytes:
    return zlib.compress(str(value).encode(), 6)


def _unpack(value: str | bytes) -> str:
    return zlib.decompress(value if isinstance(value, bytes) else value.encode()).decode()


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite("text", _pack)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite("blob", _unpack)
