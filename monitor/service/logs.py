"""Logging for a service: one event per line, ids as fields, secrets never written.

`setup()` installs one stderr handler. On a terminal the lines are for people
(`time level logger: message key=value …`); otherwise, or with `--log-format json`,
each line is a JSON object (`ts`, `level`, `logger`, `event`, then the fields passed
with `extra=`), which journald, Docker and log shippers keep as one record.

Every record passes a redacting filter first: `monitor.redact`, the rule every output
follows, masks secrets in the message, the fields and the traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from monitor.redact import MASK, config_secrets, redact, redact_values, register_secrets

__all__ = [
    "MASK",
    "JSONFormatter",
    "RedactingFilter",
    "TextFormatter",
    "active_format",
    "config_secrets",
    "fields",
    "redact",
    "register_secrets",
    "resolve_format",
    "setup",
]

NOISY = ("httpx", "httpcore", "apscheduler", "trafilatura", "htmldate", "courlan", "alembic")

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

_format: str | None = None  # what setup() chose: "text" or "json"


def active_format() -> str | None:
    """The format the service's logs are written in, or None before setup()."""
    return _format


class RedactingFilter(logging.Filter):
    """Rewrites the record in place: message, fields and traceback without secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string still gets logged, raw
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in fields(record).items():
            setattr(record, key, redact_values(value))
        return True


def fields(record: logging.LogRecord) -> dict[str, Any]:
    """What the caller passed with `extra=`: feed_id, article_id, story_id, alert_id, …"""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in fields(record).items():
            event.setdefault(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            event["exception"] = record.exc_text
        return json.dumps(event, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        extra = fields(record)
        if extra:
            line += " " + " ".join(f"{k}={_text_value(v)}" for k, v in extra.items())
        return line


def _text_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return json.dumps(text) if (not text or any(c in text for c in ' "=')) else text


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time, as test runners swap it."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def resolve_format(fmt: str | None, stream: TextIO) -> str:
    if fmt in ("json", "text"):
        return fmt
    return "text" if stream.isatty() else "json"


def setup(fmt: str | None = None, *, verbose: bool = False, stream: TextIO | None = None) -> str:
    """Install the stderr handler; returns the format chosen ('text' or 'json')."""
    global _format
    chosen = resolve_format(fmt, stream or sys.stderr)
    _format = chosen
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JSONFormatter() if chosen == "json" else TextFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_monitor", False)]:
        root.removeHandler(old)
    setattr(handler, "_monitor", True)  # noqa: B010 (marks the handler this module owns)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return chosen
