"""What was sent about a story is read only for the briefs that say what changed: a new
story's brief reads no sent payload, and gives what it gave when it read them all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from monitor.judge import briefs
from monitor.judge.briefs import build_brief
from monitor.judge.storybrief import alert_brief, milestones_of, reports_of, sent_reports
from monitor.storage import Alert, Article, Delivery, Store, Story, Tx
from monitor.storage.migrate import ensure_schema
from tests.test_briefs_retell import prison_story

TITLE = "Las Lomas prison riot"


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    """The SQL statements run on the store's engine while in the block."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]).lower())

    engine = store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _story(tx: Tx) -> tuple[int, list[int]]:
    """A story of the prison reports, each as an article, with one alert sent about it
    (its payload listing the first article) and one of each event not sent yet."""
    reports = prison_story()
    story = tx.add(Story(title=TITLE, first_seen=reports[0].published))
    assert story.id is not None
    ids = []
    for n, r in enumerate(reports):
        a = tx.add(
            Article(
                url=r.url,
                title=r.title,
                text=r.text,
                source_name=r.outlet,
                language=r.language,
                relevant=True,
                story_id=story.id,
                published_at=r.published + timedelta(minutes=n),
            )
        )
        assert a.id is not None
        ids.append(a.id)
    listing = {"event": "new_story", "story": {"articles": [{"url": reports[0].url}]}}
    tx.add(
        Alert(
            id="sent",
            story_id=story.id,
            rule="r",
            event="new_story",
            state="sealed",
            payload=json.dumps(listing),
        )
    )
    tx.add(Delivery(alert_id="sent", channel="c", status="delivered"))
    for event_ in ("new_story", "development"):
        tx.add(
            Alert(
                id=event_,
                story_id=story.id,
                rule="r",
                event=event_,
                article_id=ids[-1],
                article_ids=ids[-1:],
            )
        )
    tx.session.flush()
    return story.id, ids


def test_a_new_storys_brief_reads_nothing_that_was_sent(db_url: str) -> None:
    store = Store(db_url)
    ensure_schema(store, auto_migrate=True)
    try:
        with store.tx() as tx:
            story_id, ids = _story(tx)
            alert = tx.get(Alert, "new_story")
            assert alert is not None
            briefs.clear_readings()
            with _statements(store) as seen:
                brief = alert_brief(tx, alert)
            assert not [s for s in seen if "delivery" in s]  # no sent alert looked up
            # the brief a new story is given whatever was sent: what changed is not its part
            reports = reports_of(tx.story_articles(story_id))
            milestones = milestones_of(tx, story_id)
            known = sent_reports(tx, story_id, exclude=alert.id)
            assert known == {ids[0]}
            assert brief == build_brief(
                reports, milestones, event="new_story", known=known, fallback=TITLE
            )
            assert brief == build_brief(
                reports, milestones, event="new_story", known=None, fallback=TITLE
            )
            assert brief is not None and not brief.what_changed
    finally:
        store.close()


@pytest.mark.parametrize("event_", ["development"])
def test_a_development_is_still_measured_against_what_was_sent(db_url: str, event_: str) -> None:
    store = Store(db_url)
    ensure_schema(store, auto_migrate=True)
    try:
        with store.tx() as tx:
            story_id, ids = _story(tx)
            alert = tx.get(Alert, event_)
            assert alert is not None
            with _statements(store) as seen:
                brief = alert_brief(tx, alert)
            assert [s for s in seen if "delivery" in s]
            known = sent_reports(tx, story_id, exclude=alert.id)
            assert known == {ids[0]}
            assert brief == build_brief(
                reports_of(tx.story_articles(story_id)),
                milestones_of(tx, story_id),
                event=event_,
                trigger=ids[-1],
                known=known,
                fallback=TITLE,
            )
            assert brief is not None and brief.what_changed
    finally:
        store.close()
