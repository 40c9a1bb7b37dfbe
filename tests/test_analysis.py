"""An article analysed ahead of ingest, in a worker, is judged exactly as one analysed in it."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

from sqlmodel import select

from monitor.collect.extract import extract_page
from monitor.collect.parsepool import ParsePool
from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.demo.replay import load_corpus
from monitor.judge.analysis import analyse
from monitor.judge.developments import sentence_facts, summarise_news
from monitor.judge.features import features
from monitor.service.app import App
from monitor.storage import Article, StoryEvent

CORPUS = load_corpus()


def _page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


async def test_workers_extract_and_analyse_as_this_process_does() -> None:
    async with ParsePool(workers=1, timeout=20) as pool:
        for a in CORPUS.articles[:4]:
            url = f"https://news.example/{a.slug}.html"
            html = _page(a.title, a.body)
            assert await pool.extract(html, url) == extract_page(html, url)
            mine, theirs = (
                analyse(a.title, a.body, "page"),
                await pool.analyse(a.title, a.body, "page"),
            )
            assert theirs.copy.hash == mine.copy.hash
            assert theirs.copy.signature.to_bytes() == mine.copy.signature.to_bytes()
            assert theirs.copy.index_keys() == mine.copy.index_keys()
            assert theirs.sentences == mine.sentences
            assert theirs.copy.shingles == mine.copy.shingles
        assert await pool.extract(b"<html><body></body></html>", "https://x.example/a") is None


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
    cfg = parse_config(
        {
            "storage": {"url": url},
            "topics": [
                {"name": "us-colombia", "query": "(petro OR colombia*) AND (trump OR washington)"},
                {"name": "southern-cone", "query": "uruguay OR mercosur"},
            ],
            "feeds": [{"url": "http://news.test/feed.xml"}],
            "rules": [{"name": "all", "channels": ["log"]}],
            "channels": [{"name": "log", "type": "console"}],
            "alerts": {"backfill": "off"},
        }
    )
    out: list[tuple[Any, ...]] = []
    async with App(cfg, console=io.StringIO()) as app:
        for a in sorted(CORPUS.articles, key=lambda x: (x.published, x.slug)):
            cand = _candidate(a)
            if read_ahead == "same":
                cand.analysis = analyse(cand.title, cand.text, cand.text_origin)
            elif read_ahead == "stale":  # made from other words: must not be used
                cand.analysis = analyse(cand.title, "Something else entirely.", "page")
            done = app.pipeline.ingest.article(cand)
            out.append((a.slug, done.kind, done.alerts))
        with app.store.tx() as tx:
            rows = tx.session.exec(select(Article).order_by(Article.id)).all()  # type: ignore[arg-type]
            out += [(r.url, r.story_id, r.duplicate_of, r.text_hash, r.minhash) for r in rows]
            events = tx.session.exec(select(StoryEvent).order_by(StoryEvent.id)).all()  # type: ignore[arg-type]
            out += [(e.story_id, e.article_id, e.kind, e.summary, e.details) for e in events]
    return out


async def test_ingest_decides_the_same_with_an_analysis_made_ahead(tmp_path: Path) -> None:
    inline = await _ingest_all(f"sqlite:///{tmp_path / 'inline.db'}", "none")
    ahead = await _ingest_all(f"sqlite:///{tmp_path / 'ahead.db'}", "same")
    stale = await _ingest_all(f"sqlite:///{tmp_path / 'stale.db'}", "stale")
    assert any(kind == "duplicate" for _, kind, *_ in inline[: len(CORPUS.articles)])
    assert any(row[2] == "development" for row in inline if len(row) == 5 and row[0])
    assert ahead == inline
    assert stale == inline


def test_an_analysis_fits_only_its_own_words() -> None:
    made = analyse("Title", "Some text here.", "page")
    assert made.fits("Title", "Some text here.", "page")
    assert not made.fits("Title", "Some text here!", "page")
    assert not made.fits("Title", "Some text here.", "feed")
    assert "shingles" not in dataclasses.asdict(made.copy)
