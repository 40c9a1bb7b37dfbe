"""Test helpers shared by several test files: a webhook receiver, corpus scenarios and
what a search index holds."""

from __future__ import annotations

import asyncio
import email
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpcore
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session
from pytest_httpserver import HTTPServer
from sqlalchemy import text
from werkzeug import Request, Response

from monitor.demo.replay import Corpus, load_corpus
from monitor.judge import briefs, sentences
from monitor.storage import Store
from monitor.storage.search import search_articles

WIRE = ["petro-confirms-summit", "petro-summit-date-set", "petro-trump-meeting-feb3"]


class Receiver:
    """A webhook endpoint that records what it accepts and can be told to fail, to
    answer 429 with a Retry-After, or to hold requests open without answering."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.bodies: list[dict[str, Any]] = []
        self.raw: list[tuple[dict[str, str], bytes]] = []
        self.fail_with: int | None = None
        self.reject: dict[str, int] = {}  # alert id -> status answered to that alert only
        # alert id ("*": any) -> seconds to wait before answering, past the sender's timeout
        self.stall: dict[str, float] = {}
        self.retry_after: str | None = None
        # while `release` is not set, requests number `hold_from` and later are held open
        self.hold_from: int | None = None
        self.release = threading.Event()
        self.holding = threading.Event()  # set while a request is held
        self.lock = threading.Lock()
        server.expect_request("/hook", method="POST").respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        with self.lock:
            self.raw.append((dict(request.headers), request.get_data()))
            number = len(self.raw)
        if self.hold_from is not None and number >= self.hold_from and not self.release.is_set():
            self.holding.set()
            self.release.wait(120)
            self.holding.clear()
            return Response("held, then given up", status=503)
        delivery = request.headers.get("X-Monitor-Delivery", "")
        stall = self.stall.get(delivery, self.stall.get("*"))
        if stall is not None:
            time.sleep(stall)
            return Response("too late", status=200)
        with self.lock:
            rejected = self.reject.get(request.headers.get("X-Monitor-Delivery", ""))
            if rejected is not None:
                return Response("cannot take this one", status=rejected)
            if self.fail_with is not None:
                headers = {"Retry-After": self.retry_after} if self.retry_after else {}
                return Response("unavailable", status=self.fail_with, headers=headers)
            self.bodies.append(json.loads(request.get_data()))
        return Response("ok")

    def attempts(self) -> list[str]:
        """The delivery id of every request, answered or not."""
        with self.lock:
            return [h.get("X-Monitor-Delivery", "") for h, _ in self.raw]

    def accepted(self) -> list[str]:
        """Alert ids answered with 200, in order."""
        with self.lock:
            return [b["id"] for b in self.bodies]

    @property
    def url(self) -> str:
        return self.server.url_for("/hook")

    def events(self, name: str) -> list[dict[str, Any]]:
        return [b for b in self.bodies if b["event"] == name]


def scenario_corpus(rounds: dict[str, int]) -> Corpus:
    corpus = load_corpus()
    articles = tuple(replace(a, round=rounds.get(a.slug, 0)) for a in corpus.articles)
    return replace(corpus, articles=articles)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RecordingHandler:
    """Stores envelopes; replies can be set per recipient or for DATA."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.rcpt_replies: dict[str, str] = {}
        self.data_reply = "250 Message accepted for delivery"
        self.delay = 0.0  # seconds before answering each RCPT and DATA: a slow server

    async def handle_RCPT(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        await asyncio.sleep(self.delay)
        reply = self.rcpt_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(self.delay)
        if self.data_reply.startswith("250"):
            self.envelopes.append(envelope)
        return self.data_reply

    def messages(self) -> list[EmailMessage]:
        parsed = []
        for envelope in self.envelopes:
            raw = envelope.original_content or b""
            message = email.message_from_bytes(raw, policy=policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed


@contextmanager
def smtp_server(**kwargs: Any) -> Iterator[tuple[RecordingHandler, int]]:
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


# The replay corpus is dated February 2026: older than any backfill window.
NO_BACKFILL = {"backfill": "off"}


def config_text(
    db_url: str,
    feeds: str,
    hook: str,
    extra: str = "",
    *,
    fetch: str = "",
    schedule: str = "",
    tick: str = "1s",
) -> str:
    """A daemon config: the given feeds, one webhook rule alerting at once, a one-second tick.

    `fetch` and `schedule` are more lines for those tables (TOML allows each table once).
    """
    return f"""
[storage]
url = "{db_url}"
[fetch]
allow_private_addresses = true
{fetch}
[schedule]
tick = "{tick}"
{schedule}
[alerts]
backfill = "off"
[[topics]]
name = "us-colombia"
query = 'petro AND trump'
{feeds}
[[rules]]
name = "summit"
channels = ["hook"]
group_wait = "0s"
group_interval = "0s"
[[channels]]
name = "hook"
type = "webhook"
url = "{hook}"
{extra}
"""


class LoopbackStream(httpcore.AsyncNetworkStream):
    """A loopback connection that may report another peer, and skips TLS (telling
    `on_tls` the name TLS would have been started for)."""

    def __init__(
        self,
        inner: httpcore.AsyncNetworkStream,
        peer: tuple[str, int] | None,
        on_tls: Callable[[str | None], None] | None = None,
    ) -> None:
        self._inner = inner
        self._peer = peer
        self._on_tls = on_tls

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._on_tls is not None:
            self._on_tls(server_hostname)
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "server_addr" and self._peer is not None:
            return self._peer
        return self._inner.get_extra_info(info)


class LoopbackBackend(httpcore.AsyncNetworkBackend):
    """Sends every connection to one loopback port, as a hostile resolver would.

    The stream reports `peer` as the address connected to when given, else with
    `pose_as_requested` the address that was asked for, else the real loopback one.
    """

    def __init__(
        self, port: int, peer: str | None = None, *, pose_as_requested: bool = False
    ) -> None:
        self._port = port
        self._peer = peer
        self._pose = pose_as_requested
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp("127.0.0.1", self._port, timeout=timeout)
        if self._peer is not None:
            return LoopbackStream(stream, (self._peer, port))
        return LoopbackStream(stream, (host, port) if self._pose else None)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class InternetOnLoopback(LoopbackBackend):
    """Stands in for the internet: every host, http or https, is one loopback server.

    The connection reports `peer` (a public address) as the address connected to, so
    the private-address guard sees what it would see for a real public host.
    """

    PEER = "93.184.215.14"

    def __init__(self, port: int) -> None:
        super().__init__(port, self.PEER)

    @classmethod
    async def resolve(cls, host: str, port: int) -> list[str]:
        return [cls.PEER]


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class Daemon:
    """`monitor run` in a child process, its JSON log lines collected as they come."""

    def __init__(self, config: Path, env: dict[str, str] | None = None) -> None:
        cmd = [sys.executable, "-m", "monitor", "--log-format", "json", "-c", str(config), "run"]
        self.proc = subprocess.Popen(
            cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}
        )
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            try:
                self.events.append(json.loads(line))
            except ValueError:
                self.events.append({"event": line.rstrip(), "level": "raw"})

    def logged(self, prefix: str) -> list[dict[str, Any]]:
        return [e for e in list(self.events) if str(e.get("event", "")).startswith(prefix)]

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 40) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        self._reader.join(5)
        return rc


