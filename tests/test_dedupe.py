"""Near duplicates through the real ingest path: copies, short items, the window and pruning.

Texts are the seed articles and the demo corpus; the copies are made the way outlets
re-run wire stories (boilerplate, new headline, trimmed ending). Both databases.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import event, text
from sqlmodel import select

from monitor.collect.resolve import Candidate
from monitor.config import ConfigError, parse_config
from monitor.ingest import Ingested
from monitor.judge.copies import _SEED, NUM_PERM, Signature, shingles, signature, signature_of
from monitor.service.app import App
from monitor.service.configcheck import load_config
from monitor.service.daemon import Daemon
from monitor.storage import Article, ArticleBand, Feed, Store, migrate
from tests.helpers import Receiver

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "monitor" / "demo" / "corpus" / "articles"
WIRE = (DEMO / "petro-confirms-summit.txt").read_text(encoding="utf-8")
WIRE_TITLE = "Petro confirms February 3 White House meeting with Trump"
OTHER = (DEMO / "summit-working-group.txt").read_text(encoding="utf-8")
SEED = (ROOT / "seeds" / "002_b280aa6312593f7d.txt").read_text(encoding="utf-8")


class Clock:
    """The wall clock, moved on by `skip`: outbox rows are stamped by the wall clock."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def skip(self, delta: timedelta) -> None:
        self.offset += delta

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def receiver(httpserver: HTTPServer) -> Receiver:
    return Receiver(httpserver)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(db_url: str, receiver: Receiver, clock: Clock) -> Iterator[App]:
    cfg = parse_config(
        {
            "storage": {"url": db_url},
            "topics": [{"name": "us-colombia", "query": "petro AND (trump OR washington)"}],
            "rules": [{"name": "summit", "channels": ["hook"]}],
            "channels": [{"name": "hook", "type": "webhook", "url": receiver.url}],
            "stories": {"near_duplicate_window": "30d", "near_duplicate_title_window": "3d"},
        }
    )
    application = App(cfg, clock=clock)
    application.start()
    with application.store.tx() as tx:
        # not in the config, so run_once never polls it: the tests hand it entries
        tx.add(Feed(url="https://feeds.example/wire.xml", configured=False))
    yield application
    application.store.close()


def ingest(
    app: App, slug: str, title: str, body: str, *, origin: str = "page", entry: str = ""
) -> Ingested:
    with app.store.tx() as tx:
        feed = tx.feed_by_url("https://feeds.example/wire.xml")
        assert feed is not None and feed.id is not None
    outlet = slug.split("/")[0]
    url = f"https://{outlet}.example/{slug.split('/')[-1]}"
    return app.pipeline.ingest.article(
        Candidate(
            feed_id=feed.id,
            entry_key=url + entry,
            link=url,
            url=url,
            title=title,
            text=body,
            text_origin=origin,
            published=app.clock(),
            author=None,
            source=f"{outlet}.example",
            source_name=outlet,
            language="en",
        )
    )


