"""Full-text search over the stored articles: SQLite FTS5 or a PostgreSQL tsvector.

Both backends index the same words: `monitor.text.tokens` of the title and the text,
folded in Python (`monitor.storage.searchindex`), so "bogota" finds "Bogotá" on either
one, with or without PostgreSQL's `unaccent`, and the two agree on what matches.
The title is indexed apart from the text and weighs four times as much in the ranking
(bm25 on SQLite, ts_rank on PostgreSQL); a phrase does not run from one into the other.

Queries use the topics' language (`monitor.judge.query`). The parsed tree is rendered
into each backend's syntax with every term quoted, so no user text reaches FTS5's MATCH
or a tsquery unparsed, and a malformed query raises QueryError with its position.

Only relevant articles, the article log, are indexed; an article whose text retention
dropped keeps its entry, so old articles stay findable. Filters here are shared by the
search, the listings and the export.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    Select,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION, JSONB, TSQUERY
from sqlmodel import col

from monitor.judge.query import And, Node, Not, Or, Query, QueryError, Term
from monitor.storage.models import Article, Story
from monitor.storage.searchindex import TABLE, _lexeme, _word, index_rows, reindex
from monitor.text import tokens

TITLE_WEIGHT = 4.0  # a word in the title counts as much as four in the text

if TYPE_CHECKING:
    from monitor.storage.store import Store, Tx


@dataclass(frozen=True)
class SearchFilters:
    """Which articles a search, a listing or an export covers; None is no limit.

    Times are when the monitor first saw the article (`fetched_at`): since inclusive,
    until exclusive. `source` is an outlet's host (subdomains included) or display name;
    `story_id` may name a story merged into another, meaning the one it lives on in.
    """

    since: datetime | None = None
    until: datetime | None = None
    topic: str | None = None
    source: str | None = None
    lang: str | None = None
    story_id: int | None = None


@dataclass(frozen=True)
class SearchHit:
    """One article found; `rank` is higher for better matches (compare within one search).

    `snippet` is plain text cut in segments, `True` where a query term matched;
    whoever renders it escapes it for its target.
    """

    article_id: int
    rank: float
    snippet: tuple[tuple[str, bool], ...]


class CursorError(QueryError):
    """A page cursor this module did not hand out."""

    def __init__(self) -> None:
        super().__init__("invalid page cursor: use the one the previous page returned", 0)


# ---------------------------------------------------------------------------
# Filters shared by search, listings and export


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def has_topic(column_: Any, topic: str, dialect: str) -> ColumnElement[bool]:
    """A JSON list column contains `topic`."""
    if dialect == "postgresql":
        return cast(column_, JSONB).op("@>")(cast(literal(json.dumps([topic])), JSONB))
    each = func.json_each(column_).table_valued("value")
    return exists(select(literal(1)).select_from(each).where(each.c.value == topic))


def source_matches(source: str) -> ColumnElement[bool]:
    """An article is from this outlet: its host, a subdomain of it, or its display name."""
    s = source.strip().lower()
    host = s.removeprefix("www.")
    return or_(
        func.lower(col(Article.source)) == host,
        func.lower(col(Article.source)).like(f"%.{_like_escape(host)}", escape="\\"),
        func.lower(col(Article.source_name)) == s,
    )


def resolved_story(story_id: int) -> ColumnElement[Any]:
    """The id of the story `story_id` lives on in (itself unless it was merged)."""
    merged = select(col(Story.merged_into)).where(col(Story.id) == story_id).scalar_subquery()
    return func.coalesce(merged, story_id)


def article_conditions(filters: SearchFilters, dialect: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if filters.since is not None:
        conds.append(col(Article.fetched_at) >= filters.since)
    if filters.until is not None:
        conds.append(col(Article.fetched_at) < filters.until)
    if filters.topic is not None:
        conds.append(has_topic(col(Article.topics), filters.topic, dialect))
    if filters.source is not None:
        conds.append(source_matches(filters.source))
    if filters.lang is not None:
        conds.append(func.lower(col(Article.language)) == filters.lang.strip().lower())
    if filters.story_id is not None:
        conds.append(col(Article.story_id) == resolved_story(filters.story_id))
    return conds


def filter_articles(
    query: Select[Any], filters: SearchFilters, dialect: str, *, relevant: bool | None = True
) -> Select[Any]:
    """`query` (over article) limited to the articles the filters and `relevant` allow."""
    conds = article_conditions(filters, dialect)
    if relevant is not None:
        conds.append(col(Article.relevant) == relevant)
    return query.where(*conds) if conds else query


def list_articles(
    tx: Tx,
    filters: SearchFilters = SearchFilters(),
    *,
    relevant: bool | None = True,
    limit: int | None = None,
) -> list[Article]:
    """Articles the filters allow, newest first."""
    dialect = tx.session.get_bind().dialect.name
    q = filter_articles(select(Article), filters, dialect, relevant=relevant)
    q = q.order_by(col(Article.id).desc())
    if limit:
        q = q.limit(limit)
    return list(tx.session.scalars(q).all())


def article_batches(
    store: Store, filters: SearchFilters, *, relevant: bool | None = True, batch: int = 500
) -> Iterator[list[Article]]:
    """Every article the filters allow, oldest first, a batch per short transaction, so
    reading them all holds neither much memory nor a long transaction."""
    last = 0
    while True:
        with store.tx() as tx:
            dialect = tx.session.get_bind().dialect.name
            q = filter_articles(select(Article), filters, dialect, relevant=relevant)
            rows = list(
                tx.session.scalars(
                    q.where(col(Article.id) > last).order_by(col(Article.id)).limit(batch)
                ).all()
            )
        if not rows:
            return
        yield rows
        last = rows[-1].id or last


def article_rows(
    tx: Tx, filters: SearchFilters, *, with_text: bool, batch: int = 1000
) -> Iterator[Sequence[Any]]:
    """The relevant articles the filters allow, oldest first, as column rows in batches
    from a server-side cursor (PostgreSQL) or a stepping one (SQLite): constant memory.
    Rows have the article's columns as attributes, `text` only when asked for."""
    columns: list[Any] = [
        c
        for c in Article.__table__.columns  # type: ignore[attr-defined]
        if c.name not in ("minhash", "text")
    ]
    if with_text:
        columns.append(col(Article.text))
    dialect = tx.session.get_bind().dialect.name
    q = filter_articles(select(*columns), filters, dialect).order_by(col(Article.id))
    result = tx.session.connection().execute(q.execution_options(yield_per=batch))
    yield from result.partitions()


