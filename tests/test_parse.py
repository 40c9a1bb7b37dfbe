"""parse_feed against the shared corpus of real feeds and hand-made edge cases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.collect.parse import ParsedFeed, ParseError, html_to_text, parse_feed

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus" / "feeds"
FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
FEED_URL = "https://news.example/feeds/main.xml"

# Real feeds whose channel has no items at all; they must still parse.
CHANNEL_ONLY = {"iso-8859-1.xml", "windows-1252.xml", "windows-1252-incorrect-prolog.xml"}
# A JSON Feed cut off mid-download: not a complete document.
TRUNCATED = {"allthis-partial.json"}


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*/*") if p.name != "LICENSE")


def feed_files() -> list[Path]:
    return [p for p in corpus_files() if p.suffix != ".html" and p.name not in TRUNCATED]


def html_files() -> list[Path]:
    return [p for p in corpus_files() if p.suffix == ".html"]


def params(files: list[Path]) -> list[Any]:
    """The files as parameters; without the shared corpus, one skipped case saying why."""
    if files:
        return files
    reason = f"{CORPUS} not found: the shared corpus is not beside this checkout"
    return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-corpus")]


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not found: the shared corpus is not beside this checkout")
    return CORPUS


def load(corpus: Path, name: str, url: str = FEED_URL) -> ParsedFeed:
    return parse_feed((corpus / name).read_bytes(), url)


# --- the whole corpus -----------------------------------------------------------


def test_corpus_is_there(corpus: Path) -> None:
    assert len(feed_files()) >= 45
    assert len(html_files()) == 4


@pytest.mark.parametrize(
    "path", params(feed_files()), ids=lambda p: f"{p.parent.name}/{p.name}" if p else "none"
)
def test_every_corpus_feed_parses(path: Path) -> None:
    feed = parse_feed(path.read_bytes(), FEED_URL)
    if path.name in CHANNEL_ONLY:
        assert feed.entries == []
        assert feed.title
        return
    assert feed.entries, "no entries"
    for entry in feed.entries:
        if entry.summary:
            assert entry.title, entry
        assert entry.title == " ".join(entry.title.split())
        assert "<p>" not in entry.summary and "</a>" not in entry.summary
        if entry.link is not None:
            assert entry.link.startswith(("http://", "https://"))
        if entry.published is not None:
            assert entry.published.tzinfo is not None
            assert entry.published.utcoffset() == UTC.utcoffset(None)
    titled = [e for e in feed.entries if e.title]
    assert len(titled) >= len(feed.entries) * 0.75 or path.name in {"authors.json"}


@pytest.mark.parametrize("path", params(html_files()), ids=lambda p: p.name if p else "none")
def test_html_pages_are_refused(path: Path) -> None:
    with pytest.raises(ParseError, match="not a feed: got an HTML page"):
        parse_feed(path.read_bytes(), "https://news.example/page")


def test_truncated_json_feed_is_refused(corpus: Path) -> None:
    with pytest.raises(ParseError, match="malformed JSON"):
        load(corpus, "rsparser/allthis-partial.json")


# --- spot checks on real feeds -------------------------------------------------


def test_koi8r() -> None:
    feed = parse_feed((FIXTURES / "koi8r.xml").read_bytes(), FEED_URL)
    assert feed.title == "Пример RSS ленты"
    first = feed.entries[0]
    assert first.title == "Первая новость"
    assert first.link == "http://example.com/post1"
    assert first.guid == "http://example.com/post1"
    assert first.published == datetime(2026, 2, 15, 10, 0, tzinfo=UTC)
    assert "Привет мир!" in first.summary


@pytest.mark.parametrize(
    ("name", "content_type", "title"),
    [
        ("windows-1252-incorrect-prolog.xml", None, "Euro €"),  # UTF-8 body, cp1252 label
        ("windows-1252-incorrect-prolog.xml", "text/xml; charset=ISO-8859-1", "Euro €"),
        ("utf8-incorrect-prolog.xml", None, "테스트 피드"),  # UTF-8 body, Latin-1 label
    ],
)
def test_utf8_bodies_with_latin1_labels(name: str, content_type: str | None, title: str) -> None:
    feed = parse_feed((FIXTURES / name).read_bytes(), FEED_URL, content_type)
    assert feed.title == title


def test_html_fixture_is_refused() -> None:
    with pytest.raises(ParseError, match="not a feed: got an HTML page"):
        parse_feed((FIXTURES / "iso-8859-1.html").read_bytes(), FEED_URL, "text/html")


def test_windows_1251(corpus: Path) -> None:
    feed = load(corpus, "miniflux/encoding_WINDOWS-1251.xml")
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Цитата #17703"
    assert feed.entries[0].link == "http://ibash.org.ru/quote.php?id=17703"


def test_iso_8859_1_declared(corpus: Path) -> None:
    feed = load(corpus, "miniflux/encoding_ISO-8859-1.xml")
    assert feed.title == "Golem.de"
    assert feed.entries[0].title.startswith("Red Dead Redemption 2: Hinweise auf PC-Umsetzung")
    assert "wünschen" in feed.entries[0].summary


def test_iso_8859_1_undeclared(corpus: Path) -> None:
    feed = load(corpus, "miniflux/no_encoding_ISO-8859-1.xml")
    titles = [e.title for e in feed.entries]
    assert "Caroline Eliacheff : « Dolto reste authentiquement subversive »" in titles
    assert "Psy en prison, une mission impossible ?" in titles


def test_encoding_python_rejects(corpus: Path) -> None:
    feed = load(corpus, "rsparser/kc0011.rss")
    assert feed.title == "投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文"
    assert feed.entries[0].title == "建国35周年纪念，华表，和平鸽"
    assert feed.entries[0].link == "http://www.kc0011.net/dispbbs.asp?BoardID=10&ID=25164257&Page=1"
    assert len(feed.entries) == 20


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("windows-1252.xml", "Euro €"),
        ("windows-1252-incorrect-prolog.xml", "Euro €"),
        ("iso-8859-1.xml", "Café"),
        ("utf8-incorrect-prolog.xml", "테스트 피드"),
        ("invalid-prolog.xml", "테스트 피드"),  # label is not an encoding at all
        ("utf8.xml", "테스트 피드"),
    ],
)
def test_wrong_or_odd_prologs(corpus: Path, name: str, title: str) -> None:
    feed = load(corpus, f"miniflux/{name}")
    assert feed.title == title
    assert [e.title for e in feed.entries] in ([], ["Café"])


def test_rdf(corpus: Path) -> None:
    feed = load(corpus, "miniflux/rdf_UTF8.xml")
    assert feed.title == "heise online News"
    assert len(feed.entries) == 60
    assert feed.entries[0].title == "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen"
    assert (feed.entries[0].link or "").startswith(
        "https://www.heise.de/newsticker/meldung/OLED-TVs-Vorsichtsmassnahmen"
    )


def test_rss_10_rdf_with_dates_and_authors(corpus: Path) -> None:
    first = load(corpus, "rsparser/bio.rdf").entries[0]
    assert first.title.startswith("Wheat inositol pyrophosphate kinase (TaVIH2-3B)")
    assert first.published == datetime(2019, 8, 27, tzinfo=UTC)
    assert first.author is not None and first.author.startswith("Kaur, M.")


def test_atom_and_json_feed_agree(corpus: Path) -> None:
    atom = load(corpus, "rsparser/DaringFireball.atom")
    jsonfeed = load(corpus, "rsparser/DaringFireball.json")
    assert atom.title == jsonfeed.title == "Daring Fireball"
    assert atom.entries[0].title == jsonfeed.entries[0].title
    assert atom.entries[0].title == "The Talk Show: ‘I Do Like Throwing a Baby’"
    assert atom.entries[0].published == jsonfeed.entries[0].published
    assert atom.entries[0].published == datetime(2017, 6, 27, 0, 54, 17, tzinfo=UTC)
    assert jsonfeed.entries[0].link == (
        "https://daringfireball.net/linked/2017/06/26/the-talk-show-195"
    )
    assert jsonfeed.entries[0].author == "John Gruber"
    # Atom content with no separate summary still comes out as plain text.
    assert atom.entries[0].summary.startswith("New episode of America’s favorite 3-star podcast")


def test_atom_content_only_is_plain_text(corpus: Path) -> None:
    first = load(corpus, "miniflux/small_atom.xml").entries[0]
    assert first.title == "Parse podcast categories"
    assert first.summary == "Parse podcast categories"
    assert first.author == "fguillot"


def test_json_feed_details(corpus: Path) -> None:
    rose = load(corpus, "rsparser/rose.json")
    assert rose.entries[0].title == "Workflow: Add Task & Sub Tasks To OmniFocus"
    curt = load(corpus, "rsparser/curt.json")
    # No offset given: taken as UTC.
    assert curt.entries[0].published == datetime(2018, 1, 6, 8, 0, tzinfo=UTC)
    assert curt.entries[0].guid == "twitter-quitter"
    allthis = load(corpus, "rsparser/allthis.json")  # "version" comes last in this file
    assert allthis.entries[0].summary == "The first shall be last."


def test_json_feed_authors(corpus: Path) -> None:
    authors = [e.author for e in load(corpus, "rsparser/authors.json").entries]
    assert authors == [
        "Root Author 1, Root Author 2",
        "Legacy Item Author",
        "Item Author 1, Item Author 2",
        "Item Author 1, Item Author 2",
    ]


def test_rss_in_json(corpus: Path) -> None:
    feed = load(corpus, "rsparser/ScriptingNews.json")
    assert feed.title == "Scripting News"
    assert len(feed.entries) == 50
    assert feed.entries[0].link == "http://scripting.com/2017/06/26.html#a080605"
    assert feed.entries[0].published == datetime(2017, 6, 26, 12, 20, 5, tzinfo=UTC)
    assert feed.entries[1].summary == "This is the human side of Health care is socialist."


def test_untitled_items_get_title_from_text(corpus: Path) -> None:
    feed = load(corpus, "rsparser/manton.rss")
    untitled_source = feed.entries[0]
    assert untitled_source.title.startswith("This week’s Core Intuition is out")
    assert len(untitled_source.title) <= 121


def test_relative_guid_is_not_resolved(corpus: Path) -> None:
    first = load(corpus, "rsparser/livemint.xml").entries[0]
    assert first.guid == "1559104147038"
    assert (first.link or "").startswith("https://www.livemint.com/news/india/pm-modi-xi-jinping")


def test_ttl(corpus: Path) -> None:
    assert load(corpus, "miniflux/urdu_UTF8.xml").ttl_minutes == 15
    assert load(corpus, "rsparser/rubenerd.rss").ttl_minutes == 30
    assert load(corpus, "rsparser/atp.rss").ttl_minutes is None


def test_odd_starts(corpus: Path) -> None:
    # A BOM, leading blanks, and "<?phpxml" instead of "<?xml".
    assert load(corpus, "rsparser/donthitsave.xml").entries[0].title == "Skipping Around"
    assert load(corpus, "rsparser/macworld.rss").entries[0].title == "Best smart lock"
    php = load(corpus, "rsparser/phpxml.rss")
    assert php.entries[0].title == "Serdar Gözübüyük scheidsrechter bij FC Twente - FC Utrecht"


# --- hand-made feeds ------------------------------------------------------------


def rss(items: str, channel: str = "<title>Test</title>", prolog: str = "") -> bytes:
    return (
        f'{prolog}<?xml version="1.0" encoding="utf-8"?>'
        f'<rss version="2.0"><channel>{channel}{items}</channel></rss>'
    ).encode()


def test_relative_links_resolve_against_feed_url() -> None:
    feed = parse_feed(
        rss(
            "<item><title>A</title><link>/2026/02/03/summit</link></item>"
            "<item><title>B</title><link>story.html</link></item>",
            channel="<title>T</title><link>/</link>",
        ),
        FEED_URL,
    )
    assert [e.link for e in feed.entries] == [
        "https://news.example/2026/02/03/summit",
        "https://news.example/feeds/story.html",
    ]
    assert feed.link == "https://news.example/"


def test_atom_xml_base() -> None:
    body = """<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/news/">
      <title>Atom</title>
      <entry><id>urn:1</id><title type="html">Petro &amp;amp; Trump</title>
        <link rel="alternate" href="petro-trump"/>
        <updated>2026-02-03T15:30:00-05:00</updated>
        <author><name>Ana Gómez</name></author>
        <content type="html">&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</content>
      </entry>
    </feed>""".encode()
    entry = parse_feed(body, FEED_URL).entries[0]
    assert entry.link == "https://base.example/news/petro-trump"
    assert entry.guid == "urn:1"
    assert entry.title == "Petro & Trump"
    assert entry.summary == "First. Second."
    assert entry.published == datetime(2026, 2, 3, 20, 30, tzinfo=UTC)
    assert entry.author == "Ana Gómez"


def test_html_is_stripped_from_title_and_summary() -> None:
    feed = parse_feed(
        rss(
            "<item><title>Trump  &lt;b&gt;meets&lt;/b&gt;\n Petro</title>"
            "<description><![CDATA[<p>Talks in <a href='/x'>Washington</a></p>"
            "<script>alert(1)</script><style>p{}</style><ul><li>trade</li><li>drugs</li></ul>"
            "&nbsp;&amp; more]]></description></item>"
        ),
        FEED_URL,
    )
    entry = feed.entries[0]
    assert entry.title == "Trump meets Petro"
    assert entry.summary == "Talks in Washington trade drugs & more"


def test_html_to_text_keeps_words_apart_at_blocks() -> None:
    assert html_to_text("<p>one</p><p>two<br>three</p>") == "one two three"
    assert html_to_text("in<b>line</b> &eacute;t&eacute;") == "inline été"
    assert html_to_text("<script>x</script>") == ""


@pytest.mark.parametrize(
    ("date_xml", "expected"),
    [
        (
            "<pubDate>Tue, 03 Feb 2026 10:00:00 -0500</pubDate>",
            datetime(2026, 2, 3, 15, tzinfo=UTC),
        ),
        ("<pubDate>not a date</pubDate>", None),
        ("<pubDate>Tue, 03 Feb 99999 10:00:00 GMT</pubDate>", None),
        ("", None),
    ],
)
def test_dates(date_xml: str, expected: datetime | None) -> None:
    feed = parse_feed(rss(f"<item><title>x</title>{date_xml}</item>"), FEED_URL)
    assert feed.entries[0].published == expected


def test_missing_fields_are_none() -> None:
    entry = parse_feed(rss("<item><title>Only a title</title></item>"), FEED_URL).entries[0]
    assert (entry.guid, entry.link, entry.published, entry.author) == (None, None, None, None)
    assert entry.summary == ""


def test_bare_guid_is_not_taken_for_a_link() -> None:
    feed = parse_feed(
        rss(
            "<item><title>a</title><guid>12345</guid></item>"
            "<item><title>b</title><guid>https://a.example/b</guid></item>"
            "<item><title>c</title><guid isPermaLink='false'>x</guid><link>/c</link></item>"
        ),
        FEED_URL,
    )
    assert [(e.guid, e.link) for e in feed.entries] == [
        ("12345", None),
        ("https://a.example/b", "https://a.example/b"),
        ("x", "https://news.example/c"),
    ]


def test_non_http_links_are_dropped() -> None:
    feed = parse_feed(
        rss("<item><title>x</title><link>javascript:alert(1)</link></item>"), FEED_URL
    )
    assert feed.entries[0].link is None


def test_ttl_junk_is_ignored() -> None:
    assert (
        parse_feed(rss("", channel="<title>t</title><ttl>soon</ttl>"), FEED_URL).ttl_minutes is None
    )
    assert parse_feed(rss("", channel="<title>t</title><ttl>60</ttl>"), FEED_URL).ttl_minutes == 60


def test_feed_with_no_items_is_not_an_error() -> None:
    feed = parse_feed(rss("", channel="<title>Quiet</title>"), FEED_URL)
    assert feed.title == "Quiet"
    assert feed.entries == []
    assert feed.warning is None


def test_bozo_feed_with_entries_returns_warning() -> None:
    body = rss("<item><title>Kept &nbsp; anyway</title><link>https://a.example/1</link></item>")
    body = body.replace(b"</channel></rss>", b"")  # truncated download
    feed = parse_feed(body, FEED_URL)
    assert [e.link for e in feed.entries] == ["https://a.example/1"]
    assert feed.warning


def test_broken_feed_without_entries_keeps_warning() -> None:
    feed = parse_feed(b"<?xml version='1.0'?><rss version='2.0'><channel><item", FEED_URL)
    assert feed.entries == []
    assert feed.warning


def test_served_as_text_html_still_parses() -> None:
    feed = parse_feed(rss("<item><title>Bogotá</title></item>"), FEED_URL, "text/html")
    assert feed.entries[0].title == "Bogotá"
    assert feed.warning is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty body"),
        (b" \n\t ", "empty body"),
        (b"\xef\xbb\xbf", "empty body"),
        (b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>", "HTML page"),
        (b"<html><body><p>Not found</body></html>", "HTML page"),
        (b"<?xml version='1.0'?><config><a>1</a></config>", "not a feed"),
        (b"<?xml version='1.0'?><config><<<", "not a feed"),
        (b"just some text", "not a feed"),
        (b'{"hello": "world"}', "not a JSON Feed"),
        (b"[1, 2, 3]", "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON"),
    ],
)
def test_not_feeds(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(body, FEED_URL)


def test_json_feed_minimal_with_relative_url() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JF",
        "home_page_url": "https://jf.example/",
        "items": [
            {
                "id": 42,
                "url": "/posts/42",
                "title": "  Petro   visits <White> House ",
                "content_html": "<p>Body</p>",
                "date_published": "2026-02-03T12:00:00Z",
                "authors": [{"name": "A"}, {"url": "no name"}, "junk"],
            },
            "not an item",
            {"id": "", "content_text": "Untitled note"},
        ],
    }
    body = b"\xef\xbb\xbf  " + json.dumps(doc).encode()
    feed = parse_feed(body, "https://jf.example/feed.json", "application/feed+json")
    assert feed.title == "JF"
    assert feed.link == "https://jf.example/"
    first, second = feed.entries
    assert first.guid == "42"
    assert first.link == "https://jf.example/posts/42"
    assert first.title == "Petro visits <White> House"  # plain text stays as written
    assert first.summary == "Body"
    assert first.published == datetime(2026, 2, 3, 12, tzinfo=UTC)
    assert first.author == "A"
    assert second.guid is None
    assert second.title == "Untitled note"


def test_json_feed_wrong_types_are_tolerated() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": ["not", "a", "string"],
        "items": [{"id": None, "url": 5, "title": {"x": 1}, "date_published": 7, "author": "me"}],
    }
    feed = parse_feed(json.dumps(doc).encode(), FEED_URL)
    assert feed.title is None
    entry = feed.entries[0]
    assert (entry.guid, entry.link, entry.title, entry.published, entry.author) == (
        None,
        None,
        "",
        None,
        None,
    )


def test_json_content_type_with_xml_body_goes_to_xml() -> None:
    feed = parse_feed(rss("<item><title>x</title></item>"), FEED_URL, "application/json")
    assert feed.entries[0].title == "x"


# --- never anything but ParseError ----------------------------------------------


def parse_or_parse_error(body: bytes, content_type: str | None = None) -> None:
    try:
        result = parse_feed(body, FEED_URL, content_type)
    except ParseError:
        return
    assert isinstance(result, ParsedFeed)
    for entry in result.entries:
        assert isinstance(entry.title, str) and isinstance(entry.summary, str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([None, "text/xml", "application/json"]))
def test_random_bytes(body: bytes, content_type: str | None) -> None:
    parse_or_parse_error(body, content_type)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["<", "{", '<?xml version="1.0"?><rss version="2.0"><channel>', "<feed "]),
    st.text(max_size=500),
)
def test_random_text_after_plausible_start(start: str, rest: str) -> None:
    parse_or_parse_error((start + rest).encode("utf-8", "surrogatepass"))


SMALL_FEEDS = [
    "miniflux/koi8r.xml",
    "miniflux/utf8.xml",
    "miniflux/invalid-prolog.xml",
    "rsparser/EMarley.rss",
    "rsparser/authors.json",
    "rsparser/jsonfeed-extension.json",
]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(SMALL_FEEDS),
    cuts=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.binary(max_size=8)),
        max_size=6,
    ),
    truncate=st.one_of(st.none(), st.integers(0, 10_000)),
)
def test_mangled_real_feeds(
    corpus: Path, name: str, cuts: list[tuple[int, int, bytes]], truncate: int | None
) -> None:
    body = bytearray((corpus / name).read_bytes())
    for at, length, junk in cuts:
        at %= len(body) + 1
        body[at : at + length] = junk
    if truncate is not None:
        del body[truncate % (len(body) + 1) :]
    parse_or_parse_error(bytes(body))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
item_keys = st.sampled_from(
    [
        "id",
        "url",
        "external_url",
        "title",
        "summary",
        "content_text",
        "content_html",
        "date_published",
        "date_modified",
        "author",
        "authors",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(st.dictionaries(item_keys, json_values, max_size=6) | json_values, max_size=4),
    extra=st.dictionaries(
        st.sampled_from(["title", "feed_url", "home_page_url", "authors"]), json_values
    ),
)
def test_random_json_feeds(items: list[object], extra: dict[str, object]) -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": items, **extra}
    parse_or_parse_error(json.dumps(doc).encode())
    rss_doc = {"rss": {"channel": {"title": extra.get("title"), "item": items}}}
    parse_or_parse_error(json.dumps(rss_doc).encode())


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("rsparser/DaringFireball.json", "json1"),  # JSON Feed 1.0
        ("rsparser/3960.json", "json1.1"),  # JSON Feed 1.1
        ("rsparser/ScriptingNews.json", "rss-json"),
        ("rsparser/DaringFireball.atom", "atom10"),
        ("rsparser/atp.rss", "rss20"),
        ("rsparser/bio.rdf", "rdf"),
    ],
)
def test_format_is_reported(corpus: Path, name: str, fmt: str) -> None:
    feed = load(corpus, name)
    assert feed.format == fmt
    assert feed.entries


def test_aggregator_source_is_kept_and_cut_from_the_title() -> None:
    feed = parse_feed(
        rss(
            "<item><title>Petro y Trump se reúnen - El Tiempo</title>"
            "<link>https://news.google.com/rss/articles/CBMiX</link>"
            '<source url="https://www.eltiempo.com">El Tiempo</source></item>'
            "<item><title>Sin fuente - de nadie</title><link>/x</link></item>"
        ),
        FEED_URL,
    )
    first, second = feed.entries
    assert first.title == "Petro y Trump se reúnen"
    assert (first.source_name, first.source_link) == ("El Tiempo", "https://www.eltiempo.com")
    assert second.title == "Sin fuente - de nadie"
    assert (second.source_name, second.source_link) == (None, None)
