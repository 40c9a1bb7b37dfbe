"""The stored article log, or the stories with their timelines, as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import func, or_, select
from sqlmodel import col

from monitor.alerting.outbox import iso
from monitor.storage import Article, Store, Story
from monitor.storage.search import SearchFilters, filter_articles, filter_stories

FIELDS = [
    "id",
    "url",
    "title",
    "source",
    "source_name",
    "published_at",
    "fetched_at",
    "language",
    "author",
    "story_id",
    "duplicate_of",
    "topics",
    "text_origin",
    "outlets",
]


_COLUMNS: list[Any] = [
    col(Article.id),
    col(Article.url),
    col(Article.title),
    col(Article.source),
    col(Article.source_name),
    col(Article.published_at),
    col(Article.fetched_at),
    col(Article.language),
    col(Article.author),
    col(Article.story_id),
    col(Article.duplicate_of),
    col(Article.topics),
    col(Article.text_origin),
]
BATCH = 1000  # rows fetched at a time: memory stays flat however long the log is


def _row(a: Any, outlets: list[str], with_text: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "source": a.source,
        "source_name": a.source_name,
        "published_at": iso(a.published_at),
        "fetched_at": iso(a.fetched_at),
        "language": a.language,
        "author": a.author,
        "story_id": a.story_id,
        "duplicate_of": a.duplicate_of,
        "topics": list(a.topics or []),
        "text_origin": a.text_origin,
        "outlets": outlets,
    }
    if with_text:
        row["text"] = a.text
    return row


def _outlets(session: Any, roots: set[int]) -> dict[int, list[str]]:
    """The outlets of each root article and its copies (relevant ones, as stored).

    `relevant` is checked here, not in SQL: with it in the WHERE clause SQLite reads
    every relevant article through its index instead of looking the ids up.
    """
    root = func.coalesce(col(Article.duplicate_of), col(Article.id))
    found: dict[int, set[str]] = {r: set() for r in roots}
    rows = (
        session.connection()
        .execute(
            select(root, col(Article.source), col(Article.relevant)).where(
                or_(col(Article.id).in_(roots), col(Article.duplicate_of).in_(roots))
            )
        )
        .all()
    )
    for r, source, relevant in rows:
        if relevant:
            found.setdefault(int(r), set()).add(source)
    return {r: sorted(s) for r, s in found.items()}


def rows(
    store: Store, *, with_text: bool = False, filters: SearchFilters = SearchFilters()
) -> Iterator[dict[str, Any]]:
    """The relevant articles the filters allow, oldest first, read in batches from a
    server-side cursor (PostgreSQL) or a stepping one (SQLite): constant memory."""
    columns = [*_COLUMNS, col(Article.text)] if with_text else _COLUMNS
    with store.tx() as tx:
        session = tx.session
        dialect = session.get_bind().dialect.name
        q = filter_articles(select(*columns), filters, dialect).order_by(col(Article.id))
        result = session.connection().execute(q.execution_options(yield_per=BATCH))
        for part in result.partitions():
            outlets = _outlets(session, {a.duplicate_of or a.id for a in part})
            for a in part:
                yield _row(a, outlets.get(a.duplicate_of or a.id, []), with_text)


def write(
    store: Store,
    out: TextIO,
    *,
    fmt: str = "jsonl",
    with_text: bool = False,
    filters: SearchFilters = SearchFilters(),
) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows(store, with_text=with_text, filters=filters):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    fields = [*FIELDS, "text"] if with_text else FIELDS
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in rows(store, with_text=with_text, filters=filters):
        row["topics"] = ";".join(row["topics"])
        row["outlets"] = ";".join(row["outlets"])
        writer.writerow(row)
        count += 1
    return count


TIMELINE_FIELDS = [
    "story_id",
    "story_title",
    "at",
    "kind",
    "summary",
    "details",
    "article_id",
    "article_url",
]


def story_rows(store: Store, filters: SearchFilters = SearchFilters()) -> Iterator[dict[str, Any]]:
    """Each live story the filters allow, oldest first, with its outlets, the stories
    merged into it and its timeline; one story in memory at a time."""
    with store.tx() as tx:
        dialect = tx.session.get_bind().dialect.name
        q = filter_stories(select(col(Story.id)), filters, dialect)
        ids = list(tx.session.scalars(q.order_by(col(Story.last_seen), col(Story.id))).all())
    for story_id in ids:
        with store.tx() as tx:
            story = tx.get(Story, story_id)
            if story is None:
                continue
            urls = {a.id: a.url for a in tx.story_articles(story_id)}
            yield {
                "id": story.id,
                "title": story.title,
                "first_seen": iso(story.first_seen),
                "last_seen": iso(story.last_seen),
                "articles": len(urls),
                "outlets": tx.story_outlets(story_id),
                "merged_from": tx.story_family(story_id)[1:],
                "timeline": [
                    {
                        "at": iso(e.at),
                        "kind": e.kind,
                        "summary": e.summary,
                        "details": list(e.details),
                        "article_id": e.article_id,
                        "article_url": urls.get(e.article_id) if e.article_id else None,
                    }
                    for e in tx.story_events(story_id)
                ],
            }


def write_stories(
    store: Store, out: TextIO, *, fmt: str = "jsonl", filters: SearchFilters = SearchFilters()
) -> int:
    """JSON Lines: one story per line. CSV: one timeline entry per row."""
    count = 0
    if fmt == "jsonl":
        for row in story_rows(store, filters):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=TIMELINE_FIELDS)
    writer.writeheader()
    for row in story_rows(store, filters):
        for entry in row["timeline"]:
            writer.writerow(
                {
                    "story_id": row["id"],
                    "story_title": row["title"],
                    **entry,
                    "details": "; ".join(entry["details"]),
                }
            )
        count += 1
    return count
