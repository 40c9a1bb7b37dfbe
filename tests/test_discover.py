"""Feed discovery and `monitor feeds add` against a loopback site serving real feeds."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.collect.discover import DiscoveryError, alternate_links, discover
from monitor.collect.fetch import Fetcher, FetchLimits
from monitor.collect.parsepool import ParsePool
from monitor.review.cli import app as cli_app
from monitor.review.cli.common import ExitCode
from monitor.service.app import App
from monitor.service.configcheck import load_config

# Small real feeds vendored from the shared corpus (licences in the folder's README).
FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def homepage(*links: str) -> str:
    head = "".join(links)
    return f"<!DOCTYPE html><html><head><title>Site</title>{head}</head><body>hi</body></html>"


@pytest.fixture
async def tools() -> AsyncIterator[tuple[Fetcher, ParsePool]]:
    fetcher = Fetcher(FetchLimits(timeout=10), allow_private=True)
    parser = ParsePool(1, 30)
    yield fetcher, parser
    await fetcher.aclose()
    await parser.aclose()


def serve_file(server: HTTPServer, path: str, name: str, content_type: str) -> None:
    server.expect_request(path).respond_with_data(
        (FEEDS / name).read_bytes(), content_type=content_type
    )


def test_alternate_links_in_document_order() -> None:
    page = homepage(
        '<link rel="stylesheet" href="/s.css">',
        '<link rel="alternate" type="application/rss+xml" title="Mundo" href="/rss/mundo.xml">',
        '<LINK REL="Alternate Feed" TYPE="application/atom+xml; charset=utf-8" HREF="atom">',
        '<link rel="alternate" type="application/feed+json" href="https://cdn.example/f.json">',
        '<link rel="alternate" type="text/html" hreflang="en" href="/en/">',
        '<link rel="alternate" type="application/rss+xml" href="/rss/mundo.xml">',
        '<link rel="alternate" type="application/rss+xml" href="javascript:x">',
    )
    assert alternate_links(page, "https://site.example/news/") == [
        "https://site.example/rss/mundo.xml",
        "https://site.example/news/atom",
        "https://cdn.example/f.json",
    ]


async def test_homepage_link_rel_alternate(
    httpserver: HTTPServer, tools: tuple[Fetcher, ParsePool]
) -> None:
    httpserver.expect_request("/").respond_with_data(
        homepage(
            '<link rel="alternate" type="application/rss+xml" href="/gone.xml">',
            '<link rel="alternate" type="application/rss+xml" href="/rss/emarley.rss">',
        ),
        content_type="text/html; charset=utf-8",
    )
    httpserver.expect_request("/gone.xml").respond_with_data("no", status=404)
    serve_file(httpserver, "/rss/emarley.rss", "EMarley.rss", "application/rss+xml")
    found = await discover(httpserver.url_for("/"), *tools)
    assert found.url == httpserver.url_for("/rss/emarley.rss")
    assert found.found_by == "<link rel=alternate>"
    assert found.format_name == "RSS 2.0"
    assert found.feed.title == "Stories by Liz Marley on Medium"
    assert len(found.feed.entries) == 10
    assert any("gone.xml" in t and "404" in t for t in found.tried)


@pytest.mark.parametrize(
    ("name", "format_name"),
    [("allthis.json", "JSON Feed 1.0"), ("jsonfeed-extension.json", "JSON Feed 1.1")],
)
async def test_json_feed_is_accepted(
    httpserver: HTTPServer, tools: tuple[Fetcher, ParsePool], name: str, format_name: str
) -> None:
    httpserver.expect_request("/").respond_with_data(
        homepage('<link rel="alternate" type="application/feed+json" href="/feed.json">'),
        content_type="text/html",
    )
    serve_file(httpserver, "/feed.json", name, "application/feed+json")
    found = await discover(httpserver.url_for("/"), *tools)
    assert found.format_name == format_name
    assert found.feed.entries


async def test_common_path_fallback(
    httpserver: HTTPServer, tools: tuple[Fetcher, ParsePool]
) -> None:
    httpserver.expect_request("/blog/").respond_with_data(homepage(), content_type="text/html")
    serve_file(httpserver, "/atom.xml", "small_atom.xml", "application/atom+xml")
    found = await discover(httpserver.url_for("/blog/"), *tools)
    assert found.url == httpserver.url_for("/atom.xml")
    assert found.found_by == "common path"
    assert found.format_name == "Atom 1.0"


async def test_feed_url_given_directly(
    httpserver: HTTPServer, tools: tuple[Fetcher, ParsePool]
) -> None:
    serve_file(httpserver, "/x.rdf", "bio.rdf", "application/rdf+xml")
    found = await discover(httpserver.url_for("/x.rdf"), *tools)
    assert found.found_by == "the URL itself"
    assert found.format_name == "RSS 1.0 (RDF)"
    assert [r.path for r, _ in httpserver.log] == ["/x.rdf"]


async def test_nothing_found_names_every_attempt(
    httpserver: HTTPServer, tools: tuple[Fetcher, ParsePool]
) -> None:
    httpserver.expect_request("/").respond_with_data(homepage(), content_type="text/html")
    with pytest.raises(DiscoveryError) as info:
        await discover(httpserver.url_for("/"), *tools)
    message = str(info.value)
    assert "no feed found" in message
    assert "HTML page" in message  # what the homepage itself was
    assert "/rss.xml" in message and "/feed.json" in message


async def test_unreachable_site(tools: tuple[Fetcher, ParsePool]) -> None:
    from tests.helpers import free_port

    with pytest.raises(DiscoveryError, match="cannot fetch"):
        await discover(f"http://127.0.0.1:{free_port()}/", *tools)


async def test_alternate_on_another_host_is_guarded(
    httpserver: HTTPServer, tools: tuple[Fetcher, ParsePool]
) -> None:
    # The page (on "localhost") points at a feed on 127.0.0.1: found inside a page,
    # so the private-address guard applies even though the site itself was allowed.
    fetcher = Fetcher(FetchLimits(timeout=5))
    feed_url = f"http://127.0.0.1:{httpserver.port}/elsewhere.xml"
    serve_file(httpserver, "/elsewhere.xml", "EMarley.rss", "application/rss+xml")
    httpserver.expect_request("/").respond_with_data(
        homepage(f'<link rel="alternate" type="application/rss+xml" href="{feed_url}">'),
        content_type="text/html",
    )
    try:
        with pytest.raises(DiscoveryError) as info:
            await discover(httpserver.url_for("/"), fetcher, tools[1])
    finally:
        await fetcher.aclose()
    assert f"{feed_url}: blocked" in str(info.value)
    assert "/elsewhere.xml" not in [r.path for r, _ in httpserver.log]


CONFIG = """# My monitor.
[storage]
url = "{db}"   # keep this comment

