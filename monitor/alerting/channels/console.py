"""Alerts printed to a terminal or any text stream; the offline demo uses it.

Where the service logs JSON lines (`--log-format json`, or auto off a terminal, as under
systemd or Docker), each alert is one JSON object on one line too, so the journal reads
as JSON throughout (`journalctl -u monitor -o cat | jq`); on a terminal it is text.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from monitor.alerting.channels.base import AlertMessage
from monitor.alerting.channels.render import DEFAULT, TemplateSet, event_label
from monitor.service import logs

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
        json_lines: bool | None = None,
    ) -> None:
        self.name = name
        self._stream = stream
        self.templates = templates
        self.timeout = timeout
        # None: JSON lines exactly when the logs are JSON lines
        self.json_lines = json_lines

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

    def as_json(self, message: AlertMessage) -> str:
        """One line: the fields a log line has, the alert as a webhook gets it, and the
        text a person would read."""
        event: dict[str, Any] = {
            "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "info",
            "logger": __name__,
            "event": f"{event_label(message.event)}: {' '.join(message.headline.split())}",
            "channel": self.name,
            "alert_id": message.id,
            "alert": message.to_dict(),
            "text": self.templates.render("text", message, channel=self.name),
        }
        return json.dumps(event, ensure_ascii=False) + "\n"

    def _writes_json(self) -> bool:
        return self.json_lines if self.json_lines is not None else logs.active_format() == "json"

    async def send(self, message: AlertMessage) -> None:
        stream = self.stream
        if self._writes_json():
            stream.write(self.as_json(message))
        else:
            stream.write(self.format(message, colour=self._use_colour(stream)))
        stream.flush()

    async def aclose(self) -> None:
        """The stream belongs to the caller, so it is left open."""
