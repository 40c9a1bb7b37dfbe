"""HTTP fetching of feeds and article pages: one shared httpx client, hard limits."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import socket
import time
import urllib.request
import zlib
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.cookiejar import LoadError, MozillaCookieJar
from types import TracebackType
from typing import Any

import httpcore
import httpx

from monitor import USER_AGENT
from monitor import config as _config
from monitor.collect.outlets import site_key

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> addresses; the default asks the system resolver
Resolver = Callable[[str, int], Awaitable[list[str]]]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_STATUSES = frozenset({301, 308})
_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.9, application/json;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 30.0  # total seconds per request, not per socket read
    max_bytes: int = 10 * 1024 * 1024  # cap on the decoded body
    max_redirects: int = 5
    max_connections: int = 64  # connection pool size; kept-alive connections are reused
    # Idle connections kept for reuse, at most (beyond the requests waiting for one):
    # each is an open socket, closed by the first request after 5 idle seconds.
    max_keepalive: int = 16


@dataclass(frozen=True)
class RequestOptions:
    """What requests to one site carry, and how they travel."""

    user_agent: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    jar: MozillaCookieJar | None = None  # a cookies.txt: each cookie names its domain
    proxy: str | None = None  # None: connect directly

    def request_headers(self, url: str) -> dict[str, str]:
        out = dict(self.headers)
        if self.user_agent:
            out["User-Agent"] = self.user_agent
        pairs = [f"{k}={v}" for k, v in self.cookies.items()]
        if self.jar is not None:
            probe = urllib.request.Request(url)
            self.jar.add_cookie_header(probe)
            from_jar = probe.get_header("Cookie")
            if from_jar:
                pairs.append(from_jar)
        if pairs:
            out["Cookie"] = "; ".join(pairs)
        return out


class RequestPolicy:
    """The options of each request, by the site it goes to.

    A feed's own options apply to every request to its site (its registered domain):
    the feed and the article pages it links to on that site. Requests to other sites
    carry the global options only, so a feed's cookies and headers never leave its site.
    """

    def __init__(
        self, default: RequestOptions | None = None, sites: Mapping[str, RequestOptions] = {}
    ) -> None:
        self.default = default or RequestOptions()
        self.sites = dict(sites)

    def for_url(self, url: str) -> RequestOptions:
        if not self.sites:
            return self.default
        return self.sites.get(site_key(url), self.default)

    @property
    def proxies(self) -> set[str]:
        found = {o.proxy for o in (self.default, *self.sites.values()) if o.proxy}
        return found


def request_policy(fetch: _config.FetchConfig, feeds: list[_config.FeedConfig]) -> RequestPolicy:
    """The configured options: [fetch] for every request, each feed's over them for its site.

    Raises ValueError for a cookie file that cannot be read (check-config reports it first).
    """
    global_jar = load_cookie_file(fetch.cookie_file) if fetch.cookie_file else None
    default = RequestOptions(
        user_agent=fetch.user_agent,
        headers=dict(fetch.headers),
        jar=global_jar,
        proxy=fetch.proxy if fetch.proxy != "direct" else None,
    )
    sites: dict[str, RequestOptions] = {}
    for feed in feeds:
        if not feed.model_fields_set & _OPTION_KEYS:
            continue
        jar = global_jar
        if feed.cookie_file:
            jar = load_cookie_file(feed.cookie_file)
            for cookie in global_jar or ():
                jar.set_cookie(cookie)
        proxy = feed.proxy or default.proxy
        sites.setdefault(
            site_key(feed.url),
            RequestOptions(
                user_agent=feed.user_agent or default.user_agent,
                headers={**default.headers, **feed.headers},
                cookies=dict(feed.cookies),
                jar=jar,
                proxy=None if proxy == "direct" else proxy,
            ),
        )
    return RequestPolicy(default, sites)


_OPTION_KEYS = frozenset({"user_agent", "headers", "cookies", "cookie_file", "proxy"})


def load_cookie_file(path: str) -> MozillaCookieJar:
    """A Netscape cookies.txt; raises ValueError with the reason."""
    jar = MozillaCookieJar()
    try:
        jar.load(path, ignore_discard=True, ignore_expires=False)
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except (LoadError, OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a Netscape cookies.txt file: {exc}") from None
    return jar


class FetchError(Exception):
    """A fetch that did not produce a usable body.

    kind: "timeout" | "too_large" | "http" | "connection" | "redirects" | "blocked"
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        if self.kind in ("timeout", "connection"):
            return True
        if self.kind == "http" and self.status is not None:
            return self.status >= 500 or self.status == 429
        return False


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""
    not_modified: bool = False
    permanent_redirect: str | None = None  # new URL when every hop was 301/308

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def is_forbidden_address(ip: IPAddress) -> bool:
    """True for addresses a link found inside a feed must never make us contact."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and is_forbidden_address(embedded):
            return True
        if ip.is_site_local:
            return True
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.replace("%25", "%"))
    except ValueError:
        return _legacy_ipv4(host)


_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """inet_aton's forms, which resolvers and browsers accept: 2130706433, 0x7f.1, 0177.0.0.1."""
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(p) for p in parts):
        return None
    numbers = [_ipv4_number(p) for p in parts]
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    return ipaddress.IPv4Address(value * 256 ** (5 - len(numbers)) + last)


