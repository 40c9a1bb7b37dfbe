"""An article analysed ahead of ingest, in a worker, is judged exactly as one analysed in it."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from monitor.collect.extract import NoText, read_page
from monitor.collect.parsepool import ParsePool
from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.demo.replay import load_corpus
from monitor.judge.analysis import analyse
from monitor.judge.developments import sentence_facts, summarise_news
from monitor.judge.features import features
from monitor.service.app import App
from monitor.storage import Article, Story, StoryEvent

CORPUS = load_corpus()


@dataclasses.dataclass(frozen=True)
class _Extra:
    """An article whose facts depend on its date ("yesterday", "on Friday")."""

    slug: str = "petro-trump-yesterday"
    title: str = "Petro and Trump meet in Washington"
    body: str = (
        "Colombian President Gustavo Petro met Donald Trump in Washington yesterday, "
        "officials said. They will meet again on Friday. The talks covered drugs and tariffs."
    )
    published: datetime = datetime(2026, 2, 3, 12, tzinfo=UTC)
    outlet: str = "wire.test"
    language: str = "en"


def _page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


TOPICS = [
    {"name": "us-colombia", "query": "(petro OR colombia*) AND (trump OR washington)"},
    {"name": "southern-cone", "query": "uruguay OR mercosur"},
]


def _settings(url: str) -> dict[str, Any]:
    return {
        "storage": {"url": url},
        "topics": TOPICS,
        "feeds": [{"url": "http://news.test/feed.xml"}],
        "rules": [{"name": "all", "channels": ["log"]}],
        "channels": [{"name": "log", "type": "console"}],
        "alerts": {"backfill": "off"},
    }


async def test_workers_extract_and_analyse_as_this_process_does(tmp_path: Path) -> None:
    topics = parse_config(_settings(f"sqlite:///{tmp_path / 'x.db'}")).topics
    relevant = 0
    async with ParsePool(workers=1, timeout=20) as pool:
        for a in CORPUS.articles[:6]:
            url = f"https://news.example/{a.slug}.html"
            html = _page(a.title, a.body)
            assert await pool.extract(html, url) == read_page(html, url)
            args = (a.title, a.body, "page", topics, None, a.published)
            mine, theirs = analyse(*args), await pool.analyse(*args)
            assert theirs.copy.hash == mine.copy.hash
            assert theirs.copy.signature.to_bytes() == mine.copy.signature.to_bytes()
            assert theirs.copy.index_keys() == mine.copy.index_keys()
            assert theirs.copy.shingles == mine.copy.shingles
            assert theirs.grouping == mine.grouping
            relevant += mine.grouping is not None
        empty = await pool.extract(b"<html><body></body></html>", "https://x.example/a")
        assert isinstance(empty, NoText)
    assert relevant


def test_summaries_from_sentences_read_ahead_are_the_same() -> None:
    for a in CORPUS.articles:
        text = f"{a.title}.\n{a.body}"
        found = sorted(features(a.title, a.body, a.published).facts)
        assert summarise_news(found, text, sentences_read=sentence_facts(text)) == (
            summarise_news(found, text)
        )


def _candidate(a: Any) -> Candidate:
    return Candidate(
        feed_id=1,
        entry_key=a.slug,
        link=f"http://news.test/{a.slug}.html",
        url=f"http://news.test/{a.slug}.html",
        title=a.title,
        text=a.body,
        text_origin="page",
        published=a.published,
        author=None,
        source=a.outlet,
        source_name=None,
        language=a.language,
    )


async def _ingest_all(url: str, read_ahead: str) -> list[tuple[Any, ...]]:
    """Every corpus article through ingest; the decisions and timeline, comparable."""
    cfg = parse_config(_settings(url))
    out: list[tuple[Any, ...]] = []
    async with App(cfg, console=io.StringIO()) as app:
        stream: list[Any] = sorted(CORPUS.articles, key=lambda x: (x.published, x.slug))
        for a in [*stream, _Extra()]:
            cand = _candidate(a)
            made = {
                "same": (cand.title, cand.text, "page", cfg.topics, None, a.published),
                # made from other words, for another date or other topics: never used
                "stale": (cand.title, "Something else entirely.", "page", cfg.topics),
                "misdated": (
                    cand.title,
                    cand.text,
                    "page",
                    cfg.topics,
                    None,
                    a.published + timedelta(days=3),
                ),
                "other-topics": (cand.title, cand.text, "page", cfg.topics[1:], None, a.published),
            }.get(read_ahead)
            if made is not None:
                cand.analysis = analyse(*made)
            done = app.pipeline.ingest.article(cand)
            out.append((a.slug, done.kind, done.alerts))
        with app.store.tx() as tx:
            rows = tx.session.exec(select(Article).order_by(Article.id)).all()  # type: ignore[arg-type]
            out += [(r.url, r.story_id, r.duplicate_of, r.text_hash, r.minhash) for r in rows]
            events = tx.session.exec(select(StoryEvent).order_by(StoryEvent.id)).all()  # type: ignore[arg-type]
            out += [(e.story_id, e.article_id, e.kind, e.summary, e.details) for e in events]
            stories = tx.session.exec(select(Story).order_by(Story.id)).all()  # type: ignore[arg-type]
            out += [(st.id, st.facts, st.profile, st.members) for st in stories]
    return out


async def test_ingest_decides_the_same_with_an_analysis_made_ahead(tmp_path: Path) -> None:
    inline = await _ingest_all(f"sqlite:///{tmp_path / 'inline.db'}", "none")
    assert any(kind == "duplicate" for _, kind, *_ in inline[: len(CORPUS.articles)])
    assert any(row[2] == "development" for row in inline if len(row) == 5 and row[0])
    for how in ("same", "stale", "misdated", "other-topics"):
        assert await _ingest_all(f"sqlite:///{tmp_path / how}.db", how) == inline, how


def test_features_made_for_another_date_differ() -> None:
    """So the misdated analysis above is one ingest would decide differently with."""
    topics = parse_config(_settings("sqlite://")).topics
    a = _Extra()
    made = [
        analyse(a.title, a.body, "page", topics, None, a.published + timedelta(days=d))
        for d in (0, 3)
    ]
    assert made[0].grouping is not None and made[1].grouping is not None
    assert made[0].grouping.features != made[1].grouping.features


def test_an_analysis_fits_only_its_own_words() -> None:
    made = analyse("Title", "Some text here.", "page")
    assert made.fits("Title", "Some text here.", "page")
    assert not made.fits("Title", "Some text here!", "page")
    assert not made.fits("Title", "Some text here.", "feed")
    assert "shingles" not in dataclasses.asdict(made.copy)
