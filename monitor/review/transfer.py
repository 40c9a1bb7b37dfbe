"""`monitor import`: load an export (`monitor export --with-text`, JSON Lines) into a database.

This is how a log moves from SQLite to PostgreSQL: export from the old database,
`monitor db upgrade` on the new one, import. Articles keep their text, dates, topics,
story membership and duplicate links; stories get back the term profile that lets new
articles join them, and originals their near-duplicate signatures. Rows whose URL is
already stored are skipped, so an interrupted import can be run again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.judge.copies import Copy, index, text_hash
from monitor.judge.features import features
from monitor.judge.relevance import Topics
from monitor.judge.stories import (
    absorb,
    article_time,
    first_report,
    index_story,
    sketch,
    start_story,
)
from monitor.storage import Article, Store, Story, Tx


@dataclass
class ImportReport:
    articles: int = 0
    skipped: int = 0
    stories: int = 0
    duplicates: int = 0


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def read_jsonl(lines: Iterable[str]) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"line {n}: not JSON: {exc}") from None
            if not isinstance(row, dict) or "url" not in row or "id" not in row:
                raise ValueError(f"line {n}: not an exported article (no id or url)")
            rows.append(row)
    return rows


def import_rows(
    store: Store, rows: list[dict[str, Any]], topics: Topics | None = None
) -> ImportReport:
    """One transaction: all rows or none. Originals come before their copies in an export."""
    report = ImportReport()
    ids: dict[int, int] = {}  # exported article id -> stored id
    stories: dict[int, Story] = {}  # exported story id -> stored story
    with store.tx() as tx:
        for row in sorted(rows, key=lambda r: (r.get("duplicate_of") is not None, r["id"])):
            existing = tx.article_by_url(row["url"])
            if existing is not None:
                assert existing.id is not None
                ids[row["id"]] = existing.id
                report.skipped += 1
                continue
            text = row.get("text")
            article = tx.add(
                Article(
                    url=row["url"],
                    title=row.get("title") or "",
                    source=row.get("source") or "",
                    source_name=row.get("source_name"),
                    published_at=_when(row.get("published_at")),
                    fetched_at=_when(row.get("fetched_at")) or datetime.now().astimezone(),
                    language=row.get("language"),
                    author=row.get("author"),
                    relevant=True,
                    topics=list(row.get("topics") or []),
                    text=text,
                    text_origin=row.get("text_origin") or "page",
                    text_hash=text_hash(text) if text else None,
                )
            )
            assert article.id is not None
            ids[row["id"]] = article.id
            report.articles += 1
            original = ids.get(row["duplicate_of"]) if row.get("duplicate_of") else None
            if original is not None:
                article.duplicate_of = original
                article.story_id = tx.get(Article, original).story_id  # type: ignore[union-attr]
                tx.add(article)
                report.duplicates += 1
                continue
            copy = Copy.of(article.title, text or "", article.text_origin)
            index(tx, article, copy, article.fetched_at)
            if row.get("story_id") is not None:
                created = row["story_id"] not in stories
                stories[row["story_id"]] = _join(tx, stories.get(row["story_id"]), article, topics)
                report.stories += created
    return report


def _join(tx: Tx, story: Story | None, article: Article, topics: Topics | None) -> Story:
    """Add an article to its exported story, weighting terms the way grouping does."""
    when = article_time(article)
    feats = features(
        article.title, article.text or "", when, topics.words(article.topics) if topics else None
    )
    sk = sketch(tx, article, feats)
    vec, view = sk.vec, sk.view
    tx.count_terms(feats.counts)
    created = story is None
    if story is None:
        story = start_story(article, vec, feats, when, view)
    else:
        absorb(story, article, vec, feats, when, view)
    story = tx.add(story)
    if created:
        tx.add_story_event(first_report(story, article, feats, when))
    index_story(tx, story)
    article.story_id = story.id
    tx.add(article)
    return story