def article(app: App, article_id: int | None) -> Article:
    with app.store.tx() as tx:
        row = tx.get(Article, article_id)
        assert row is not None
        return row


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def half(body: str) -> str:
    paras = paragraphs(body)
    return "\n\n".join(paras[: len(paras) // 2])


def boilerplate(body: str) -> str:
    return (
        "Listen to this article · 4 min\n\nBy Ana Gómez, Caribbean Courier\n\n"
        f"BOGOTÁ (Reuters) — {body}\n\n"
        "Follow Caribbean Courier on X for the latest world news. "
        "Copyright 2026 Reuters. All rights reserved."
    )


def test_trimmed_and_reheadlined_copies_are_one_article_with_their_outlets(app: App) -> None:
    first = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    assert first.kind == "article"
    trimmed = ingest(app, "potomac-daily/petro-date", WIRE_TITLE, half(WIRE))
    headline = "UPDATE 1-Colombia's Petro to meet Trump at the White House on Feb. 3"
    reheaded = ingest(app, "caribbean-courier/feb3", headline, boilerplate(WIRE))
    assert trimmed.kind == reheaded.kind == "duplicate"
    # the half copy shares only about half of the original's word 3-grams
    assert len(shingles(half(WIRE))) < 0.6 * len(shingles(WIRE))
    original = article(app, first.article_id)
    for copy in (trimmed, reheaded):
        row = article(app, copy.article_id)
        assert row.duplicate_of == original.id
        assert row.story_id == original.story_id
    assert original.story_id is not None
    with app.store.tx() as tx:
        # by name, as readers know them
        assert tx.story_outlets(original.story_id) == [
            "andes-wire",
            "caribbean-courier",
            "potomac-daily",
        ]


def test_a_copy_of_a_copy_points_at_the_first_copy(app: App) -> None:
    first = ingest(app, "andes-wire/a", WIRE_TITLE, WIRE)
    ingest(app, "potomac-daily/b", WIRE_TITLE, boilerplate(WIRE))
    third = ingest(app, "caribbean-courier/c", "Petro sets summit date", half(boilerplate(WIRE)))
    assert article(app, third.article_id).duplicate_of == first.article_id


def test_different_articles_on_the_same_subject_are_not_copies(app: App) -> None:
    a = ingest(app, "andes-wire/confirms", WIRE_TITLE, WIRE)
    b = ingest(app, "andes-wire/working-group", "Trump and Petro agree working group", OTHER)
    c = ingest(app, "heartland-sentinel/stares", "Petro stares down Trump's threats", SEED)
    assert [a.kind, b.kind, c.kind] == ["article", "article", "article"]


async def test_a_syndicated_copy_of_an_alerted_article_triggers_nothing(
    app: App, receiver: Receiver
) -> None:
    first = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    assert first.alerts == 1
    assert (await app.outbox.deliver_due(flush=True)).delivered == 1
    # the copy adds a paragraph with new names and numbers: still a copy, still silent
    extra = (
        "\n\nOfficials in Cartagena said a working group of 12 members led by "
        "Laura Sarabia would meet on March 17."
    )
    copy = ingest(app, "caribbean-courier/copy", "Petro to meet Trump", boilerplate(WIRE) + extra)
    assert copy.kind == "duplicate"
    assert (await app.outbox.deliver_due(flush=True)).delivered == 0
    with app.store.tx() as tx:
        (alert,) = tx.alerts()  # within fold_window the copy is counted on the sent alert
        assert copy.article_id in alert.article_ids
        assert tx.pending_count() == 0
    assert len(receiver.bodies) == 1


async def test_copies_arriving_before_the_alert_is_sent_add_their_outlets_to_it(
    app: App, receiver: Receiver
) -> None:
    ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    ingest(app, "potomac-daily/copy", WIRE_TITLE, boilerplate(WIRE))
    await app.outbox.deliver_due(flush=True)
    (body,) = receiver.bodies
    assert body["story"]["outlets"] == 2
    assert len(body["story"]["articles"]) == 2


def test_a_copy_trimmed_past_the_topic_words_still_joins_its_original(app: App) -> None:
    # The copy keeps two paragraphs and names Petro only by his office, so it does not
    # match the topic on its own; it is the same wire story all the same.
    lede = paragraphs(WIRE)
    body = "\n\n".join([lede[0].replace("Gustavo Petro", "the Colombian leader"), lede[1]])
    body = body.replace("Petro", "the president")
    assert "petro" not in body.lower()
    first = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    copy = ingest(app, "potomac-daily/short", "Colombian leader to visit White House", body)
    row = article(app, copy.article_id)
    assert copy.kind == "duplicate" and row.relevant
    assert row.duplicate_of == first.article_id and row.topics == ["us-colombia"]


def test_an_unrelated_text_without_the_topic_stays_irrelevant(app: App) -> None:
    ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    uruguay = (DEMO / "uruguay-china-trade.txt").read_text(encoding="utf-8")
    done = ingest(app, "southern-cone/uruguay", "Uruguay and China sign trade accords", uruguay)
    assert done.kind == "irrelevant"
    assert article(app, done.article_id).duplicate_of is None


SUMMARY = (
    "Colombian President Gustavo Petro said on Wednesday he will meet Donald Trump at the "
    "White House on February 3."
)


def test_feed_only_items_match_by_headline_within_the_window_only(app: App, clock: Clock) -> None:
    first = ingest(app, "andes-wire/a", WIRE_TITLE, SUMMARY, origin="feed")
    clock.skip(timedelta(hours=6))
    same = ingest(app, "potomac-daily/b", f"UPDATE 1-{WIRE_TITLE}", SUMMARY, origin="feed")
    assert same.kind == "duplicate"
    assert article(app, same.article_id).duplicate_of == first.article_id
    clock.skip(timedelta(days=4))  # past the 3-day headline window
    later = ingest(app, "caribbean-courier/c", WIRE_TITLE, SUMMARY + " Officials", origin="feed")
    assert later.kind == "article"


def test_a_feed_only_item_matches_the_full_article_it_summarises(app: App) -> None:
    full = ingest(app, "andes-wire/a", WIRE_TITLE, WIRE)
    item = ingest(app, "potomac-daily/b", WIRE_TITLE, paragraphs(WIRE)[0][:200], origin="feed")
    assert article(app, item.article_id).duplicate_of == full.article_id


def test_generic_headlines_over_different_items_do_not_collapse(app: App) -> None:
    a = ingest(
        app,
        "andes-wire/live-1",
        "Live updates",
        "Petro lands in Washington ahead of his meeting with Trump at the White House.",
        origin="feed",
    )
    b = ingest(
        app,
        "andes-wire/live-2",
        "Live updates",
        "Trump says tariffs on Colombian coffee are off the table after talks with Petro.",
        origin="feed",
    )
    c = ingest(
        app,
        "diario/noticias",
        "Noticias del día",
        "Petro y Trump se reúnen en Washington; Petro habló de aranceles y narcotráfico.",
        origin="feed",
    )
    assert [a.kind, b.kind, c.kind] == ["article", "article", "article"]


def test_a_copy_of_a_short_first_copy_indexes_its_text_for_later_ones(app: App) -> None:
    first = ingest(app, "andes-wire/a", WIRE_TITLE, SUMMARY, origin="feed")
    full = ingest(app, "potomac-daily/b", WIRE_TITLE, WIRE)
    assert article(app, full.article_id).duplicate_of == first.article_id
    # a later copy under another headline is found through the second copy's text
    third = ingest(app, "caribbean-courier/c", "Petro sets a date", boilerplate(half(WIRE)))
    assert article(app, third.article_id).duplicate_of == first.article_id


def bands(store: Store) -> set[int]:
    with store.tx() as tx:
        return {b.band for b in tx.session.exec(select(ArticleBand)).all()}


async def test_old_index_rows_are_pruned_and_exact_urls_still_dedupe(
    app: App, clock: Clock
) -> None:
    first = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    assert bands(app.store)
    clock.skip(timedelta(days=31))
    summary = await app.run_once()  # no feeds: it only delivers and prunes
    assert summary.pruned > 0 and not bands(app.store)
    # the same URL again is recognised from the article table
    again = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE, entry="#republished")
    assert again.kind == "seen" and again.article_id == first.article_id
    # an identical text is still an exact copy; a near copy is past the window: new article
    exact = ingest(app, "potomac-daily/exact", WIRE_TITLE, WIRE)
    assert article(app, exact.article_id).duplicate_of == first.article_id
    near = ingest(app, "caribbean-courier/near", "Petro to meet Trump", half(WIRE))
    assert near.kind == "article"
    with app.store.tx() as tx:
        assert len(tx.alerts()) == 2  # the late near copy is a story of its own


def test_prune_keeps_rows_inside_the_window(app: App, clock: Clock) -> None:
    ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    clock.skip(timedelta(days=29))
    assert app.pipeline.prune_index() == 0
    copy = ingest(app, "potomac-daily/copy", "Petro to meet Trump", half(WIRE))
    assert copy.kind == "duplicate"


def test_upgrade_rebuilds_the_index_of_an_older_database(db_url: str) -> None:
    """Band keys from the first schema's scheme are replaced by keys from stored signatures."""
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0001")
        sig = signature(WIRE)
        start = datetime.now(UTC)
        when = start.replace(tzinfo=None)
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO article (id, url, title, source, fetched_at, relevant, topics,"
                    " text, text_origin, minhash) VALUES (1, 'https://a.example/x', :t, "
                    "'a.example', :w, true, '[]', :body, 'page', :m)"
                ),
                {"t": WIRE_TITLE, "w": when, "body": WIRE, "m": sig.to_bytes()},
            )
            conn.execute(
                text("INSERT INTO articleband (article_id, band, created_at) VALUES (1, 42, :w)"),
                {"w": when},
            )
        migrate.upgrade(store)
        with store.tx() as tx:
            hits = dict(tx.band_matches(signature(half(WIRE)).bands(), start - timedelta(days=1)))
        assert hits.get(1, 0) > 1
        assert 42 not in bands(store)
    finally:
        store.close()


