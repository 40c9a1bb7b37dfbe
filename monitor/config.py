"""The TOML configuration: reading, `${VAR}` expansion and validation of its structure.

Every problem is reported as `<file>: <key>: <reason>` so a user can fix it without
reading code, and nothing starts until the whole file is valid.

This module imports nothing of the monitor's. Values whose syntax belongs to other
code (queries, digest schedules, time zones: marked with `Syntax`) and channel
templates are checked by `monitor.service.configcheck`, whose `load_config` is how the
program reads its configuration.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

DEFAULT_PATH = Path("config/monitor.toml")
Event = Literal["new_story", "development", "spike"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, None: 1}
# ${VAR} or ${VAR:-default}; $${ is a literal ${ (a feed title may contain one)
_ENV = re.compile(r"\$\$(?=\{)|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class ConfigError(Exception):
    """A configuration problem, already phrased for the user."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_duration(value: Any) -> float:
    """Seconds from a number or a string like '90s', '15m', '2h', '7d'."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 15m, 2h or a number of seconds")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    else:
        raise ValueError(f"expected a duration such as 15m, 2h or 30s, got {value!r}")
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


def _parse_wait(value: Any) -> float:
    """Like a duration, but zero ("0s") is allowed: no waiting."""
    if value in (0, "0", "0s", "0m") and not isinstance(value, bool):
        return 0.0
    return parse_duration(value)


def _parse_optional(value: Any) -> float | None:
    """A duration, or "off" (also false) to turn the feature off."""
    if value is False or (isinstance(value, str) and value.strip().lower() == "off"):
        return None
    return parse_duration(value)


def _parse_optional_wait(value: Any) -> float | None:
    """A wait ("0s" allowed), or "off" (also false) to turn the feature off."""
    if value is False or (isinstance(value, str) and value.strip().lower() == "off"):
        return None
    return _parse_wait(value)


Wait = Annotated[float, BeforeValidator(_parse_wait)]
OptionalDuration = Annotated[float | None, BeforeValidator(_parse_optional)]
OptionalWait = Annotated[float | None, BeforeValidator(_parse_optional_wait)]


@dataclass(frozen=True)
class Syntax:
    """Marks a string whose syntax the code that reads it checks (`service.configcheck`)."""

    kind: Literal["query", "schedule", "timezone"]


QueryText = Annotated[str, Syntax("query")]  # a search query (`monitor.judge.query`)
ScheduleText = Annotated[str, Syntax("schedule")]  # "daily 07:00", "weekly mon 07:00", cron
TimeZone = Annotated[str, Syntax("timezone")]  # an IANA name such as America/Bogota


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.DOTALL)


def _check_web_url(value: str) -> str:
    """An http(s) URL with a host: what a webhook or a feed must be."""
    m = _URL_SCHEME.match(value.strip()) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    scheme, rest = m.group(1).lower(), m.group(2)
    if scheme not in ("http", "https"):
        raise ValueError(f"expected an http:// or https:// URL, not {scheme}://, got {value!r}")
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].rpartition("@")[2]
    if not host or any(c.isspace() for c in value.strip()):
        raise ValueError(f"expected an http:// or https:// URL with a host, got {value!r}")
    return value


def _check_smtp_url(value: str) -> str:
    m = _URL_SCHEME.match(value.strip()) if isinstance(value, str) else None
    if m is None or m.group(1).lower() not in ("smtp", "smtps"):
        raise ValueError("must start with smtp:// or smtps://, e.g. smtp://user:pass@host:587")
    if not re.split(r"[/?#]", m.group(2), maxsplit=1)[0].rpartition("@")[2]:
        raise ValueError("names no host: expected smtp://user:pass@host:587")
    return value


WebURL = Annotated[str, AfterValidator(_check_web_url)]
SMTPURL = Annotated[str, AfterValidator(_check_smtp_url)]

# The databases the monitor runs on, by SQLAlchemy URL scheme, and the driver each uses.
_DATABASES = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    # psycopg (3) is installed with the monitor; a bare postgresql:// means it too
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
_DATABASE_EXAMPLES = "sqlite:///data/monitor.db or postgresql+psycopg://user@host/dbname"


def _check_database_url(value: str) -> str:
    """A database the monitor can open; a bare postgresql:// is given the psycopg driver."""
    m = _URL_SCHEME.match(value.strip()) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f"expected a database URL such as {_DATABASE_EXAMPLES}, got {value!r}")
    scheme, rest = m.group(1).lower(), m.group(2)
    if scheme in _DATABASES:
        return f"{_DATABASES[scheme]}://{rest}"
    backend, _, driver = scheme.partition("+")
    if backend == "postgres":
        raise ValueError("postgres:// is not a database URL scheme: write postgresql://…")
    if backend == "postgresql":
        raise ValueError(
            f"the {driver} driver is not installed: write postgresql+psycopg://… "
            "(psycopg comes with the monitor)"
        )
    if backend == "sqlite":
        raise ValueError(f"the {driver} driver is not supported: write sqlite:///path/to/file.db")
    raise ValueError(f"{backend} databases are not supported: use {_DATABASE_EXAMPLES}")