def copy_sources(tx: Tx, roots: Iterable[int]) -> dict[int, list[tuple[str, str | None, bool]]]:
    """(source, source name, aggregator unresolved) of each root article and its relevant
    copies. `relevant` is checked here, not in SQL: with it in the WHERE clause SQLite
    reads every relevant article through its index instead of looking the ids up."""
    roots = list(roots)
    root = func.coalesce(col(Article.duplicate_of), col(Article.id))
    found: dict[int, list[tuple[str, str | None, bool]]] = {r: [] for r in roots}
    rows = tx.session.connection().execute(
        select(
            root,
            col(Article.source),
            col(Article.source_name),
            col(Article.aggregator_unresolved),
            col(Article.relevant),
        ).where(or_(col(Article.id).in_(roots), col(Article.duplicate_of).in_(roots)))
    )
    for r, source, name, unresolved, relevant in rows:
        if relevant:
            found.setdefault(int(r), []).append((source, name, bool(unresolved)))
    return found


def story_ids(tx: Tx, filters: SearchFilters) -> list[int]:
    """Ids of the live stories the filters allow, least recently active first."""
    dialect = tx.session.get_bind().dialect.name
    q = filter_stories(select(col(Story.id)), filters, dialect)
    return [int(i) for i in tx.session.scalars(q.order_by(col(Story.last_seen), col(Story.id)))]