def feeds_toml(urls: dict[str, str], names: list[str] | None = None, interval: str = "1s") -> str:
    """`[[feeds]]` tables for these name -> URL pairs (or only `names`), each pinned."""
    return "\n".join(
        f'[[feeds]]\nurl = "{url}"\nname = "{name}"\ninterval = "{interval}"\n'
        for name, url in urls.items()
        if names is None or name in names
    )


def search_ids(store: Store, query: str) -> list[int]:
    """The ids of the articles a search finds, sorted."""
    with store.tx() as tx:
        hits, _ = search_articles(tx, query, limit=50)
    return sorted(h.article_id for h in hits)


def indexed_words(store: Store) -> set[tuple[str, int]]:
    """(word, article) pairs a SQLite search index holds, read from the index itself."""
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab "
                "USING fts5vocab(main, articlesearch, instance)"
            )
        )
        return {(str(t), int(d)) for t, d in conn.execute(text("SELECT term, doc FROM vocab"))}


def report(rid: int, text: str, published: datetime, lang: str | None) -> briefs.Report:
    """A report as a brief reads it, with its own outlet and URL."""
    return briefs.Report(
        id=rid,
        title=f"Report {rid}",
        text=text,
        url=f"https://example.org/{rid}",
        outlet=f"Outlet {rid}",
        published=published,
        language=lang,
    )


def story_points(
    story: Sequence[tuple[str, str, str | None, datetime]], *, attributed: bool = False
) -> list[str]:
    """The key points of one story's reports (title, text, language, published), each with
    its own outlet and URL; without their outlets unless `attributed`."""
    reports = [
        replace(report(i + 1, text, published, lang), title=title)
        for i, (title, text, lang, published) in enumerate(story)
    ]
    first = reports[0]
    milestones = [briefs.Milestone("first_report", first.published, first.id)]
    points = briefs.build_brief(reports, milestones).key_points
    return points if attributed else [p.rsplit(" (Outlet", 1)[0] for p in points]


def corpus_points(corpus: str, story: str) -> list[str]:
    """`story_points` of one story of a brief-quality corpus (`bench/corpus/NAME.toml`)."""
    path = Path(__file__).resolve().parents[1] / "bench" / "corpus" / f"{corpus}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return story_points(
        [
            (a["title"], a["text"], a["lang"], a["published"])
            for a in data["articles"]
            if a["story"] == story
        ]
    )


def set_briefs(monkeypatch: pytest.MonkeyPatch, **values: object) -> None:
    """Set `briefs` switches for one test, with the readings made under the old ones
    dropped."""
    for name, value in values.items():
        monkeypatch.setattr(briefs, name, value)
    briefs.clear_readings()


def clause_cuts(sentence: str) -> list[str]:
    """Every sentence left by one cut of a clause found in `sentence`."""
    return [
        kept for c in sentences.restating_clauses(sentence) if (kept := sentences.cut(sentence, c))
    ]


def key_point(n: int, text: str, lang: str, published: datetime) -> briefs._Sentence:
    """`text` read as a candidate key point of report `n` (its own outlet and URL)."""
    report = briefs.Report(
        id=n,
        title="t",
        text=text,
        url=f"https://news{n}.example/{n}",
        outlet=f"outlet-{n}",
        published=published,
        language=lang,
    )
    return briefs._sentence(text, report, 0)


def finished_points(texts: Sequence[tuple[str, str]], start: datetime) -> list[str]:
    """What `_finish` leaves of `texts` (text, language) all chosen as key points, each
    the whole of its own report, published a day apart after `start`."""
    briefs.clear_readings()
    st = briefs._story(
        [report(i + 1, t, start + timedelta(days=i + 1), lang) for i, (t, lang) in enumerate(texts)]
    )
    pool = {s.text: s for s in st.pool}
    chosen = [pool[t] for t, _ in texts]
    return [k.text for k in briefs._finish(chosen, [], len(texts), st.space, st.centroid)]
