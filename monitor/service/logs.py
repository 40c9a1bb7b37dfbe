"""Logging for a service: one event per line, ids as fields, secrets never written.

`setup()` installs one stderr handler. On a terminal the lines are for people
(`time level logger: message key=value …`); otherwise, or with `--log-format json`,
each line is a JSON object (`ts`, `level`, `logger`, `event`, then the fields passed
with `extra=`), which journald, Docker and log shippers keep as one record.

Every record passes a redacting filter first: credentials inside URLs, secret-looking
query parameters and `key=value` pairs, and every secret value the configuration
registered (webhook secrets, headers and path tokens, SMTP passwords) are replaced by
`***`, in the message, the fields and the traceback. Only the value is masked: the
words after it, or a message about a secret ("secret: environment variable X is not
set"), are left as they are.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import sys
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

MASK = "***"
NOISY = ("httpx", "httpcore", "apscheduler", "trafilatura", "htmldate", "courlan", "alembic")

# user:password@ inside any scheme://…
_URL_USERINFO = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^/\s:@]*):(?P<pw>[^/\s@]*)@"
)
_SECRET_WORDS = (
    r"password|passwd|pwd|secret|token|access_token|refresh_token|api[_-]?key|apikey|"
    r"auth|authorization|signature|sig|credential|credentials|client_secret|private_key"
)
# ?token=…&  or  password=…  or  "secret": "…"  or  Authorization: Bearer …
# Only spaces or tabs may stand between the key, its separator and the value: a value is
# never looked for on the next line.
_PAIR = re.compile(
    rf"(?P<key>\b(?:{_SECRET_WORDS})\b[\"']?(?P<before>[ \t]*)(?P<sep>=|:)(?P<gap>[ \t]*))"
    r"(?:(?P<quote>[\"'])(?P<quoted>(?:\\.|(?!(?P=quote))[^\\\n])*)(?P=quote)"
    r"|(?P<open>[\"']?)(?P<scheme>(?:Bearer|Basic|Token|Digest)[ \t]+)?"
    r"(?P<value>[^\s&\"',;)]+))",
    re.IGNORECASE,
)
# credentials after an HTTP auth scheme, wherever they are echoed
_AUTH_SCHEME = re.compile(
    r"\b(?P<scheme>Basic|Bearer|Token|Digest)[ \t]+(?P<value>[A-Za-z0-9._~+/=-]{6,})"
)
# Words that go on a message about a secret ("secret: environment variable X is not
# set", "token: expired"): after "key: " they are not the secret, and masking them
# would eat the message. Any other word there is taken for the secret.
_PROSE = frozenset(
    "a an the is was are not no none null empty missing required invalid expired unknown "
    "unset too must should input field value expected cannot could failed error refused "
    "rejected wrong bad given environment variable".split()
)
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

_secrets: set[str] = set()
_lock = threading.Lock()
_format: str | None = None  # what setup() chose: "text" or "json"


def active_format() -> str | None:
    """The format the service's logs are written in, or None before setup()."""
    return _format


def register_secrets(values: Iterable[str | None]) -> None:
    """Values that must never be written, whatever the surrounding text looks like."""
    with _lock:
        for v in values:
            if v and len(v) >= 4:
                _secrets.add(v)
                _secrets.add(unquote(v))


def config_secrets(cfg: Any) -> list[str]:
    """Secret values in a loaded configuration: channel secrets, headers, passwords in URLs."""
    found: list[str] = []
    urls = [cfg.storage.url, *(f.url for f in cfg.feeds)]
    for options in (cfg.fetch, *cfg.feeds):  # request headers, cookies, proxy logins
        found.extend(options.secrets())
        if options.proxy:
            urls.append(options.proxy)
    for c in cfg.channels:
        secret = getattr(c, "secret", None)
        if secret:
            found.append(secret)
        found.extend(getattr(c, "headers", {}).values())
        for attr in ("url", "smtp"):
            if getattr(c, attr, None):
                urls.append(getattr(c, attr))
        if getattr(c, "type", None) == "webhook":
            # Slack, Discord and Teams webhook URLs carry their token in the path.
            found.extend(_path_tokens(c.url))
        for url in getattr(c, "urls", None) or []:
            # Apprise URLs carry their tokens as host and path: slack://T0k/B1/xyz
            urls.append(url)
            rest = url.partition("://")[2].split("?")[0]
            found.extend(p for p in re.split(r"[/@:]", rest) if len(p) >= 8)
    llm = getattr(getattr(cfg, "briefs", None), "llm", None)
    if llm is not None:
        urls.append(llm.url)
        if llm.api_key:
            found.append(llm.api_key)
    for url in urls:
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if parts.password:
            found.append(parts.password)
            # what an HTTP client sends for it, which a receiver may echo back
            basic = f"{unquote(parts.username or '')}:{unquote(parts.password)}"
            found.append(base64.b64encode(basic.encode()).decode())
        for pair in parts.query.split("&"):
            key, _, value = pair.partition("=")
            if value and re.fullmatch(_SECRET_WORDS, key, re.IGNORECASE):
                found.append(value)
    return found


def _path_tokens(url: str) -> list[str]:
    """Path segments of a URL that look like credentials: long, or long enough with a
    digit in them ("T0AB12CD", "8f3c…"), never a plain word like "services"."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    return [
        p for p in path.split("/") if len(p) >= 24 or (len(p) >= 8 and any(c.isdigit() for c in p))
    ]


def redact(text: str) -> str:
    """Text with every secret it carries replaced by `***`."""
    if not text:
        return text
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _AUTH_SCHEME.sub(_mask_scheme, text)
    text = _URL_USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    return _PAIR.sub(_mask_pair, text)


def _mask_scheme(m: re.Match[str]) -> str:
    # "Basic authentication failed", "Token refresh": English after a word that is also
    # a scheme. Base64 credentials and tokens are not all lower-case letters.
    if m["scheme"] != "Bearer" and m["value"].isalpha() and m["value"].islower():
        return m[0]
    return f"{m['scheme']} {MASK}"


def _mask_pair(m: re.Match[str]) -> str:
    """`key=value` with the value masked, and nothing after the value touched."""
    if m["quote"] is not None:
        if m["quoted"] in ("", MASK):
            return m[0]
        return f"{m['key']}{m['quote']}{MASK}{m['quote']}"
    value, scheme = m["value"], m["scheme"] or ""
    if value == MASK:
        return m[0]
    # "token= next": the key has no value, and the next word is not one.
    no_value = m["sep"] == "=" and not m["before"]
    if m["gap"] and not scheme and (no_value or value.lower() in _PROSE):
        return m[0]
    return f"{m['key']}{m['open']}{scheme}{MASK}"


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


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
            setattr(record, key, _clean(value))
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