class StorageConfig(_Section):
    url: Annotated[str, AfterValidator(_check_database_url)] = "sqlite:///data/monitor.db"
    auto_migrate: bool = True  # apply pending schema migrations on start
    # Articles first seen longer ago than this lose their text (0: never); their
    # metadata, story, search entry and the feed entries that led to them stay.
    keep_text_days: int = Field(default=0, ge=0)


_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_COOKIE_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# Set by the fetcher itself, or by another key.
_OWN_HEADERS = {
    "host": "set from the URL",
    "content-length": "set by the fetcher",
    "transfer-encoding": "set by the fetcher",
    "connection": "set by the fetcher",
    "accept-encoding": "set by the fetcher (it decodes the body under the size cap)",
    "if-none-match": "set by the fetcher from the feed's last response",
    "if-modified-since": "set by the fetcher from the feed's last response",
    "cookie": "use the cookies key (or cookie_file)",
    "user-agent": "use the user_agent key",
}
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def _check_headers(value: dict[str, str]) -> dict[str, str]:
    """Header names and values that can go on the wire; values are never echoed (secrets)."""
    for name, text in value.items():
        if not _HEADER_NAME.match(name):
            raise ValueError(f"{name!r} is not a valid HTTP header name")
        if name.lower() in _OWN_HEADERS:
            raise ValueError(f"{name}: {_OWN_HEADERS[name.lower()]}")
        if any(c in text for c in "\r\n\0"):
            raise ValueError(f"{name}: the value contains a line break or NUL")
    return value


def _check_cookies(value: dict[str, str]) -> dict[str, str]:
    for name, text in value.items():
        if not _COOKIE_NAME.match(name):
            raise ValueError(f"{name!r} is not a valid cookie name")
        if any(c in text for c in ";\r\n\0") or text != text.strip():
            raise ValueError(f"{name}: the value contains ';', a line break or outer spaces")
    return value


def _check_user_agent(value: str) -> str:
    if not value.strip() or any(c in value for c in "\r\n\0"):
        raise ValueError("expected a non-empty user agent on one line")
    return value


def _check_proxy(value: str) -> str:
    """http://, https://, socks5:// or socks5h:// with a host; "direct" turns a global
    proxy off for one feed. Credentials may be in the URL (they are redacted in logs)."""
    if value == "direct":
        return value
    m = _URL_SCHEME.match(value.strip()) if isinstance(value, str) else None
    scheme = m.group(1).lower() if m else ""
    if m is None or scheme not in PROXY_SCHEMES:
        raise ValueError(
            "expected a proxy URL such as http://proxy:3128 or socks5://127.0.0.1:1080 "
            '(schemes: http, https, socks5, socks5h), or "direct"'
        )
    host = re.split(r"[/?#]", m.group(2), maxsplit=1)[0].rpartition("@")[2]
    if not host:
        raise ValueError("the proxy URL names no host")
    return value


Headers = Annotated[dict[str, str], AfterValidator(_check_headers)]
Cookies = Annotated[dict[str, str], AfterValidator(_check_cookies)]
UserAgent = Annotated[str, AfterValidator(_check_user_agent)]
ProxyURL = Annotated[str, AfterValidator(_check_proxy)]


class RequestOptions(_Section):
    """What requests carry: globally in [fetch], or for one feed's site in [[feeds]]."""

    user_agent: UserAgent | None = None
    headers: Headers = Field(default_factory=dict)
    cookies: Cookies = Field(default_factory=dict)
    cookie_file: str | None = None  # a Netscape cookies.txt (curl, browser add-ons)
    proxy: ProxyURL | None = None

    def secrets(self) -> list[str]:
        """Values never to print: header and cookie values, proxy credentials."""
        return [*self.headers.values(), *self.cookies.values()]


