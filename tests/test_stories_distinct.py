"""Distinct events of one company: the join veto (`distinct_event`), on real article pairs
from the tuning corpora, through the real ingest path on a real store."""

from __future__ import annotations

import io
import string
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import monitor.judge.stories as stories
from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.judge.features import features
from monitor.judge.stories import distinct_event, member_view
from monitor.service.app import App
from monitor.storage import Article

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
DOMAINS = tomllib.loads((CORPUS / "tuning_domains.toml").read_text(encoding="utf-8"))["articles"]
DEVELOPMENTS = tomllib.loads((CORPUS / "developments.toml").read_text(encoding="utf-8"))["stories"]

# Skyline Air: a pilots' strike (7-8 May) and, a week later, its quarterly loss
STRIKE = ["skst-en-1", "skst-es-1", "skst-en-2"]
RESULTS = ["skres-en-1", "skres-en-2", "skres-en-3"]


def domains(*ids: str) -> list[dict[str, Any]]:
    by_id = {a["id"]: a for a in DOMAINS}
    return [by_id[i] for i in ids]


def rio_coco() -> list[dict[str, Any]]:
    """The threat of sanctions on a gold miner, an editorial, then the sanctions 16 days
    after the first report: one story (developments.toml)."""
    (story,) = [s for s in DEVELOPMENTS if s["id"] == "rio-coco-sanctions"]
    by_id = {u["id"]: u for u in story["updates"]}
    return [
        {**story["coverage"][0], "id": "coverage"},
        {**by_id["editorial"], "id": "editorial"},
        {**by_id["sanctions-imposed"], "id": "sanctions-imposed"},
    ]


def view(article: dict[str, Any]) -> dict[str, Any]:
    feats = features(article["title"], article["text"], article["published"])
    return member_view(feats, {}, article["published"], article["lang"])


def settings(db_url: str) -> dict[str, Any]:
    return {
        "storage": {"url": db_url},
        "topics": [{"name": "all", "query": " OR ".join(f"{c}*" for c in string.ascii_lowercase)}],
        "feeds": [{"url": "http://news.test/feed.xml"}],
        "rules": [{"name": "all", "channels": ["log"]}],
        "channels": [{"name": "log", "type": "console"}],
        "alerts": {"backfill": "off"},
    }


async def placed(db_url: str, articles: list[dict[str, Any]]) -> list[int]:
    """The story each article is placed in, ingested one at a time."""
    out = []
    async with App(parse_config(settings(db_url)), console=io.StringIO()) as app:
        for a in articles:
            url = f"http://news.test/{a['id']}.html"
            done = app.pipeline.ingest.article(
                Candidate(
                    feed_id=1,
                    entry_key=a["id"],
                    link=url,
                    url=url,
                    title=a["title"],
                    text=a["text"],
                    text_origin="page",
                    published=a["published"],
                    author=None,
                    source=a["outlet"],
                    source_name=None,
                    language=a["lang"],
                )
            )
            assert done.kind == "article", (a["id"], done.kind)
            with app.store.tx() as tx:
                row = tx.get(Article, done.article_id)
                assert row is not None and row.story_id is not None
                out.append(row.story_id)
    return out


@pytest.fixture
def no_veto() -> Iterator[None]:
    kept = stories.DISTINCT_GAP
    stories.DISTINCT_GAP = timedelta(days=10_000)
    yield
    stories.DISTINCT_GAP = kept


def test_a_company_s_results_a_week_after_its_strike_are_another_event() -> None:
    strike = [view(a) for a in domains(*STRIKE)]
    for a in domains(*RESULTS):
        assert distinct_event(view(a), strike), a["id"]
    # each strike report against the others: one event
    for i, a in enumerate(strike):
        assert not distinct_event(a, strike[:i] + strike[i + 1 :])


def skyline(got: list[int]) -> list[int]:
    """The stories of the strike's and the results' reports, in that order."""
    at = {a["id"]: s for a, s in zip(by_time(DOMAINS), got, strict=True)}
    return [at[i] for i in (*STRIKE, *RESULTS)]


def by_time(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(articles, key=lambda a: (a["published"], a["id"]))


async def test_the_strike_and_the_results_are_two_stories(db_url: str) -> None:
    """The whole corpus streamed, so that terms are weighed as among all its stories."""
    got = skyline(await placed(db_url, by_time(DOMAINS)))
    assert len(set(got[:3])) == 1 and len(set(got[3:])) == 1 and got[0] != got[3]


async def test_without_the_veto_the_results_join_the_strike(db_url: str, no_veto: None) -> None:
    """What the veto is for: the pair model alone joins the two (shared company, sector
    and names)."""
    got = skyline(await placed(db_url, by_time(DOMAINS)))
    assert len(set(got)) == 1


def test_a_later_turn_of_one_story_is_not_another_event() -> None:
    """Sanctions 16 days after the report that they were being weighed: other dates, but
    worded close to that report."""
    coverage, editorial, sanctions = (view(a) for a in rio_coco())
    assert sanctions["at"] - editorial["at"] > stories.DISTINCT_GAP.total_seconds()
    assert sanctions["dates"] and coverage["dates"]
    assert not set(sanctions["dates"]) & set(coverage["dates"])
    assert not distinct_event(sanctions, [coverage, editorial])


async def test_the_sanctions_join_the_story_of_their_threat(db_url: str) -> None:
    got = await placed(db_url, rio_coco())
    assert len(set(got)) == 1


def test_a_report_soon_after_the_story_s_latest_is_never_vetoed() -> None:
    strike = [view(a) for a in domains(*STRIKE)]
    (results,) = (view(a) for a in domains("skres-en-1"))
    latest = max(m["at"] for m in strike)
    sooner = {**results, "at": latest + stories.DISTINCT_GAP.total_seconds() - 3600}
    assert distinct_event(results, strike) and not distinct_event(sooner, strike)
    # nor one that states no date
    assert not distinct_event({**results, "dates": {}}, strike)
