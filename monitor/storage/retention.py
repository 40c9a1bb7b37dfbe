"""Retention: old articles lose their text; whatever identifies them stays.

The URL, title, outlet, dates, text hash and MinHash signature, story, copies, search
entry and the sightings (the feed entries already seen) are kept, so a pruned article is
still listed, found and recognised: polling its feed again never brings it back as new.
The text is dropped with a Core UPDATE, which the search index's mapper events do not
see, so the entry made from the full text stays (on SQLite its words are kept first: see
`monitor.storage.searchindex.keep_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlmodel import col

from monitor.storage.models import Article
from monitor.storage.searchindex import keep_words
from monitor.storage.store import Store

BATCH = 2000  # articles per transaction: a big first prune holds no long write lock


@dataclass(frozen=True)
class PruneReport:
    texts: int  # articles whose text was dropped (or would be, on a dry run)
    before: datetime | None  # their cut-off: first seen before this; None when kept forever


def text_cutoff(keep_text_days: int, now: datetime) -> datetime | None:
    return now - timedelta(days=keep_text_days) if keep_text_days > 0 else None


def _old_with_text(before: datetime) -> list[ColumnElement[bool]]:
    return [col(Article.text).is_not(None), col(Article.fetched_at) < before]


def prune_text(
    store: Store, keep_text_days: int, now: datetime, *, dry_run: bool = False
) -> PruneReport:
    """Drop the text of articles first seen more than `keep_text_days` ago (0: none)."""
    before = text_cutoff(keep_text_days, now)
    if before is None:
        return PruneReport(0, None)
    if dry_run:
        with store.tx() as tx:
            n = tx.session.execute(
                select(func.count()).select_from(Article).where(*_old_with_text(before))
            ).scalar_one()
        return PruneReport(int(n), before)
    total = 0
    while True:
        with store.tx() as tx:
            ids = list(
                tx.session.scalars(
                    select(col(Article.id))
                    .where(*_old_with_text(before))
                    .order_by(col(Article.id))
                    .limit(BATCH)
                ).all()
            )
            if ids:
                keep_words(tx.session.connection(), ids)
                tx.session.execute(
                    update(Article)
                    .where(col(Article.id).in_(ids))
                    .values(text=None)
                    .execution_options(synchronize_session=False)
                )
        total += len(ids)
        if len(ids) < BATCH:
            return PruneReport(total, before)