class FetchConfig(RequestOptions):
    allow_private_addresses: bool = False
    timeout: Duration = 30.0
    max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_redirects: int = Field(default=5, ge=0, le=20)
    concurrency: int = Field(default=16, ge=1, le=512)
    per_host: int = Field(default=4, ge=1, le=64)
    parse_timeout: Duration = 20.0  # wall-clock bound on parsing one feed body
    # wall-clock bound on extracting one article page; then the feed's text stands in
    extract_timeout: Duration = 20.0
    parse_workers: int = Field(default=2, ge=1, le=32)  # feed-parsing worker processes

    @model_validator(mode="after")
    def _no_global_cookies(self) -> FetchConfig:
        if self.cookies:
            raise ValueError(
                "cookies: in [fetch] they would go to every site; set them on the feed "
                "([[feeds]] cookies), or use cookie_file, whose cookies name their domains"
            )
        return self


class ScheduleConfig(_Section):
    # adaptive: the interval of a feed publishing one entry an hour, and of new feeds;
    # adaptive = false: every feed's interval
    interval: Duration = 900.0
    adaptive: bool = True  # busy feeds more often, quiet ones less, within the bounds
    min_interval: Duration = 120.0
    max_interval: Duration = 6 * 3600.0  # also the cap on server hints (max-age, ttl)
    rate_half_life: Duration = 86400.0  # how fast old entries stop counting towards the rate
    tick: Duration = 30.0  # how often the daemon asks the database what is due
    max_backoff: Duration = 6 * 3600.0  # cap on the wait after consecutive failures
    lease: Duration = 600.0  # how long a node holds a feed it polls; then others may take it
    # topic search feeds (news.google.com/rss/search, Bing News RSS, or `search = true`)
    # are never checked less often than this: their first report is the one that matters
    search_max_interval: OptionalDuration = 480.0
    # a feed bringing a new relevant story has the other feeds of its topics checked this
    # soon (not sooner than min_interval after their last check); "off": never
    follow_up: OptionalWait = 0.0

    @model_validator(mode="after")
    def _bounds(self) -> ScheduleConfig:
        if self.min_interval > self.max_interval:
            raise ValueError("min_interval must not be longer than max_interval")
        if self.lease < 60:
            raise ValueError("lease must be at least 60s: a poll must finish within it")
        return self


class DeliveryConfig(_Section):
    retry_base: Duration = 30.0  # first retry after about this long, doubling each time
    retry_max: Duration = 3600.0  # backoff cap: a recovered channel waits at most this long
    max_age: Duration = 24 * 3600.0  # then a delivery that still fails is dead
    # a message that failed this often without an answer stops holding its channel
    stuck_after: int = Field(default=3, ge=1)
    story_url: str | None = None  # e.g. "https://monitor.example.org/stories/{id}"


_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """'22:00-07:00' as (start, end); the window may cross midnight."""
    start, sep, end = (value or "").partition("-")
    m1, m2 = _CLOCK.match(start.strip()), _CLOCK.match(end.strip())
    if not sep or not m1 or not m2:
        raise ValueError(f"expected HH:MM-HH:MM such as 22:00-07:00, got {value!r}")
    a = time(int(m1.group(1)), int(m1.group(2)))
    b = time(int(m2.group(1)), int(m2.group(2)))
    if a == b:
        raise ValueError("quiet hours start and end at the same time")
    return a, b


def _check_quiet_hours(value: Any) -> Any:
    if value is not None:
        parse_quiet_hours(str(value))
    return value


QuietHours = Annotated[str, BeforeValidator(_check_quiet_hours)]


class StoriesConfig(_Section):
    window: Duration = 30 * 86400.0  # how long a silent story can still gain articles
    # chance (by the pair model, averaged over the story's latest articles) that an
    # article reports the same story, needed to join it
    join_threshold: float = Field(default=0.5, gt=0, lt=1)
    # an article at least this sure of two stories shows they are one: they merge
    merge_threshold: float = Field(default=0.8, gt=0, le=1)
    # how long an article's text stays searchable for near copies (exact URLs: forever)
    near_duplicate_window: Duration = 30 * 86400.0
    # share of the shorter text's word 3-grams found in the longer that makes a copy
    near_duplicate_threshold: float = Field(default=0.35, gt=0, le=1)
    # feed-only items (headline and summary) are compared by headline within this window
    near_duplicate_title_window: Duration = 3 * 86400.0

    @model_validator(mode="after")
    def _merge_above_join(self) -> StoriesConfig:
        if self.merge_threshold < self.join_threshold:
            raise ValueError(
                f"merge_threshold ({self.merge_threshold}) must not be below "
                f"join_threshold ({self.join_threshold})"
            )
        return self


