"""Fetcher against real loopback HTTP servers."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor import USER_AGENT
from monitor.collect.fetch import Fetcher, FetchError, FetchLimits, is_forbidden_address
from tests.helpers import LoopbackBackend

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture(scope="module")
def _server6() -> Iterator[HTTPServer]:
    try:
        server = HTTPServer(host="::1", port=0, threaded=True)
        server.start()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    yield server
    server.clear()
    server.stop()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(FetchLimits(timeout=5.0)) as f:
        yield f


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def fetch_error(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        await fetcher.fetch(url, **kwargs)
    return info.value


# --- basics -------------------------------------------------------------------


async def test_plain_get_sends_identity_and_lowercases_headers(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    seen: dict[str, str] = {}

    def handler(request: Request) -> Response:
        seen.update(request.headers)
        return Response(FEED, headers={"Content-Type": "application/rss+xml", "X-Odd-Case": "1"})

    server.expect_request("/feed").respond_with_handler(handler)
    result = await fetcher.fetch(server.url_for("/feed"))

    assert result.status == 200
    assert result.body == FEED
    assert result.url == result.final_url == server.url_for("/feed")
    assert result.content_type == "application/rss+xml"
    assert result.headers["x-odd-case"] == "1"
    assert all(name == name.lower() for name in result.headers)
    assert result.permanent_redirect is None
    assert not result.not_modified
    assert seen["User-Agent"] == USER_AGENT
    assert seen["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in seen


async def test_a_cookie_a_server_sets_is_sent_back_and_one_never_set_is_not(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    """A cookie a server sets (in any case of the header's name) is kept and sent on later
    requests to that site; none is sent before one is set."""
    sent: list[str | None] = []

    def handler(request: Request) -> Response:
        sent.append(request.headers.get("Cookie"))
        step = request.args.get("step")
        headers = {"set-cookie": "session=abc; Path=/"} if step == "set" else {}
        if step == "set2":
            headers = {"SET-COOKIE": "second=xyz; Path=/"}
        return Response(FEED, headers=headers)

    server.expect_request("/c").respond_with_handler(handler)
    for step in ("plain", "plain", "set", "plain", "set2", "plain"):
        assert (await fetcher.fetch(server.url_for("/c") + f"?step={step}")).body == FEED
    assert sent[:3] == [None, None, None]
    assert sent[3] == "session=abc"
    assert sent[5] is not None and sorted(sent[5].split("; ")) == ["second=xyz", "session=abc"]


async def test_conditional_get_304(server: HTTPServer, fetcher: Fetcher) -> None:
    etag, modified = '"v1"', "Tue, 03 Feb 2026 10:00:00 GMT"
    server.expect_request(
        "/feed", headers={"If-None-Match": etag, "If-Modified-Since": modified}
    ).respond_with_data("", status=304, headers={"ETag": etag})
    server.expect_request("/feed").respond_with_data(
        FEED, headers={"ETag": etag, "Last-Modified": modified}
    )

    first = await fetcher.fetch(server.url_for("/feed"))
    assert first.body == FEED
    assert (first.etag, first.last_modified) == (etag, modified)

    second = await fetcher.fetch(
        server.url_for("/feed"), etag=first.etag, last_modified=first.last_modified
    )
    assert second.not_modified
    assert second.status == 304
    assert second.body == b""
    assert second.etag == etag


async def test_gzip_body_is_decoded(server: HTTPServer, fetcher: Fetcher) -> None:
    payload = FEED * 200
    server.expect_request("/gz").respond_with_data(
        gzip.compress(payload), headers={"Content-Encoding": "gzip"}
    )
    result = await fetcher.fetch(server.url_for("/gz"))
    assert result.body == payload


async def test_deflate_body_is_decoded(server: HTTPServer, fetcher: Fetcher) -> None:
    payload = FEED * 50
    server.expect_request("/deflate").respond_with_data(
        zlib.compress(payload), headers={"Content-Encoding": "deflate"}
    )
    assert (await fetcher.fetch(server.url_for("/deflate"))).body == payload


class _KeepAliveHandler(BaseHTTPRequestHandler):
    # Werkzeug always answers "Connection: close", so reuse needs a server that keeps alive.
    protocol_version = "HTTP/1.1"
    peers: ClassVar[list[int]] = []

    def do_GET(self) -> None:
        self.peers.append(self.client_address[1])
        self.send_response(200)
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, format: str, *args: Any) -> None:
        pass


async def test_connection_is_reused(fetcher: Fetcher) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAliveHandler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/feed"
        _KeepAliveHandler.peers.clear()
        for _ in range(3):
            assert (await fetcher.fetch(url)).body == FEED
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(_KeepAliveHandler.peers) == 3
    assert len(set(_KeepAliveHandler.peers)) == 1  # one TCP connection for all three


class _SlowKeepAliveHandler(_KeepAliveHandler):
    """Answers after a pause, counting the connections open at once."""

    lock = threading.Lock()
    open_now = 0
    most_open = 0

    def handle(self) -> None:
        cls = _SlowKeepAliveHandler
        with cls.lock:
            cls.open_now += 1
            cls.most_open = max(cls.most_open, cls.open_now)
        try:
            super().handle()
        finally:
            with cls.lock:
                cls.open_now -= 1

    def do_GET(self) -> None:
        time.sleep(0.05)
        super().do_GET()


async def test_pool_bounds_connections_and_keeps_the_idle_ones() -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _SlowKeepAliveHandler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    _KeepAliveHandler.peers.clear()
    _SlowKeepAliveHandler.most_open = 0
    url = f"http://127.0.0.1:{httpd.server_address[1]}/feed"
    try:
        async with Fetcher(FetchLimits(max_connections=6, max_keepalive=3)) as f:
            bodies = await asyncio.gather(*(f.fetch(url) for _ in range(20)))
            assert all(b.body == FEED for b in bodies)
            burst = set(_KeepAliveHandler.peers)
            _KeepAliveHandler.peers.clear()
            for _ in range(5):
                assert (await f.fetch(url)).body == FEED
            after = _KeepAliveHandler.peers
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert _SlowKeepAliveHandler.most_open <= 6  # at most max_connections in use
    assert len(burst) == 6  # each of the 6 reused within the burst
    assert len(set(after)) == 1 and after[0] in burst  # a kept connection, reused


class _CountingKeepAliveHandler(_KeepAliveHandler):
    """Counts the connections open at once (a closed one ends `handle`)."""

    lock = threading.Lock()
    open_now = 0

    def handle(self) -> None:
        cls = _CountingKeepAliveHandler
        with cls.lock:
            cls.open_now += 1
        try:
            super().handle()
        finally:
            with cls.lock:
                cls.open_now -= 1


async def test_idle_connection_past_its_keep_alive_is_closed(server: HTTPServer) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _CountingKeepAliveHandler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server.expect_request("/other").respond_with_data(FEED)
    try:
        async with Fetcher() as f:
            await f.fetch(f"http://127.0.0.1:{httpd.server_address[1]}/feed")
            await asyncio.sleep(0.2)
            assert _CountingKeepAliveHandler.open_now == 1  # kept for the next request
            await asyncio.sleep(6)  # past the 5 s keep-alive
            await f.fetch(server.url_for("/other"))  # any request closes the expired
            for _ in range(50):
                if _CountingKeepAliveHandler.open_now == 0:
                    break
                await asyncio.sleep(0.05)
            assert _CountingKeepAliveHandler.open_now == 0
    finally:
        httpd.shutdown()
        httpd.server_close()


async def test_context_manager_closes_client(server: HTTPServer) -> None:
    server.expect_request("/feed").respond_with_data(FEED)
    async with Fetcher() as f:
        assert (await f.fetch(server.url_for("/feed"))).body == FEED
        assert not f.closed
    assert f.closed


# --- size caps ----------------------------------------------------------------


async def test_cap_with_content_length(server: HTTPServer) -> None:
    server.expect_request("/big").respond_with_data(b"x" * 5000)
    async with Fetcher(FetchLimits(max_bytes=1000)) as f:
        err = await fetch_error(f, server.url_for("/big"))
    assert err.kind == "too_large"
    assert "Content-Length" in str(err)
    assert "1000 bytes" in str(err)
    assert not err.retryable


async def test_cap_without_content_length(server: HTTPServer) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"y" * 100

    server.expect_request("/stream").respond_with_handler(lambda _r: Response(chunks()))
    async with Fetcher(FetchLimits(max_bytes=1000)) as f:
        err = await fetch_error(f, server.url_for("/stream"))
    assert err.kind == "too_large"
    assert "Content-Length" not in str(err)


async def test_body_exactly_at_cap_is_accepted(server: HTTPServer) -> None:
    server.expect_request("/exact").respond_with_data(b"z" * 1000)
    async with Fetcher(FetchLimits(max_bytes=1000)) as f:
        assert len((await f.fetch(server.url_for("/exact"))).body) == 1000


async def test_gzip_bomb_hits_decoded_cap(server: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (32 * 1024 * 1024), compresslevel=9)
    cap = 1024 * 1024
    assert len(bomb) < cap  # Content-Length alone cannot catch it
    server.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        async with Fetcher(FetchLimits(max_bytes=cap)) as f:
            err = await fetch_error(f, server.url_for("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.kind == "too_large"
    assert "body exceeds" in str(err)
    # Inflating whole network chunks would have needed tens of megabytes here.
    assert peak < 16 * cap


async def test_raw_deflate_and_multi_member_gzip(server: HTTPServer, fetcher: Fetcher) -> None:
    squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = squeezer.compress(FEED) + squeezer.flush()
    server.expect_request("/raw").respond_with_data(
        raw_deflate, headers={"Content-Encoding": "deflate"}
    )
    server.expect_request("/members").respond_with_data(
        gzip.compress(b"first ") + gzip.compress(b"second"), headers={"Content-Encoding": "gzip"}
    )
    assert (await fetcher.fetch(server.url_for("/raw"))).body == FEED
    assert (await fetcher.fetch(server.url_for("/members"))).body == b"first second"


async def test_decoded_cap_is_exact_for_compressed_bodies(server: HTTPServer) -> None:
    server.expect_request("/fits").respond_with_data(
        gzip.compress(b"a" * 5000), headers={"Content-Encoding": "gzip"}
    )
    server.expect_request("/over").respond_with_data(
        gzip.compress(b"a" * 5001), headers={"Content-Encoding": "gzip"}
    )
    async with Fetcher(FetchLimits(max_bytes=5000)) as f:
        assert (await f.fetch(server.url_for("/fits"))).body == b"a" * 5000
        assert (await fetch_error(f, server.url_for("/over"))).kind == "too_large"


async def test_corrupt_gzip_is_an_http_error(server: HTTPServer, fetcher: Fetcher) -> None:
    server.expect_request("/bad").respond_with_data(
        b"definitely not gzip", headers={"Content-Encoding": "gzip"}
    )
    err = await fetch_error(fetcher, server.url_for("/bad"))
    assert err.kind == "http"
    assert err.status == 200
    assert not err.retryable


# --- redirects ----------------------------------------------------------------


def redirect(server: HTTPServer, path: str, location: str, status: int = 302) -> None:
    server.expect_request(path).respond_with_data("", status=status, headers={"Location": location})


async def test_redirect_chain_with_relative_locations(server: HTTPServer, fetcher: Fetcher) -> None:
    redirect(server, "/a/start", "next", 302)  # relative to /a/
    redirect(server, "/a/next", "/final", 301)  # absolute path
    server.expect_request("/final").respond_with_data(FEED)

    result = await fetcher.fetch(server.url_for("/a/start"))
    assert result.body == FEED
    assert result.url == server.url_for("/a/start")
    assert result.final_url == server.url_for("/final")
    assert result.permanent_redirect is None  # one hop was a 302


async def test_permanent_redirect_reported(server: HTTPServer, fetcher: Fetcher) -> None:
    redirect(server, "/old", "/middle", 301)
    redirect(server, "/middle", server.url_for("/new"), 308)
    server.expect_request("/new").respond_with_data(FEED)

    result = await fetcher.fetch(server.url_for("/old"))
    assert result.permanent_redirect == server.url_for("/new")
    assert result.final_url == server.url_for("/new")


async def test_permanent_redirect_reported_on_304(server: HTTPServer, fetcher: Fetcher) -> None:
    redirect(server, "/moved", "/here", 301)
    server.expect_request("/here", headers={"If-None-Match": '"e"'}).respond_with_data(
        "", status=304
    )
    result = await fetcher.fetch(server.url_for("/moved"), etag='"e"')
    assert result.not_modified
    assert result.permanent_redirect == server.url_for("/here")


async def test_redirect_loop(server: HTTPServer, fetcher: Fetcher) -> None:
    redirect(server, "/ping", "/pong")
    redirect(server, "/pong", "/ping")
    err = await fetch_error(fetcher, server.url_for("/ping"))
    assert err.kind == "redirects"
    assert "loop" in str(err)
    assert not err.retryable


async def test_too_many_redirects(server: HTTPServer) -> None:
    for i in range(6):
        redirect(server, f"/hop{i}", f"/hop{i + 1}")
    server.expect_request("/hop6").respond_with_data(FEED)
    async with Fetcher(FetchLimits(max_redirects=3)) as f:
        err = await fetch_error(f, server.url_for("/hop0"))
        assert err.kind == "redirects"
        assert "more than 3" in str(err)
        # Exactly the limit is fine.
        result = await f.fetch(server.url_for("/hop3"))
        assert result.final_url == server.url_for("/hop6")


async def test_redirect_to_other_scheme_is_blocked(server: HTTPServer, fetcher: Fetcher) -> None:
    redirect(server, "/to-file", "file:///etc/passwd")
    err = await fetch_error(fetcher, server.url_for("/to-file"))
    assert err.kind == "blocked"


async def test_redirect_without_location_is_http_error(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    server.expect_request("/noloc").respond_with_data("", status=302)
    err = await fetch_error(fetcher, server.url_for("/noloc"))
    assert (err.kind, err.status) == ("http", 302)


# --- HTTP errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retry_after", "retryable"),
    [
        (404, None, False),
        (403, None, False),
        (410, None, False),
        (500, None, True),
        (503, "Tue, 03 Feb 2026 12:00:00 GMT", True),
        (429, "120", True),
    ],
)
async def test_http_errors(
    server: HTTPServer,
    fetcher: Fetcher,
    status: int,
    retry_after: str | None,
    retryable: bool,
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else {}
    server.expect_request("/err").respond_with_data("nope", status=status, headers=headers)
    err = await fetch_error(fetcher, server.url_for("/err"))
    assert err.kind == "http"
    assert err.status == status
    assert err.retry_after == retry_after
    assert err.retryable is retryable
    assert str(status) in str(err)


def test_retryable_by_kind() -> None:
    assert FetchError("timeout", "t").retryable
    assert FetchError("connection", "c").retryable
    for kind in ("too_large", "redirects", "blocked"):
        assert not FetchError(kind, "x").retryable


# --- timeouts and connection problems -----------------------------------------


async def test_total_timeout_with_trickling_body(server: HTTPServer) -> None:
    def trickle() -> Iterator[bytes]:
        for _ in range(40):
            yield b"<"
            time.sleep(0.05)

    server.expect_request("/slow").respond_with_handler(lambda _r: Response(trickle()))
    # Each read completes well within the limit; only the total is exceeded.
    async with Fetcher(FetchLimits(timeout=0.5)) as f:
        err = await fetch_error(f, server.url_for("/slow"))
    assert err.kind == "timeout"
    assert "within" in str(err)  # the total deadline, not a per-read timeout
    assert err.retryable


async def test_connection_refused() -> None:
    async with Fetcher(FetchLimits(timeout=5)) as f:
        err = await fetch_error(f, f"http://127.0.0.1:{free_port()}/feed")
    assert err.kind == "connection"
    assert err.retryable


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd", "gopher://x/"])
async def test_non_http_schemes_always_refused(url: str) -> None:
    async with Fetcher(allow_private=True) as f:
        err = await fetch_error(f, url)
    assert err.kind == "blocked"


@pytest.mark.parametrize(
    "url", ["http://[not-an-ip/", "http://exa mple.com/", "http://", "http://a:99999/", "junk"]
)
async def test_invalid_url_refused(fetcher: Fetcher, url: str) -> None:
    err = await fetch_error(fetcher, url)
    assert err.kind == "blocked"
    assert not err.retryable


# --- private-address guard ----------------------------------------------------

PRIVATE_TEMPLATES = [
    "http://127.0.0.1:{port}/",
    "http://[::1]:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST./",
    "http://2130706433:{port}/",  # decimal 127.0.0.1
    "http://0x7f.1:{port}/",
    "http://127.1:{port}/",
    "http://0177.0.0.1:{port}/",  # octal
    "http://0x7f000001:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:a00:1]/",  # mapped 10.0.0.1
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
]


@pytest.mark.parametrize("template", PRIVATE_TEMPLATES)
async def test_guard_refuses_private_addresses(server: HTTPServer, template: str) -> None:
    server.expect_request("/").respond_with_data(FEED)
    url = template.format(port=server.port)
    # A short timeout keeps a broken guard from stalling on unroutable addresses.
    async with Fetcher(FetchLimits(timeout=2)) as f:
        err = await fetch_error(f, url, guard=True)
    assert err.kind == "blocked", str(err)
    assert not err.retryable
    assert server.log == []  # refused before any request went out


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "127.1"])
async def test_guard_off_or_allowed_reaches_loopback(server: HTTPServer, host: str) -> None:
    server.expect_request("/feed").respond_with_data(FEED)
    url = f"http://{host}:{server.port}/feed"
    async with Fetcher() as f:
        assert (await f.fetch(url)).body == FEED  # guard defaults to off
    async with Fetcher(allow_private=True) as f:
        assert (await f.fetch(url, guard=True)).body == FEED


async def test_ipv6_loopback_blocked_and_allowed(_server6: HTTPServer) -> None:
    _server6.clear()
    _server6.expect_request("/feed").respond_with_data(FEED)
    url = f"http://[::1]:{_server6.port}/feed"
    async with Fetcher() as f:
        assert (await fetch_error(f, url, guard=True)).kind == "blocked"
        assert (await f.fetch(url)).body == FEED
    async with Fetcher(allow_private=True) as f:
        assert (await f.fetch(url, guard=True)).body == FEED


async def test_guard_checks_connected_address(server: HTTPServer) -> None:
    # 8.8.8.8 passes the up-front check, but the socket lands on loopback.
    server.expect_request("/page").respond_with_data("secret")
    backend = LoopbackBackend(server.port, pose_as_requested=False)
    async with Fetcher(network_backend=backend) as f:
        err = await fetch_error(f, f"http://8.8.8.8:{server.port}/page", guard=True)
        assert err.kind == "blocked"
        assert "connected to" in str(err)
        # Unguarded, the same route works, so the refusal above came from the guard.
        assert (await f.fetch(f"http://8.8.8.8:{server.port}/page")).body == b"secret"


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.1:{port}/x", "http://[::1]/x", "http://169.254.169.254/", "http://10.1.2.3/"],
)
async def test_guard_checks_every_redirect_hop(server: HTTPServer, target: str) -> None:
    location = target.format(port=server.port)
    redirect(server, "/jump", location)
    server.expect_request("/x").respond_with_data("secret")
    backend = LoopbackBackend(server.port, pose_as_requested=True)
    async with Fetcher(FetchLimits(timeout=2), network_backend=backend) as f:
        err = await fetch_error(f, f"http://8.8.8.8:{server.port}/jump", guard=True)
    assert err.kind == "blocked"
    assert len(server.log) == 1  # only the public hop was requested


async def test_guard_lets_public_hosts_through(server: HTTPServer) -> None:
    server.expect_request("/article").respond_with_data("public page")
    backend = LoopbackBackend(server.port, pose_as_requested=True)
    async with Fetcher(network_backend=backend) as f:
        result = await f.fetch(f"http://8.8.8.8:{server.port}/article", guard=True)
    assert result.body == b"public page"


@pytest.mark.parametrize(
    ("address", "forbidden"),
    [
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
        ("127.0.0.1", True),
        ("::ffff:192.168.0.1", True),
        ("::127.0.0.1", True),
        ("fec0::1", True),
        ("198.51.100.7", True),  # documentation range
    ],
)
def test_is_forbidden_address(address: str, forbidden: bool) -> None:
    import ipaddress

    assert is_forbidden_address(ipaddress.ip_address(address)) is forbidden


async def test_a_sweep_of_expired_connections_races_no_request() -> None:
    """Closing an expired idle connection lets other requests run; one that takes
    another expired connection meanwhile must not break the sweep (it raised KeyError,
    and the feed whose request swept failed)."""
    import httpcore

    from monitor.collect.fetch import _Pool

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:  # keep-alive: one response per request, until the client closes
                await reader.readuntil(b"\r\n\r\n")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pool = _Pool(
        max_connections=8,
        max_keepalive_connections=8,
        keepalive_expiry=0.05,
        network_backend=httpcore.AnyIOBackend(),
    )

    async def get() -> bytes:
        url = f"http://127.0.0.1:{port}/p"
        request = httpcore.Request("GET", url, headers=[(b"Host", f"127.0.0.1:{port}")])
        response = await pool.handle_async_request(request)
        try:
            return b"".join([part async for part in response.stream])  # type: ignore[union-attr]
        finally:
            await response.aclose()

    try:
        for _ in range(3):
            assert await asyncio.gather(*(get() for _ in range(4))) == [b"x"] * 4
            assert len(pool._idle_order) >= 2  # idle, kept for reuse
            await asyncio.sleep(0.1)  # all expired
            pool._swept = 0.0  # the next request sweeps
    finally:
        await pool.aclose()
        server.close()
        await server.wait_closed()