def filter_stories(query: Select[Any], filters: SearchFilters, dialect: str) -> Select[Any]:
    """`query` (over story) limited to the live stories the filters allow.

    A story is in the time range when it was active in it (first seen before `until`,
    last seen from `since` on); source and language ask for one article of the story
    from that outlet or in that language.
    """
    q = query.where(col(Story.merged_into).is_(None))
    if filters.since is not None:
        q = q.where(col(Story.last_seen) >= filters.since)
    if filters.until is not None:
        q = q.where(col(Story.first_seen) < filters.until)
    if filters.topic is not None:
        q = q.where(has_topic(col(Story.topics), filters.topic, dialect))
    if filters.story_id is not None:
        q = q.where(col(Story.id) == resolved_story(filters.story_id))
    member: list[ColumnElement[bool]] = []
    if filters.source is not None:
        member.append(source_matches(filters.source))
    if filters.lang is not None:
        member.append(func.lower(col(Article.language)) == filters.lang.strip().lower())
    if member:
        q = q.where(
            exists(select(literal(1)).where(col(Article.story_id) == col(Story.id), *member))
        )
    return q


def list_stories(
    tx: Tx, filters: SearchFilters = SearchFilters(), *, limit: int | None = None
) -> list[Story]:
    """Live stories the filters allow, most recently active first."""
    dialect = tx.session.get_bind().dialect.name
    q = filter_stories(select(Story), filters, dialect)
    q = q.order_by(col(Story.last_seen).desc(), col(Story.id).desc())
    if limit:
        q = q.limit(limit)
    return list(tx.session.scalars(q).all())


# ---------------------------------------------------------------------------
# Queries in each backend's syntax


def _fts5_term(term: Term) -> str:
    quoted = '"' + " ".join(_word(w) for w in term.words).replace('"', '""') + '"'
    return quoted + "*" if term.prefix else quoted


def to_fts5(node: Node) -> str | None:
    """The FTS5 MATCH expression for `node`, or None where FTS5 cannot say it: its NOT
    only subtracts from something (`a NOT b`), so `NOT a` alone or `a OR NOT b` cannot."""
    if isinstance(node, Term):
        return _fts5_term(node)
    if isinstance(node, Not):
        return None
    if isinstance(node, Or):
        parts = [to_fts5(c) for c in node.children]
        if any(p is None for p in parts):
            return None
        return "(" + " OR ".join(p for p in parts if p is not None) + ")"
    positive = [to_fts5(c) for c in node.children if not isinstance(c, Not)]
    negative = [to_fts5(c.child) for c in node.children if isinstance(c, Not)]
    if not positive or any(p is None for p in [*positive, *negative]):
        return None
    expr = "(" + " AND ".join(p for p in positive if p is not None) + ")"
    if negative:
        expr += " NOT (" + " OR ".join(n for n in negative if n is not None) + ")"
    return f"({expr})"


def to_tsquery(node: Node) -> str:
    """The tsquery (input syntax, cast rather than parsed) for `node`."""
    if isinstance(node, Term):
        words = [_lexeme(_word(w)) for w in node.words]
        if node.prefix:
            words[-1] += ":*"
        return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"
    if isinstance(node, Not):
        return f"!{to_tsquery(node.child)}"
    joiner = " & " if isinstance(node, And) else " | "
    return "(" + joiner.join(to_tsquery(c) for c in node.children) + ")"


def positive_terms(node: Node, negated: bool = False) -> list[Term]:
    """Terms whose presence counts for a match (under an even number of NOTs)."""
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Not):
        return positive_terms(node.child, not negated)
    return [t for c in node.children for t in positive_terms(c, negated)]


_fts = table(TABLE, column("rowid"))
_pg_index = table(TABLE, column("article_id"), column("vector"))


def _match(expr: str, name: str) -> ColumnElement[bool]:
    return literal_column(TABLE).op("MATCH", return_type=Boolean)(bindparam(name, expr))


def _bm25() -> ColumnElement[float]:
    # weights by column position: the index is (body, title) since migration 0017
    return literal_column(f"-bm25({TABLE}, 1.0, {TITLE_WEIGHT})", Float)