def test_bad_near_duplicate_settings_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text(
        '[[topics]]\nname = "t"\nquery = "petro"\n[stories]\n'
        'near_duplicate_threshold = 1.5\nnear_duplicate_title_window = "soon"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    found = "\n".join(info.value.problems)
    assert f"{path}: stories.near_duplicate_threshold" in found
    assert "stories.near_duplicate_title_window" in found and "duration" in found


def test_the_full_text_after_a_trimmed_copy_is_a_copy_of_it(app: App) -> None:
    # The copy was seen first: it stays the first copy, the fuller text points at it.
    trimmed = ingest(app, "potomac-daily/petro-date", WIRE_TITLE, half(WIRE))
    full = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    assert trimmed.kind == "article" and full.kind == "duplicate"
    assert article(app, full.article_id).duplicate_of == trimmed.article_id


def test_a_round_up_of_two_reports_is_not_a_copy_of_either(app: App) -> None:
    a = ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    b = ingest(app, "heartland-sentinel/stares", "Petro stares down Trump's threats", SEED)
    seed_lines = [line for line in SEED.splitlines() if len(line.split()) > 12]
    mixed = "\n\n".join(paragraphs(WIRE)[:3] + seed_lines[:3])
    roundup = ingest(app, "capitol-brief/roundup", "Petro and Trump: the week", mixed)
    assert (a.kind, b.kind, roundup.kind) == ("article", "article", "article")


async def test_the_daemon_prunes_old_index_rows_on_its_own(app: App, clock: Clock) -> None:
    ingest(app, "andes-wire/petro-confirms", WIRE_TITLE, WIRE)
    clock.skip(timedelta(days=31))
    daemon = Daemon(app)
    task = asyncio.create_task(daemon.run())
    deadline = time.monotonic() + 30
    while bands(app.store) and time.monotonic() < deadline and not task.done():
        await asyncio.sleep(0.05)
    daemon.stop()
    await asyncio.wait_for(task, 60)
    assert not bands(app.store)


def test_signatures_are_datasketchs_affine32_minhash() -> None:
    """Signatures stored when datasketch made them are compared with new ones: the two
    must agree bit for bit."""
    from datasketch import MinHash

    rng = random.Random(5)
    sets: list[set[bytes]] = [set(), {b"one"}, shingles("Petro viaja a Bogota para la cumbre " * 9)]
    sets += [
        {rng.randbytes(rng.randint(1, 30)) for _ in range(rng.randint(1, 400))} for _ in range(30)
    ]
    for sh in sets:
        reference = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32")
        if sh:
            reference.update_batch(list(sh))
        assert signature_of(sh).values.tolist() == reference.hashvalues.tolist()
        assert signature_of(sh).values.itemsize == 4


def test_signature_similarity_counts_equal_values_exactly() -> None:
    """Equal values are counted in one integer, 32 bits at a time: values that differ only
    in their top bit, or only below it, or not at all, must count as a value-by-value
    comparison counts them."""
    from array import array

    rng = random.Random(3)
    edges = [0, 1, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF]
    for _ in range(500):
        a = array("I", [rng.choice([*edges, rng.getrandbits(32)]) for _ in range(NUM_PERM)])
        keep = rng.random()
        b = array(
            "I", [x if rng.random() < keep else rng.choice([*edges, x ^ 0x80000000]) for x in a]
        )
        expected = sum(x == y for x, y in zip(a, b, strict=True)) / NUM_PERM
        assert Signature(a, 50).similarity(Signature(b, 60)) == expected
    same = Signature(array("I", edges * 21 + [0, 0]), 40)
    assert same.similarity(same) == 1.0


def test_estimates_on_stored_signatures_are_those_of_the_unpacked_ones() -> None:
    """The near-copy check compares stored signatures packed (`StoredEstimates`): each
    estimate must be the float `Signature.containment` gives for the unpacked signature,
    whatever the stored width, with lanes of the new signature too wide for it, and for
    the plain layout and other lengths (compared unpacked)."""
    from array import array

    from monitor.judge.copies import StoredEstimates
    from monitor.storage.models import pack_signature

    rng = random.Random(11)
    edges = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]
    stored: list[Signature] = []
    for width in (1, 2, 7, 17, 25, 26, 27, 31, 32):
        values = array("I", [rng.getrandbits(width) for _ in range(NUM_PERM)])
        stored.append(Signature(values, rng.randint(0, 400)))
    stored.append(Signature(array("I", [0] * NUM_PERM), 0))
    stored.append(Signature(array("I", [5] * 64), 30))  # another length
    news = [Signature(array("I", [*edges, *range(NUM_PERM - len(edges))]), 90)]
    for old in stored[:-1]:
        for keep in (0.0, 0.3, 0.9, 1.0):
            values = array(
                "I",
                [
                    x if rng.random() < keep else rng.choice([*edges, rng.getrandbits(26)])
                    for x in old.values
                ],
            )
            news.append(Signature(values, rng.randint(0, 400)))
    blobs = [pack_signature(s.to_bytes()) for s in stored] + [s.to_bytes() for s in stored]
    assert sum(len(b) % 2 for b in blobs) >= len(stored) - 1  # most are packed
    for new in news:
        estimate = StoredEstimates(new).containment
        for blob, old in zip(blobs, stored + stored, strict=True):
            assert estimate(blob) == new.containment(old)