[[topics]]
name = "t"
query = "petro"   # and this one

[[feeds]]
name = "Old"
url = "https://old.example/rss"
"""


def test_feeds_add_appends_a_block_and_keeps_the_file(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/").respond_with_data(
        homepage('<link rel="alternate" type="application/rss+xml" href="/feed.rss">'),
        content_type="text/html",
    )
    serve_file(httpserver, "/feed.rss", "EMarley.rss", "application/rss+xml")
    config = tmp_path / "monitor.toml"
    db = f"sqlite:///{tmp_path / 'm.db'}"
    original = CONFIG.format(db=db)
    config.write_text(original, encoding="utf-8")
    config.chmod(0o640)
    runner = CliRunner()

    result = runner.invoke(
        cli_app,
        ["-c", str(config), "feeds", "add", httpserver.url_for("/"), "--interval", "20m"],
    )
    assert result.exit_code == 0, result.output
    assert "Found RSS 2.0 feed" in result.output
    assert "10 entries" in result.output
    assert "SIGHUP" in result.output
    text = config.read_text(encoding="utf-8")
    assert text.startswith(original)  # comments and all, untouched
    assert (config.stat().st_mode & 0o777) == 0o640
    feeds = tomllib.loads(text)["feeds"]
    assert feeds[-1]["url"] == httpserver.url_for("/feed.rss")
    assert feeds[-1]["interval"] == "20m"
    assert load_config(config).feeds[-1].interval == 1200

    # Adding it again, by homepage or by feed URL, is refused and changes nothing.
    for again in (httpserver.url_for("/"), httpserver.url_for("/feed.rss")):
        refused = runner.invoke(cli_app, ["-c", str(config), "feeds", "add", again])
        assert refused.exit_code == ExitCode.USAGE
        assert "already configured" in refused.output
        assert config.read_text(encoding="utf-8") == text


def test_feeds_add_bad_option_leaves_the_file_alone(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_file(httpserver, "/feed.rss", "EMarley.rss", "application/rss+xml")
    config = tmp_path / "monitor.toml"
    original = CONFIG.format(db=f"sqlite:///{tmp_path / 'm.db'}")
    config.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(
        cli_app,
        ["-c", str(config), "feeds", "add", httpserver.url_for("/feed.rss"), "--topic", "nope"],
    )
    assert result.exit_code == 2
    assert "unknown topic 'nope'" in result.output
    assert config.read_text(encoding="utf-8") == original
    assert not list(tmp_path.glob(".monitor.toml.*"))  # no temporary file left behind


def test_feeds_add_not_a_feed(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/").respond_with_data(homepage(), content_type="text/html")
    config = tmp_path / "monitor.toml"
    original = CONFIG.format(db=f"sqlite:///{tmp_path / 'm.db'}")
    config.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(
        cli_app, ["-c", str(config), "feeds", "add", httpserver.url_for("/")]
    )
    assert result.exit_code == ExitCode.FAILED
    assert "no feed found" in result.output
    assert config.read_text(encoding="utf-8") == original


async def test_added_feed_is_picked_up_on_reload(httpserver: HTTPServer, tmp_path: Path) -> None:
    from monitor.review.configedit import append_feed

    config = tmp_path / "monitor.toml"
    config.write_text(CONFIG.format(db=f"sqlite:///{tmp_path / 'm.db'}"), encoding="utf-8")
    async with App(load_config(config)) as app:
        append_feed(config, "https://new.example/rss", name="New")
        await app.reload(load_config(config))  # what SIGHUP does
        with app.store.tx() as tx:
            assert {f.url for f in tx.feeds(configured_only=True)} == {
                "https://old.example/rss",
                "https://new.example/rss",
            }


def test_feeds_add_never_writes_a_remote_title_that_expands_a_secret(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_TEST_ADD_SECRET", "hunter2-from-the-environment")
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        "<title>News ${MONITOR_TEST_ADD_SECRET} $${X}</title><link>https://x.example/</link>"
        "<item><title>One</title><link>https://x.example/1</link></item></channel></rss>"
    )
    httpserver.expect_request("/feed.rss").respond_with_data(rss, content_type="application/xml")
    config = tmp_path / "monitor.toml"
    config.write_text(CONFIG.format(db=f"sqlite:///{tmp_path / 'm.db'}"), encoding="utf-8")
    result = CliRunner().invoke(
        cli_app, ["-c", str(config), "feeds", "add", httpserver.url_for("/feed.rss")]
    )
    assert result.exit_code == 0, result.output
    assert "hunter2" not in config.read_text(encoding="utf-8")
    added = load_config(config).feeds[-1]
    assert added.name == "News ${MONITOR_TEST_ADD_SECRET} $${X}"
