"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): matching, ranking, filters,
keeping the index in step with the articles, the migration, and hostile queries."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, delete, text
from sqlmodel import col

from monitor.judge.query import QueryError
from monitor.storage import Article, Store, Story, migrate
from monitor.storage.retention import prune_text
from monitor.storage.search import (
    CursorError,
    SearchFilters,
    SearchHit,
    list_articles,
    list_stories,
    search_articles,
)
from monitor.storage.searchindex import reindex
from monitor.text import tokens
from tests.conftest import _pg_schema_url
from tests.helpers import indexed_words

T0 = datetime(2026, 2, 2, 12, tzinfo=UTC)

# id: (title, text, language, source, source name, topics, days after T0)
CORPUS: dict[int, tuple[str, str, str, str, str, list[str], int]] = {
    1: (
        "Petro viaja a Bogotá para la cumbre",
        "El presidente Gustavo Petro llegó a Bogotá el lunes. En Bogotá se prepara la cumbre "
        "regional; la alcaldía de Bogotá cerró calles del centro.",
        "es",
        "eltiempo.com",
        "El Tiempo",
        ["us-colombia"],
        0,
    ),
    2: (
        "Trump meets Petro at the White House",
        "Donald Trump hosted Gustavo Petro at the White House on Tuesday. The White House said "
        "the talks covered tariffs and counternarcotics cooperation.",
        "en",
        "apnews.com",
        "AP",
        ["us-colombia"],
        1,
    ),
    3: (
        "Washington house prices rise again",
        "The white walls of the old house on Capitol Hill sold for a record. House prices in "
        "Washington rose for the fifth month.",
        "en",
        "news.example.com",
        "Example News",
        ["economy"],
        2,
    ),
    4: (
        "Venezuela y Colombia reabren la frontera",
        "Miles de venezolanos cruzaron el puente en Cúcuta. Venezuela y Colombia acordaron "
        "reabrir el paso a camiones de carga.",
        "es",
        "colombia.elpais.com",
        "El País",
        ["us-colombia", "venezuela"],
        3,
    ),
    5: (
        "Maduro responde a Petro",
        "Nicolás Maduro dijo que Venezuela no aceptará presiones. Petro pidió diálogo.",
        "es",
        "telesurtv.net",
        "teleSUR",
        ["venezuela"],
        4,
    ),
    6: (
        "BOGOTA ELECTIONS SEE RECORD TURNOUT",
        "Voters in the capital turned out in record numbers; the count ends on Monday.",
        "en",
        "reuters.com",
        "Reuters",
        ["us-colombia"],
        5,
    ),
    7: (
        "Año nuevo en Cartagena",
        "Cartagena recibió el año con fuegos artificiales sobre la bahía.",
        "es",
        "eluniversal.com.co",
        "El Universal",
        ["culture"],
        6,
    ),
    8: (
        "Petro's government names envoy",
        "Petro's government named a new envoy to Washington on Friday, officials said.",
        "en",
        "apnews.com",
        "AP",
        ["us-colombia"],
        7,
    ),
}
OFF_TOPIC = 9  # stored without text, not in the log: never found


