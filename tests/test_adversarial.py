"""Hostile and broken feeds: each is parsed or refused within a bound of time and memory,
no exception escapes, and the other feeds of the same poll are not affected.

The small bodies live in tests/fixtures/adversarial/ (its README says what each does);
the large ones are made here. The real captures in ../shared/corpus/feeds go through the
same bounds when that folder is present.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.collect.entries import EntryLimits, bound_feed
from monitor.collect.parse import ParsedFeed, ParseError
from monitor.collect.parsepool import ParsePool
from monitor.config import parse_config
from monitor.service.app import App
from tests.conftest import shared
from tests.helpers import NO_BACKFILL

FIXTURES = Path(__file__).parent / "fixtures" / "adversarial"
PARSE_TIMEOUT = 8.0  # the pool's bound in these tests ([fetch] parse_timeout)
SLACK = 4.0  # seconds over the bound a killed worker may take to be noticed and replaced
PEAK_MB = 400  # a parse worker's peak resident memory, above its ~25 MB at rest
LIMITS = EntryLimits()


def _rss(items: str, head: str = "") -> bytes:
    channel = f"<channel><title>Big</title>{items}</channel>"
    return f'<?xml version="1.0"?>{head}<rss version="2.0">{channel}</rss>'.encode()


def _item(i: int, title: str = "", extra: str = "") -> str:
    return (
        f"<item><title>{title or f'Item {i}'}</title><link>https://bad.example/{i}</link>"
        f"<guid>g{i}</guid>{extra}</item>"
    )


GENERATED: dict[str, Callable[[], bytes]] = {
    "20k_items.xml": lambda: _rss("".join(_item(i) for i in range(20_000))),
    "giant_title.xml": lambda: _rss(_item(0, "Petro " * 850_000)),  # 5 MB
    "deep_nesting.xml": lambda: _rss(_item(0) + "<x>" * 100_000 + "</x>" * 100_000),
    "huge_attribute.xml": lambda: _rss(
        _item(0, extra='<category domain="' + "A" * 5_000_000 + '">c</category>')
    ),
    "many_attributes.xml": lambda: _rss(
        _item(0, extra="<x " + " ".join(f'a{i}="{i}"' for i in range(200_000)) + "/>")
    ),
    "quadratic_blowup.xml": lambda: _rss(
        _item(0, "&a;" * 20_000), f'<!DOCTYPE rss [<!ENTITY a "{"x" * 20_000}">]>'
    ),
    "json_deep.json": lambda: (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": '
        + b"[" * 200_000
        + b"]" * 200_000
        + b"}"
    ),
}


@functools.cache
def adversarial() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.suffix != ".md"}
    return files | {name: make() for name, make in GENERATED.items()}


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS


async def _bounded_parse(pool: ParsePool, body: bytes) -> tuple[ParsedFeed | ParseError, float]:
    """Parse in the pool's worker; the outcome and the worker's peak memory in MB."""
    if not pool._idle:  # start the worker and let it settle before measuring
        await pool.parse(b"<rss><channel><title>warm</title></channel></rss>", "https://x/")
    pid = pool._idle[0].process.pid
    assert pid is not None
    _reset_peak(pid)
    try:
        outcome: ParsedFeed | ParseError = await pool.parse(body, "https://feeds.example/f")
    except ParseError as exc:
        outcome = exc
    # A worker killed for overrunning has no peak to read: the kill is the bound.
    return outcome, _peak_mb(pid) if pool.replaced == 0 else 0.0


def _check_bounded(feed: ParsedFeed) -> None:
    bounded, _ = bound_feed(feed, LIMITS)
    for e in bounded.entries:
        assert len(e.title) <= LIMITS.title and len(e.summary) <= LIMITS.summary
        assert e.link is None or len(e.link) <= LIMITS.url
        for text in (e.title, e.summary, e.author or "", e.guid or ""):
            assert "\x00" not in text
            text.encode("utf-8")  # no lone surrogates


@pytest.mark.scenario
@pytest.mark.parametrize("name", sorted(adversarial()))
async def test_each_hostile_feed_is_parsed_or_refused_within_bounds(name: str) -> None:
    body = adversarial()[name]
    async with ParsePool(workers=1, timeout=PARSE_TIMEOUT) as pool:
        began = time.monotonic()
        outcome, peak = await _bounded_parse(pool, body)
        took = time.monotonic() - began
    assert took < PARSE_TIMEOUT + SLACK, (name, took)
    assert peak < PEAK_MB, (name, peak)
    if isinstance(outcome, ParsedFeed):
        _check_bounded(outcome)
        titles = " ".join(e.title for e in outcome.entries)
        assert "root:" not in titles and "lollol" not in titles  # no entity was expanded
    else:
        assert str(outcome), name


@pytest.mark.scenario
async def test_shared_captures_parse_within_the_same_bounds() -> None:
    feeds = sorted(p for p in shared("corpus", "feeds").rglob("*") if p.is_file())
    async with ParsePool(workers=1, timeout=PARSE_TIMEOUT) as pool:
        for path in feeds:
            began = time.monotonic()
            outcome, peak = await _bounded_parse(pool, path.read_bytes())
            assert time.monotonic() - began < PARSE_TIMEOUT + SLACK, path
            assert peak < PEAK_MB, (path, peak)
            if isinstance(outcome, ParsedFeed):
                _check_bounded(outcome)


GOOD = """<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>
<item><title>Petro and Trump to meet at the White House</title><link>{base}/good/1</link>
<guid>good-1</guid><pubDate>Wed, 14 Jan 2026 18:30:00 GMT</pubDate>
<description>Petro will meet Trump on February 3, the presidency said.</description>
</item></channel></rss>"""


async def test_hostile_feeds_leave_the_other_feeds_of_the_poll_alone(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for("").rstrip("/")
    bodies = adversarial()
    for name, body in bodies.items():
        headers = {"Content-Encoding": "gzip"} if name.endswith(".gz") else {}
        httpserver.expect_request(f"/hostile/{name}").respond_with_data(
            body, content_type="application/rss+xml", headers=headers
        )
    httpserver.expect_request("/good.xml").respond_with_data(
        GOOD.format(base=base), content_type="application/rss+xml"
    )

    def no_page(_: Request) -> Response:
        return Response("", status=404)

    httpserver.expect_request("/good/1").respond_with_handler(no_page)
    httpserver.no_handler_status_code = 404
    feeds = [f"{base}/hostile/{name}" for name in bodies] + [f"{base}/good.xml"]
    cfg = parse_config(
        {
            "storage": {"url": f"sqlite:///{tmp_path / 'm.db'}"},
            "fetch": {"allow_private_addresses": True, "parse_timeout": "8s"},
            "entries": {"max_per_poll": 20},
            "topics": [{"name": "t", "query": "petro AND trump"}],
            "feeds": [{"url": u} for u in feeds],
            "rules": [{"name": "r", "channels": ["c"]}],
            "channels": [{"name": "c", "type": "console"}],
            "alerts": NO_BACKFILL,
        }
    )
    async with App(cfg) as app:
        summary = await asyncio.wait_for(app.run_once(), 180)
        with app.store.tx() as tx:
            stored = [a.url for a in tx.articles()]
    reports = {r.url.rsplit("/", 1)[-1]: r for r in summary.cycle.feeds}
    assert reports["good.xml"].status == "ok" and reports["good.xml"].relevant == 1
    assert stored == [f"{base}/good/1"]
    for name in bodies:
        report = reports[name]
        assert report.status in ("ok", "error"), (name, report)
        assert report.status == "ok" or report.error, name
    assert reports["20k_items.xml"].status == "error" or reports["20k_items.xml"].left > 0
