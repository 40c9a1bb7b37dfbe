"""The pure decisions of a poll, with plain values: new entries, candidates, feed rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.collect.extract import Extracted
from monitor.collect.fetch import FetchError, FetchResult
from monitor.collect.parse import ParsedEntry, ParsedFeed
from monitor.collect.resolve import Origin, Page, candidate, keyed_entries, new_entries
from monitor.config import parse_config
from monitor.feedstate import Failure, FeedBook, Polled
from monitor.storage import Feed

NOW = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
FEED = "https://wire.example/feed.xml"
WIRE = Origin(7, FEED, None, None, "Wire")


def entry(link: str, guid: str | None = None, **kw: object) -> ParsedEntry:
    fields: dict[str, object] = {"title": "Petro meets Trump", "summary": "The summary."}
    fields.update(kw)
    return ParsedEntry(guid=guid or link, link=link, published=NOW, **fields)  # type: ignore[arg-type]


def book(**feed: object) -> FeedBook:
    cfg = parse_config(
        {"topics": [{"name": "t", "query": "petro"}], "feeds": [{"url": FEED, **feed}]}
    )
    return FeedBook(cfg, node="this-node")


def test_new_entries_skip_known_keys_and_keep_the_first_of_a_repeated_one() -> None:
    parsed = ParsedFeed(
        title="Wire",
        link=None,
        entries=[
            entry("https://wire.example/a"),
            entry("https://wire.example/b?utm_source=rss", guid="b"),
            entry("https://wire.example/b-again", guid="b"),
            entry("https://wire.example/c"),
        ],
    )
    keyed = keyed_entries(parsed)
    fresh = new_entries(keyed, known={keyed[0][0]})
    assert [n.key for n in fresh] == [keyed[1][0], keyed[3][0]]
    assert keyed[1][0] == keyed[2][0]  # one guid: one entry
    assert fresh[0].url == "https://wire.example/b"  # canonical: tracking parameters gone
    assert fresh[0].entry.link == "https://wire.example/b?utm_source=rss"


def test_a_candidate_takes_the_publisher_page_over_the_aggregator_link() -> None:
    link = "https://www.bing.com/news/apiclick.aspx?url=https%3a%2f%2fnews.example%2fstory"
    (new,) = new_entries([("k", entry(link, source_name="Bing says"))], known=set())
    extracted = Extracted(
        text="Full text of the article.",
        title="Page title",
        author="A. Reporter",
        published=None,
        sitename="News Example",
        language="en",
        canonical_url=None,
    )
    page = Page("https://news.example/story", extracted, None)
    cand = candidate(WIRE, new, page)
    assert (cand.url, cand.source, cand.source_name) == (
        "https://news.example/story",
        "news.example",
        "News Example",
    )
    assert (cand.text, cand.text_origin, cand.link) == ("Full text of the article.", "page", link)
    assert cand.aggregator == "bing-news" and not cand.aggregator_unresolved


def test_an_unreached_page_leaves_the_summary_and_says_why() -> None:
    (new,) = new_entries([("k", entry("https://wire.example/a"))], known=set())
    cand = candidate(WIRE, new, Page(None, None, "page fetch failed (timeout): x"))
    assert (cand.text, cand.text_origin) == ("The summary.", "feed")
    assert cand.extraction_error == "page fetch failed (timeout): x"
    assert cand.source_name == "Wire"  # the feed's own outlet: its title names it
    stored = candidate(WIRE, new, None)  # already stored: no page was read
    assert stored.extraction_error is None and stored.url == "https://wire.example/a"


def test_a_gone_feed_is_disabled_and_a_throttled_one_waits_as_told() -> None:
    gone = Feed(id=1, url=FEED, lease_owner="this-node")
    book().failed(gone, Failure.of(FetchError("http", "HTTP 410", status=410)), NOW)
    assert gone.status == "disabled" and gone.lease_owner is None
    assert gone.last_error is not None and gone.last_error.startswith("disabled: the server")
    throttled = Feed(id=2, url=FEED, lease_owner="another-node")
    failure = Failure.of(FetchError("http", "HTTP 429", status=429, retry_after="7200"))
    book().failed(throttled, failure, NOW)
    assert throttled.status == "failing" and throttled.consecutive_failures == 1
    assert throttled.next_check_at >= NOW + timedelta(hours=2)
    assert throttled.lease_owner == "another-node"  # not this node's to hand back


def test_a_failure_keeps_no_credentials_from_the_feed_url() -> None:
    exc = FetchError("connection", "cannot reach https://desk:hunter2@wire.example/feed")
    assert "hunter2" not in Failure.of(exc).message


def test_success_records_validators_and_follows_a_permanent_move() -> None:
    row = Feed(id=1, url=FEED, etag='"old"', consecutive_failures=3, status="failing")
    moved = "https://wire.example/new-feed.xml"
    result = FetchResult(
        url=FEED,
        final_url=moved,
        status=200,
        headers={"etag": '"new"'},
        permanent_redirect=moved,
    )
    parsed = ParsedFeed(title="Wire", link=None, entries=[entry("https://wire.example/a")])
    book(interval="20m").succeeded(
        row, Polled(result, "digest", parsed, new_entries=1, published=[NOW]), NOW
    )
    assert (row.status, row.consecutive_failures, row.fetch_url) == ("ok", 0, moved)
    assert row.etag is None  # validators belong to the old address
    assert (row.body_hash, row.title, row.entries_seen) == ("digest", "Wire", 1)
    assert row.check_interval == 1200  # the configured interval is kept
    assert row.next_check_at > NOW