def _sqlite_ranked(root: Node, conds: list[ColumnElement[bool]]) -> Select[Any, Any]:
    article_id = col(Article.id)
    native = to_fts5(root)
    if native is not None:
        found: Select[Any, Any] = select(_fts.c.rowid.label("id"), _bm25().label("score"))
        if conds:  # the index alone answers an unfiltered search, without a join per match
            found = found.join(Article, article_id == _fts.c.rowid).where(*conds)
        return found.where(_match(native, "fts_query"))
    # A NOT that FTS5 cannot subtract: every term is looked up on its own and the
    # query's logic applied in SQL; the ranking comes from the terms it asks for.
    n = 0

    def where(node: Node) -> ColumnElement[bool]:
        nonlocal n
        if isinstance(node, Term):
            n += 1
            found = select(_fts.c.rowid).where(_match(_fts5_term(node), f"fts_t{n}"))
            return article_id.in_(found.correlate(None))
        if isinstance(node, Not):
            return not_(where(node.child))
        parts = [where(c) for c in node.children]
        return and_(*parts) if isinstance(node, And) else or_(*parts)

    condition = where(root)
    terms = positive_terms(root)
    score: ColumnElement[Any] = literal(0.0)
    q: Select[Any, Any]
    if terms:
        ranks = (
            select(_fts.c.rowid.label("id"), _bm25().label("score"))
            .where(_match(" OR ".join(_fts5_term(t) for t in terms), "fts_rank"))
            .subquery("ranks")
        )
        score = func.coalesce(ranks.c.score, 0.0)
        q = select(article_id.label("id"), score.label("score")).outerjoin(
            ranks, ranks.c.id == article_id
        )
    else:
        q = select(article_id.label("id"), score.label("score"))
    return q.where(col(Article.relevant), condition, *conds)


def _pg_ranked(root: Node, conds: list[ColumnElement[bool]]) -> Select[Any, Any]:
    tsq = cast(bindparam("ts_query", to_tsquery(root)), TSQUERY)
    weights: ColumnElement[Any] = literal_column(f"'{{0.1, 0.2, {1 / TITLE_WEIGHT}, 1.0}}'::real[]")
    # No length normalisation (0): with it a bare headline outranks an article that
    # names the term in its title and again in its text, where bm25 ranks the article
    # first. Double precision: a real printed as text would not round-trip a cursor.
    score = cast(func.ts_rank(weights, _pg_index.c.vector, tsq, 0), DOUBLE_PRECISION)
    found: Select[Any, Any] = select(_pg_index.c.article_id.label("id"), score.label("score"))
    if conds:
        found = found.join(Article, col(Article.id) == _pg_index.c.article_id).where(*conds)
    return found.where(_pg_index.c.vector.op("@@")(tsq))


