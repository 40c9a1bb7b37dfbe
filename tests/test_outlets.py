"""Outlets by name: two feeds (or hosts) of one outlet count once, and every place that
shows outlets (webhook payloads, `monitor stories`, alert reasons) names them."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.collect.fetch import Fetcher, FetchLimits
from monitor.collect.outlets import ArticleSource, group, names_by_row, site_key
from monitor.config import parse_config
from monitor.review.cli import app as cli_app
from monitor.service.app import App
from tests.helpers import InternetOnLoopback, Receiver


def test_site_key_is_the_registered_domain_or_the_host_and_port() -> None:
    assert site_key("feeds.bbc.co.uk") == "bbc.co.uk"
    assert site_key("https://english.elpais.com/x") == "elpais.com"
    assert site_key("www.eltiempo.com") == "eltiempo.com"
    # a public suffix of its own: two blogs are two outlets
    assert site_key("a.blogspot.com") != site_key("b.blogspot.com")
    # no registered domain: host and port, as the demo's loopback outlets are
    assert site_key("127.0.0.1:8001") == "127.0.0.1:8001"
    assert site_key("http://127.0.0.1:8002/feed.xml") == "127.0.0.1:8002"
    assert site_key("https://www.bbc.co.uk:443/news") == "bbc.co.uk"


def test_sections_subdomains_and_one_name_on_two_domains_are_one_outlet() -> None:
    rows = [
        ArticleSource("www.eltiempo.com", "El Tiempo: Mundo"),
        ArticleSource("www.eltiempo.com", "El Tiempo: Política"),
        ArticleSource("elpais.com", "El País: América"),
        ArticleSource("english.elpais.com", "EL PAÍS English"),
        ArticleSource("bbc.com", "BBC News"),
        ArticleSource("bbc.co.uk", "BBC  news"),  # case and spacing do not count
        ArticleSource("127.0.0.1:8001", None),
        ArticleSource("127.0.0.1:8002", None),
        ArticleSource("a.blogspot.com", "A blog"),
        ArticleSource("b.blogspot.com", "B blog"),
    ]
    outlets = group(rows)
    assert [o.name for o in outlets] == [
        "El Tiempo",
        "El País",
        "BBC News",
        "127.0.0.1:8001",
        "127.0.0.1:8002",
        "A blog",
        "B blog",
    ]
    assert outlets[1].hosts == ("elpais.com", "english.elpais.com")
    assert names_by_row(outlets, len(rows))[3] == "El País"


def test_an_unfollowed_aggregator_link_is_its_named_outlet_not_the_aggregator() -> None:
    rows = [
        ArticleSource("news.google.com", "Reuters", unresolved=True),
        ArticleSource("news.google.com", "AP", unresolved=True),
        ArticleSource("reuters.com", "Reuters"),
    ]
    assert [(o.name, o.site) for o in group(rows)] == [
        ("Reuters", "reuters.com"),
        ("AP", "ap"),
    ]


def test_the_most_used_name_wins_when_names_share_nothing() -> None:
    rows = [
        ArticleSource("www.semana.com", "Revista Semana"),
        ArticleSource("semana.com", "Semana.com"),
        ArticleSource("semana.com", "Semana.com"),
    ]
    assert [o.name for o in group(rows)] == ["Semana.com"]


WIRE = [
    "Colombian President Gustavo Petro met President Donald Trump at the White House on "
    "Tuesday, a meeting both sides described as productive after weeks of threats.",
    "The two leaders discussed tariffs on Colombian coffee and flowers, and agreed that "
    "their trade ministers would meet in Bogota before the end of March.",
    "Petro said counternarcotics cooperation would continue under a new working group, "
    "which is to report to both presidents within ninety days.",
    "Trump called the talks very good and said he would visit Cartagena later this year, "
    "according to a joint statement issued after the meeting.",
]


def _page(title: str, site_name: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in WIRE)
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="{site_name}"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def _feed(title: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Petro and Trump meet</title><link>{link}</link>"
        "<description>Petro and Trump met at the White House.</description></item>"
        for link in links
    )
    channel = f"<channel><title>{title}</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


# feed URL -> (configured name, feed title, article links); each link's page names its site
FEEDS = {
    "https://www.eltiempo.com/rss/mundo.xml": (
        "El Tiempo: Mundo",
        "EL TIEMPO - Mundo",
        ["https://www.eltiempo.com/mundo/petro-trump.html"],
    ),
    "https://www.eltiempo.com/rss/politica.xml": (
        "El Tiempo: Política",
        "EL TIEMPO - Política",
        ["https://www.eltiempo.com/politica/reunion.html"],
    ),
    "https://elpais.com/rss/america.xml": (
        "El País: América",
        "EL PAÍS América",
        ["https://elpais.com/america/petro-trump.html"],
    ),
    "https://english.elpais.com/rss/feed.xml": (
        None,
        "EL PAÍS English",
        ["https://english.elpais.com/international/petro-trump.html"],
    ),
    # The BBC's feeds live on another domain than its pages: the page names the site.
    "https://feeds.bbci.co.uk/news/world/rss.xml": (
        "BBC feed",
        "BBC News - World",
        ["https://www.bbc.com/news/articles/petro-trump"],
    ),
}
SITE_NAMES = {
    "www.eltiempo.com": "ELTIEMPO.COM",
    "elpais.com": "Ediciones EL PAÍS S.L.",
    "english.elpais.com": "EL PAÍS English Edition",
    "www.bbc.com": "BBC News",
}


@pytest.fixture
def internet(httpserver: HTTPServer) -> HTTPServer:
    for url, (_, title, links) in FEEDS.items():
        httpserver.expect_request("/" + url.split("/", 3)[3]).respond_with_data(
            _feed(title, links), content_type="application/rss+xml"
        )
        for link in links:
            host, path = link.split("/", 3)[2:]
            httpserver.expect_request("/" + path).respond_with_data(
                _page("Petro and Trump meet", SITE_NAMES[host]), content_type="text/html"
            )
    return httpserver


async def test_two_feeds_of_one_outlet_count_once_in_the_payload_and_the_cli(
    sqlite_url: str, internet: HTTPServer, tmp_path: Path
) -> None:
    receiver = Receiver(internet)
    feeds = [{"url": u, **({"name": n} if n else {})} for u, (n, _, _) in FEEDS.items()]
    cfg = parse_config(
        {
            "storage": {"url": sqlite_url},
            "topics": [{"name": "t", "query": "petro AND trump"}],
            "feeds": feeds,
            "rules": [{"name": "r", "channels": ["hook"], "group_wait": "0s"}],
            "channels": [{"name": "hook", "type": "webhook", "url": receiver.url}],
            "alerts": {"backfill": "off"},
        }
    )
    async with App(cfg) as app:
        await app.fetcher.aclose()
        app.fetcher = app.pipeline.resolver.fetcher = Fetcher(
            FetchLimits(timeout=10),
            network_backend=InternetOnLoopback(internet.port),
            resolver=InternetOnLoopback.resolve,
        )
        summary = await app.run_once()
        assert [f.status for f in summary.cycle.feeds] == ["ok"] * len(FEEDS)
        assert summary.cycle.total("relevant") == 5

    (body,) = receiver.bodies
    story = body["story"]
    # Five articles on four hosts of three outlets.
    assert len(story["articles"]) == 5
    assert story["outlets"] == 3
    assert story["outlet_names"] == ["BBC News", "El País", "El Tiempo"]
    # The desk's names for the outlets' own feeds, their shared part for two sections,
    # the page's site name where the feed is on another domain than the pages.
    assert [a["source"] for a in story["articles"]] == [
        "El Tiempo",
        "El Tiempo",
        "El País",
        "El País",
        "BBC News",
    ]

    config = tmp_path / "monitor.toml"
    config.write_text(
        f'[storage]\nurl = "{sqlite_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    shown = CliRunner().invoke(cli_app, ["-c", str(config), "stories", "show", "1"])
    assert shown.exit_code == 0, shown.output
    assert "outlets: BBC News, El País, El Tiempo" in shown.output


def test_concurrent_first_lookups_load_the_suffix_list_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The resolver's threads ask for sites at once: the list is parsed once, not per thread."""
    import tld.trie
    import tld.utils

    from monitor.collect import outlets

    loads = []
    real_init = tld.trie.Trie.__init__

    def counting_init(self: tld.trie.Trie) -> None:
        loads.append(1)
        real_init(self)

    monkeypatch.setattr(tld.trie.Trie, "__init__", counting_init)
    monkeypatch.setattr(tld.utils, "tld_names", {})
    outlets._registered_domain.cache_clear()
    site_key.cache_clear()
    start = threading.Barrier(16)
    sites: list[str] = []

    def ask(i: int) -> None:
        start.wait()
        sites.append(site_key(f"https://news{i}.example.co.uk/a"))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outlets._registered_domain.cache_clear()
    site_key.cache_clear()
    assert sites == ["example.co.uk"] * 16
    assert len(loads) == 1


