"""The demo corpus and the loopback replay server that serves it."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import httpx
import pytest
import trafilatura

from monitor.demo.replay import (
    DEFAULT_CORPUS,
    TRACKING_QUERY,
    Corpus,
    ReplayServer,
    load_corpus,
    render_page,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
WIRE_COPIES = ("petro-confirms-summit", "petro-summit-date-set", "petro-trump-meeting-feb3")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture
def server(corpus: Corpus) -> Iterator[ReplayServer]:
    with ReplayServer(corpus) as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def feed_items(body: bytes) -> list[ET.Element]:
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    return channel.findall("item")


def guids(body: bytes) -> list[str]:
    return [item.findtext("guid") or "" for item in feed_items(body)]


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


# --- corpus -------------------------------------------------------------------


def test_corpus_has_the_demo_scenario(corpus: Corpus) -> None:
    assert DEFAULT_CORPUS == ROOT / "monitor" / "demo" / "corpus" / "corpus.toml"
    by_round = {r: {a.slug for a in corpus.articles if a.round == r} for r in (0, 1, 2)}
    assert set(WIRE_COPIES) <= by_round[1]
    assert {"trump-petro-tense-summit", "petro-stares-down-trump"} <= by_round[1]
    assert {"petro-anuncia-reunion", "uruguay-china-trade"} <= by_round[1]
    assert by_round[2] == {
        "summit-working-group",
        "summit-working-group-syndicated",
        "cumbre-grupo-antidrogas",
    }
    assert by_round[0] == {"summit-postponed", "opinion-handshake-stakes"}

    # Wire copies: three outlets, three headlines, one tracking link and one redirect.
    copies = [corpus.article(s) for s in WIRE_COPIES]
    assert len({a.outlet for a in copies}) == 3
    assert len({a.title for a in copies}) == 3
    assert [a.tracking for a in copies].count(True) == 1
    assert [a.redirect for a in copies].count(True) == 1
    original, boilerplate, trimmed = (a.paragraphs for a in copies)
    assert original[0].startswith("BOGOTA (Andes Wire) — ")
    assert boilerplate[0] == original[0].removeprefix("BOGOTA (Andes Wire) — ")
    assert boilerplate[1:-1] == original[1:] and boilerplate[-1].startswith("Follow ")
    assert trimmed == boilerplate[:-2]

    seeds = [corpus.article(s) for s in ("trump-petro-tense-summit", "petro-stares-down-trump")]
    assert seeds[0].outlet != seeds[1].outlet
    others = {a.outlet for a in corpus.articles if a not in seeds and a.round >= 1}
    assert not {a.outlet for a in seeds} & others

    spanish = {a.slug for a in corpus.articles if a.language == "es"}
    assert spanish == {"petro-anuncia-reunion", "cumbre-grupo-antidrogas"}
    assert corpus.outlet("el-diario-andino").language == "es"


def test_written_articles_are_news_length_and_off_topic_story_is_off_topic(
    corpus: Corpus,
) -> None:
    for article in corpus.articles:
        if article.file.startswith("articles/"):
            count = len(article.body.split())
            assert 250 <= count <= 600, (article.slug, count)
    off_topic = words(corpus.article("uruguay-china-trade").body)
    assert not off_topic & {"colombia", "colombian", "petro", "trump", "venezuela", "maduro"}
    # The development adds facts that no round-1 article has.
    round1 = " ".join(a.body for a in corpus.articles if a.round == 1)
    for fact in ("Cartagena", "March 17", "April 30", "working group"):
        assert fact in corpus.article("summit-working-group").body
        assert fact not in round1


def test_seed_header_gives_date_and_title(corpus: Corpus) -> None:
    seed = corpus.article("trump-petro-tense-summit")
    assert seed.published == datetime(2026, 2, 3, 9, 13, tzinfo=UTC)
    assert seed.title == "Trump and Petro: A Tense White House Summit Amidst Drug War Discord"
    assert seed.paragraphs[0] == "The Story:"
    assert "UTC 2026" not in seed.body
    assert seed.lede.startswith("Colombian President Gustavo Petro is set to meet")

    undated = corpus.article("petro-stares-down-trump")
    assert undated.published == datetime(2026, 1, 15, 13, 5, tzinfo=UTC)
    raw = (SEEDS / "002_b280aa6312593f7d.txt").read_text(encoding="utf-8")
    assert undated.body == raw.strip()
    assert undated.lede == raw.strip().splitlines()[0]
    # "- " bullets become list items without their marker.
    bullet = (
        "Petro announces February 3, 2026, White House meeting with Trump, the first since "
        "Trump’s return, centered on drug trafficking."
    )
    assert bullet in undated.paragraphs


# --- feeds --------------------------------------------------------------------


def test_feed_round_one(server: ReplayServer, corpus: Corpus, client: httpx.Client) -> None:
    resp = client.get(server.feed_url("andes-wire"))
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/rss+xml")
    root = ET.fromstring(resp.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("channel/title") == "Andes Wire"
    (item,) = feed_items(resp.content)
    article = corpus.article("petro-confirms-summit")
    assert item.findtext("title") == article.title
    assert item.findtext("link") == server.article_url("petro-confirms-summit")
    guid = item.find("guid")
    assert guid is not None
    assert guid.text == "andes-wire:petro-confirms-summit"
    assert guid.get("isPermaLink") == "false"
    assert parsedate_to_datetime(item.findtext("pubDate") or "") == article.published
    assert item.findtext("description") == article.paragraphs[0]

    parsed = feedparser.parse(io.BytesIO(resp.content))
    assert not parsed.bozo
    assert parsed.feed.title == "Andes Wire"
    assert [e.id for e in parsed.entries] == ["andes-wire:petro-confirms-summit"]
    assert parsed.entries[0].author == "Mariana Restrepo"


def test_rounds_add_items_newest_first_and_round_zero_never_appears(
    server: ReplayServer, corpus: Corpus, client: httpx.Client
) -> None:
    url = server.feed_url("caribbean-courier")
    assert guids(client.get(url).content) == ["caribbean-courier:petro-trump-meeting-feb3"]
    server.set_round(2)
    assert guids(client.get(url).content) == [
        "caribbean-courier:summit-working-group-syndicated",
        "caribbean-courier:petro-trump-meeting-feb3",
    ]
    server.set_round(99)
    served: list[str] = []
    for outlet in corpus.outlets:
        items = feed_items(client.get(server.feed_url(outlet.id)).content)
        dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items]
        assert dates == sorted(dates, reverse=True)
        served += [i.findtext("guid") or "" for i in items]
    expected = {f"{a.outlet}:{a.slug}" for a in corpus.articles if a.round >= 1}
    assert set(served) == expected
    assert not any("summit-postponed" in g or "opinion-handshake" in g for g in served)
    server.set_round(0)
    assert feed_items(client.get(url).content) == []


def test_etag_gives_304_until_the_outlet_changes(
    server: ReplayServer, client: httpx.Client
) -> None:
    url = server.feed_url("andes-wire")
    first = client.get(url)
    etag = first.headers["etag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200

    # An outlet with nothing new in round 2 keeps answering 304.
    quiet = server.feed_url("southern-cone-review")
    quiet_etag = client.get(quiet).headers["etag"]
    server.set_round(2)
    assert client.get(quiet, headers={"If-None-Match": quiet_etag}).status_code == 304

    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert "andes-wire:summit-working-group" in guids(changed.content)
    server.set_round(1)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_if_modified_since(server: ReplayServer, client: httpx.Client) -> None:
    url = server.feed_url("andes-wire")
    last_modified = client.get(url).headers["last-modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    older = "Tue, 13 Jan 2026 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200


# --- links and pages ----------------------------------------------------------


def test_feed_links_redirect_and_tracking(
    server: ReplayServer, corpus: Corpus, client: httpx.Client
) -> None:
    redirected = corpus.article("petro-trump-meeting-feb3")
    (item,) = feed_items(client.get(server.feed_url("caribbean-courier")).content)
    link = item.findtext("link") or ""
    assert link == f"{server.base_for('caribbean-courier')}/r/{redirected.slug}"
    hop = client.get(link)
    assert hop.status_code == 302
    assert hop.headers["location"] == server.article_url(redirected.slug)
    final = client.get(link, follow_redirects=True)
    assert final.status_code == 200
    assert str(final.url) == server.article_url(redirected.slug)

    (item,) = feed_items(client.get(server.feed_url("potomac-daily")).content)
    link = item.findtext("link") or ""
    canonical = server.article_url("petro-summit-date-set")
    assert link == f"{canonical}?{TRACKING_QUERY}"
    assert "utm_source=rss" in link and "utm_medium=feed" in link
    page = client.get(link)
    assert page.status_code == 200
    assert f'<link rel="canonical" href="{canonical}">' in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/nope/feed.xml",
        "/andes-wire/nope.html",
        "/andes-wire/summit-working-group.html",  # round 2, server is at round 1
        "/caribbean-courier/summit-postponed.html",  # round 0
        "/potomac-daily/petro-confirms-summit.html",  # wrong outlet
        "/r/nope",
        "/r/summit-postponed",
        "/andes-wire/feed.xml/",
        "/andes-wire/feed.rss",
        "/",
    ],
)
def test_unknown_paths_are_404(server: ReplayServer, client: httpx.Client, path: str) -> None:
    assert client.get(server.base_url + path).status_code == 404


def test_every_page_carries_metadata_and_the_whole_body(
    server: ReplayServer, corpus: Corpus, client: httpx.Client
) -> None:
    server.set_round(2)
    served = server.served()
    assert len(served) == len([a for a in corpus.articles if a.round >= 1])
    for article in served:
        outlet = corpus.outlet(article.outlet)
        resp = client.get(server.article_url(article.slug))
        assert resp.status_code == 200
        assert resp.headers["content-type"] == "text/html; charset=utf-8"
        page = resp.text
        assert f'<html lang="{article.language}">' in page
        assert f"<title>{html.escape(article.title)} | {outlet.name}</title>" in page
        assert f'<meta property="og:title" content="{html.escape(article.title)}">' in page
        assert f'<meta property="og:site_name" content="{outlet.name}">' in page
        canonical = server.article_url(article.slug)
        assert canonical.startswith("http://127.0.0.1:")
        assert f'<link rel="canonical" href="{canonical}">' in page
        published = article.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert f'<meta property="article:published_time" content="{published}">' in page
        if article.author:
            assert f'<meta name="author" content="{html.escape(article.author)}">' in page
        for paragraph in article.paragraphs:
            assert html.escape(paragraph) in page, (article.slug, paragraph)


def test_trafilatura_recovers_the_body_and_drops_the_chrome(
    server: ReplayServer, corpus: Corpus, client: httpx.Client
) -> None:
    server.set_round(2)
    for article in server.served():
        url = server.article_url(article.slug)
        doc = trafilatura.bare_extraction(
            client.get(url).text, url=url, deduplicate=False, with_metadata=True
        )
        assert doc is not None and not isinstance(doc, dict), article.slug
        text = doc.text or ""
        paragraphs = article.paragraphs
        assert paragraphs[0] in text and paragraphs[-1] in text, article.slug
        found = sum(p in text for p in paragraphs)
        assert found / len(paragraphs) >= 0.9, (article.slug, found, len(paragraphs))
        for chrome in ("cookies", "All rights reserved", "Todos los derechos", "Sign up"):
            assert chrome not in text, (article.slug, chrome)
        assert article.title not in text.splitlines()
        assert doc.title == article.title
        assert doc.sitename == corpus.outlet(article.outlet).name
        assert doc.date == article.published.date().isoformat()


def test_fixture_pages_render_without_being_served(corpus: Corpus) -> None:
    article = corpus.article("summit-postponed")
    page = render_page(corpus, article, "http://news.test")
    doc = trafilatura.bare_extraction(
        page, url="http://news.test/x.html", deduplicate=False, with_metadata=True
    )
    assert doc is not None and not isinstance(doc, dict)
    assert article.paragraphs[0] in (doc.text or "")
    canonical = "http://news.test/caribbean-courier/summit-postponed.html"
    assert f'<link rel="canonical" href="{canonical}">' in page


def test_requests_are_recorded_and_head_works(server: ReplayServer, client: httpx.Client) -> None:
    server.clear_requests()
    feed = server.feed_url("andes-wire")
    head = client.head(feed)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 0
    client.get(server.link_url("petro-summit-date-set"))
    client.get(server.base_url + "/missing")
    assert server.requests == [
        ("HEAD", "/andes-wire/feed.xml"),
        ("GET", f"/potomac-daily/petro-summit-date-set.html?{TRACKING_QUERY}"),
        ("GET", "/missing"),
    ]


def test_outlet_home_lists_current_articles(server: ReplayServer, client: httpx.Client) -> None:
    home = client.get(f"{server.base_url}/andes-wire/")
    assert home.status_code == 200
    assert server.article_url("petro-confirms-summit") in home.text
    assert server.article_url("summit-working-group") not in home.text


def test_close_stops_serving(corpus: Corpus) -> None:
    with ReplayServer(corpus) as srv:
        url = srv.feed_url("andes-wire")
        assert httpx.get(url, timeout=5).status_code == 200
    srv.close()  # a second close is harmless
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=5)


def test_unknown_ids_in_url_helpers(server: ReplayServer) -> None:
    with pytest.raises(KeyError):
        server.feed_url("nope")
    with pytest.raises(KeyError):
        server.article_url("nope")


# --- validation ---------------------------------------------------------------

OUTLET = '[[outlets]]\nid = "wire"\nname = "Wire"\n'


def write_corpus(tmp_path: Path, article: str, body: str | None = "One.\n\nTwo.\n") -> Path:
    (tmp_path / "articles").mkdir(exist_ok=True)
    if body is not None:
        (tmp_path / "articles" / "a.txt").write_text(body, encoding="utf-8")
    path = tmp_path / "corpus.toml"
    path.write_text(OUTLET + "\n[[articles]]\n" + article, encoding="utf-8")
    return path


ARTICLE = (
    'slug = "story"\noutlet = "wire"\nround = 1\npublished = "2026-01-14T18:30:00Z"\n'
    'title = "T"\nfile = "articles/a.txt"\n'
)


def test_valid_minimal_corpus_loads(tmp_path: Path) -> None:
    corpus = load_corpus(write_corpus(tmp_path, ARTICLE))
    (article,) = corpus.articles
    assert article.paragraphs == ["One.", "Two."]
    assert article.language == "en" and not article.tracking and not article.redirect
    assert article.published == datetime(2026, 1, 14, 18, 30, tzinfo=UTC)


def test_unknown_outlet_names_file_and_slug(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, ARTICLE.replace('outlet = "wire"', 'outlet = "ghost"'))
    with pytest.raises(ValueError, match="unknown outlet 'ghost'") as err:
        load_corpus(path)
    assert str(path) in str(err.value) and "'story'" in str(err.value)


def test_missing_body_file_names_file_and_slug(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, ARTICLE, body=None)
    with pytest.raises(ValueError, match=r"articles/a\.txt") as err:
        load_corpus(path)
    assert str(path) in str(err.value) and "'story'" in str(err.value)


@pytest.mark.parametrize(
    ("article", "message"),
    [
        (ARTICLE + "\n[[articles]]\n" + ARTICLE, "duplicate slug"),
        (ARTICLE.replace("round = 1", "round = -1"), "round"),
        (ARTICLE.replace("round = 1", 'round = "1"'), "round"),
        (ARTICLE.replace('published = "2026-01-14T18:30:00Z"\n', ""), "published"),
        (ARTICLE.replace("18:30:00Z", "18:30:00"), "time zone"),
        (ARTICLE.replace('title = "T"\n', ""), "title"),
        (ARTICLE + "tracknig = true\n", "unknown keys tracknig"),
        (ARTICLE + 'redirect = "yes"\n', "redirect"),
        (ARTICLE.replace('slug = "story"', 'slug = "Bad Slug"'), "slug"),
        (ARTICLE.replace('file = "articles/a.txt"', "file = 3"), "file"),
    ],
)
def test_invalid_articles_are_rejected(tmp_path: Path, article: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_corpus(write_corpus(tmp_path, article))


def test_broken_toml_and_missing_corpus_are_value_errors(tmp_path: Path) -> None:
    broken = tmp_path / "corpus.toml"
    broken.write_text("[[outlets]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="invalid TOML"):
        load_corpus(broken)
    with pytest.raises(ValueError, match="cannot read"):
        load_corpus(tmp_path / "absent.toml")


def test_native_toml_datetime_and_seed_header(tmp_path: Path) -> None:
    header = "Wed Jan 14 18:30:00 UTC 2026: # Headline From Header\n\nBody line.\n"
    article = ARTICLE.replace('published = "2026-01-14T18:30:00Z"\n', "").replace(
        'title = "T"\n', ""
    )
    corpus = load_corpus(write_corpus(tmp_path, article, body=header))
    (parsed,) = corpus.articles
    assert parsed.title == "Headline From Header"
    assert parsed.published == datetime(2026, 1, 14, 18, 30, tzinfo=UTC)
    assert parsed.body == "Body line."

    native = ARTICLE.replace('"2026-01-14T18:30:00Z"', "2026-01-14T13:30:00-05:00")
    (parsed,) = load_corpus(write_corpus(tmp_path, native)).articles
    assert parsed.published == datetime(2026, 1, 14, 18, 30, tzinfo=UTC)


def test_each_outlet_is_its_own_site(server: ReplayServer, corpus: Corpus) -> None:
    bases = {server.base_for(o.id) for o in corpus.outlets}
    assert len(bases) == len(corpus.outlets)
    for o in corpus.outlets:
        assert server.feed_url(o.id).startswith(server.base_for(o.id) + "/")