class EntriesConfig(_Section):
    """Bounds on what one feed can hand over in one poll; what is cut is recorded."""

    max_per_poll: int = Field(default=200, ge=1)  # new entries taken per poll, newest first
    max_title_chars: int = Field(default=500, ge=20)
    max_summary_chars: int = Field(default=20_000, ge=100)
    max_url_chars: int = Field(default=2048, ge=64)  # longer links are dropped, not cut
    max_author_chars: int = Field(default=200, ge=10)


class TopicConfig(_Section):
    name: str = Field(min_length=1)
    query: QueryText


class FeedConfig(RequestOptions):
    """A feed; its request options apply to every request to the feed's site."""

    url: WebURL
    name: str | None = None
    interval: Duration | None = None
    topics: list[str] | None = None
    search: bool | None = None  # a topic search feed; unset: told by its URL


def _all_events() -> list[Event]:
    return ["new_story", "development"]


class SpikeConfig(_Section):
    outlets: int = Field(ge=2)  # distinct outlets the story must gain ...
    within: Duration  # ... within this window


class SourcesConfig(_Section):
    """Outlets by host (a host also covers its subdomains) or by feed name."""

    allow: list[str] | None = None
    deny: list[str] = Field(default_factory=list)


class AlertsConfig(_Section):
    # Entries published (else first seen) longer ago than this are stored but do not alert.
    backfill: OptionalDuration = 24 * 3600.0


class RuleConfig(_Section):
    name: str = Field(min_length=1)
    topics: list[str] | None = None
    query: QueryText | None = None
    events: list[Event] = Field(default_factory=_all_events)
    channels: list[str] = Field(min_length=1)
    urgent: bool = False  # its alerts are delivered even in a channel's quiet hours
    # timers
    group_wait: Wait = 60.0  # the first alert of a story waits for more outlets
    # copies (articles adding nothing) arriving this long after a story's first alert
    # join that alert's record even once it went out; its message is not sent again
    fold_window: Wait = 600.0
    group_interval: Wait = 1800.0  # at most one development per story per interval
    repeat_interval: OptionalDuration = None  # re-send an active story's summary
    # thresholds
    min_outlets: int = Field(default=1, ge=1)
    languages: list[str] | None = None
    sources: SourcesConfig | None = None
    spike: SpikeConfig | None = None
    backfill: OptionalDuration = None  # unset: [alerts] backfill; see effective_backfill
    # digest: one message per schedule slot instead of alerts as they happen
    schedule: ScheduleText | None = None
    timezone: TimeZone = "UTC"
    send_empty: bool = False

    def effective_backfill(self, default: float | None) -> float | None:
        return self.backfill if "backfill" in self.model_fields_set else default

    @model_validator(mode="after")
    def _consistent(self) -> RuleConfig:
        if "spike" in self.events and self.spike is None:
            raise ValueError("events include 'spike' but there is no spike = { outlets, within }")
        if self.spike is not None and "spike" not in self.events:
            raise ValueError("spike is set but events do not include 'spike'")
        if self.schedule is None and (self.send_empty or self.timezone != "UTC"):
            raise ValueError("send_empty and timezone apply to digests: set schedule too")
        return self


TemplateFormat = Literal["subject", "text", "html", "markdown"]


class _ChannelBase(_Section):
    name: str = Field(min_length=1)
    # hold non-urgent alerts in this daily window, send them as one bundle when it ends
    quiet_hours: QuietHours | None = None
    timezone: TimeZone = "UTC"
    template_dir: str | None = None  # templates here replace the shipped ones by file name
    templates: dict[TemplateFormat, str] = Field(default_factory=dict)  # one file per format


class WebhookChannelConfig(_ChannelBase):
    type: Literal["webhook"]
    url: WebURL
    secret: str | None = None
    timeout: Duration = 15.0
    headers: dict[str, str] = Field(default_factory=dict)


