"""Chat and push services (Slack, Discord, Telegram, ntfy, Teams, …) through Apprise.

Apprise is an optional extra: `pip install 'monitor[apprise]'`. Each URL is one target
with its own length limits, which Apprise knows; the Markdown body is cut to fit and
always ends with the link to the full story.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from monitor.alerting.channels.base import AlertMessage, BlockingSends, DeliveryError
from monitor.alerting.channels.render import (
    DEFAULT,
    TemplateSet,
    defuse_mentions,
    fit,
    markdown_url,
    story_link,
)

INSTALL_HINT = "Apprise is not installed: pip install 'monitor[apprise]'"
_STATUS = re.compile(r"error[=: ]\s*(\d{3})\b", re.IGNORECASE)
_RETRYABLE_4XX = {408, 425, 429}


def _apprise() -> Any:
    try:
        import apprise
    except ImportError:
        return None
    return apprise


def _scheme(url: str) -> str:
    return url.partition("://")[0] + "://"


def apprise_problems(urls: list[str]) -> list[str]:
    """What is wrong with these URLs, for `check-config`; secrets never appear."""
    lib = _apprise()
    if lib is None:
        return [INSTALL_HINT]
    problems = []
    for i, url in enumerate(urls):
        if lib.Apprise.instantiate(url) is None:
            problems.append(
                f"[{i}] {_scheme(url)}…: not a URL Apprise can use (unknown service or "
                "missing parts; see the Apprise documentation for this service)"
            )
    return problems


class _ThreadLog(logging.Handler):
    """Apprise reports why a send failed only in its log: keep this thread's lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.thread = threading.get_ident()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and record.levelno >= logging.WARNING:
            self.lines.append(record.getMessage())


class AppriseChannel:
    def __init__(
        self,
        name: str,
        urls: list[str],
        *,
        timeout: float = 30.0,
        templates: TemplateSet = DEFAULT,
    ) -> None:
        lib = _apprise()
        if lib is None:
            raise ValueError(f"channel {name!r}: {INSTALL_HINT}")
        self.name = name
        self.timeout = timeout
        self.templates = templates
        self._lib = lib
        self._targets: list[tuple[str, Any]] = []
        for url in urls:
            plugin = lib.Apprise.instantiate(url)
            if plugin is None:
                raise ValueError(f"channel {name!r}: Apprise cannot use {_scheme(url)}… URL")
            self._targets.append((_scheme(url), plugin))
        # targets that already have an alert, so a retry after a partial failure only
        # goes to the others (kept in memory: a restart may repeat to a chat once)
        self._sent: dict[str, set[int]] = {}
        self._sends = BlockingSends()

    def __repr__(self) -> str:
        return f"AppriseChannel(name={self.name!r}, targets={[s for s, _ in self._targets]!r})"

    def limits(self, index: int) -> tuple[int | None, int | None]:
        """(title, body) character limits of one target; None for no limit."""
        plugin = self._targets[index][1]
        title_max = int(getattr(plugin, "title_maxlen", 250))
        body_max = int(getattr(plugin, "body_maxlen", 32768))
        if title_max <= 0 or getattr(plugin, "overflow_amalgamate_title", False):
            return None, body_max if body_max > 0 else None
        return title_max, body_max if body_max > 0 else None

    def render(self, message: AlertMessage, index: int) -> tuple[str, str]:
        """Title and body for one target, each within that target's limits."""
        # the title is plain text, but a service may still ping on a mention in it
        title = defuse_mentions(self.templates.render("subject", message, channel=self.name))
        body = self.templates.render("markdown", message, channel=self.name)
        title_max, body_max = self.limits(index)
        link = markdown_url(story_link(message, self.templates.story_url))
        if title_max is None:  # the service puts the title into the body
            if body_max is not None:
                body_max = max(64, body_max - len(title) - 2)
        elif len(title) > title_max:
            title = title[: max(1, title_max - 1)].rstrip() + "…"
        return title, fit(body, body_max, link)

    def _notify(self, index: int, title: str, body: str) -> tuple[bool, list[str]]:
        lib = self._lib
        plugin = self._targets[index][1]
        capture = _ThreadLog()
        logger = logging.getLogger("apprise")
        logger.addHandler(capture)
        try:
            ok = plugin.notify(
                body=body,
                title=title,
                notify_type=lib.NotifyType.INFO,
                body_format=lib.NotifyFormat.MARKDOWN,
                overflow=lib.OverflowMode.UPSTREAM,
            )
        finally:
            logger.removeHandler(capture)
        return bool(ok), capture.lines

    async def send(self, message: AlertMessage) -> None:
        done = self._sent.setdefault(message.id, set())
        failures: list[DeliveryError] = []
        for index, (scheme, _plugin) in enumerate(self._targets):
            if index in done:
                continue
            title, body = self.render(message, index)
            ok, lines = await self._sends.run(
                f"{message.id}\x00{index}", self._notify, index, title, body
            )
            if ok:
                done.add(index)
                continue
            failures.append(self._error(scheme, lines))
        if not failures:
            self._sent.pop(message.id, None)
            return
        retryable = any(f.retryable for f in failures)
        if not retryable:
            self._sent.pop(message.id, None)
        raise DeliveryError(
            "; ".join(str(f) for f in failures),
            retryable=retryable,
            status=next((f.status for f in failures if f.status is not None), None),
        )

    def _error(self, scheme: str, lines: list[str]) -> DeliveryError:
        detail = " ".join(lines[-2:]) or "no reason given"
        where = f"apprise {self.name!r} ({scheme})"
        match = _STATUS.search(detail)
        status = int(match.group(1)) if match else None
        if status is not None and 400 <= status < 500 and status not in _RETRYABLE_4XX:
            return DeliveryError(
                f"{where} rejected the alert with HTTP {status}: configuration problem "
                f"(check the URL and its token); {detail}",
                retryable=False,
                status=status,
            )
        return DeliveryError(f"{where} failed: {detail}", retryable=True, status=status)

    async def aclose(self) -> None:
        """Apprise opens a connection per send; nothing to release."""
