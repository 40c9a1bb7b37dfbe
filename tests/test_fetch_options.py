"""Request options: user agent, headers, cookies, cookie files and proxies, per feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.collect.fetch import Fetcher, FetchError, FetchLimits, request_policy
from monitor.config import ConfigError, parse_config
from monitor.service.configcheck import problems
from monitor.service.logs import config_secrets
from tests.proxies import http_proxy, socks5_proxy, url_of

SECRET = "s3cr3t-cookie-value-9c1f"
TOKEN = "tok-5e2b7a-never-printed"


def config(fetch: dict[str, object], feeds: list[dict[str, object]]) -> dict[str, object]:
    return {
        "storage": {"url": "sqlite://"},
        "fetch": fetch,
        "topics": [{"name": "t", "query": "x"}],
        "feeds": feeds,
    }


def fetcher_for(data: dict[str, object], **kwargs: object) -> Fetcher:
    cfg = parse_config(data)
    return Fetcher(
        FetchLimits(timeout=5),
        policy=request_policy(cfg.fetch, cfg.feeds),
        **kwargs,  # type: ignore[arg-type]
    )


class Recorder:
    def __init__(self) -> None:
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        return Response("<rss/>", content_type="application/rss+xml")


async def test_feed_options_go_to_its_site_and_nowhere_else(httpserver: HTTPServer) -> None:
    seen = Recorder()
    httpserver.expect_request("/feed.xml").respond_with_handler(seen)
    httpserver.expect_request("/page").respond_with_handler(seen)
    feed = httpserver.url_for("/feed.xml")  # on localhost
    other = f"http://127.0.0.1:{httpserver.port}/page"  # another site, same server
    data = config(
        {"user_agent": "GlobalAgent/1", "headers": {"Accept-Language": "es"}},
        [
            {
                "url": feed,
                "user_agent": "FeedAgent/2",
                "headers": {"X-Api-Key": TOKEN},
                "cookies": {"session": SECRET, "consent": "yes"},
            }
        ],
    )
    async with fetcher_for(data, allow_private=True) as fetcher:
        await fetcher.fetch(feed)
        await fetcher.fetch(httpserver.url_for("/page"))  # the feed's site: its options
        await fetcher.fetch(other)  # not its site: the global ones only
    own, page, elsewhere = seen.requests
    for r in (own, page):
        assert r.headers["User-Agent"] == "FeedAgent/2"
        assert r.headers["X-Api-Key"] == TOKEN
        assert r.headers["Accept-Language"] == "es"
        assert dict(r.cookies) == {"session": SECRET, "consent": "yes"}
    assert elsewhere.headers["User-Agent"] == "GlobalAgent/1"
    assert elsewhere.headers["Accept-Language"] == "es"
    assert "X-Api-Key" not in elsewhere.headers
    assert "Cookie" not in elsewhere.headers


async def test_cookie_file_cookies_go_to_their_domain_only(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    jar = tmp_path / "cookies.txt"
    jar.write_text(
        "# Netscape HTTP Cookie File\n"
        f"127.0.0.1\tFALSE\t/\tFALSE\t4102444800\tsid\t{SECRET}\n"
        "127.0.0.1\tFALSE\t/private\tFALSE\t4102444800\tdeep\tno\n"
        "other.example\tFALSE\t/\tFALSE\t4102444800\tforeign\tno\n"
        "127.0.0.1\tFALSE\t/\tFALSE\t1000000000\told\texpired\n"
    )
    seen = Recorder()
    httpserver.expect_request("/feed.xml").respond_with_handler(seen)
    feed = f"http://127.0.0.1:{httpserver.port}/feed.xml"
    async with fetcher_for(
        config({"cookie_file": str(jar)}, [{"url": feed}]), allow_private=True
    ) as fetcher:
        await fetcher.fetch(feed)
    (request,) = seen.requests
    assert dict(request.cookies) == {"sid": SECRET}


async def test_http_proxy_carries_feed_requests_with_their_options(
    httpserver: HTTPServer,
) -> None:
    seen = Recorder()
    httpserver.expect_request("/feed.xml").respond_with_handler(seen)
    feed = httpserver.url_for("/feed.xml")
    with http_proxy() as proxy:
        data = config({"proxy": url_of(proxy, "http")}, [{"url": feed, "cookies": {"a": "1"}}])
        async with fetcher_for(data) as fetcher:
            result = await fetcher.fetch(feed)
    assert result.body == b"<rss/>"
    assert proxy.seen == [f"GET {feed}"]
    assert dict(seen.requests[0].cookies) == {"a": "1"}


async def test_a_feed_can_go_direct_past_the_global_proxy(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("<rss/>")
    feed = httpserver.url_for("/feed.xml")
    with http_proxy() as proxy:
        data = config({"proxy": url_of(proxy, "http")}, [{"url": feed, "proxy": "direct"}])
        async with fetcher_for(data) as fetcher:
            await fetcher.fetch(feed)
    assert proxy.seen == []


async def test_socks5_proxy_carries_requests(httpserver: HTTPServer) -> None:
    pytest.importorskip("socksio")
    httpserver.expect_request("/feed.xml").respond_with_data("<rss/>")
    feed = httpserver.url_for("/feed.xml")
    with socks5_proxy() as proxy:
        data = config({}, [{"url": feed, "proxy": url_of(proxy, "socks5")}])
        async with fetcher_for(data) as fetcher:
            result = await fetcher.fetch(feed)
    assert result.body == b"<rss/>"
    assert proxy.seen == [f"CONNECT localhost:{httpserver.port}"]


async def fake_dns(host: str, port: int) -> list[str]:
    """The internet's DNS as a test sees it: one public name, one pointing at loopback."""
    if host == "public.example":
        return ["198.51.99.1"]  # public (not a documentation range); never connected to
    if host == "rebind.example":
        return ["127.0.0.1"]
    raise OSError(f"no such host {host}")