class EmailChannelConfig(_ChannelBase):
    type: Literal["email"]
    smtp: SMTPURL
    from_: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    timeout: Duration = 30.0
    # log in without TLS; honoured only for a server on this machine (loopback), which
    # monitor.service.configcheck checks with the rest of the SMTP URL
    allow_insecure_auth: bool = False


class ConsoleChannelConfig(_ChannelBase):
    type: Literal["console"]
    timeout: Duration = 10.0


class AppriseChannelConfig(_ChannelBase):
    """Chat and push services through Apprise: slack://, discord://, tgram://, ntfys://, …"""

    type: Literal["apprise"]
    urls: list[str] = Field(min_length=1)
    timeout: Duration = 30.0

    @model_validator(mode="after")
    def _url_shape(self) -> AppriseChannelConfig:
        for i, url in enumerate(self.urls):
            if "://" not in url:
                raise ValueError(
                    f"urls[{i}]: expected an Apprise URL such as slack://…, got {url!r}"
                )
        return self


ChannelConfig = Annotated[
    WebhookChannelConfig | EmailChannelConfig | ConsoleChannelConfig | AppriseChannelConfig,
    Field(discriminator="type"),
]

# which templates each channel type renders
CHANNEL_FORMATS: dict[str, tuple[TemplateFormat, ...]] = {
    "webhook": (),
    "email": ("subject", "text", "html"),
    "console": ("text",),
    "apprise": ("subject", "markdown"),
}


class HealthConfig(_Section):
    """The monitor watching itself: alerts when it is quietly broken, and when it recovers."""

    channels: list[str] = Field(default_factory=list)  # none: health alerts are off
    check_every: Duration = 300.0
    feed_failing_for: Duration = 6 * 3600.0  # a feed without a successful poll this long
    extraction_failure_ratio: float = Field(default=0.8, gt=0, le=1)
    extraction_min_articles: int = Field(default=5, ge=1)
    extraction_window: Duration = 24 * 3600.0
    outbox_pending_for: Duration = 3600.0  # a delivery still pending after this long
    urgent: bool = True  # bypass quiet hours


class LLMConfig(_Section):
    """An OpenAI-compatible chat-completions endpoint that may reword a brief."""

    url: str  # the API base ("…/v1") or the full ".../chat/completions" URL
    model: str = Field(min_length=1)
    api_key: str | None = None
    # the longest a delivery waits for the rewrite; then the extractive brief goes out
    timeout: Duration = 5.0

    @model_validator(mode="after")
    def _url_scheme(self) -> LLMConfig:
        if not re.match(r"^https?://[^/\s]+", self.url):
            raise ValueError(f"url must be an http(s) URL, got {self.url!r}")
        return self


