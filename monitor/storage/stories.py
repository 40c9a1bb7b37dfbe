"""Queries about stories: term counts, candidates, merges, members, events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from monitor.collect.outlets import ArticleSource, Outlet, fold
from monitor.collect.outlets import group as group_outlets
from monitor.storage.articles import ArticleQueries
from monitor.storage.models import (
    DOCS,
    Article,
    Feed,
    Story,
    StoryEvent,
    StoryTerm,
    TermCount,
)


class StoryQueries(ArticleQueries):
    # terms and stories
    def term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(terms)
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            rows = self.session.exec(
                select(TermCount).where(col(TermCount.term).in_(terms[i : i + 500]))
            ).all()
            out.update({r.term: r.df for r in rows})
        return out

    def count_terms(self, terms: Iterable[str]) -> None:
        """Count one more article having each of `terms` (and one more article)."""
        terms = sorted({*terms, DOCS})
        existing = {
            r.term: r
            for i in range(0, len(terms), 500)
            for r in self.session.exec(
                select(TermCount).where(col(TermCount.term).in_(terms[i : i + 500]))
            ).all()
        }
        for t in terms:
            if t in existing:
                existing[t].df += 1
            else:
                self.session.add(TermCount(term=t, df=1))

    def counted_articles(self) -> int:
        """Articles whose terms were counted: the N of the document frequencies. One row,
        kept by count_terms, where a count(*) would read every relevant article."""
        row = self.session.get(TermCount, DOCS)
        return row.df if row is not None else 0

    def story_candidates(self, terms: list[str], since: datetime, limit: int = 50) -> list[Story]:
        """Stories active since `since` sharing the most of `terms`, best first.

        Reads only postings inside the window (index on term, last_seen) and returns at
        most `limit` stories, so the cost does not grow with the number of old stories.
        """
        if not terms:
            return []
        hits = (
            select(StoryTerm.story_id, func.count().label("n"))
            .where(col(StoryTerm.term).in_(terms), StoryTerm.last_seen >= since)
            .group_by(col(StoryTerm.story_id))
            .order_by(func.count().desc(), col(StoryTerm.story_id).desc())
            .limit(limit)
            .subquery()
        )
        rows = self.session.exec(
            select(Story)
            .join(hits, hits.c.story_id == Story.id)
            .where(col(Story.merged_into).is_(None))
            .order_by(hits.c.n.desc(), col(Story.id).desc())
        ).all()
        return list(rows)

    def set_story_terms(self, story_id: int, terms: Iterable[str], last_seen: datetime) -> None:
        wanted = set(terms)
        current = self.session.exec(select(StoryTerm).where(StoryTerm.story_id == story_id)).all()
        have = {r.term for r in current}
        for row in current:
            if row.term not in wanted:
                self.session.delete(row)
            elif row.last_seen != last_seen:
                row.last_seen = last_seen
                self.session.add(row)
        self.session.add_all(
            [StoryTerm(term=t, story_id=story_id, last_seen=last_seen) for t in wanted - have]
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
        for row in self.session.exec(select(StoryTerm).where(StoryTerm.story_id == absorbed_id)):
            self.session.delete(row)
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

    def story_events(self, story_id: int) -> Sequence[StoryEvent]:
        """The story's timeline, oldest first."""
        return self.session.exec(
            select(StoryEvent)
            .where(StoryEvent.story_id == story_id)
            .order_by(col(StoryEvent.at), col(StoryEvent.id))
        ).all()
