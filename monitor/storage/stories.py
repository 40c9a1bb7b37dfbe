"""Queries about stories: term counts, candidates, merges, members, events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import TextClause, bindparam, delete, text, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlmodel import col, select

from monitor.collect.outlets import ArticleSource, Outlet, fold
from monitor.collect.outlets import group as group_outlets
from monitor.storage.articles import ArticleQueries
from monitor.storage.base import placeholders
from monitor.storage.models import (
    DOCS,
    Article,
    Feed,
    SharedPackedJSON,
    Story,
    StoryEvent,
    StoryTerm,
    UTCDateTime,
)

# One more article with the term; the same upsert on SQLite and PostgreSQL.
_COUNT_TERM = (
    "INSERT INTO termcount (term, df) VALUES (?, 1)"
    " ON CONFLICT (term) DO UPDATE SET df = termcount.df + 1"
)


@cache
def _count_and_read_sql(n_terms: int) -> str:
    """`_COUNT_TERM` for `n_terms` terms in one statement, each term's new count returned."""
    return (
        f"INSERT INTO termcount (term, df) VALUES {', '.join(['(?, 1)'] * n_terms)}"
        " ON CONFLICT (term) DO UPDATE SET df = termcount.df + 1 RETURNING term, df"
    )


_STORY = Story.__table__  # type: ignore[attr-defined]
_MEMBERS = sa_select(_STORY.c.id, _STORY.c.members).where(
    _STORY.c.id.in_(bindparam("ids", expanding=True)), _STORY.c.merged_into.is_(None)
)
# The column's own reading: a document read or written lately is not unpacked again.
_READ_MEMBERS = SharedPackedJSON().result_processor(sqlite_dialect(), None)


def _unpacked_members(raw: bytes | str | None) -> list[dict[str, Any]] | None:
    """A story's members as SQLite stores them, read as the column reads them."""
    return cast(list[dict[str, Any]] | None, _READ_MEMBERS(raw))


# Postings read per lookup term: the most recently active stories carrying it.
TERM_POSTINGS = 200


@cache
def _candidates_sql(n_terms: int) -> TextClause:
    """The candidate lookup for `n_terms` terms, written once per count: built as a
    SQLAlchemy union on every call, the statement cost more than running it. Each arm's
    LIMIT sits in a subquery, as SQLite requires inside a compound select."""
    arms = " UNION ALL ".join(
        f"SELECT story_id FROM (SELECT story_id FROM storyterm WHERE term = :t{i}"
        " AND last_seen >= :since ORDER BY last_seen DESC, id DESC LIMIT :per_term)"
        f" AS arm{i}"
        for i in range(n_terms)
    )
    return text(
        f"SELECT story_id, count(*) AS n FROM ({arms}) AS postings"
        " GROUP BY story_id ORDER BY n DESC, story_id DESC LIMIT :limit"
    ).bindparams(bindparam("since", type_=UTCDateTime))