def test_the_suffix_list_is_loaded_as_tld_loads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """`load_suffix_list` builds tld's tree node for node as tld's own loader does, and
    tld then uses it rather than reading the file again."""
    import tld.trie
    import tld.utils

    from monitor.collect.outlets import load_suffix_list

    def tree(node: tld.trie.TrieNode) -> tuple[object, ...]:
        children = node.children or {}
        kids = tuple(sorted((k, tree(v)) for k, v in children.items()))
        return (node.leaf, node.private, node.exception, node.children is None, kids)

    key = tld.utils.MozillaTLDSourceParser.local_path
    monkeypatch.setattr(tld.utils, "tld_names", {})
    tld.utils.get_tld_names()
    theirs = tld.utils.tld_names[key]
    monkeypatch.setattr(tld.utils, "tld_names", {})
    load_suffix_list()
    ours = tld.utils.tld_names[key]
    assert len(ours) == len(theirs) > 5_000
    assert tree(ours.root) == tree(theirs.root)
    tld.utils.get_tld_names()
    assert tld.utils.tld_names[key] is ours  # not read again
    hosts = ["feeds.bbc.co.uk", "a.blogspot.com", "x.city.kawasaki.jp", "www.ck", "127.0.0.1"]
    found = [tld.get_fld(h, fix_protocol=True, fail_silently=True) for h in hosts]
    assert found == ["bbc.co.uk", "a.blogspot.com", "city.kawasaki.jp", "www.ck", None]
