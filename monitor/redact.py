"""Secrets out of everything the monitor shows or writes: one rule for every output.

Logs, the command line, the web pages and API, stored feed errors, alerts and health
alerts all pass text through `redact`. It masks, with `***`:

- every secret value the configuration registered (`register_secrets`): webhook
  secrets, headers and path tokens, SMTP and database passwords, API keys;
- the password in `user:password@` of any URL;
- secret-looking query parameters and `key=value` pairs (`token=`, `apikey=`, …) and
  credentials after an HTTP auth scheme (`Bearer …`);
- the token part of webhook URLs whose services put it in the path (Discord, Slack,
  Microsoft Teams, Telegram bots, ntfy topics) and everything after the scheme of a
  chat-service (Apprise) URL such as `tgram://…`, registered or not.

Only the value is masked: the words after it, or a message about a secret ("secret:
environment variable X is not set"), are left as they are. This module imports nothing
of ours, so every layer can use it.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

MASK = "***"

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
# Any URL in running text, up to whitespace, quotes or brackets around it.
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}://[^\s<>\"'`]+")
# Schemes whose URLs are addresses, not credentials: their secrets sit in the
# userinfo or the query, masked above. Any other scheme is a chat-service URL
# (Apprise: slack://T/B/X, tgram://bot-token/chat, ntfy://topic) and all of it after
# the scheme can be a token.
_ADDRESS_SCHEMES = frozenset(
    "http https ftp ftps file ws wss sqlite postgres postgresql mysql mariadb smtp smtps "
    "mailto feed".split()
)
# Webhook services that put the token in the path: (host suffix, path prefix); every
# segment after the prefix is masked.
_PATH_TOKEN_HOSTS: tuple[tuple[str, str], ...] = (
    ("discord.com", "/api/webhooks/"),
    ("discordapp.com", "/api/webhooks/"),
    ("hooks.slack.com", "/services/"),
    ("hooks.slack.com", "/workflows/"),
    ("hooks.slack.com", "/triggers/"),
    ("webhook.office.com", "/"),
    ("outlook.office.com", "/webhook"),
    ("ntfy.sh", "/"),
    ("chat.googleapis.com", "/"),
    ("hooks.zapier.com", "/hooks/"),
)
_TELEGRAM_BOT = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")

_secrets: set[str] = set()
_lock = threading.Lock()


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
    text = _URL.sub(lambda m: redact_url(m[0]), text)
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


def redact_values(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_values(v) for v in value]
    return value


def redact_url(url: str) -> str:
    """One URL with its credentials masked: userinfo password, path tokens of webhook
    services, chat-service URLs after the scheme. Query secrets are left to `redact`."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    if scheme.lower().partition("+")[0] not in _ADDRESS_SCHEMES:
        return f"{scheme}://{MASK}" if rest else url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return url
    path = parts.path
    masked = path
    if host == "api.telegram.org" or host.endswith(".api.telegram.org"):
        masked = _TELEGRAM_BOT.sub(f"/bot{MASK}", path)
    for suffix, prefix in _PATH_TOKEN_HOSTS:
        if (host == suffix or host.endswith("." + suffix)) and path.startswith(prefix):
            tail = path[len(prefix) :]
            if tail.strip("/"):
                kept = "/".join(MASK if seg else seg for seg in tail.split("/"))
                masked = prefix + kept
            break
    if masked == path:
        return url
    # The path is replaced where it stands, so the rest of the URL stays as written.
    at = url.find(path, len(scheme) + 3)
    return url if at < 0 else url[:at] + masked + url[at + len(path) :]