class StoryQueries(ArticleQueries):
    # terms and stories
    def term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(terms)
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i : i + 500]
            sql = f"SELECT term, df FROM termcount WHERE term IN ({placeholders(len(chunk))})"
            out.update({t: int(df) for t, df in self.rows(sql, tuple(chunk))})
        return out

    def count_terms(self, terms: Iterable[str]) -> None:
        """Count one more article having each of `terms` (and one more article).

        One upsert for all of them: loading and flushing a row object per term was a
        sizeable share of ingesting an article. Sorted, so concurrent writers on
        PostgreSQL take the row locks in one order.
        """
        rows = [(t,) for t in sorted({*terms, DOCS})]
        self.run_sql(_COUNT_TERM, rows)

    def count_and_read(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """`frequencies(terms)` as they were before this call, then `count_terms(terms)`:
        one upsert that returns each new count, where a read and a count each cost a
        statement per article. A term no article had yet reads 0, as it would unstored."""
        rows = sorted({*terms, DOCS})
        out: dict[str, int] = {}
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            sql = _count_and_read_sql(len(chunk))
            out.update({t: int(df) - 1 for t, df in self.rows(sql, tuple(chunk))})
        return out.pop(DOCS, 0), out

    def frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """`counted_articles()` and `term_counts(terms)`, in one statement."""
        terms = list(terms)
        if DOCS in terms:
            return self.counted_articles(), self.term_counts(terms)
        dfs = self.term_counts([*terms, DOCS])
        return dfs.pop(DOCS, 0), dfs

    def counted_articles(self) -> int:
        """Articles whose terms were counted: the N of the document frequencies. One row,
        kept by count_terms, where a count(*) would read every relevant article."""
        found = self.rows("SELECT df FROM termcount WHERE term = ?", (DOCS,))
        return int(found[0][0] or 0) if found else 0

    def story_candidates(
        self, terms: list[str], since: datetime, limit: int = 50, per_term: int = TERM_POSTINGS
    ) -> list[Story]:
        """Stories active since `since` sharing the most of `terms`, best first.

        Reads, for each term, the postings of at most `per_term` stories inside the window,
        the most recently active first (`ix_storyterm_lookup`, read without the table): a
        term that thousands of live stories carry costs no more than a rare one, so the
        lookup does not grow with the number of stories in the window. Returns at most
        `limit` stories.
        """
        ranked = self._ranked_candidates(terms, since, limit, per_term)
        if not ranked:
            return []
        rank = {story_id: r for r, story_id in enumerate(ranked)}
        rows = self.session.exec(
            select(Story).where(col(Story.id).in_(ranked), col(Story.merged_into).is_(None))
        ).all()
        return sorted(rows, key=lambda s: rank[s.id or 0])

    def story_candidate_members(
        self, terms: list[str], since: datetime, limit: int = 50, per_term: int = TERM_POSTINGS
    ) -> list[tuple[int, list[dict[str, Any]] | None]]:
        """`story_candidates` as (story id, members), without loading the stories: an
        article is compared with each candidate's members and joins at most a few.

        The members are shared: they must not be changed in place."""
        ranked = self._ranked_candidates(terms, since, limit, per_term)
        if not ranked:
            return []
        found = self.story_members(ranked)
        return [(i, found[i]) for i in ranked if i in found]

    def _ranked_candidates(
        self, terms: list[str], since: datetime, limit: int, per_term: int
    ) -> list[int]:
        terms = list(dict.fromkeys(terms))
        if not terms:
            return []
        params: dict[str, object] = {f"t{i}": t for i, t in enumerate(terms)}
        params.update(since=since, per_term=per_term, limit=limit)
        return [int(i) for i, _ in self.session.execute(_candidates_sql(len(terms)), params)]

    def story_members(self, ids: list[int]) -> dict[int, list[dict[str, Any]] | None]:
        """The members of the stories not merged into others, by id. On SQLite a stored
        document read or written lately is not unpacked again (most candidates of an
        article were candidates of the one before, and the story it joined was written
        by it)."""
        if self.session.get_bind().dialect.name != "sqlite":
            rows = self.session.connection().execute(_MEMBERS, {"ids": ids})
            return {int(i): m for i, m in rows}
        sql = (
            f"SELECT id, members FROM story WHERE id IN ({placeholders(len(ids))})"
            " AND merged_into IS NULL"
        )
        return {int(i): _unpacked_members(raw) for i, raw in self.rows(sql, tuple(ids))}

    def set_story_terms(self, story_id: int, terms: Iterable[str], last_seen: datetime) -> None:
        """Point the story's postings at `terms`, stamped `last_seen` (driver statements:
        this runs for every relevant article). Times are compared as stored."""
        wanted = set(terms)
        seen = self.bind_time(last_seen)
        rows = self.rows("SELECT term, last_seen FROM storyterm WHERE story_id = ?", (story_id,))
        current = {t: stamp for t, stamp in rows}
        gone = [t for t in current if t not in wanted]
        if gone:
            self.run_sql(
                f"DELETE FROM storyterm WHERE story_id = ? AND term IN ({placeholders(len(gone))})",
                (story_id, *gone),
            )
        if any(current[t] != seen for t in current if t in wanted):
            self.run_sql(
                "UPDATE storyterm SET last_seen = ? WHERE story_id = ? AND last_seen != ?",
                (seen, story_id, seen),
            )
        fresh = sorted(wanted - current.keys())
        if fresh:
            self.run_sql(
                "INSERT INTO storyterm (term, story_id, last_seen) VALUES (?, ?, ?)",
                [(t, story_id, seen) for t in fresh],
            )

    def merge_story(self, absorbed_id: int, survivor_id: int) -> None:
        """Move a story's articles and timeline to the survivor and point it there.

        Its alerts stay on it (their ids and history do not change); stories it had
        absorbed before now point at the survivor too, so one hop always resolves.
        """
        self.session.flush()
        self.session.execute(
            update(Article).where(col(Article.story_id) == absorbed_id).values(story_id=survivor_id)
        )
        self.session.execute(
            update(StoryEvent)
            .where(col(StoryEvent.story_id) == absorbed_id)
            .values(story_id=survivor_id)
        )
        self.session.execute(
            update(Story)
            .where(col(Story.merged_into) == absorbed_id)
            .values(merged_into=survivor_id)
        )
        self.session.execute(delete(StoryTerm).where(col(StoryTerm.story_id) == absorbed_id))
        absorbed = self.session.get(Story, absorbed_id)
        assert absorbed is not None
        absorbed.merged_into = survivor_id
        self.session.add(absorbed)
        self.session.flush()

    def resolve_story(self, story_id: int) -> Story | None:
        """The story as it stands: the survivor if this one was merged into another."""
        story = self.session.get(Story, story_id)
        if story is not None and story.merged_into is not None:
            return self.session.get(Story, story.merged_into)
        return story

    def story_family(self, story_id: int) -> list[int]:
        """The story and every story merged into it."""
        absorbed = self.session.exec(
            select(Story.id).where(Story.merged_into == story_id).order_by(col(Story.id))
        ).all()
        return [story_id, *(i for i in absorbed if i is not None)]

    def stories(self, limit: int | None = None, *, merged: bool = False) -> Sequence[Story]:
        q = select(Story).order_by(col(Story.last_seen).desc())
        if not merged:
            q = q.where(col(Story.merged_into).is_(None))
        if limit:
            q = q.limit(limit)
        return self.session.exec(q).all()

    def story_articles(self, story_id: int) -> Sequence[Article]:
        return self.articles(story_id=story_id)

    def _story_sources(self, story_id: int) -> tuple[list[ArticleSource], list[datetime]]:
        """Each article of the story (copies included) as outlet grouping sees it, with
        when it appeared: published, else first seen (never later than first seen)."""
        # Five columns, not whole rows: a story's articles carry their texts.
        rows = self.session.execute(
            sa_select(
                col(Article.source),
                col(Article.source_name),
                col(Article.aggregator_unresolved),
                col(Article.published_at),
                col(Article.fetched_at),
            )
            .where(col(Article.story_id) == story_id)
            .order_by(col(Article.id))
        ).all()
        sources = [ArticleSource(src, name, bool(unresolved)) for src, name, unresolved, *_ in rows]
        times = [min(pub, got) if pub is not None else got for _, _, _, pub, got in rows]
        return sources, times

    def story_outlet_groups(self, story_id: int) -> list[Outlet]:
        """The story's outlets: two feeds or hosts of one outlet are one."""
        return group_outlets(self._story_sources(story_id)[0])

    def story_outlets(self, story_id: int) -> list[str]:
        """The names of the story's outlets, alphabetically."""
        return sorted((o.name for o in self.story_outlet_groups(story_id)), key=fold)

    def story_outlet_arrivals(self, story_id: int) -> dict[str, datetime]:
        """Each outlet of a story (copies included), by name, with when its first article
        about it appeared."""
        sources, times = self._story_sources(story_id)
        return {o.name: min(times[i] for i in o.members) for o in group_outlets(sources)}

    def articles_fetched_between(self, since: datetime, until: datetime) -> Sequence[Article]:
        """Relevant articles placed in a story and first seen in (since, until]."""
        return self.session.exec(
            select(Article)
            .where(
                col(Article.relevant),
                col(Article.story_id).is_not(None),
                Article.fetched_at > since,
                Article.fetched_at <= until,
            )
            .order_by(col(Article.fetched_at), col(Article.id))
        ).all()

    def feed_names(self) -> dict[int, str]:
        # Two columns, not whole rows: a feed row carries its arrival history.
        rows = self.session.exec(select(Feed.id, Feed.name)).all()
        return {i: name for i, name in rows if i is not None and name}

    def feed_name(self, feed_id: int) -> str | None:
        """One feed's name; rules ask for it once per relevant article."""
        name = self.session.exec(select(Feed.name).where(Feed.id == feed_id)).first()
        return name or None

    def add_story_event(self, event: StoryEvent) -> StoryEvent:
        return self.add(event)

    def story_titles(self, story_ids: Iterable[int]) -> dict[int, str]:
        """The titles of stories by id, in one statement (a timeline names every story
        merged into it)."""
        ids = sorted(set(story_ids))
        out: dict[int, str] = {}
        for i in range(0, len(ids), 500):
            batch = ids[i : i + 500]
            rows = self.session.execute(
                sa_select(col(Story.id), col(Story.title)).where(col(Story.id).in_(batch))
            )
            out.update({int(sid): title for sid, title in rows})
        return out

    def story_events(self, story_id: int) -> Sequence[StoryEvent]:
        """The story's timeline, oldest first."""
        return self.session.exec(
            select(StoryEvent)
            .where(StoryEvent.story_id == story_id)
            .order_by(col(StoryEvent.at), col(StoryEvent.id))
        ).all()

    def story_event_ids(self, story_id: int) -> list[int]:
        """The ids `story_events` lists, in its order, without reading the rows."""
        rows = self.session.execute(
            sa_select(col(StoryEvent.id))
            .where(col(StoryEvent.story_id) == story_id)
            .order_by(col(StoryEvent.at), col(StoryEvent.id))
        )
        return [int(i) for (i,) in rows]

    def story_article_ids(self, story_id: int) -> list[int]:
        """The ids `story_articles` lists, in its order, without reading the rows (their
        texts above all)."""
        rows = self.session.execute(
            sa_select(col(Article.id))
            .where(col(Article.relevant) == True, col(Article.story_id) == story_id)  # noqa: E712
            .order_by(col(Article.id))
        )
        return [int(i) for (i,) in rows]