def _ipv4_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8) if part.startswith("0") else int(part)


class Fetcher:
    """Shared async HTTP client with the private-address guard.

    A URL the operator named (a configured feed, `feeds add`) is fetched as named; every
    hop to any other host (redirects, links found in documents with `guard=True`) is
    guarded unless `allow_private`: its name is resolved once, every address checked, and
    the connection made to a checked address, never to a second answer of the resolver
    (DNS rebinding). TLS still verifies the certificate for the name.

    Guarded and unguarded hops use separate connection pools, so a connection opened to
    an operator's intranet host is never reused for a guarded request.

    `network_backend` makes the TCP connections (tests stand in for the internet with it);
    `resolver` answers name lookups for guarded hops.

    Environment proxies are ignored on purpose; only a configured `proxy` is used (see
    `RequestPolicy`). Through a proxy the connected address is the proxy's, so the guard
    resolves a guarded target's name here and refuses it unless every address is public,
    before the request goes to the proxy. The proxy resolves the name again: a name whose
    answer changes between the two lookups (DNS rebinding) is only stopped if the proxy
    itself refuses private addresses. The proxy is the operator's, reached as named.
    """

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        allow_private: bool = False,
        user_agent: str = USER_AGENT,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        resolver: Resolver | None = None,
        policy: RequestPolicy | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        self.allow_private = allow_private
        self.policy = policy or RequestPolicy()
        self._resolve = resolver or _system_resolve
        backend = network_backend or httpcore.AnyIOBackend()
        ssl_context = httpx.create_ssl_context(trust_env=False)
        self._named = self._client(user_agent, _Transport(self.limits, backend, ssl_context))
        self._guarded = self._client(
            user_agent,
            _Transport(self.limits, _PinnedBackend(backend, self._resolve), ssl_context),
        )
        self._proxied = {
            url: self._client(user_agent, _ProxyTransport(self.limits, backend, ssl_context, url))
            for url in sorted(self.policy.proxies)
        }

    def _client(self, user_agent: str, transport: httpx.AsyncBaseTransport) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            headers={
                "User-Agent": user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": _ACCEPT,
            },
            follow_redirects=False,
            timeout=httpx.Timeout(self.limits.timeout),
            trust_env=False,
            transport=transport,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._named.aclose()
        await self._guarded.aclose()
        for client in self._proxied.values():
            await client.aclose()

    @property
    def closed(self) -> bool:
        return self._named.is_closed

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        guard: bool = False,
        named: str | None = None,
        form: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """GET `url`, following redirects, with the size, time and address limits.

        guard=False: the operator named `named` (default `url`; a feed's configured URL
        when `url` is where it moved): hops to that host are made as named, every other
        hop is guarded. guard=True (a link found in a document): every hop is guarded.
        form: POST this urlencoded body instead, and follow no redirect.
        """
        try:
            if self.allow_private:
                trusted = None
            else:
                trusted = "" if guard else _host_key(_http_url(named or url))
            async with asyncio.timeout(self.limits.timeout):
                return await self._fetch(url, etag, last_modified, trusted, form, headers)
        except TimeoutError as exc:
            raise FetchError(
                "timeout", f"{url}: no complete response within {self.limits.timeout:g} s"
            ) from exc
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url}: {type(exc).__name__}") from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError("blocked", f"{url}: invalid URL: {exc}") from exc
        except httpx.TransportError as exc:
            raise FetchError("connection", f"{url}: {type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError("connection", f"{url}: {type(exc).__name__}: {exc}") from exc

    async def _fetch(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        trusted: str | None,
        form: bytes | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """`trusted`: None checks nothing, else the one host reached without the guard
        ("" for none)."""
        headers: dict[str, str] = dict(extra or {})
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded;charset=utf-8"
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        target = _http_url(url)
        seen = {str(target)}
        hops = 0
        all_permanent = True
        while True:
            guarded = trusted is not None and _host_key(target) != trusted
            options = self.policy.for_url(str(target))
            proxy = self._proxied.get(options.proxy or "")
            client = proxy or (self._guarded if guarded else self._named)
            hop_headers = {**options.request_headers(str(target)), **headers}
            request = client.build_request(
                "GET" if form is None else "POST", target, headers=hop_headers, content=form
            )
            try:
                if guarded and proxy is not None:
                    await _public_addresses(
                        _host_key(target), target.port or _PORTS[target.scheme], self._resolve
                    )
                response = await client.send(request, stream=True)
            except FetchError as exc:  # refused by the guard before connecting
                raise FetchError(exc.kind, f"{target}: {exc}") from None
            try:
                if guarded and proxy is None:
                    _check_peer(response)
                status = response.status_code
                location = response.headers.get("location")
                if status in _REDIRECT_STATUSES and location and form is not None:
                    raise FetchError("redirects", f"{url}: a POST was answered with a redirect")
                if status in _REDIRECT_STATUSES and location:
                    hops += 1
                    all_permanent = all_permanent and status in _PERMANENT_STATUSES
                    if hops > self.limits.max_redirects:
                        raise FetchError(
                            "redirects",
                            f"{url}: more than {self.limits.max_redirects} redirects",
                        )
                    try:
                        target = _http_url(str(response.url.join(location)))
                    except httpx.InvalidURL as exc:
                        raise FetchError(
                            "redirects", f"{url}: invalid redirect target {location!r}"
                        ) from exc
                    if str(target) in seen:
                        raise FetchError("redirects", f"{url}: redirect loop at {target}")
                    seen.add(str(target))
                    continue

                result_headers = {k.lower(): v for k, v in response.headers.items()}
                final_url = str(response.url)
                permanent = final_url if hops and all_permanent else None
                if status == 304:
                    return FetchResult(
                        url=url,
                        final_url=final_url,
                        status=status,
                        headers=result_headers,
                        not_modified=True,
                        permanent_redirect=permanent,
                    )
                if not 200 <= status < 300:
                    raise FetchError(
                        "http",
                        f"{url}: HTTP {status}",
                        status=status,
                        retry_after=response.headers.get("retry-after"),
                    )
                body = await self._read_body(response, url)
                return FetchResult(
                    url=url,
                    final_url=final_url,
                    status=status,
                    headers=result_headers,
                    body=body,
                    permanent_redirect=permanent,
                )
            finally:
                await response.aclose()

    async def _read_body(self, response: httpx.Response, url: str) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise FetchError("too_large", f"{url}: Content-Length {declared} exceeds {cap} bytes")
        header = response.headers.get("content-encoding", "")
        codings = content_codings(header)
        if codings is None:
            raise FetchError(
                "http",
                f"{url}: unsupported Content-Encoding {header.strip()[:80]!r}",
                status=response.status_code,
            )
        body = bytearray()

        def add(piece: bytes) -> None:
            body.extend(piece)
            if len(body) > cap:
                raise FetchError("too_large", f"{url}: body exceeds {cap} bytes")

        # Counting decoded bytes is what stops compression bombs. httpx's own decoders
        # inflate a whole network chunk at once (64 KiB can become 60 MB), so the body is
        # read raw and every coding undone here, each step bounded by the room left.
        decoder = _Decoder(codings, cap, lambda: cap + 1 - len(body))
        try:
            async for raw in response.aiter_raw():
                for piece in decoder.decode(raw):
                    add(piece)
            for piece in decoder.flush():
                add(piece)
        except _TooLarge as exc:
            raise FetchError("too_large", f"{url}: {exc}") from None
        except (httpx.DecodingError, zlib.error, _BrotliError) as exc:
            raise FetchError(
                "http", f"{url}: undecodable body: {exc}", status=response.status_code
            ) from exc
        return bytes(body)


try:
    import brotli as _brotli

    _BrotliError: type[Exception] = _brotli.error
    # Only a decompressor that can stop at a size is of use against bombs (brotli >= 1.2).
    _HAS_BROTLI = "output_buffer_limit" in (_brotli.Decompressor.process.__doc__ or "")
except ImportError:  # not a dependency: "br" is refused without it, and never asked for
    _brotli = None
    _BrotliError = zlib.error
    _HAS_BROTLI = False

SUPPORTED_CODINGS = frozenset({"gzip", "x-gzip", "deflate"} | ({"br"} if _HAS_BROTLI else set()))
MAX_CODINGS = 4  # a server stacks one or two; more is an attack on the decoder
_STEP = 64 * 1024  # the most one inner decoding step hands to the next


def content_codings(header: str) -> list[str] | None:
    """The codings a Content-Encoding value lists, in the order they were applied.

    Names are case-insensitive; `identity` and empty items ("gzip,") are dropped.
    None when a coding is unknown, or more are stacked than anyone sends.
    """
    names = [name.strip().lower() for name in header.split(",")]
    codings = [name for name in names if name and name != "identity"]
    if len(codings) > MAX_CODINGS or not set(codings) <= SUPPORTED_CODINGS:
        return None
    return codings


class _TooLarge(Exception):
    pass


class _Decoder:
    """Undoes stacked content codings, the last applied first, in bounded steps.

    Each inner stage hands at most `_STEP` bytes at a time to the next, and the last
    stage at most `room()`, so no step holds more than that in memory; an inner stage
    whose output outgrows the cap is itself refused (a legitimate inner stream is a
    compressed form of the body, smaller than it).
    """

    def __init__(self, codings: list[str], cap: int, room: Callable[[], int]) -> None:
        self._stages = [_stage(c) for c in reversed(codings)]
        self._made = [0] * len(self._stages)
        self._cap = cap
        self._room = room

    def decode(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def flush(self) -> Iterator[bytes]:
        for i, stage in enumerate(self._stages):
            for piece in stage.flush():
                yield from self._passed(i, piece)

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self._stages):
            yield data
            return
        last = i == len(self._stages) - 1
        limit = self._room if last else _step
        for piece in self._stages[i].decode(data, limit):
            yield from self._passed(i, piece)

    def _passed(self, i: int, piece: bytes) -> Iterator[bytes]:
        if not piece:
            return
        self._made[i] += len(piece)
        if i < len(self._stages) - 1 and self._made[i] > self._cap:
            raise _TooLarge(f"an inner content coding exceeds {self._cap} bytes")
        yield from self._through(i + 1, piece)


def _step() -> int:
    return _STEP


def _stage(coding: str) -> _Inflater | _Unbrotli:
    return _Unbrotli() if coding == "br" else _Inflater(coding)


class _Inflater:
    """gzip/deflate decoding that never produces more than asked for in one step."""

    def __init__(self, encoding: str) -> None:
        self._deflate = encoding == "deflate"
        self._started = False
        self._obj = self._new()

    def _new(self, raw_deflate: bool = False) -> Any:
        if raw_deflate:
            return zlib.decompressobj(-zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS if self._deflate else zlib.MAX_WBITS | 16)

    def decode(self, data: bytes, room: Callable[[], int]) -> Iterator[bytes]:
        while True:
            try:
                out = self._obj.decompress(data, max(1, room()))
            except zlib.error:
                # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
                if self._deflate and not self._started:
                    self._started = True
                    self._obj = self._new(raw_deflate=True)
                    continue
                raise
            self._started = self._started or bool(data)
            if out:
                yield out
            if self._obj.eof:
                data = self._obj.unused_data
                if data and not self._deflate:
                    self._obj = self._new()  # another gzip member follows
                    continue
                return  # trailing bytes after the stream are ignored, as browsers do
            data = self._obj.unconsumed_tail
            if not data and not out:
                return  # all input taken and nothing more pending
            # otherwise: more input, or output still pending inside zlib

    def flush(self) -> Iterator[bytes]:
        rest = bytes(self._obj.flush())
        if rest:
            yield rest


class _Unbrotli:
    """Brotli decoding stopped at the room left, as `_Inflater` is."""

    def __init__(self) -> None:
        assert _brotli is not None
        self._obj = _brotli.Decompressor()

    def decode(self, data: bytes, room: Callable[[], int]) -> Iterator[bytes]:
        out = self._obj.process(data, output_buffer_limit=max(1, room()))
        if out:
            yield out
        while not self._obj.can_accept_more_data():
            out = self._obj.process(b"", output_buffer_limit=max(1, room()))
            if not out:
                return
            yield out

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Transport(httpx.AsyncHTTPTransport):
    """httpx's HTTP transport, its connections made by `backend`."""

    def __init__(
        self,
        limits: FetchLimits,
        backend: httpcore.AsyncNetworkBackend,
        ssl_context: Any,
    ) -> None:
        keepalive = min(limits.max_keepalive, limits.max_connections)
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = _Pool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=keepalive,
            keepalive_expiry=5.0,
            network_backend=backend,
        )


_OriginKey = tuple[bytes, bytes, int]  # scheme, host, port (httpcore's Origin is unhashable)


class _Pool(httpcore.AsyncConnectionPool):
    """httpcore's connection pool, its idle connections kept by origin.

    httpcore's own pool goes over every connection and every queued request on each
    request and on each response's close, and closes an idle connection whenever more than
    `max_keepalive_connections` are open, idle or not: at 64 requests in flight that was
    most of a page fetch's CPU, and a new TCP connection for many of them (bench/README.md).
    Here a request takes the origin's most recently used idle connection, or opens one
    while fewer than `max_connections` are in use (else it waits for a slot); a response
    closed with its connection reusable puts it back, and the oldest idle connection beyond
    `max_keepalive_connections` (and the requests waiting for a slot) is closed. Used from
    one event loop.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._slots = asyncio.Semaphore(self._max_connections)
        self._idle: dict[_OriginKey, list[httpcore.AsyncConnectionInterface]] = {}
        self._idle_order: dict[httpcore.AsyncConnectionInterface, _OriginKey] = {}
        self._busy: set[httpcore.AsyncConnectionInterface] = set()
        self._waiting = 0  # requests waiting for a slot: each will take an idle connection
        self._swept = 0.0  # when idle connections were last checked for expiry

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        if request.url.scheme not in (b"http", b"https"):
            raise httpcore.UnsupportedProtocol(
                f"unsupported protocol {request.url.scheme.decode(errors='replace')!r}"
            )
        origin = request.url.origin
        key = (origin.scheme, origin.host, origin.port)
        await self._sweep()
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        try:
            while True:
                connection, reused = await self._take(key), True
                if connection is None:
                    connection, reused = self.create_connection(origin), False
                self._busy.add(connection)
                try:
                    response = await connection.handle_async_request(request)
                except httpcore.ConnectionNotAvailable:
                    # A kept connection the server closed meanwhile; another, or a new one.
                    await self._drop(connection)
                    if reused:
                        continue
                    raise
                except BaseException:
                    await self._drop(connection)
                    raise
                break
        except BaseException:
            self._slots.release()
            raise
        assert isinstance(response.stream, AsyncIterable)
        return httpcore.Response(
            status=response.status,
            headers=response.headers,
            content=_PooledStream(response.stream, self, connection, key),
            extensions=response.extensions,
        )

    async def _sweep(self) -> None:
        """Close idle connections past their keep-alive or closed by the server, at most
        once a second (each check polls a socket, which httpcore did for every connection
        on every request)."""
        now = time.monotonic()
        if now - self._swept < 1.0:
            return
        self._swept = now
        # All taken out before any is closed: a close lets other requests run, and one
        # may take (and drop) a connection this sweep still held.
        expired = [(c, key) for c, key in self._idle_order.items() if c.has_expired()]
        for connection, key in expired:
            del self._idle_order[connection]
            self._idle[key].remove(connection)
        for connection, _ in expired:
            await _close_quietly(connection)

    async def _take(self, key: _OriginKey) -> httpcore.AsyncConnectionInterface | None:
        kept = self._idle.get(key)
        while kept:
            connection = kept.pop()
            del self._idle_order[connection]
            if connection.is_available() and not connection.has_expired():
                return connection
            await _close_quietly(connection)
        return None

    async def _release(
        self, connection: httpcore.AsyncConnectionInterface, key: _OriginKey
    ) -> None:
        self._busy.discard(connection)
        self._slots.release()
        if not connection.is_available():
            await _close_quietly(connection)
            return
        self._idle.setdefault(key, []).append(connection)
        self._idle_order[connection] = key
        while len(self._idle_order) > self._max_keepalive_connections + self._waiting:
            oldest, where = next(iter(self._idle_order.items()))
            del self._idle_order[oldest]
            self._idle[where].remove(oldest)
            await _close_quietly(oldest)

    async def _drop(self, connection: httpcore.AsyncConnectionInterface) -> None:
        self._busy.discard(connection)
        await _close_quietly(connection)

    async def aclose(self) -> None:
        closing = [*self._idle_order, *self._busy]
        self._idle.clear()
        self._idle_order.clear()
        self._busy.clear()
        for connection in closing:
            await _close_quietly(connection)


async def _close_quietly(connection: httpcore.AsyncConnectionInterface) -> None:
    with contextlib.suppress(Exception):
        await connection.aclose()


class _PooledStream:
    """A response body whose close hands its connection back to `_Pool`."""

    def __init__(
        self,
        stream: AsyncIterable[bytes],
        pool: _Pool,
        connection: httpcore.AsyncConnectionInterface,
        key: _OriginKey,
    ) -> None:
        self._stream = stream
        self._pool = pool
        self._connection = connection
        self._key = key
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except BaseException:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            close = getattr(self._stream, "aclose", None)
            if close is not None:
                await close()
        finally:
            await self._pool._release(self._connection, self._key)


class _ProxyTransport(httpx.AsyncHTTPTransport):
    """Requests through one configured proxy (HTTP CONNECT, or SOCKS5 with socksio)."""

    def __init__(
        self,
        limits: FetchLimits,
        backend: httpcore.AsyncNetworkBackend,
        ssl_context: Any,
        url: str,
    ) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        proxy = httpx.Proxy(url)
        target = httpcore.URL(
            scheme=proxy.url.raw_scheme,
            host=proxy.url.raw_host,
            port=proxy.url.port,
            target=proxy.url.raw_path,
        )
        keepalive = min(limits.max_keepalive, limits.max_connections)
        if proxy.url.scheme in ("socks5", "socks5h"):
            self._pool = httpcore.AsyncSOCKSProxy(
                proxy_url=target,
                proxy_auth=proxy.raw_auth,
                ssl_context=ssl_context,
                max_connections=limits.max_connections,
                max_keepalive_connections=keepalive,
                keepalive_expiry=5.0,
                network_backend=backend,
            )
        else:
            self._pool = httpcore.AsyncHTTPProxy(
                proxy_url=target,
                proxy_auth=proxy.raw_auth,
                proxy_headers=proxy.headers.raw,
                ssl_context=ssl_context,
                max_connections=limits.max_connections,
                max_keepalive_connections=keepalive,
                keepalive_expiry=5.0,
                network_backend=backend,
            )


_PORTS = {"http": 80, "https": 443}
_MIN_CONNECT_TRY = 3.0  # seconds for one address of several


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connections only to public addresses, to the very addresses that were checked.

    The host is resolved once; if any answer is non-public the connection is refused,
    else made to those addresses in turn. httpcore still hands the host name to TLS, so
    SNI and certificate verification are for the name, and the Host header is unchanged.
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend, resolve: Resolver) -> None:
        self._inner = inner
        self._resolve = resolve

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = list(dict.fromkeys(await _public_addresses(host, port, self._resolve)))
        # An address that swallows packets must leave time for the next one.
        each = timeout
        if timeout is not None and len(addresses) > 1:
            each = max(_MIN_CONNECT_TRY, timeout / len(addresses))
        failure: Exception | None = None
        for ip in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(ip),
                    port,
                    timeout=each,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError("blocked", "unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _host_key(url: httpx.URL) -> str:
    return url.raw_host.decode("ascii", "replace").rstrip(".").lower()


def _http_url(url: str) -> httpx.URL:
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https"):
        raise FetchError("blocked", f"{url}: only http and https URLs are fetched")
    host = parsed.raw_host.decode("ascii", "replace")
    # httpx percent-escapes junk hosts instead of refusing them; a DNS failure would
    # then be reported as a retryable connection problem.
    if not (_HOST_NAME.fullmatch(host) or _literal_ip(host) is not None):
        raise FetchError("blocked", f"{url}: invalid host {host!r}")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise FetchError("blocked", f"{url}: invalid port")
    return parsed


async def _system_resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def _public_addresses(host: str, port: int, resolve: Resolver) -> list[IPAddress]:
    """The addresses of `host`, resolved once; refused unless every one is public."""
    literal = _literal_ip(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        name = host.rstrip(".").lower()
        if name == "localhost" or name.endswith(".localhost"):
            raise FetchError("blocked", "local host name")
        try:
            found = await resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchError("connection", f"cannot resolve {host}: {exc}") from exc
        addresses = []
        for address in found:
            ip = _literal_ip(address)
            if ip is None:
                raise FetchError("blocked", f"unexpected address {address!r} for {host}")
            addresses.append(ip)
        if not addresses:
            raise FetchError("connection", f"cannot resolve {host}: no address")
    for ip in addresses:
        if is_forbidden_address(ip):
            raise FetchError("blocked", f"{host} is a non-public address ({ip})")
    return addresses


def _check_peer(response: httpx.Response) -> None:
    """Check the address actually connected to, so DNS rebinding cannot slip through."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        raise FetchError("blocked", f"{response.url}: cannot verify the connected address")
    ip = _literal_ip(str(peer[0]))
    if ip is None or is_forbidden_address(ip):
        raise FetchError("blocked", f"{response.url}: connected to non-public address {peer[0]}")