def test_near_candidates_are_the_band_hits_with_their_signatures(db_url: str) -> None:
    """One statement gives what `band_matches` then `signatures` gave: the best hits
    within the window, then only relevant ones with a signature, as stored."""
    from array import array

    from monitor.storage.models import unpack_signature

    store = Store(db_url)
    migrate.ensure_schema(store)
    now = datetime(2026, 2, 3, tzinfo=UTC)
    rng = random.Random(2)
    ids: dict[int, int] = {}
    with store.tx() as tx:
        for i in range(1, 9):
            sig = Signature(array("I", [rng.getrandbits(20) for _ in range(NUM_PERM)]), 40 + i)
            article = Article(
                url=f"https://example.org/{i}",
                title=f"t{i}",
                relevant=i != 3,
                minhash=None if i == 4 else sig.to_bytes(),
            )
            tx.add(article)
            tx.session.flush()
            assert article.id is not None
            ids[i] = article.id
            # article i has keys 1..i, made i days ago
            tx.add_bands(article.id, range(1, i + 1), now - timedelta(days=i))
    month, week = now - timedelta(days=30), now - timedelta(days=6)
    with store.tx() as tx:
        for since in (month, week):
            for limit in (200, 4):
                for bands in ([1], [5, 6, 7], [2, 8, 99], []):
                    hits = tx.band_matches(bands, since, limit)
                    expected = tx.signatures(a for a, _ in hits)
                    got = tx.near_candidates(bands, since, limit)
                    assert {a: unpack_signature(b) for a, b in got.items()} == expected
        # neither the irrelevant article 3 nor 4, without a signature; 7 and 8 too old
        assert set(tx.near_candidates([2, 8, 99], week)) == {ids[2], ids[5], ids[6]}
        # the four hits: 7 and 8 share three keys, 6 two, 5 one
        assert set(tx.near_candidates([5, 6, 7], month, 4)) == {ids[5], ids[6], ids[7], ids[8]}
        assert set(tx.near_candidates([1, 2], month, 2)) == {
            ids[2]
        }  # 3, one of the best two, dropped after
    store.close()