async def test_through_a_proxy_the_guard_still_checks_the_target(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/page").respond_with_data("<html>page</html>")
    with http_proxy() as proxy:
        proxy.hosts["public.example"] = httpserver.port  # the proxy's own DNS
        data = config({"proxy": url_of(proxy, "http")}, [])
        async with fetcher_for(data, resolver=fake_dns) as fetcher:
            # a link found in a feed, to a private address: refused before the proxy
            for url in (
                f"http://rebind.example:{httpserver.port}/page",
                f"http://127.0.0.1:{httpserver.port}/page",
            ):
                with pytest.raises(FetchError) as refused:
                    await fetcher.fetch(url, guard=True)
                assert refused.value.kind == "blocked"
            assert proxy.seen == []
            # a public one goes through the proxy
            result = await fetcher.fetch(
                f"http://public.example:{httpserver.port}/page", guard=True
            )
    assert result.body == b"<html>page</html>"
    assert proxy.seen == [f"GET http://public.example:{httpserver.port}/page"]


@pytest.mark.parametrize(
    ("fetch", "feed", "expected"),
    [
        ({}, {"headers": {"Bad Name": "x"}}, "'Bad Name' is not a valid HTTP header name"),
        ({}, {"headers": {"Cookie": TOKEN}}, "use the cookies key"),
        ({}, {"headers": {"X-Token": TOKEN + "\r\nX-Evil: 1"}}, "contains a line break"),
        ({}, {"cookies": {"sid": TOKEN + ";evil=1"}}, "the value contains ';'"),
        ({"cookies": {"sid": TOKEN}}, {}, "they would go to every site"),
        ({"proxy": "ftp://proxy:21"}, {}, "expected a proxy URL"),
        ({}, {"proxy": "socks5://"}, "the proxy URL names no host"),
        ({}, {"user_agent": "A\nB"}, "non-empty user agent on one line"),
    ],
)
def test_bad_request_options_name_the_key_and_never_the_secret(
    fetch: dict[str, object], feed: dict[str, object], expected: str
) -> None:
    with pytest.raises(ConfigError) as bad:
        parse_config(config(fetch, [{"url": "https://news.example/feed", **feed}]))
    text = str(bad.value)
    assert expected in text
    assert text.startswith(("<config>: feeds[0].", "<config>: fetch"))
    assert TOKEN not in text


def test_check_config_reports_an_unreadable_cookie_file(tmp_path: Path) -> None:
    bad = tmp_path / "cookies.txt"
    bad.write_text("this is not a cookie file\n")
    cfg = parse_config(
        config(
            {"cookie_file": str(tmp_path / "missing.txt")},
            [{"url": "https://news.example/feed", "cookie_file": str(bad)}],
        )
    )
    found = problems(cfg)
    assert f"fetch.cookie_file: no such file: {tmp_path / 'missing.txt'}" in found
    assert any(p.startswith("feeds[0].cookie_file: not a Netscape cookies.txt") for p in found)


def test_header_and_cookie_values_are_registered_as_secrets() -> None:
    cfg = parse_config(
        config(
            {"headers": {"Authorization": f"Bearer {TOKEN}"}, "proxy": "http://u:pw-77x@p:3128"},
            [{"url": "https://news.example/feed", "cookies": {"sid": SECRET}}],
        )
    )
    found = config_secrets(cfg)
    assert f"Bearer {TOKEN}" in found
    assert SECRET in found
    assert "pw-77x" in found


def test_check_config_names_options_without_their_values(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from monitor.review.cli import app as cli

    path = tmp_path / "monitor.toml"
    path.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path}/m.db"\n'
        '[fetch]\nuser_agent = "Desk/1"\nproxy = "http://user:${PROXY_PASSWORD}@proxy:3128"\n'
        '[[topics]]\nname = "t"\nquery = "x"\n'
        '[[feeds]]\nurl = "https://news.example/feed"\n'
        'headers = { "X-Api-Key" = "${API_KEY}" }\ncookies = { sid = "${SID}" }\n'
    )
    env = {"PROXY_PASSWORD": "pw-41d9c", "API_KEY": TOKEN, "SID": SECRET}
    result = CliRunner().invoke(cli, ["-c", str(path), "check-config"], env=env)
    assert result.exit_code == 0, result.output
    assert "X-Api-Key=***" in result.output
    assert "sid=***" in result.output
    assert "user_agent='Desk/1'" in result.output
    for secret in env.values():
        assert secret not in result.output
