"""story members, and grouping terms cut to five letters

A story keeps views of its latest articles (terms, names, headline, dates and numbers,
time and language), which grouping compares each new article with. Existing stories
keep NULL and are compared through their centroid and facts until their next article.

Grouping terms are now cut to their first five letters. The stored document frequencies,
story centroids and term postings are folded into that form here, so that stories under
way when the upgrade runs are still found by the articles that follow. Folding adds up
the counts of words that now share a form, an upper bound of the true count, capped at
the number of relevant articles. A downgrade keeps the folded terms.

The number of articles whose terms were counted (the N of the frequencies) is kept in
the termcount row of the empty term, so it is no longer counted over all articles.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 04:30:00.000000
"""

import math
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = 5  # monitor.judge.features.PREFIX when this revision was written
INDEX_TERMS = 40  # monitor.judge.stories.INDEX_TERMS, likewise
FACTS = ("ent:", "date:", "num:")

termcount = sa.table("termcount", sa.column("term", sa.String), sa.column("df", sa.Integer))
story = sa.table(
    "story",
    sa.column("id", sa.Integer),
    sa.column("profile", sa.JSON),
    sa.column("last_seen", sa.DateTime),
)
storyterm = sa.table(
    "storyterm",
    sa.column("term", sa.String),
    sa.column("story_id", sa.Integer),
    sa.column("last_seen", sa.DateTime),
)
article = sa.table(
    "article",
    sa.column("relevant", sa.Boolean),
    sa.column("story_id", sa.Integer),
    sa.column("duplicate_of", sa.Integer),
)


def cut(term: str) -> str:
    return term if term.startswith(FACTS) or term.isdigit() else term[:PREFIX]


def upgrade() -> None:
    # A plain nullable column: SQLite adds it in place, without copying `story`.
    op.add_column("story", sa.Column("members", sa.JSON(), nullable=True))
    bind = op.get_bind()

    relevant = bind.execute(
        sa.select(sa.func.count()).select_from(article).where(article.c.relevant)
    ).scalar_one()
    folded: dict[str, int] = {}
    for term, df in bind.execute(sa.select(termcount.c.term, termcount.c.df)):
        key = cut(term)
        folded[key] = folded.get(key, 0) + df
    bind.execute(termcount.delete())
    rows = [{"term": t, "df": min(df, max(relevant, 1))} for t, df in folded.items()]
    # grouping counts the terms of each article it places: those in a story, no copy
    placed = bind.execute(
        sa.select(sa.func.count())
        .select_from(article)
        .where(article.c.story_id.is_not(None), article.c.duplicate_of.is_(None))
    ).scalar_one()
    rows.append({"term": "", "df": placed})
    for i in range(0, len(rows), 1000):
        bind.execute(termcount.insert(), rows[i : i + 1000])

    stories = bind.execute(sa.select(story.c.id, story.c.profile, story.c.last_seen)).all()
    for story_id, profile, last_seen in stories:
        weights: dict[str, float] = {}
        for term, weight in (profile or {}).items():
            weights[cut(term)] = weights.get(cut(term), 0.0) + weight
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        weights = {t: w / norm for t, w in weights.items()}
        bind.execute(story.update().where(story.c.id == story_id).values(profile=weights))
        bind.execute(storyterm.delete().where(storyterm.c.story_id == story_id))
        strongest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
        if strongest:
            bind.execute(
                storyterm.insert(),
                [{"term": t, "story_id": story_id, "last_seen": last_seen} for t, _ in strongest],
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # in place (SQLite 3.35+): batch mode would copy `story`, which articles reference
        op.execute("ALTER TABLE story DROP COLUMN members")
    else:
        op.drop_column("story", "members")
