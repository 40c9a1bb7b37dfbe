"""Feed content is hostile: headers that stop what escaping might miss, safe links and
text, and the bearer token's check."""

from __future__ import annotations

import hmac
import re
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup, escape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No script runs on these pages, inline or not: the pages need none.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
LINK_REL = "noopener noreferrer nofollow"


class SecurityHeaders:
    """Adds the headers above to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *[(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS],
                    *HEADERS,
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


_OURS = {k for k, _ in HEADERS}


def token_matches(given: str, expected: str) -> bool:
    """Compared in constant time, so the answer's timing tells nothing about the token."""
    return hmac.compare_digest(given.encode(), expected.encode())


def safe_href(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None: no javascript:, data: or other schemes."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def external_link(url: str | None, text: str) -> Markup:
    """A link out of the monitor: escaped, http(s) only, and carrying no referrer or trust."""
    href = safe_href(url)
    if href is None:
        return Markup("<span>{}</span>").format(text)
    return Markup('<a href="{}" rel="{}">{}</a>').format(href, LINK_REL, text)


_PARAGRAPH = re.compile(r"\n\s*\n")


def paragraphs(text: str | None) -> Markup:
    """Plain stored text as HTML paragraphs. The text is escaped first; the result is
    then sanitized down to <p> and <br>, so nothing else can reach the page."""
    if not text:
        return Markup("")
    html = "".join(
        f"<p>{'<br>'.join(str(escape(line)) for line in block.strip().splitlines())}</p>"
        for block in _PARAGRAPH.split(text)
        if block.strip()
    )
    return Markup(nh3.clean(html, tags={"p", "br"}, attributes={}, link_rel=None))
