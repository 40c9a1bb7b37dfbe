"""The stored article log, or the stories with their timelines, as JSON Lines or CSV.

CSV cells come from feeds, which strangers write, and a spreadsheet runs a cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula.
Following OWASP's rule for CSV injection, such a cell gets a leading single quote, which
spreadsheets show as text and do not evaluate. JSON Lines is written as stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from monitor.alerting.outbox import iso, outlet_namer
from monitor.collect.outlets import ArticleSource, fold
from monitor.collect.outlets import group as group_outlets
from monitor.judge.briefs import Brief
from monitor.judge.storybrief import story_brief
from monitor.storage import Store, Story
from monitor.storage.search import SearchFilters, article_rows, copy_sources, story_ids

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


def rows(
    store: Store, *, with_text: bool = False, filters: SearchFilters = SearchFilters()
) -> Iterator[dict[str, Any]]:
    """The relevant articles the filters allow, oldest first, in constant memory: read in
    batches, each batch asking for its own copies' outlets."""
    with store.tx() as tx:
        for part in article_rows(tx, filters, with_text=with_text, batch=BATCH):
            copies = copy_sources(tx, {a.duplicate_of or a.id for a in part})
            outlets = {
                root: sorted(
                    (o.name for o in group_outlets([ArticleSource(*c) for c in found])),
                    key=fold,
                )
                for root, found in copies.items()
            }
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
        writer.writerow(_csv_row(row))
        count += 1
    return count


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not evaluate: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: cell(value) for key, value in row.items()}


# CSV of stories: one row per line of each story's brief
BRIEF_FIELDS = ["story_id", "story_title", "part", "date", "text", "url"]


def brief_lines(brief: Brief) -> Iterator[dict[str, str]]:
    """A brief as rows: its headline, what changed, key points, then its timeline."""
    yield {"part": "headline", "date": "", "text": brief.headline, "url": ""}
    for text in brief.what_changed:
        yield {"part": "what_changed", "date": "", "text": text, "url": ""}
    for text in brief.key_points:
        yield {"part": "key_point", "date": "", "text": text, "url": ""}
    for e in brief.timeline:
        yield {"part": "timeline", "date": e.date.isoformat(), "text": e.text, "url": e.url}


def story_rows(store: Store, filters: SearchFilters = SearchFilters()) -> Iterator[dict[str, Any]]:
    """Each live story the filters allow, oldest first, with its brief, outlets, the
    stories merged into it and its timeline events; one story in memory at a time."""
    with store.tx() as tx:
        ids = story_ids(tx, filters)
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
                "brief": story_brief(tx, story_id, outlet=outlet_namer(tx, story_id)).to_dict(),
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
    """JSON Lines: one story per line. CSV: one line of a story's brief per row."""
    count = 0
    if fmt == "jsonl":
        for row in story_rows(store, filters):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=BRIEF_FIELDS)
    writer.writeheader()
    for row in story_rows(store, filters):
        for line in brief_lines(Brief.from_dict(row["brief"])):
            writer.writerow(_csv_row({"story_id": row["id"], "story_title": row["title"], **line}))
        count += 1
    return count
