"""Tiny loopback proxies for tests: HTTP (absolute-form GET and CONNECT) and SOCKS5."""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Relay bytes both ways until one side closes (bounded: 10 s of silence ends it)."""
    sockets = [a, b]
    while True:
        ready, _, _ = select.select(sockets, [], [], 10)
        if not ready:
            return
        for s in ready:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)


class _HTTPProxyHandler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            head += chunk
        header, _, rest = head.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        self.server.seen.append(f"{method} {target}")
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection(self.server.route(host, int(port)), timeout=10)
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            parts = urlsplit(target)
            address = self.server.route(parts.hostname or "", parts.port or 80)
            upstream = socket.create_connection(address, timeout=10)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            kept = [
                line for line in lines[1:] if not line.lower().startswith("proxy-authorization")
            ]
            request = f"{method} {path or '/'} HTTP/1.1\r\n" + "\r\n".join(kept) + "\r\n\r\n"
            upstream.sendall(request.encode("latin-1") + rest)
        with upstream:
            _pipe(self.request, upstream)


class _SOCKS5Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        conn: socket.socket = self.request
        _, n = conn.recv(2)
        conn.recv(n)
        conn.sendall(b"\x05\x00")  # no authentication
        _, _, _, kind = conn.recv(4)
        if kind == 1:
            host = socket.inet_ntoa(conn.recv(4))
        elif kind == 3:
            host = conn.recv(conn.recv(1)[0]).decode()
        else:
            host = socket.inet_ntop(socket.AF_INET6, conn.recv(16))
        (port,) = struct.unpack("!H", conn.recv(2))
        self.server.seen.append(f"CONNECT {host}:{port}")
        upstream = socket.create_connection(self.server.route(host, port), timeout=10)
        conn.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("0.0.0.0") + struct.pack("!H", 0))
        with upstream:
            _pipe(conn, upstream)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    seen: list[str]
    # Names the proxy resolves itself: tests stand in for the internet on loopback, and
    # anything not listed goes to loopback too, never out.
    hosts: dict[str, int]

    def route(self, host: str, port: int) -> tuple[str, int]:
        return "127.0.0.1", self.hosts.get(host, port)


@contextlib.contextmanager
def _serve(handler: type[socketserver.BaseRequestHandler]) -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), handler)
    server.seen = []
    server.hosts = {}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def http_proxy() -> contextlib.AbstractContextManager[_Server]:
    """A loopback HTTP proxy; `server.seen` lists the request lines it was sent."""
    return _serve(_HTTPProxyHandler)


def socks5_proxy() -> contextlib.AbstractContextManager[_Server]:
    """A loopback SOCKS5 proxy (no authentication); `server.seen` lists its CONNECTs."""
    return _serve(_SOCKS5Handler)


def url_of(server: _Server, scheme: str) -> str:
    host, port = server.server_address[:2]
    return f"{scheme}://{host}:{port}"
