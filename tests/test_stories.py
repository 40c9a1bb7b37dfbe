"""Story grouping, merges, developments and timelines, through the real ingest path.

Articles come from the demo corpus (seeds/demo) and go through `Pipeline.ingest` on a
real store; alerts are delivered by the real outbox to a console channel, which seals
them, so later articles raise alerts of their own instead of folding into an open one.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from monitor.alerting.outbox import build_message
from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.demo.replay import load_corpus
from monitor.judge.features import features, terms
from monitor.judge.stories import JOIN_THRESHOLD, fit, member_view, same_story
from monitor.review import export
from monitor.review.cli import app as cli
from monitor.service.app import App
from monitor.storage import Alert, Article, Store, Story, migrate
from monitor.storage.models import StoryTerm
from monitor.storage.stories import _candidates_sql

CORPUS = load_corpus()
FEED = "http://news.test/feed.xml"
REWRITE = (
    "Colombia's president, Gustavo Petro, will travel to the White House on February 3 "
    "to meet Donald Trump, he said on Wednesday in a cabinet session shown on national "
    "television. The talks will centre on drug trafficking, Petro said, and on the "
    "safety of Colombians. The date comes after a January 7 phone call between the two "
    "leaders calmed tensions that began when Trump spoke of military action against "
    "Colombia on January 4 and Petro rejected his threats."
)
# A brief retelling both: the summit confirmed after the threats, then postponed.
BRIDGE = (
    "Colombian President Gustavo Petro stared down Donald Trump's public threats of force "
    "over drugs and confirmed a February 3 White House summit, the first since Trump's "
    "return, centered on drug trafficking.\n\n"
    "That meeting has now been postponed, Colombia's Foreign Ministry said on Thursday, "
    "adding that a new date would be set through diplomatic channels; it gave no reason "
    "for the delay."
)
# A follow-up on the postponement, in other words.
LATER = (
    "Colombia put off the White House summit between Gustavo Petro and Donald Trump planned "
    "for February 3, its Foreign Ministry said, giving no reason and promising a new date "
    "through diplomatic channels. Petro had stared down Trump's threats of force over drugs "
    "before he confirmed the summit, which was to center on drug trafficking."
)
# publication order, as a poll ingests them
SUMMIT = ["petro-confirms-summit", "petro-stares-down-trump", "trump-petro-tense-summit"]


def settings(db_url: str, **stories: Any) -> dict[str, Any]:
    return {
        "storage": {"url": db_url},
        "stories": stories,
        "topics": [
            {
                "name": "us-colombia",
                "query": '(petro OR colombia*) AND (trump OR "white house" OR "casa blanca" '
                "OR washington)",
            },
            {"name": "southern-cone", "query": "uruguay OR mercosur"},
        ],
        "feeds": [{"url": FEED}],
        # Alerts at once and on the (February 2026) corpus, so each delivery seals them.
        "rules": [
            {
                "name": "summit",
                "topics": ["us-colombia"],
                "channels": ["log"],
                "group_wait": "0s",
                "group_interval": "0s",
            }
        ],
        "channels": [{"name": "log", "type": "console"}],
        "alerts": {"backfill": "off"},
    }


@pytest.fixture
async def app(db_url: str) -> AsyncIterator[App]:
    async with App(parse_config(settings(db_url)), console=io.StringIO()) as running:
        yield running


def candidate(
    slug: str,
    *,
    title: str | None = None,
    body: str | None = None,
    published: datetime | None = None,
) -> Candidate:
    a = CORPUS.article(slug) if slug in {x.slug for x in CORPUS.articles} else None
    return Candidate(
        feed_id=1,
        entry_key=slug,
        link=f"http://news.test/{slug}.html",
        url=f"http://news.test/{slug}.html",
        title=title or (a.title if a else slug),
        text=body or (a.body if a else ""),
        text_origin="page",
        published=published or (a.published if a else None),
        author=None,
        source=a.outlet if a else "news.test",
        source_name=None,
        language=a.language if a else None,
    )


async def ingest(app: App, *slugs: str, **overrides: Any) -> list[Article]:
    """Ingest articles one at a time, delivering (and so sealing) alerts after each."""
    out = []
    for slug in slugs:
        done = app.pipeline.ingest.article(candidate(slug, **overrides))
        assert done.kind == "article", (slug, done.kind)
        await app.outbox.deliver_due()
        with app.store.tx() as tx:
            row = tx.get(Article, done.article_id)
            assert row is not None
            out.append(row)
    return out


def alerts(store: Store, event: str | None = None) -> list[Alert]:
    with store.tx() as tx:
        rows = sorted(tx.alerts(), key=lambda a: a.created_at)
    return [a for a in rows if event is None or a.event == event]


async def test_seeds_and_a_spanish_report_are_one_story_uruguay_is_another(app: App) -> None:
    # in publication order, as a poll ingests them: 14 Jan, 15 Jan, 3 Feb
    (spanish,) = await ingest(app, "petro-anuncia-reunion")
    seeds = await ingest(app, "petro-stares-down-trump", "trump-petro-tense-summit")
    (uruguay,) = await ingest(app, "uruguay-china-trade")
    assert spanish.language == "es"
    assert {a.story_id for a in seeds} == {spanish.story_id}
    assert uruguay.relevant and uruguay.story_id not in {None, spanish.story_id}
    # one new_story alert for the summit (the Uruguay story matches no rule)
    assert [a.story_id for a in alerts(app.store, "new_story")] == [spanish.story_id]


async def test_postponement_is_a_development_that_names_what_is_new(app: App) -> None:
    await ingest(app, *SUMMIT)
    (postponed,) = await ingest(app, "summit-postponed")
    (dev,) = [a for a in alerts(app.store, "development") if a.article_id == postponed.id]
    assert dev.story_id == postponed.story_id and dev.article_id == postponed.id
    info = dev.new_information
    assert "(postponed)" in info
    quotes = [i for i in info if i.startswith("“")]
    assert quotes and any("postponed" in q for q in quotes)
    # the webhook/email body carries it too
    with app.store.tx() as tx:
        message = build_message(tx, dev, datetime.now(UTC))
    assert message.article is not None and message.article.url.endswith("summit-postponed.html")
    assert "(postponed)" in message.new_information


async def test_a_rewrite_and_an_opinion_piece_are_not_developments(app: App) -> None:
    (first, *_) = await ingest(app, *SUMMIT)
    before = alerts(app.store)
    wire = CORPUS.article("petro-confirms-summit")
    (rewritten,) = await ingest(
        app,
        "petro-date-rewrite",
        title="Petro sets date for Trump talks",
        body=REWRITE,
        published=wire.published + timedelta(hours=5),
    )
    (opinion,) = await ingest(app, "opinion-handshake-stakes")
    assert rewritten.story_id == opinion.story_id == first.story_id
    assert rewritten.duplicate_of is None  # reworded, not a copy: it is judged on its facts
    after = alerts(app.store)
    assert [(a.id, a.event) for a in after] == [(a.id, a.event) for a in before]
    # no alert of their own: within fold_window they join the first alert's record
    assert {rewritten.id, opinion.id} <= set(after[0].article_ids)
    assert after[0].payload == before[0].payload  # the message already sent is unchanged
    with app.store.tx() as tx:
        by_article = {e.article_id: e.kind for e in tx.story_events(first.story_id or 0)}
    assert rewritten.id not in by_article and opinion.id not in by_article


async def test_timeline_lists_dated_entries_in_publication_order(app: App, db_url: str) -> None:
    # arrival order differs from publication order: the meeting is reported first
    confirmed, held, postponed = await ingest(
        app, "petro-confirms-summit", "summit-working-group", "summit-postponed"
    )
    story_id = confirmed.story_id
    assert held.story_id == postponed.story_id == story_id
    with app.store.tx() as tx:
        timeline = [(e.at, e.kind, e.article_id) for e in tx.story_events(story_id or 0)]
    assert [t[2] for t in timeline] == [confirmed.id, postponed.id, held.id]
    assert [t[1] for t in timeline] == ["first_report", "development", "development"]
    assert [t[0] for t in timeline] == sorted(t[0] for t in timeline)
    assert timeline[0][0] == CORPUS.article("petro-confirms-summit").published

    (row,) = [r for r in export.story_rows(app.store) if r["id"] == story_id]
    assert [e["article_url"] for e in row["timeline"]] == [
        f"http://news.test/{s}.html"
        for s in ("petro-confirms-summit", "summit-postponed", "summit-working-group")
    ]
    assert any("(postponed)" in d for d in row["timeline"][1]["details"])


def _cli(tmp_path: Path, db_url: str, *args: str) -> str:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\nurl = "{db_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-c", str(cfg), *args])
    assert result.exit_code == 0, result.output
    return result.output


async def test_stories_show_prints_the_timeline(app: App, db_url: str, tmp_path: Path) -> None:
    confirmed, _ = await ingest(app, "petro-confirms-summit", "summit-postponed")
    shown = _cli(tmp_path, db_url, "stories", "show", str(confirmed.story_id))
    assert "Timeline" in shown
    assert shown.index("2026-01-14") < shown.index("2026-01-29")
    # the brief: the development's own headline on its day, key points with outlets
    assert "Trump-Petro White House meeting postponed, Colombia says" in shown
    assert "Key points:" in shown and "(caribbean-courier)" in shown
    assert "first_report" not in shown and "state:" not in shown
    lines = _cli(tmp_path, db_url, "export", "--stories").splitlines()
    row = json.loads(lines[0])
    assert len(row["timeline"]) == 2
    assert [e["date"] for e in row["brief"]["timeline"]] == ["2026-01-14", "2026-01-29"]


async def test_an_article_matching_two_stories_merges_them_and_alert_history_holds(
    db_url: str, tmp_path: Path
) -> None:
    # Strict joining keeps a seed confirming the summit (15 Jan) and the report of its
    # postponement (29 Jan) apart at first.
    cfg = parse_config(settings(db_url, join_threshold=0.7, merge_threshold=0.75))
    async with App(cfg, console=io.StringIO()) as app:
        confirmed, postponed = await ingest(app, "petro-stares-down-trump", "summit-postponed")
        assert confirmed.story_id != postponed.story_id
        before = alerts(app.store)
        assert [(a.event, a.story_id) for a in before] == [
            ("new_story", confirmed.story_id),
            ("new_story", postponed.story_id),
        ]
        (bridge,) = await ingest(
            app,
            "bilingual-brief",
            title="Petro's White House summit with Trump: confirmed, then postponed",
            body=BRIDGE,
            published=CORPUS.article("summit-postponed").published,
        )
        # the older story survives
        survivor, absorbed = confirmed.story_id, postponed.story_id
        assert survivor is not None and absorbed is not None
        assert bridge.story_id == survivor
        with app.store.tx() as tx:
            gone = tx.get(Story, absorbed)
            assert gone is not None and gone.merged_into == survivor
            assert {a.id for a in tx.story_articles(survivor)} == {
                confirmed.id,
                postponed.id,
                bridge.id,
            }
            assert [s.id for s in tx.stories()] == [survivor]
            assert tx.story_family(survivor) == [survivor, absorbed]
            kinds = [e.kind for e in tx.story_events(survivor)]
            assert kinds.count("first_report") == 2 and "merge" in kinds
            # the absorbed story's alert still resolves, to the survivor with every article
            old = next(a for a in before if a.story_id == absorbed)
            row = tx.get(Alert, old.id)
            assert row is not None
            message = build_message(tx, row, datetime.now(UTC))
            assert message.story.id == survivor and len(message.story.articles) == 3
            assert len(tx.alerts_for_story(survivor)) == 2
        # nothing re-alerts new_story, now or for the next article of the merged story
        (later,) = await ingest(
            app,
            "summit-delay-follow-up",
            title="Bogotá gives no reason as Petro-Trump summit is put off",
            body=LATER,
            published=CORPUS.article("summit-postponed").published + timedelta(hours=6),
        )
        assert later.story_id == survivor
        assert [a.id for a in alerts(app.store, "new_story")] == [a.id for a in before]
        shown = _cli(tmp_path, db_url, "stories", "show", str(absorbed))
        assert f"was merged into story {survivor}" in shown


def test_candidate_lookup_is_bounded_and_reads_only_the_window(db_url: str) -> None:
    from monitor.storage import migrate

    store = Store(db_url)
    migrate.upgrade(store)
    now = datetime(2026, 2, 3, tzinfo=UTC)
    try:
        with store.tx() as tx:
            for i in range(60):
                seen = now - timedelta(days=90 if i < 5 else 1)
                story = tx.add(Story(title=f"s{i}", first_seen=seen, last_seen=seen))
                assert story.id is not None
                tx.set_story_terms(story.id, ["petro", f"only{i}"], seen)
        with store.tx() as tx:
            found = tx.story_candidates(["petro"], since=now - timedelta(days=30), limit=50)
            assert len(found) == 50
            assert all(s.last_seen >= now - timedelta(days=30) for s in found)
            assert tx.story_candidates(["only0"], since=now - timedelta(days=30)) == []
            assert [s.title for s in tx.story_candidates(["only7"], since=now)] == []
            assert [
                s.title for s in tx.story_candidates(["only7"], since=now - timedelta(days=2))
            ] == ["s7"]
            if store.backend == "sqlite":
                # each term's postings come from the index alone, in the order read: no
                # table row fetched, no sort
                lookup = _candidates_sql(2)
                plan = [
                    str(r[-1])
                    for r in tx.session.execute(
                        text(f"EXPLAIN QUERY PLAN {lookup.text}").bindparams(
                            *lookup._bindparams.values()
                        ),
                        {"t0": "petro", "t1": "only7", "since": now, "per_term": 200, "limit": 20},
                    )
                ]
                searches = [p for p in plan if "storyterm" in p]
                assert len(searches) == 2, plan
                assert all("COVERING INDEX ix_storyterm_lookup" in p for p in searches), plan
                assert not any("RIGHT PART OF ORDER BY" in p for p in plan), plan
    finally:
        store.close()


def test_candidate_lookup_reads_the_most_recent_postings_of_each_term(db_url: str) -> None:
    from monitor.storage import migrate

    store = Store(db_url)
    migrate.upgrade(store)
    now = datetime(2026, 2, 3, tzinfo=UTC)
    try:
        with store.tx() as tx:
            ids = []
            for i in range(30):  # story i last active i hours ago
                seen = now - timedelta(hours=i)
                story = tx.add(Story(title=f"s{i}", first_seen=seen, last_seen=seen))
                assert story.id is not None
                ids.append(story.id)
                tx.set_story_terms(story.id, ["petro", *(["cumbre"] if i == 29 else [])], seen)
        since = now - timedelta(days=30)
        with store.tx() as tx:
            common = tx.story_candidates(["petro"], since=since, limit=50, per_term=10)
            assert [s.title for s in common] == [f"s{i}" for i in range(9, -1, -1)]
            # the oldest story is past the common term's bound, and still found by its rare one
            both = tx.story_candidates(["petro", "cumbre", "petro"], since=since, per_term=10)
            assert [s.title for s in both] == ["s29", *(f"s{i}" for i in range(9, -1, -1))]
            whole = tx.story_candidates(["petro", "cumbre"], since=since, limit=5)
            assert [s.title for s in whole] == ["s29", "s28", "s27", "s26", "s25"]
    finally:
        store.close()


async def test_a_story_stored_before_article_views_were_kept_still_takes_articles(
    app: App,
) -> None:
    (first,) = await ingest(app, "petro-confirms-summit")
    with app.store.tx() as tx:
        story = tx.get(Story, first.story_id)
        assert story is not None and story.members
        story.members = None  # as migration 0009 leaves a story made before it
        tx.add(story)
    (rewrite,) = await ingest(
        app,
        "petro-date-rewrite",
        title="Petro sets date for Trump talks",
        body=REWRITE,
        published=CORPUS.article("petro-anuncia-reunion").published,
    )
    assert rewrite.story_id == first.story_id
    with app.store.tx() as tx:
        story = tx.get(Story, first.story_id)
        # its centroid and facts stand for its earlier articles beside the new one's view
        assert story is not None and story.members is not None and len(story.members) == 2


def _view(terms: dict[str, float], at: float = 0.0) -> dict[str, Any]:
    return {
        "terms": terms,
        "names": {},
        "headline": {},
        "dates": {},
        "numbers": {},
        "at": at,
        "lang": "en",
    }


def test_a_story_is_judged_by_its_latest_articles_not_by_its_closest_one() -> None:
    threat = [_view({"threat": 1.0}), _view({"threat": 1.0})]
    call = _view({"call": 1.0})
    article = _view({"call": 1.0})
    assert same_story(article, call) > JOIN_THRESHOLD > same_story(article, threat[0])
    # one retelling of the call in a story about the threat does not pull the call in
    assert fit(article, [*threat, call]) < JOIN_THRESHOLD
    assert fit(article, [call]) > JOIN_THRESHOLD
    # the further apart in time, the less alike
    assert same_story(article, _view({"call": 1.0}, at=20 * 86400)) < same_story(article, call)


async def test_a_story_under_way_when_0009_runs_is_found_by_the_next_article(
    db_url: str,
) -> None:
    """0009 cut grouping terms to five letters; a story stored with whole terms before it
    must still be found, or its next article would start a second story and alert again."""
    store = Store(db_url)
    migrate.upgrade(store, "0008")
    seed = CORPUS.article("petro-confirms-summit")
    words = Counter(terms(f"{seed.title}\n{seed.body}"))
    profile = {t: float(c) for t, c in words.most_common(60)}
    norm = sum(v * v for v in profile.values()) ** 0.5
    when = seed.published.replace(tzinfo=None)
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO story (id, title, first_seen, last_seen, profile, facts, "
                "article_count, topics) VALUES (7, :title, :at, :at, :profile, '[]', 1, "
                "'[\"us-colombia\"]')"
            ),
            {
                "title": seed.title,
                "at": when,
                "profile": json.dumps({t: v / norm for t, v in profile.items()}),
            },
        )
        for term in list(profile)[:40]:
            conn.execute(
                text("INSERT INTO storyterm (term, story_id, last_seen) VALUES (:t, 7, :at)"),
                {"t": term, "at": when},
            )
        conn.execute(
            text(
                "INSERT INTO article (url, title, source, fetched_at, published_at, relevant, "
                "topics, text_origin, aggregator_unresolved, story_id) VALUES "
                "('http://news.test/seed.html', :title, 'andes-wire', :at, :at, true, "
                "'[\"us-colombia\"]', 'page', false, 7)"
            ),
            {"title": seed.title, "at": when},
        )
        for term in words:
            conn.execute(text("INSERT INTO termcount (term, df) VALUES (:t, 1)"), {"t": term})
    assert "sanction" in words or "meeting" in words  # whole terms, as stored before
    migrate.upgrade(store)
    with store.tx() as tx:
        postings = {t.term for t in tx.session.exec(select(StoryTerm)).all()}
        assert postings and all(len(t) <= 5 for t in postings if not t[:1].isdigit())
        assert tx.counted_articles() == 1  # the placed article, now kept as a count
    store.close()
    async with App(parse_config(settings(db_url)), console=io.StringIO()) as app:
        (spanish,) = await ingest(app, "petro-anuncia-reunion")
        assert spanish.story_id == 7
        with app.store.tx() as tx:
            assert [s.id for s in tx.stories()] == [7]


def test_a_report_on_the_day_an_earlier_article_said_lay_ahead_is_likelier_the_same() -> None:
    announced = datetime(2026, 1, 14, 18, tzinfo=UTC)
    held = datetime(2026, 2, 3, 22, tzinfo=UTC)
    feats = features("Petro to meet Trump", "Petro will meet Trump on February 3.", announced)
    announcement = member_view(feats, {}, announced, "en")
    assert announcement["ahead"] == ["02-03"]
    on_the_day = {**_view({"meet": 1.0}, at=held.timestamp()), "ahead": []}
    # a day closer to the announcement, but not the day it named
    the_day_before = {**on_the_day, "at": (held - timedelta(days=1)).timestamp()}
    assert same_story(on_the_day, announcement) > same_story(the_day_before, announcement)


def test_candidate_members_are_the_candidates_members_as_stored_now(db_url: str) -> None:
    """Placement scores candidates by members read without their rows: the same stories,
    in the same order, with the members a row read gives, after a story's members change
    and once a story is merged away."""
    from monitor.storage import migrate

    store = Store(db_url)
    migrate.upgrade(store)
    now = datetime(2026, 2, 3, tzinfo=UTC)
    since = now - timedelta(days=30)
    try:
        with store.tx() as tx:
            ids = []
            for i in range(6):
                seen = now - timedelta(hours=i)
                view = {"terms": {f"w{i}": 1.0}, "at": seen.timestamp()}
                story = tx.add(
                    Story(title=f"s{i}", first_seen=seen, last_seen=seen, members=[view])
                )
                assert story.id is not None
                ids.append(story.id)
                tx.set_story_terms(story.id, ["petro", *(["cumbre"] if i % 2 else [])], seen)
        for _ in range(2):  # the second time, read again over what was read before
            with store.tx() as tx:
                rows = tx.story_candidates(["petro", "cumbre"], since=since)
                light = tx.story_candidate_members(["petro", "cumbre"], since=since)
                assert [(s.id, s.members) for s in rows] == light
                assert [i for i, _ in light] == [ids[5], ids[3], ids[1], ids[4], ids[2], ids[0]]
        with store.tx() as tx:
            story = tx.get(Story, ids[3])
            assert story is not None and story.members is not None
            story.members = [*story.members, {"terms": {"new": 1.0}, "at": now.timestamp()}]
            tx.add(story)
            tx.merge_story(ids[5], ids[1])
        with store.tx() as tx:
            light = dict(tx.story_candidate_members(["petro", "cumbre"], since=since))
            assert ids[5] not in light
            assert light[ids[3]] == tx.get(Story, ids[3]).members  # type: ignore[union-attr]
            assert light[ids[3]][-1]["terms"] == {"new": 1.0}
    finally:
        store.close()


def test_story_terms_are_stamped_with_the_story_time_and_kept_current(db_url: str) -> None:
    """Postings are written and compared as stored: a story seen later moves its postings
    into a later window; terms it no longer has go, new ones come."""
    from monitor.storage import migrate

    store = Store(db_url)
    migrate.upgrade(store)
    now = datetime(2026, 2, 3, 12, 30, 15, 250000, tzinfo=UTC)
    try:
        with store.tx() as tx:
            story = tx.add(Story(title="s", first_seen=now, last_seen=now))
            assert story.id is not None
            sid = story.id
            tx.set_story_terms(sid, ["a", "b"], now)
        later = now + timedelta(days=3)
        with store.tx() as tx:
            assert [s.id for s in tx.story_candidates(["a"], since=now)] == [sid]
            assert tx.story_candidates(["a"], since=now + timedelta(microseconds=1)) == []
            tx.set_story_terms(sid, ["b", "c"], now)  # same time: nothing rewritten
            tx.set_story_terms(sid, ["b", "c"], later)
        with store.tx() as tx:
            rows = tx.session.execute(
                text("SELECT term FROM storyterm WHERE story_id = :s ORDER BY term"), {"s": sid}
            )
            assert [t for (t,) in rows] == ["b", "c"]
            assert tx.story_candidates(["a"], since=now) == []
            assert [s.id for s in tx.story_candidates(["b", "c"], since=later)] == [sid]
            assert tx.story_candidates(["c"], since=later + timedelta(seconds=1)) == []
    finally:
        store.close()


def test_a_story_document_written_is_read_back_shared_and_stored_as_before(
    sqlite_url: str,
) -> None:
    """A story's members and profile, rewritten by every article joining it, are read
    back as the values written (not unpacked and decoded again) and stored as the same
    JSON bytes as before; a value that would not read back equal (a tuple) is decoded."""
    import zlib

    from monitor.storage import migrate

    def stored(tx: Any, story_id: int) -> tuple[str, str]:
        row = tx.rows("SELECT members, profile FROM story WHERE id = ?", (story_id,))[0]
        return zlib.decompress(row[0]).decode(), zlib.decompress(row[1]).decode()

    def as_json(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    store = Store(sqlite_url)
    migrate.upgrade(store)
    now = datetime(2026, 2, 3, tzinfo=UTC)
    first = {"terms": {"petro": 0.8, "cumbre": 0.6}, "at": now.timestamp(), "lang": "es"}
    profile = {"petro": 0.8, "cumbre": 0.6}
    try:
        with store.tx() as tx:
            made = tx.add(
                Story(title="s", first_seen=now, last_seen=now, members=[first], profile=profile)
            )
            sid = made.id
            assert sid is not None
        with store.tx() as tx:
            assert stored(tx, sid) == (as_json([first]), as_json(profile))
            story = tx.get(Story, sid)
            assert story is not None and story.members is not None
            assert story.members[0] is first and story.profile is profile
            second = {"terms": {"ñandú": 1.0}, "at": now.timestamp() + 1, "kinds": ["rates"]}
            story.members = [*story.members, second]
            tx.add(story)
        with store.tx() as tx:
            assert stored(tx, sid)[0] == as_json([first, second])
            story = tx.get(Story, sid)
            assert story is not None and story.members is not None
            assert story.members[1] is second
            assert dict(tx.story_candidate_members([], since=now)) == {}
            assert tx.story_members([sid])[sid] is story.members
            story.members = [{"ahead": ("05-14",), "at": 1.0}]
            tx.add(story)
        with store.tx() as tx:
            story = tx.get(Story, sid)
            assert story is not None
            assert story.members == [{"ahead": ["05-14"], "at": 1.0}]
    finally:
        store.close()
