"""The private-address guard against a network that lies: DNS rebinding and redirects.

`Net` is a small internet on loopback: a DNS whose answers the test scripts (the same
name can answer differently on its second lookup, as a rebinding attacker's does), and
addresses each served by a real loopback HTTP server. "Public" addresses are served by
one server, "internal" ones (the intranet, the cloud metadata service) by another; the
internal server's log shows whether anything reached the intranet.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpcore
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.collect.discover import DiscoveryError, discover
from monitor.collect.fetch import Fetcher, FetchError, FetchLimits, FetchResult
from monitor.collect.parsepool import ParsePool
from monitor.pipeline import Pipeline
from monitor.service.app import build_parser
from monitor.storage import Store
from monitor.storage.migrate import ensure_schema
from tests.helpers import LoopbackStream
from tests.test_fetch_limits import make_config, rss

PUBLIC = "93.184.215.14"
OTHER_PUBLIC = "151.101.1.1"
INTERNAL = "10.0.0.5"
METADATA = "169.254.169.254"
DOWN = "8.8.4.4"  # public, and refuses connections here


class Net(httpcore.AsyncNetworkBackend):
    """Scripted DNS plus routing: each address goes to the loopback server serving it.

    Connecting to a name resolves it here, as the system would: a second lookup of a
    rebinding name gets the second answer.
    """

    def __init__(self, public: HTTPServer, internal: HTTPServer) -> None:
        self.dns: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        self.connected: list[str] = []
        self.tls_names: list[tuple[str, str | None]] = []
        self._ports = {PUBLIC: public.port, OTHER_PUBLIC: public.port}
        for address in (INTERNAL, METADATA, "127.0.0.1"):
            self._ports[address] = internal.port
        self._inner = httpcore.AnyIOBackend()

    async def resolve(self, host: str, port: int) -> list[str]:
        answers = self.dns.get(host.rstrip(".").lower())
        if not answers:
            raise OSError(f"no such host {host}")
        asked = self.lookups.count(host)
        self.lookups.append(host)
        return answers[min(asked, len(answers) - 1)]

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        address = host if _is_address(host) else (await self.resolve(host, port))[0]
        self.connected.append(address)
        if address not in self._ports:
            raise httpcore.ConnectError(f"connection to {address} refused")
        stream = await self._inner.connect_tcp("127.0.0.1", self._ports[address], timeout=timeout)
        return LoopbackStream(
            stream, (address, port), lambda name: self.tls_names.append((address, name))
        )

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def _public() -> Iterator[HTTPServer]:
    yield from _server()


@pytest.fixture(scope="module")
def _internal() -> Iterator[HTTPServer]:
    yield from _server()


@pytest.fixture
def public(_public: HTTPServer) -> HTTPServer:
    _public.clear()
    return _public


@pytest.fixture
def internal(_internal: HTTPServer) -> HTTPServer:
    """The intranet: everything it serves is secret, and it must never be asked."""
    _internal.clear()
    _internal.expect_request("/admin/delete").respond_with_data("deleted")
    _internal.expect_request("/latest/meta-data/").respond_with_data("iam/credentials")
    _internal.expect_request("/feed").respond_with_data(rss([]), content_type="application/rss+xml")
    return _internal


@pytest.fixture
def net(public: HTTPServer, internal: HTTPServer) -> Net:
    return Net(public, internal)


@pytest.fixture
async def fetcher(net: Net) -> AsyncIterator[Fetcher]:
    async with Fetcher(FetchLimits(timeout=5), network_backend=net, resolver=net.resolve) as f:
        yield f


def requested(server: HTTPServer) -> list[str]:
    return [request.full_path.rstrip("?") for request, _ in server.log]


async def attempt(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchResult | FetchError:
    try:
        return await fetcher.fetch(url, **kwargs)
    except FetchError as exc:
        return exc


def moved(public: HTTPServer, path: str, location: str, status: int = 301) -> None:
    public.expect_request(path).respond_with_data("", status=status, headers={"Location": location})


# --- DNS rebinding -------------------------------------------------------------


async def test_rebinding_name_is_connected_to_the_checked_address(
    fetcher: Fetcher, net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    # First answer public (what the check sees), every later one internal.
    net.dns["rebind.example"] = [[PUBLIC], [INTERNAL]]
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers["Host"])
        return Response("public page")

    public.expect_request("/admin/delete").respond_with_handler(handler)
    result = await attempt(fetcher, "http://rebind.example/admin/delete?id=1", guard=True)
    assert requested(internal) == []  # the intranet was never asked
    assert isinstance(result, FetchResult) and result.body == b"public page"
    assert net.lookups == ["rebind.example"]  # resolved once
    assert net.connected == [PUBLIC]
    assert seen == ["rebind.example"]  # Host header kept for the name


async def test_rebinding_on_a_redirect_hop_is_connected_to_the_checked_address(
    fetcher: Fetcher, net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    net.dns["news.example"] = [[PUBLIC]]
    net.dns["rebind.example"] = [[OTHER_PUBLIC], [INTERNAL]]
    moved(public, "/story", "http://rebind.example/admin/delete?id=1", status=302)
    public.expect_request("/admin/delete").respond_with_data("public page")
    result = await attempt(fetcher, "http://news.example/story", guard=True)
    assert requested(internal) == []
    assert isinstance(result, FetchResult) and result.body == b"public page"
    assert net.connected == [PUBLIC, OTHER_PUBLIC]


async def test_tls_is_verified_for_the_name_not_the_pinned_address(
    fetcher: Fetcher, net: Net, public: HTTPServer
) -> None:
    net.dns["secure.example"] = [[PUBLIC], [INTERNAL]]
    public.expect_request("/page").respond_with_data("tls page")
    result = await fetcher.fetch("https://secure.example/page", guard=True)
    assert result.body == b"tls page"
    assert net.connected == [PUBLIC]
    # SNI and certificate verification get the host name, on the connection to the IP
    assert net.tls_names == [(PUBLIC, "secure.example")]


async def test_the_next_checked_address_is_tried_when_one_refuses(
    fetcher: Fetcher, net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    net.dns["multi.example"] = [[DOWN, PUBLIC], [INTERNAL]]
    public.expect_request("/page").respond_with_data("public page")
    result = await fetcher.fetch("http://multi.example/page", guard=True)
    assert result.body == b"public page"
    assert net.connected == [DOWN, PUBLIC]
    assert net.lookups == ["multi.example"]
    assert requested(internal) == []


@pytest.mark.parametrize(
    "answer", [[INTERNAL], [PUBLIC, INTERNAL], [METADATA], ["127.0.0.1"], ["::1", PUBLIC]]
)
async def test_any_non_public_answer_refuses_the_host(
    fetcher: Fetcher, net: Net, public: HTTPServer, internal: HTTPServer, answer: list[str]
) -> None:
    net.dns["mixed.example"] = [answer]
    public.expect_request("/admin/delete").respond_with_data("public page")
    with pytest.raises(FetchError) as info:
        await fetcher.fetch("http://mixed.example/admin/delete?id=1", guard=True)
    assert info.value.kind == "blocked"
    assert "non-public" in str(info.value)
    assert net.connected == []
    assert requested(public) == requested(internal) == []


# --- redirects of URLs the operator named -----------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        f"http://{METADATA}/latest/meta-data/",
        "http://intranet.example/admin/delete?id=1",
        "http://127.0.0.1/admin/delete?id=1",
        "http://localhost/admin/delete?id=1",
        f"http://[::ffff:{INTERNAL}]/admin/delete?id=1",
    ],
)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_redirect_of_a_configured_feed_to_a_private_address_is_refused(
    fetcher: Fetcher,
    net: Net,
    public: HTTPServer,
    internal: HTTPServer,
    location: str,
    status: int,
) -> None:
    net.dns["feeds.example"] = [[PUBLIC]]
    net.dns["intranet.example"] = [[INTERNAL]]
    moved(public, "/rss", location, status)
    with pytest.raises(FetchError) as info:
        await fetcher.fetch("http://feeds.example/rss")  # guard off: the operator's URL
    assert info.value.kind == "blocked", str(info.value)
    assert requested(internal) == []


async def test_a_configured_intranet_feed_is_fetched_and_may_redirect_on_its_host(
    fetcher: Fetcher, net: Net, internal: HTTPServer, public: HTTPServer
) -> None:
    # The operator named an intranet host: that host is theirs to choose...
    net.dns["intranet.example"] = [[INTERNAL]]
    net.dns["feeds.example"] = [[PUBLIC]]
    internal.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/feed"})
    result = await fetcher.fetch("http://intranet.example/old")
    assert result.permanent_redirect == "http://intranet.example/feed"
    assert b"<rss" in result.body
    # ...but not a licence for it to send the monitor elsewhere inside the network.
    internal.expect_request("/jump").respond_with_data(
        "", status=302, headers={"Location": f"http://{METADATA}/latest/meta-data/"}
    )
    with pytest.raises(FetchError) as info:
        await fetcher.fetch("http://intranet.example/jump")
    assert info.value.kind == "blocked"
    assert "/latest/meta-data/" not in requested(internal)


async def test_a_moved_feed_is_guarded_on_its_new_host(
    fetcher: Fetcher, net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    # The feed moved (301) to another host while it was public; now that host's name
    # points into the intranet. Polling the stored address must not follow it there.
    net.dns["feeds.example"] = [[PUBLIC]]
    net.dns["new-home.example"] = [[OTHER_PUBLIC]]
    moved(public, "/rss", "http://new-home.example/feed")
    public.expect_request("/feed").respond_with_data(rss([]), content_type="application/rss+xml")
    result = await fetcher.fetch("http://feeds.example/rss")
    assert result.permanent_redirect == "http://new-home.example/feed"
    net.dns["new-home.example"] = [[INTERNAL]]
    with pytest.raises(FetchError) as info:
        await fetcher.fetch(result.permanent_redirect, named="http://feeds.example/rss")
    assert info.value.kind == "blocked"
    assert requested(internal) == []


async def test_allow_private_follows_redirects_anywhere(
    net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    net.dns["feeds.example"] = [[PUBLIC]]
    moved(public, "/rss", f"http://{INTERNAL}/feed")
    async with Fetcher(
        FetchLimits(timeout=5), allow_private=True, network_backend=net, resolver=net.resolve
    ) as f:
        result = await f.fetch("http://feeds.example/rss", guard=True)
    assert b"<rss" in result.body
    assert requested(internal) == ["/feed"]


# --- the same through the pipeline and discovery ------------------------------------


async def test_a_feed_moved_permanently_into_the_intranet_is_not_stored(
    sqlite_url: str, net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    net.dns["feeds.example"] = [[PUBLIC]]
    moved(public, "/rss", f"http://{METADATA}/latest/meta-data/")
    cfg = make_config(sqlite_url, ["http://feeds.example/rss"])
    store = Store(sqlite_url)
    ensure_schema(store)
    parser = build_parser(cfg)
    fetcher = Fetcher(FetchLimits(timeout=5), network_backend=net, resolver=net.resolve)
    try:
        pipeline = Pipeline(cfg, store, fetcher, parser)
        pipeline.sync_feeds()
        for _ in range(2):
            (report,) = (await pipeline.poll_all()).feeds
            assert report.status == "error" and "blocked" in (report.error or "")
            with store.tx() as tx:
                (feed,) = tx.feeds()
                assert feed.fetch_url is None  # still polled at the configured address
                assert "blocked" in (feed.last_error or "")
    finally:
        await parser.aclose()
        await fetcher.aclose()
        store.close()
    assert requested(internal) == []


async def test_discovery_candidates_on_the_named_host_cannot_redirect_inward(
    net: Net, public: HTTPServer, internal: HTTPServer
) -> None:
    # `feeds add http://site.example/`: the page's own feed link, and the common feed
    # paths, are on the site's host; each redirects into the intranet.
    net.dns["site.example"] = [[PUBLIC]]
    net.dns["intranet.example"] = [[INTERNAL]]
    public.expect_request("/").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head><body>news</body></html>",
        content_type="text/html",
    )
    for path in ("/feed.xml", "/feed", "/rss", "/rss.xml"):
        moved(public, path, "http://intranet.example/feed", status=302)
    fetcher = Fetcher(FetchLimits(timeout=5), network_backend=net, resolver=net.resolve)
    parser = ParsePool(1, 30)
    try:
        with pytest.raises(DiscoveryError) as info:
            await discover("http://site.example/", fetcher, parser)
    finally:
        await fetcher.aclose()
        await parser.aclose()
    assert "http://site.example/feed.xml: blocked" in str(info.value)
    assert requested(internal) == []
