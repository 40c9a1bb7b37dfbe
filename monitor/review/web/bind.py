"""Where the web server listens: loopback unless a token guards it.

The socket is bound up front so a port in use is a clear error, not a traceback. No web
imports here: the CLI checks this before loading the server."""

from __future__ import annotations

import ipaddress
import socket


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def refuse_open_bind(host: str, token: str | None) -> str | None:
    """Why serving on `host` must not start, or None when it may."""
    if token or is_loopback(host):
        return None
    return (
        f"refusing to serve on {host!r} without a token: an address other than loopback "
        'needs [web] token set (for example token = "${MONITOR_WEB_TOKEN}"); or serve on '
        "127.0.0.1 behind a reverse proxy that authenticates"
    )


class ListenError(OSError):
    """The address cannot be listened on (in use, not ours, not resolvable)."""


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, bound here so a failure is an error we can word."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock
