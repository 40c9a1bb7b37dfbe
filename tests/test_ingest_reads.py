"""Reads ingest makes in fewer steps: the same values as the steps they replace.

A page's text and its analysis in one worker job; an article's term frequencies read by
the upsert that counts them; story vectors sorted in C.
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from sqlmodel import select

from monitor.collect.extract import TIMEOUT, NoText, read_page
from monitor.collect.parsepool import ParsePool
from monitor.config import parse_config
from monitor.judge import stories
from monitor.judge.analysis import analyse
from monitor.service.app import App
from monitor.storage import Article, Store, Story, StoryEvent
from monitor.storage.models import DOCS
from monitor.text import guess_language
from tests.test_analysis import CORPUS, TOPICS, _page


async def test_a_page_read_with_its_analysis_is_what_the_two_jobs_give() -> None:
    topics = parse_config(
        {
            "storage": {"url": "sqlite://"},
            "topics": TOPICS,
            "feeds": [{"url": "http://news.test/feed.xml"}],
        }
    ).topics
    async with ParsePool(workers=1, timeout=20) as pool:
        for a in CORPUS.articles[:6]:
            url = f"https://news.example/{a.slug}.html"
            html = _page(a.title, a.body)
            for title, published, allowed in (
                (a.title, a.published, None),
                (None, a.published, ["southern-cone"]),  # the page's own title
            ):
                outcome, read = await pool.read(html, url, None, title, published, topics, allowed)
                assert outcome == read_page(html, url)
                assert read is not None and not isinstance(outcome, NoText)
                mine = analyse(
                    title or outcome.title or "", outcome.text, "page", topics, allowed, published
                )
                assert read.copy.hash == mine.copy.hash
                assert read.copy.shingles == mine.copy.shingles
                assert read.grouping == mine.grouping
                assert read.fits(title or outcome.title or "", outcome.text, "page")
        # no text: no analysis, and the reason extraction gives
        empty = b"<html><body></body></html>"
        outcome, read = await pool.read(empty, "https://x.example/a", None, "T", None, topics)
        assert read is None and outcome == read_page(empty, "https://x.example/a")
        assert pool.replaced == 0
    # The extraction keeps its own bound inside the one job.
    async with ParsePool(workers=1, timeout=20, extract_timeout=1e-6) as pool:
        html = _page(CORPUS.articles[0].title, CORPUS.articles[0].body)
        outcome, read = await pool.read(html, "https://x.example/b", None, "T", None, topics)
        assert read is None and isinstance(outcome, NoText) and outcome.reason == TIMEOUT
        assert await pool.extract(html, "https://x.example/b") == outcome


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{base}/{slug}.html</link><guid>{slug}</guid>
<pubDate>{date}</pubDate></item>"""


def _serve(httpserver: HTTPServer) -> list[str]:
    """Two feeds over the corpus; the second names two of the first's pages by other
    titles (its entries are analysed again, not given the first entry's analysis)."""
    base = httpserver.url_for("").rstrip("/")
    articles = CORPUS.articles[:10]
    for a in articles:
        httpserver.expect_request(f"/{a.slug}.html").respond_with_data(
            _page(a.title, a.body), content_type="text/html; charset=utf-8"
        )

    def item(a: Any, title: str) -> str:
        date = a.published.strftime("%a, %d %b %Y %H:%M:%S +0000")
        return ITEM.format(title=title, base=base, slug=a.slug, date=date)

    first = "".join(item(a, a.title) for a in articles[:8])
    second = "".join(item(a, f"Other words: {a.title}") for a in articles[6:])
    for path, name, items in (("/one.xml", "One", first), ("/two.xml", "Two", second)):
        httpserver.expect_request(path).respond_with_data(
            FEED.format(name=name, items=items), content_type="application/rss+xml"
        )
    return [f"{base}/one.xml", f"{base}/two.xml"]


async def _poll(url: str, feeds: list[str], together: bool) -> list[tuple[Any, ...]]:
    cfg = parse_config(
        {
            "storage": {"url": url},
            "fetch": {"allow_private_addresses": True},
            "topics": TOPICS,
            "feeds": [{"url": u} for u in feeds],
            "rules": [{"name": "all", "channels": ["log"]}],
            "channels": [{"name": "log", "type": "console"}],
            "alerts": {"backfill": "off"},
        }
    )
    async with App(cfg, console=io.StringIO()) as app:
        if not together:
            app.pipeline.resolver.read = None  # extraction and analysis each a job
        report = await app.run_once()
        jobs = app.parser.jobs
        if together:  # a job a page, and one more for each entry it was not read for
            assert (jobs["read_and_analyse"], jobs["analyse"], jobs["read_page"]) == (10, 2, 0)
        else:
            assert (jobs["read_and_analyse"], jobs["analyse"], jobs["read_page"]) == (0, 12, 10)
        out: list[tuple[Any, ...]] = [(report.cycle.total("new_entries"),)]
        out.append((report.cycle.total("relevant"), report.cycle.total("duplicates")))
        with app.store.tx() as tx:
            rows = tx.session.exec(select(Article).order_by(Article.url)).all()  # type: ignore[arg-type]
            out += [
                (r.url, r.title, r.relevant, r.topics, r.text_hash, r.minhash, r.duplicate_of)
                for r in rows
            ]
            events = tx.session.exec(select(StoryEvent).order_by(StoryEvent.id)).all()  # type: ignore[arg-type]
            out += [(e.story_id, e.kind, e.summary, e.details) for e in events]
            found = tx.session.exec(select(Story).order_by(Story.id)).all()  # type: ignore[arg-type]
            out += [(s.id, s.facts, s.profile, s.members) for s in found]
    return out


