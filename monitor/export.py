"""The stored article log as JSON Lines or CSV, for analysts and scripts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from monitor.outbox import iso
from monitor.storage import Article, Store

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


def _row(a: Article, outlets: list[str], with_text: bool) -> dict[str, Any]:
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
        "topics": list(a.topics),
        "text_origin": a.text_origin,
        "outlets": outlets,
    }
    if with_text:
        row["text"] = a.text
    return row


def rows(store: Store, *, with_text: bool = False) -> Iterator[dict[str, Any]]:
    with store.tx() as tx:
        articles = list(tx.articles(relevant=True))
        copies: dict[int, list[str]] = {}
        for a in articles:
            root = a.duplicate_of or a.id
            assert root is not None
            copies.setdefault(root, []).append(a.source)
    for a in articles:
        root = a.duplicate_of or a.id
        assert root is not None
        yield _row(a, sorted(set(copies[root])), with_text)


def write(store: Store, out: TextIO, *, fmt: str = "jsonl", with_text: bool = False) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows(store, with_text=with_text):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    fields = [*FIELDS, "text"] if with_text else FIELDS
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in rows(store, with_text=with_text):
        row["topics"] = ";".join(row["topics"])
        row["outlets"] = ";".join(row["outlets"])
        writer.writerow(row)
        count += 1
    return count