def _check_timeline_lines(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number of lines such as 8, got {value!r}")
    if not 2 <= value <= 100:
        raise ValueError(
            f"must be from 2 to 100 (the story's first entry and at least the latest), got {value}"
        )
    return value


class BriefsConfig(_Section):
    """Alert briefs are extractive; a language model may reword them (off unless set)."""

    llm: LLMConfig | None = None
    # An alert's timeline: the story's first entry and the latest ones, this many lines in
    # all; a line more says how many are left out (`monitor stories show` lists them all).
    timeline_lines: Annotated[int, BeforeValidator(_check_timeline_lines)] = 8


class ServiceConfig(_Section):
    stop_timeout: Duration = 30.0  # SIGTERM to exit, in-flight work included
    health_port: int | None = Field(default=None, ge=0, le=65535)  # GET /healthz; off if unset
    health_host: str = "127.0.0.1"


def _check_display_zone(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected an IANA time zone name such as UTC or America/Bogota")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name such as UTC or America/Bogota)"
        ) from None
    return value


class DisplayConfig(_Section):
    """How the command line shows what is stored (the database keeps UTC)."""

    timezone: Annotated[str, BeforeValidator(_check_display_zone)] = "UTC"


class WebConfig(_Section):
    """The pages, the JSON API and /metrics (`monitor serve`, or `monitor run` when enabled)."""

    enabled: bool = False  # `monitor run` serves them too, with /healthz, on this port
    host: str = "127.0.0.1"  # another address needs a token: the start is refused without
    port: int = Field(default=8080, ge=0, le=65535)
    # Bearer token for the actions (silence a story, retry dead deliveries, pause or
    # enable a feed); unset: read-only. Long enough not to be guessed.
    token: str | None = Field(default=None, min_length=16)


class Config(_Section):
    storage: StorageConfig = StorageConfig()
    fetch: FetchConfig = FetchConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    stories: StoriesConfig = StoriesConfig()
    entries: EntriesConfig = EntriesConfig()
    topics: list[TopicConfig] = Field(default_factory=list)
    feeds: list[FeedConfig] = Field(default_factory=list)
    rules: list[RuleConfig] = Field(default_factory=list)
    channels: list[ChannelConfig] = Field(default_factory=list)
    alerts: AlertsConfig = AlertsConfig()
    service: ServiceConfig = ServiceConfig()
    health: HealthConfig = HealthConfig()
    briefs: BriefsConfig = BriefsConfig()
    display: DisplayConfig = DisplayConfig()
    web: WebConfig = WebConfig()

    def channel(self, name: str) -> ChannelConfig:
        return next(c for c in self.channels if c.name == name)


def _cross_check(cfg: Config) -> list[str]:
    """Checks that span sections: names that must exist and must be unique."""
    problems: list[str] = []
    topics = [t.name for t in cfg.topics]
    channels = [c.name for c in cfg.channels]
    if not topics:
        problems.append("topics: at least one [[topics]] entry is required")
    for section, names in (
        ("topics", topics),
        ("channels", channels),
        ("rules", [r.name for r in cfg.rules]),
    ):
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                problems.append(f"{section}[{i}].name: duplicate name {name!r}")
            seen.add(name)
    urls: set[str] = set()
    for i, feed in enumerate(cfg.feeds):
        if feed.url in urls:
            problems.append(f"feeds[{i}].url: duplicate feed {feed.url!r}")
        urls.add(feed.url)
        for t in feed.topics or []:
            if t not in topics:
                problems.append(f"feeds[{i}].topics: unknown topic {t!r} (known: {_known(topics)})")
    for i, rule in enumerate(cfg.rules):
        for t in rule.topics or []:
            if t not in topics:
                problems.append(f"rules[{i}].topics: unknown topic {t!r} (known: {_known(topics)})")
        for c in rule.channels:
            if c not in channels:
                problems.append(
                    f"rules[{i}].channels: unknown channel {c!r} (known: {_known(channels)})"
                )
    for c in cfg.health.channels:
        if c not in channels:
            problems.append(f"health.channels: unknown channel {c!r} (known: {_known(channels)})")
    return problems


def _known(names: list[str]) -> str:
    return ", ".join(names) if names else "none"


def _expand_env(value: Any, key: str, problems: list[str]) -> Any:
    if isinstance(value, str):

        def sub(m: re.Match[str]) -> str:
            if m.group(0) == "$$":
                return "$"
            name, default = m.group(1), m.group(2)
            if name in os.environ:
                return os.environ[name]
            if default is not None:
                return default
            problems.append(f"{key}: environment variable {name} is not set")
            return ""

        return _ENV.sub(sub, value)
    if isinstance(value, dict):
        return {k: _expand_env(v, f"{key}.{k}" if key else k, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand_env(v, f"{key}[{i}]", problems) for i, v in enumerate(value)]
    return value


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("webhook", "email", "console", "apprise"):
            continue  # discriminator branch names are noise to a user
        else:
            out += ("." if out else "") + ("from" if part == "from_" else str(part))
    return out or "(top level)"


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key is missing"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def parse_config(data: dict[str, Any], source: str = "<config>") -> Config:
    """The configuration in `data`, its structure and names checked; `source` names it
    in every problem. `service.configcheck.check_config` checks the rest."""
    problems: list[str] = []
    data = _expand_env(data, "", problems)
    if problems:
        raise ConfigError([f"{source}: {p}" for p in problems])
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            [f"{source}: {_loc(e['loc'])}: {_message(e)}" for e in exc.errors()]
        ) from None
    cross = _cross_check(cfg)
    if cross:
        raise ConfigError([f"{source}: {p}" for p in cross])
    return cfg


def config_path(path: str | Path | None) -> Path:
    if path is not None:
        return Path(path)
    env = os.environ.get("MONITOR_CONFIG")
    return Path(env) if env else DEFAULT_PATH


def read_config(path: str | Path | None = None) -> Config:
    """The configuration file, its structure and names checked (see `parse_config`)."""
    p = config_path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError([f"{p}: cannot read the configuration: {exc.strerror}"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError([f"{p}: the file is not UTF-8"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{p}: not valid TOML: {exc}"]) from None
    return parse_config(data, str(p))
