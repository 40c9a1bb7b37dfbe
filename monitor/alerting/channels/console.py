"""Alerts printed to a terminal or any text stream; the offline demo uses it."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from monitor.alerting.channels.base import AlertMessage
from monitor.alerting.channels.render import DEFAULT, TemplateSet

_BOLD = "\033[1m"
_RESET = "\033[0m"
_RULE = "-" * 72


class ConsoleChannel:
    def __init__(
        self,
        name: str,
        *,
        stream: TextIO | None = None,
        templates: TemplateSet = DEFAULT,
        timeout: float = 10.0,
    ) -> None:
        self.name = name
        self._stream = stream
        self.templates = templates
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"ConsoleChannel(name={self.name!r})"

    @property
    def stream(self) -> TextIO:
        # Resolved on each use so a redirected sys.stdout is honoured.
        return self._stream if self._stream is not None else sys.stdout

    def _use_colour(self, stream: TextIO) -> bool:
        if os.environ.get("NO_COLOR"):
            return False
        isatty = getattr(stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except (ValueError, OSError):
            return False

    def format(self, message: AlertMessage, *, colour: bool = False) -> str:
        text = self.templates.render("text", message, channel=self.name)
        if colour:
            headline, _, rest = text.partition("\n")
            text = f"{_BOLD}{headline}{_RESET}\n{rest}"
        return f"{_RULE}\n{text}{_RULE}\n"

    async def send(self, message: AlertMessage) -> None:
        stream = self.stream
        stream.write(self.format(message, colour=self._use_colour(stream)))
        stream.flush()

    async def aclose(self) -> None:
        """The stream belongs to the caller, so it is left open."""
