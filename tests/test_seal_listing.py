"""Sealing a story's alerts in one pass: the story's listing is built once, each message
gets its own list of it, and a message sealed is the one its payload reads back as."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.alerting.enqueue import enqueue
from monitor.alerting.outbox import build_message, message_from_payload, seal
from monitor.judge.storybrief import StoryReads
from monitor.storage import Alert, Article, Store, Story, Tx
from monitor.storage.migrate import ensure_schema

AT = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
TEXT = (
    "Honduras took over the Las Lomas prison on Tuesday after a riot that left 46 "
    "inmates dead, the security minister said. Troops entered the prison at dawn. "
)


def _article(tx: Tx, story_id: int, n: int) -> Article:
    # two feeds of one outlet (news.example, named alike), a published date and none, an
    # outlet named only by its host, titles with quotes and accents
    return tx.add(
        Article(
            url=f"https://{'news' if n % 3 else 'other'}.example/{n}",
            title=f'Prisión "Las Lomas": report {n} — día {n}',
            source="news.example" if n % 3 else "other.example",
            source_name="News Example" if n % 3 == 1 else None,
            feed_id=None,
            text=TEXT + f"Report {n} says {n + 3} guards were hurt.",
            relevant=True,
            story_id=story_id,
            language="en" if n % 2 else None,
            published_at=AT + timedelta(minutes=n) if n % 4 else None,
            fetched_at=AT + timedelta(minutes=n, seconds=30),
        )
    )


def _alert(tx: Tx, story_id: int, article_id: int, event: str) -> Alert:
    return enqueue(
        tx,
        Alert(
            id=f"{event}-{article_id}",
            story_id=story_id,
            rule="prisons",
            event=event,
            article_id=article_id,
            article_ids=[article_id],
            new_information=["46 inmates dead"] if event == "development" else [],
            created_at=AT + timedelta(hours=1),
        ),
        ["hook"],
        send_at=AT,
    )


def test_a_pass_lists_a_story_once_and_seals_what_its_payloads_read_back(db_url: str) -> None:
    store = Store(db_url)
    ensure_schema(store, auto_migrate=True)
    now = AT + timedelta(hours=2)
    try:
        with store.tx() as tx:
            story = tx.add(Story(title="Las Lomas prison riot", first_seen=AT, last_seen=AT))
            assert story.id is not None
            rows = [_article(tx, story.id, n) for n in range(7)]
            alerts = [
                _alert(tx, story.id, rows[0].id or 0, "new_story"),
                _alert(tx, story.id, rows[3].id or 0, "development"),
                _alert(tx, story.id, rows[5].id or 0, "development"),
            ]
            tx.session.flush()
            # what each alert's message is when built on its own, without a pass's reads
            alone = {a.id: build_message(tx, a, now).to_dict() for a in alerts}

            reads = StoryReads(tx)
            sealed = [seal(tx, a, now, reads) for a in alerts]
            for alert, msg in zip(alerts, sealed, strict=True):
                assert alert.payload is not None
                assert msg == message_from_payload(alert.payload)
                assert msg.to_dict() == alone[alert.id]
                assert msg.story is not None
                assert len(msg.story.articles) == 7
            first, second = sealed[0].story, sealed[1].story
            assert first is not None and second is not None
            # the listing built once: the same article payloads, each message its own list
            assert first.articles is not second.articles
            assert all(a is b for a, b in zip(first.articles, second.articles, strict=True))

            # a report joining the story within the pass is in the next message's listing
            late = _article(tx, story.id, 7)
            later = _alert(tx, story.id, late.id or 0, "development")
            tx.session.flush()
            msg = seal(tx, later, now, reads)
            assert msg.story is not None
            assert [a.url for a in msg.story.articles][-1] == late.url
            assert len(msg.story.articles) == 8
            assert later.payload is not None
            assert msg == message_from_payload(later.payload)
            assert msg.to_dict() == build_message(tx, later, now).to_dict()
            # sealed already: the payload read back
            again = seal(tx, later, now, reads)
            assert again == msg and again is not msg
    finally:
        store.close()