def _encode(score: float, article_id: int) -> str:
    raw = json.dumps([score, article_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[float, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        score, article_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        raise CursorError() from None
    if (
        not isinstance(score, int | float)
        or isinstance(score, bool)
        or not isinstance(article_id, int)
        or isinstance(article_id, bool)
    ):
        raise CursorError()
    return float(score), article_id


def search_articles(
    tx: Tx,
    query: str,
    filters: SearchFilters = SearchFilters(),
    *,
    limit: int = 20,
    after: str | None = None,
) -> tuple[list[SearchHit], str | None]:
    """Relevant articles matching `query`, best first: a page of hits and the cursor of
    the next page (None on the last). Raises QueryError for a malformed query or cursor."""
    parsed = Query.parse(query)
    if limit < 1:
        raise ValueError("limit must be at least 1")
    start = _decode(after) if after is not None else None
    session = tx.session
    dialect = session.get_bind().dialect.name
    conds = article_conditions(filters, dialect)
    inner = (_sqlite_ranked if dialect == "sqlite" else _pg_ranked)(parsed.root, conds)
    ranked = inner.subquery("ranked")
    page = select(ranked.c.id, ranked.c.score)
    if start is not None:
        score, last = start
        page = page.where(
            or_(ranked.c.score < score, and_(ranked.c.score == score, ranked.c.id < last))
        )
    rows = session.execute(
        page.order_by(ranked.c.score.desc(), ranked.c.id.desc()).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    texts = {
        int(i): (t, b)
        for i, t, b in session.execute(
            select(col(Article.id), col(Article.title), col(Article.text)).where(
                col(Article.id).in_([r[0] for r in rows])
            )
        ).all()
    }
    terms = positive_terms(parsed.root)
    hits = [
        SearchHit(int(i), float(s), snippet(terms, *texts.get(int(i), ("", None)))) for i, s in rows
    ]
    cursor = _encode(hits[-1].rank, hits[-1].article_id) if more and hits else None
    return hits, cursor


# ---------------------------------------------------------------------------
# Snippets

_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
SNIPPET_WORDS = 32
SNIPPET_SCAN = 100_000  # characters of a text searched for a snippet


def _spans(text_: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for each word of `text_`, as `tokens` splits it."""
    out: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text_):
        s = m.start()
        if m.group() in ("s", "S") and s >= 2 and text_[s - 1] in "'’" and text_[s - 2].isalnum():
            continue  # a possessive "'s": tokens drops it
        out.extend((s, m.end(), w) for w in tokens(m.group()))
    return out


def _marks(spans: list[tuple[int, int, str]], terms: list[Term]) -> set[int]:
    words = [w for _, _, w in spans]
    marked: set[int] = set()
    for term in terms:
        n = len(term.words)
        for i in range(len(words) - n + 1):
            for k, want in enumerate(term.words):
                got = words[i + k]
                if got != want and not (term.prefix and k == n - 1 and got.startswith(want)):
                    break
            else:
                marked.update(range(i, i + n))
    return marked


def _cut(
    text_: str, spans: list[tuple[int, int, str]], marked: set[int], width: int
) -> Iterator[tuple[str, bool]]:
    """`width` words of `text_` holding the most matches, from a few words before them."""
    start = 0
    if marked and len(spans) > width:
        order = sorted(marked)
        best = max(
            (max(0, m - 4) for m in order),
            key=lambda s: (bisect_left(order, s + width) - bisect_left(order, s), -s),
        )
        start = min(best, len(spans) - width)
    end = min(len(spans), start + width)
    pos = 0 if start == 0 else spans[start][0]
    hi = len(text_) if end == len(spans) else spans[end - 1][1]
    if start > 0:
        yield "… ", False
    for i in range(start, end):
        s, e, _ = spans[i]
        if i in marked and s >= pos:
            yield _SPACE.sub(" ", text_[pos:s]), False
            yield text_[s:e], True
            pos = e
    yield _SPACE.sub(" ", text_[pos:hi]), False
    if end < len(spans):
        yield " …", False


def snippet(
    terms: list[Term], title: str | None, body: str | None, width: int = SNIPPET_WORDS
) -> tuple[tuple[str, bool], ...]:
    """A few words of the article around its best matches, matches marked: from the text
    when it has them, else the title (the text may have been dropped by retention)."""
    source = ""
    spans: list[tuple[int, int, str]] = []
    marked: set[int] = set()
    for candidate in (body[:SNIPPET_SCAN] if body else None, title):
        if not candidate:
            continue
        cand_spans = _spans(candidate)
        cand_marked = _marks(cand_spans, terms)
        if cand_marked or not source:
            source, spans, marked = candidate, cand_spans, cand_marked
        if cand_marked:
            break
    if not spans:
        return ((source.strip(), False),) if source.strip() else ()
    merged: list[tuple[str, bool]] = []
    for piece, hit in _cut(source, spans, marked, width):
        if merged and not hit and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + piece, False)
        elif piece:
            merged.append((piece, hit))
    if merged and not merged[0][1]:
        merged[0] = (merged[0][0].lstrip(), False)
    if merged and not merged[-1][1]:
        merged[-1] = (merged[-1][0].rstrip(), False)
    return tuple(m for m in merged if m[0])


__all__ = [
    "CursorError",
    "SearchFilters",
    "SearchHit",
    "article_conditions",
    "article_rows",
    "copy_sources",
    "filter_articles",
    "filter_stories",
    "index_rows",
    "list_articles",
    "list_stories",
    "reindex",
    "search_articles",
    "snippet",
    "story_ids",
    "to_fts5",
    "to_tsquery",
]