async def test_pages_read_with_their_analysis_store_the_same(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    feeds = _serve(httpserver)
    apart = await _poll(f"sqlite:///{tmp_path / 'apart.db'}", feeds, together=False)
    together = await _poll(f"sqlite:///{tmp_path / 'together.db'}", feeds, together=True)
    assert apart[0] == (12,) and apart[1][0] > 0
    assert together == apart
    # each page fetched once in the poll, whichever feed named it first
    pages = [r for r, _ in httpserver.log if r.path.endswith(".html")]
    assert len(pages) == 2 * 10


def test_terms_counted_as_read_are_read_as_before_and_counted(db_url: str) -> None:
    from monitor.storage import migrate

    store = Store(db_url)
    migrate.upgrade(store)
    try:
        with store.tx() as tx:
            tx.count_terms(["petro", "trump"])
            tx.count_terms(["petro"])
        with store.tx() as tx:
            before = tx.frequencies(["petro", "trump", "lula"])
            assert before == (2, {"petro": 2, "trump": 1})
            # a term no article had reads 0, as grouping reads a missing one
            assert tx.count_and_read(["petro", "trump", "lula"]) == (
                2,
                {"petro": 2, "trump": 1, "lula": 0},
            )
        with store.tx() as tx:
            assert tx.frequencies(["petro", "trump", "lula"]) == (
                3,
                {"petro": 3, "trump": 2, "lula": 1},
            )
            many = [f"t{i}" for i in range(1_200)]  # more than one statement's worth
            assert tx.count_and_read(many) == (3, {t: 0 for t in many})
            assert tx.count_and_read(many[:3]) == (4, dict.fromkeys(many[:3], 1))
            assert tx.counted_articles() == 5
            assert DOCS not in tx.term_counts(many)
    finally:
        store.close()


def _sorted_as_before(vec: dict[str, float], keep: int | None) -> dict[str, float]:
    items = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    if keep is not None:
        items = items[:keep]
    norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
    return {k: v / norm for k, v in items}


@given(
    st.dictionaries(
        st.text(alphabet="abcde", min_size=1, max_size=3),
        st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 1e-9, 3.25]),
        max_size=40,
    ),
    st.one_of(st.none(), st.integers(min_value=0, max_value=45)),
)
def test_vectors_sort_as_before(vec: dict[str, float], keep: int | None) -> None:
    got = stories._normalise(vec, keep)
    want = _sorted_as_before(vec, keep)
    assert list(got.items()) == list(want.items())


def test_vectors_with_many_ties_sort_as_before() -> None:
    rng = random.Random(7)
    for _ in range(300):
        vec = {f"w{rng.randrange(400)}": float(rng.randrange(6)) for _ in range(250)}
        keep = rng.choice([None, 10, 60, 300])
        assert list(stories._normalise(vec, keep).items()) == list(
            _sorted_as_before(vec, keep).items()
        )


def test_a_page_without_a_language_reads_as_none_again() -> None:
    """A candidate takes the page's language as extracted: with none declared, the
    extraction guessed from the very text the candidate keeps, so guessing again gives
    nothing more."""
    bodies = [(a.title, a.body) for a in CORPUS.articles[:12]]
    bodies.append(("Zorp", " ".join(["Blik zarn quop vell tarn morp."] * 60)))  # none known
    bodies.append(("Mixed", " ".join(["The el la de and y of que."] * 60)))  # no clear lead
    seen = set()
    for i, (title, body) in enumerate(bodies):
        for lang in ("", ' lang="en"', ' lang="ca"', ' lang="xx-YY"'):
            html = _page(title, body).replace(b"<html>", f"<html{lang}>".encode())
            outcome = read_page(html, f"https://news.example/{i}.html")
            if isinstance(outcome, NoText):
                continue
            seen.add(outcome.language)
            assert outcome.language == (outcome.language or guess_language(outcome.text))
    assert None in seen and "ca" in seen and "en" in seen