def _load(store: Store) -> None:
    with store.tx() as tx:
        story = tx.add(Story(title="Petro and Trump", first_seen=T0, last_seen=T0))
        for i, (title, body, lang, source, name, topics, day) in CORPUS.items():
            tx.add(
                Article(
                    id=i,
                    url=f"https://{source}/{i}",
                    title=title,
                    text=body,
                    language=lang,
                    source=source,
                    source_name=name,
                    topics=topics,
                    relevant=True,
                    fetched_at=T0 + timedelta(days=day),
                    story_id=story.id if i in (1, 2, 8) else None,
                )
            )
        tx.add(
            Article(
                id=OFF_TOPIC,
                url="https://weather.example/9",
                title="Bogotá weather: rain on Monday",
                source="weather.example",
                relevant=False,
                fetched_at=T0,
            )
        )
        if store.backend == "postgresql":  # the ids were given: move the sequence past them
            tx.session.execute(text("SELECT setval(pg_get_serial_sequence('article', 'id'), 100)"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The corpus, for a test that changes it."""
    s = Store(db_url)
    migrate.upgrade(s)
    _load(s)
    yield s
    s.close()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The corpus, shared by the tests that only read it."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('search') / 'm.db'}"])
    else:
        urls = _pg_schema_url()
    s = Store(next(urls))
    migrate.upgrade(s)
    _load(s)
    yield s
    s.close()
    next(urls, None)


def ids(store: Store, query: str, filters: SearchFilters = SearchFilters(), **kw: Any) -> list[int]:
    with store.tx() as tx:
        hits, _ = search_articles(tx, query, filters, **kw)
    return [h.article_id for h in hits]


def hits(store: Store, query: str) -> list[SearchHit]:
    with store.tx() as tx:
        return search_articles(tx, query)[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bogota", {1, 6}),  # accents and case: "Bogotá", "BOGOTA"
        ("BOGOTÁ", {1, 6}),
        ("Cucuta", {4}),
        ("ano", {7}),  # "Año"
        ('"white house"', {2}),  # adjacent only: article 3 has "white walls of the house"
        ("white AND house", {2, 3}),
        ("venez*", {4, 5}),  # prefix: Venezuela, venezolanos
        ('"gustavo pe*"', {1, 2}),  # prefix on the last word of a phrase
        ("petro NOT trump", {1, 5, 8}),
        ("petro -trump", {1, 5, 8}),
        ("NOT petro", {3, 4, 6, 7}),  # a NOT alone: all the log but the term
        ("cartagena OR NOT petro", {3, 4, 6, 7}),
        ("(maduro OR trump) AND petro", {2, 5}),
        ('"petro government"', {8}),  # the possessive is dropped as topics drop it
        ("washington OR cucuta", {3, 4, 8}),
        ("nothingmatchesthis", set()),
    ],
)
def test_queries_match_as_topics_do(corpus: Store, query: str, expected: set[int]) -> None:
    found = ids(corpus, query)
    assert set(found) == expected
    assert len(found) == len(set(found))


def test_best_match_first(corpus: Store) -> None:
    # Bogotá four times in a short text and once in the title beats one title mention
    assert ids(corpus, "bogota")[0] == 1
    # "white house" in the title and twice in the text beats article 3's loose words
    assert ids(corpus, "white AND house") == [2, 3]
    ranks = [h.rank for h in hits(corpus, "bogota")]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[1]


def test_snippets_mark_the_matching_words_in_the_original_text(corpus: Store) -> None:
    (hit,) = hits(corpus, "cucuta")
    assert ("Cúcuta", True) in hit.snippet
    assert "".join(t for t, _ in hit.snippet) == CORPUS[4][1]
    (hit,) = hits(corpus, '"white house" AND tariffs')
    marked = [t for t, m in hit.snippet if m]
    assert marked.count("White") == 2 and "tariffs" in marked
    (hit,) = hits(corpus, "elections")  # only in the title: the title is the snippet
    assert hit.snippet == (("BOGOTA ", False), ("ELECTIONS", True), (" SEE RECORD TURNOUT", False))


def test_long_text_is_cut_around_the_matches(store: Store) -> None:
    long_text = " ".join(f"filler{i}" for i in range(300)) + " the needle is here " + "end " * 50
    with store.tx() as tx:
        tx.add(Article(url="https://x/long", title="Long", text=long_text, relevant=True))
    (hit,) = hits(store, "needle")
    joined = "".join(t for t, _ in hit.snippet)
    assert joined.startswith("… ") and joined.endswith(" …")
    assert ("needle", True) in hit.snippet and len(joined.split()) < 40


def test_filters(corpus: Store) -> None:
    assert set(ids(corpus, "petro", SearchFilters(lang="ES"))) == {1, 5}
    assert set(ids(corpus, "petro", SearchFilters(topic="venezuela"))) == {5}
    assert set(ids(corpus, "petro OR venezuela", SearchFilters(source="elpais.com"))) == {4}
    assert set(ids(corpus, "petro", SearchFilters(source="AP"))) == {2, 8}  # display name
    assert set(ids(corpus, "petro", SearchFilters(source="www.apnews.com"))) == {2, 8}
    since = SearchFilters(since=T0 + timedelta(days=1), until=T0 + timedelta(days=7))
    assert set(ids(corpus, "petro", since)) == {2, 5}  # until is exclusive
    assert set(ids(corpus, "petro", SearchFilters(story_id=1))) == {1, 2, 8}
    assert ids(corpus, "petro", SearchFilters(topic="%")) == []  # not a pattern


def test_story_filter_follows_a_merge(store: Store) -> None:
    with store.tx() as tx:
        absorbed = tx.add(Story(title="Envoy", first_seen=T0, last_seen=T0))
        assert absorbed.id is not None
        tx.merge_story(absorbed.id, 1)
    assert set(ids(store, "petro", SearchFilters(story_id=absorbed.id))) == {1, 2, 8}


def test_listings_take_the_same_filters(corpus: Store) -> None:
    with corpus.tx() as tx:
        listed = list_articles(tx, SearchFilters(lang="en", topic="us-colombia"))
        assert [a.id for a in listed] == [8, 6, 2]  # newest first
        assert [a.id for a in list_articles(tx, SearchFilters(source="weather.example"))] == []
        every = list_articles(tx, SearchFilters(source="weather.example"), relevant=None)
        assert [a.id for a in every] == [OFF_TOPIC]
        assert [s.title for s in list_stories(tx, SearchFilters(source="apnews.com"))] == [
            "Petro and Trump"
        ]
        assert list_stories(tx, SearchFilters(lang="fr")) == []


def test_pages_walk_every_hit_once(corpus: Store) -> None:
    everything = ids(corpus, "petro OR venezuela OR bogota")
    seen: list[int] = []
    after = None
    with corpus.tx() as tx:
        while True:
            page, after = search_articles(tx, "petro OR venezuela OR bogota", limit=2, after=after)
            seen += [h.article_id for h in page]
            if after is None:
                break
    assert seen == everything and len(everything) == 6
    with corpus.tx() as tx, pytest.raises(CursorError):
        search_articles(tx, "petro", after="not-a-cursor")
    with corpus.tx() as tx, pytest.raises(QueryError):
        search_articles(tx, "petro", after="WyJ4IiwgMV0")  # ["x", 1]


def test_index_follows_updates_and_deletes(store: Store) -> None:
    with store.tx() as tx:
        a = tx.get(Article, 7)
        assert a is not None
        a.title, a.text = "Fiesta en Barranquilla", "El carnaval de Barranquilla empezó."
        tx.add(a)
    assert ids(store, "cartagena") == [] and ids(store, "barranquilla") == [7]
    with store.tx() as tx:
        a = tx.get(Article, 7)
        assert a is not None
        a.relevant = False
        tx.add(a)
    assert ids(store, "barranquilla") == []
    with store.tx() as tx:
        a = tx.get(Article, 7)
        assert a is not None
        a.relevant = True
        tx.add(a)
    assert ids(store, "barranquilla") == [7]
    with store.tx() as tx:
        tx.session.execute(delete(Article).where(col(Article.id) == 5))
    assert ids(store, "maduro") == []
    with store.tx() as tx:
        tx.session.delete(tx.get(Article, 4))
    assert ids(store, "venez*") == []


def test_pruned_text_stays_searchable(store: Store) -> None:
    report = prune_text(store, 3, T0 + timedelta(days=5))  # days 0 and 1 are older than 3 days
    assert report.texts == 2
    with store.tx() as tx:
        pruned = tx.get(Article, 2)
        assert pruned is not None and pruned.text is None
        assert pruned.title == CORPUS[2][0]
    assert 2 in ids(store, "counternarcotics")  # a word of the dropped text
    (hit,) = hits(store, "counternarcotics")
    assert "".join(t for t, _ in hit.snippet) == CORPUS[2][0]  # the title stands in
    with store.tx() as tx:  # a new title after the text went keeps the text's words
        pruned = tx.get(Article, 2)
        assert pruned is not None
        pruned.title = "Trump receives Petro"
        tx.add(pruned)
    assert ids(store, "receives") == [2] and 2 in ids(store, "counternarcotics")
    assert ids(store, "hosted AND receives") == [2]


def test_contentless_index_holds_exactly_each_entrys_words(sqlite_url: str) -> None:
    """Each change removes an entry's old words: nothing is left behind for an id."""
    store = Store(sqlite_url)
    try:
        migrate.upgrade(store)
        _load(store)
        with store.tx() as tx:
            a = tx.get(Article, 7)
            assert a is not None
            a.title, a.text = "Fiesta en Barranquilla", "El carnaval empezó."
            tx.add(a)
            b = tx.get(Article, 3)
            assert b is not None
            b.relevant = False
            tx.add(b)
        prune_text(store, 3, T0 + timedelta(days=5))  # drops the text of 1 and 2
        with store.tx() as tx:
            c = tx.get(Article, 2)
            assert c is not None
            c.title = "Trump receives Petro"
            tx.add(c)
        with store.tx() as tx:
            tx.session.execute(delete(Article).where(col(Article.id).in_([1, 5])))
        expected = {(w, 7) for w in "fiesta en barranquilla el carnaval empezo".split()}
        expected |= {(w, 2) for w in "trump receives petro".split()}
        expected |= {(w, 2) for w in tokens(CORPUS[2][1])}  # the dropped text's words stay
        for i in set(CORPUS) - {1, 2, 3, 5, 7}:
            expected |= {(w, i) for w in tokens(CORPUS[i][0] + " " + CORPUS[i][1])}
        assert indexed_words(store) == expected
        with store.tx() as tx:
            reindex(tx.session.connection())
        assert indexed_words(store) == expected
    finally:
        store.close()


def test_bulk_inserted_articles_are_indexed(store: Store) -> None:
    with store.tx() as tx:
        tx.insert_rows(
            Article,
            [
                {"url": "https://bulk/1", "title": "Barranquilla bulk", "relevant": True},
                {"url": "https://bulk/2", "title": "Barranquilla off", "relevant": False},
            ],
        )
        tx.insert_rows(
            Article, [{"id": 50, "url": "https://bulk/3", "title": "Quibdó", "relevant": True}]
        )
    assert len(ids(store, "barranquilla")) == 1 and ids(store, "quibdo") == [50]


HOSTILE = [
    '"',
    '""',
    "*",
    "**",
    "a**",
    "NEAR(",
    "NEAR(a b)",
    "NEAR/2",
    ":",
    "title:petro",
    "petro:*",
    "' OR 1=1 --",
    "'; DROP TABLE article; --",
    "petro' OR 'a'='a",
    "\\",
    "!petro",
    "petro & trump | x",
    "<-> petro",
    "^petro",
    "{title}: petro",
    "-",
    "NOT",
    "AND OR",
    "()",
    "((((petro",
    "petro)",
    "\x00",
    "🙂",
    "a" * 5000,
    "(" * 300 + "a" + ")" * 300,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_fail_only_as_query_errors(corpus: Store, query: str) -> None:
    try:
        found = ids(corpus, query)
    except QueryError as exc:
        assert 0 <= exc.position <= len(query)
    else:
        assert all(i in CORPUS for i in found)
    assert len(ids(corpus, "petro")) == 4  # nothing was dropped or changed


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    st.lists(
        st.sampled_from(
            [*"ab \"*():-'\\^{}!&|<>~é", "NEAR", " AND ", " OR ", " NOT ", "petro", "ü"]
        ),
        max_size=14,
    ).map("".join)
)
def test_any_query_text_either_searches_or_is_a_query_error(corpus: Store, query: str) -> None:
    with contextlib.suppress(QueryError):
        ids(corpus, query)


def test_same_top_results_on_sqlite_and_postgresql(sqlite_url: str) -> None:
    """bm25 and ts_rank differ in detail, so near ties (four articles naming Petro once in
    the title and once in the text) may come in another order; the articles found are the
    same, and where one article is clearly the better match both put it first."""
    urls = _pg_schema_url()
    stores = [Store(sqlite_url), Store(next(urls))]
    ranked = [
        "bogota",
        "white AND house",
        '"white house"',
        "venez*",
        "NOT petro",
        "gustavo OR maduro",
        "venezuela",
        "record",
        "house",
    ]
    try:
        for s in stores:
            migrate.upgrade(s)
            _load(s)
        for q in ranked:
            lite, pg = (ids(s, q) for s in stores)
            assert lite == pg, q
        assert ids(stores[0], "bogota") == [1, 6]
        assert ids(stores[0], "gustavo OR maduro") == [5, 2, 1]
        for q in ["petro", "petro NOT trump", "washington OR cucuta", "cartagena OR bogota"]:
            lite, pg = (ids(s, q) for s in stores)
            assert set(lite) == set(pg), q
        lite, pg = (ids(s, "washington OR cucuta") for s in stores)
        assert lite[0] == pg[0] == 3  # both words in one article
    finally:
        for s in stores:
            s.close()
        next(urls, None)


def test_migration_indexes_the_articles_already_stored(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0009")
        old = MetaData()
        old.reflect(store.engine, only=["article"])
        naive = T0.replace(tzinfo=None)
        rows: list[dict[str, Any]] = [
            {
                "url": "https://old.example/1",
                "title": "Petro en Bogotá",
                "text": "Una crónica de Medellín.",
                "relevant": True,
            },
            {"url": "https://old.example/2", "title": "Medellín hoy", "relevant": False},
        ]
        with store.engine.begin() as conn:
            for r in rows:
                conn.execute(
                    old.tables["article"]
                    .insert()
                    .values(
                        **r,
                        source="old.example",
                        topics=[],
                        fetched_at=naive,
                        text_origin="page",
                        aggregator_unresolved=False,
                    )
                )
        migrate.upgrade(store)
        assert migrate.diffs(store) == []  # the index stays out of autogenerate
        assert ids(store, "medellin") == [1]
        assert ids(store, "bogota") == [1]
        with store.engine.begin() as conn:
            cfg = migrate.alembic_config(store)
            cfg.attributes["connection"] = conn
            from alembic import command

            command.downgrade(cfg, "0009")
            has_index = conn.execute(
                text(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'articlesearch'"
                    if store.backend == "sqlite"
                    else "SELECT count(*) FROM pg_tables WHERE tablename = 'articlesearch' "
                    "AND schemaname = current_schema()"
                )
            ).scalar_one()
            assert has_index == 0
        migrate.upgrade(store)
        assert ids(store, "medellin") == [1]
        with store.tx() as tx:  # the delete trigger came back too
            tx.session.execute(delete(Article))
        with store.tx() as tx:
            tx.add(Article(id=1, url="https://new/1", title="Cali", text="", relevant=True))
        assert ids(store, "medellin") == [] and ids(store, "cali") == [1]
    finally:
        store.close()