def test_the_headline_check_loads_the_row_of_the_copy_found_only(db_url: str) -> None:
    """Feed-only candidates found by their headline keys are compared on their headlines
    first: the text is read only for a headline that matches, and a row is made only for
    the copy found, the first by id of those that match, as when every row was loaded."""
    from monitor.judge import copies

    store = Store(db_url)
    migrate.ensure_schema(store)
    now = datetime(2026, 2, 3, tzinfo=UTC)
    items = [
        ("White House meeting on energy prices set for Friday", "Officials will meet."),
        (WIRE_TITLE, SUMMARY),
        ("Trump hosts governors at the White House meeting on tariffs", "Governors came."),
        (WIRE_TITLE, SUMMARY),  # the same item again, later: the first one is found
        (f"Petro: {WIRE_TITLE}", "A different summary about coffee tariffs and the talks."),
    ]
    ids = []
    with store.tx() as tx:
        for i, (title, summary) in enumerate(items):
            copy = copies.Copy.of(title, summary, "feed")
            row = Article(url=f"https://example.org/{i}", title=title, text=summary, relevant=True)
            tx.add(row)
            tx.session.flush()
            assert row.id is not None
            ids.append(row.id)
            copies.index(tx, row, copy, now)
    windows = copies.Windows(near=86400.0, title=86400.0, threshold=copies.CONTAINMENT)
    loaded: list[int | None] = []

    def on_load(target: Article, _context: object) -> None:
        loaded.append(target.id)

    event.listen(Article, "load", on_load)
    try:
        with store.tx() as tx:
            incoming = copies.Copy.of(f"UPDATE 1-{WIRE_TITLE}", SUMMARY, "feed")
            hits = tx.band_matches(incoming.title_keys, now - timedelta(days=1))
            assert len(hits) == len(items)
            found = copies.find_original(tx, incoming, windows, now, relevant=True)
            assert found is not None and found.id == ids[1]
    finally:
        event.remove(Article, "load", on_load)
    assert loaded == [ids[1]]
    store.close()
