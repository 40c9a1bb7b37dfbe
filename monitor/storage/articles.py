"""Queries about articles: lookups for copies, near-copy bands, the log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select

from monitor.storage.base import Queries, placeholders
from monitor.storage.models import (
    Article,
    ArticleBand,
    BandTime,
    EpochSeconds,
    PackedHash,
    PackedSignature,
    unpack_text,
)

_SIGNATURE = PackedSignature()
_HASH = PackedHash()
_EPOCH = EpochSeconds()


def _band_hits(n: int) -> str:
    """(article_id, n) of the articles sharing the most of `n` band keys, indexed since a
    time, best first, up to a limit: `band_matches` reads it alone, `near_candidates` with
    each hit's signature."""
    return (
        "SELECT articleband.article_id, count(*) AS n FROM articleband"
        " JOIN bandtime ON bandtime.article_id = articleband.article_id"
        f" WHERE articleband.band IN ({placeholders(n)}) AND bandtime.created_at >= ?"
        " GROUP BY articleband.article_id ORDER BY n DESC, articleband.article_id LIMIT ?"
    )


class ArticleQueries(Queries):
    # articles
    def article_by_url(self, url: str) -> Article | None:
        return self.session.exec(select(Article).where(Article.url == url)).first()

    def article_id_by_url(self, url: str) -> int | None:
        """The id of the article stored under `url`: ingest asks it of every entry."""
        found = self.rows("SELECT id FROM article WHERE url = ?", (url,))
        return int(found[0][0]) if found else None

    def article_by_text_hash(self, digest: str) -> Article | None:
        """The first relevant article with this text hash.

        `relevant` is checked here, not in SQL: with it in the WHERE clause SQLite picks
        the index on `relevant` and reads every relevant article (0.36 s at 100,000).
        """
        rows = self.rows(
            "SELECT id, relevant FROM article WHERE text_hash = ? ORDER BY id",
            (self.bind_as(_HASH, digest),),
        )
        first = next((int(i) for i, relevant in rows if relevant), None)
        return None if first is None else self.session.get(Article, first)

    def band_matches(
        self, bands: list[int], since: datetime, limit: int = 200
    ) -> list[tuple[int, int]]:
        """(article id, shared keys) of relevant articles indexed since `since`, best first."""
        if not bands:
            return []
        rows = self.rows(_band_hits(len(bands)), (*bands, self.bind_as(_EPOCH, since), limit))
        return [(int(a), int(c)) for a, c in rows]

    def signatures(self, ids: Iterable[int]) -> dict[int, bytes]:
        """Stored MinHash signatures of relevant articles, by id."""
        ids = list(ids)
        if not ids:
            return {}
        sql = (
            f"SELECT id, minhash FROM article WHERE id IN ({placeholders(len(ids))})"
            " AND relevant = ? AND minhash IS NOT NULL"
        )
        rows = self.rows(sql, (*ids, True))
        return {int(i): self.read_as(_SIGNATURE, m) or m for i, m in rows}

    def near_candidates(
        self, bands: list[int], since: datetime, limit: int = 200
    ) -> dict[int, bytes]:
        """`signatures` of the `band_matches` hits, in one statement, as stored: on SQLite
        most are packed (`packed_minima` reads them). The near-copy check reads about a
        hundred at 100,000 stored articles; unpacking each cost more than reading it."""
        if not bands:
            return {}
        sql = (
            f"SELECT hit.article_id, article.minhash FROM ({_band_hits(len(bands))}) AS hit"
            " JOIN article ON article.id = hit.article_id"
            " WHERE article.relevant = ? AND article.minhash IS NOT NULL"
        )
        rows = self.rows(sql, (*bands, self.bind_as(_EPOCH, since), limit, True))
        return {int(i): bytes(m) for i, m in rows}

    def articles_by_ids(self, ids: Iterable[int]) -> list[Article]:
        """The articles, by id."""
        ids = list(ids)
        if not ids:
            return []
        query = select(Article).where(col(Article.id).in_(ids))
        return list(self.session.exec(query.order_by(col(Article.id))).all())

    def article_titles(
        self, ids: Iterable[int], *, unsketched: bool = False
    ) -> list[tuple[int, str]]:
        """(id, title) of the articles, by id; `unsketched`: only those without a MinHash
        signature. The headline check reads about twenty candidates a lookup at 100,000
        stored articles and most differ in their headline: no row object is made for them."""
        ids = list(ids)
        if not ids:
            return []
        sql = f"SELECT id, title FROM article WHERE id IN ({placeholders(len(ids))})"
        if unsketched:
            sql += " AND minhash IS NULL"
        return [(int(i), t) for i, t in self.rows(sql + " ORDER BY id", tuple(ids))]

    def article_texts(self, ids: Iterable[int]) -> list[tuple[int, str]]:
        """(id, text) of the articles, by id: a near-copy candidate is judged on its text
        alone, and most candidates are no copy, so no row object is made for them."""
        ids = list(ids)
        if not ids:
            return []
        sql = f"SELECT id, text FROM article WHERE id IN ({placeholders(len(ids))}) ORDER BY id"
        return [(int(i), unpack_text(t) or "") for i, t in self.rows(sql, tuple(ids))]

    def add_bands(self, article_id: int, bands: Iterable[int], at: datetime) -> None:
        """One statement for an article's keys: a row object each cost more than the insert.
        An article's keys are made once; one it already has keeps its time."""
        rows = [(b, article_id) for b in sorted(set(bands))]
        if not rows:
            return
        self.run_sql(
            "INSERT INTO bandtime (article_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (article_id, self.bind_as(_EPOCH, at)),
        )
        self.run_sql(
            "INSERT INTO articleband (band, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            rows,
        )

    def prune_bands(self, before: datetime) -> int:
        """Drop index keys older than `before`; articles and their URLs stay."""
        old = select(BandTime.article_id).where(col(BandTime.created_at) < before)
        result = self.session.execute(
            delete(ArticleBand).where(col(ArticleBand.article_id).in_(old))
        )
        self.session.execute(delete(BandTime).where(col(BandTime.created_at) < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def articles(
        self,
        *,
        relevant: bool | None = True,
        story_id: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Sequence[Article]:
        q = select(Article)
        if relevant is not None:
            q = q.where(Article.relevant == relevant)
        if story_id is not None:
            q = q.where(Article.story_id == story_id)
        q = q.order_by(col(Article.id).desc() if newest_first else col(Article.id))
        if limit:
            q = q.limit(limit)
        return self.session.exec(q).all()
