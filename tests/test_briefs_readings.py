"""What a brief reads of a report is read once per process: every later brief that reads
the same report says what a brief made from scratch says."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from monitor.judge import briefs
from monitor.judge import sentences as clause_rules
from monitor.judge.briefs import (
    Brief,
    Milestone,
    Report,
    build_brief,
    clear_readings,
)
from monitor.judge.storybrief import StoryReads, milestones_of, sent_reports
from monitor.storage import Alert, Article, Delivery, Store, Story, StoryEvent, Tx
from monitor.storage.migrate import ensure_schema
from tests.test_briefs_retell import prison_story


def _brief(reports: list[Report]) -> Brief:
    first = reports[0]
    milestones = [
        Milestone("first_report", first.published, first.id),
        Milestone("development", reports[-1].published, reports[-1].id),
    ]
    return build_brief(
        reports,
        milestones,
        event="development",
        trigger=reports[-1].id,
        known={first.id},
    )


def test_a_brief_reads_the_same_from_reports_read_before() -> None:
    clear_readings()
    cold = _brief(prison_story())
    # the same reports again, as another alert about the story reads them
    assert _brief(prison_story()) == cold
    assert cold.key_points and cold.timeline


def test_a_report_edited_since_it_was_read_is_read_again() -> None:
    story = prison_story()
    _brief(story)
    extra = (
        "Prison officials said the inmates' families would be allowed to visit the wards "
        "again from Thursday under police escort."
    )
    edited = [story[0], replace(story[1], text=story[1].text + "\n" + extra), *story[2:]]
    clear_readings()
    expected = _brief(edited)
    old = _brief(story)  # the old text read again, then the edited one
    assert _brief(edited) == expected
    assert expected != old  # the added sentence is in the brief


@pytest.mark.parametrize(("name", "value"), [("MIN_WORDS", 18), ("MAX_SENTENCES", 1)])
def test_reading_follows_the_settings_it_depends_on(
    monkeypatch: pytest.MonkeyPatch, name: str, value: int
) -> None:
    story = prison_story()
    before = _brief(story)  # read with the settings as they are
    monkeypatch.setattr(briefs, name, value)
    after = _brief(story)
    clear_readings()
    assert after == _brief(story)  # as if nothing had been read before
    assert after != before  # the setting matters to this story


WARDS = (
    "With the wards still closed, families waited outside the prison gates on Monday, "
    "because of a gang riot that killed eleven inmates in Comayagua."
)


@pytest.mark.parametrize("name", ["CAUSES", "SCENE"])
def test_clauses_are_found_by_the_rules_in_force(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    report = replace(prison_story()[0], id=9, text=WARDS)

    def clauses() -> list[str]:
        return [c.of(s.text) for s in briefs._candidates(report) for c in s.clauses]

    before = clauses()  # read with every clause form
    monkeypatch.setattr(clause_rules, name, False)
    after = clauses()
    clear_readings()
    assert after == clauses()
    assert after != before


def test_a_timeline_names_each_story_merged_in_by_its_title(db_url: str) -> None:
    store = Store(db_url)
    ensure_schema(store, auto_migrate=True)
    at = prison_story()[0].published
    try:
        with store.tx() as tx:
            survivor = tx.add(Story(title="Las Lomas prison riot", first_seen=at, last_seen=at))
            absorbed = [
                tx.add(Story(title=f"Honduras prison, part {n}", first_seen=at, last_seen=at))
                for n in range(3)
            ]
            assert survivor.id is not None
            for n, story in enumerate(absorbed):
                tx.add_story_event(
                    StoryEvent(
                        story_id=survivor.id,
                        at=at + timedelta(hours=n),
                        kind="merge",
                        summary=f"merged with story {story.id}: its title then",
                    )
                )
            tx.add_story_event(
                StoryEvent(
                    story_id=survivor.id,
                    at=at + timedelta(hours=5),
                    kind="merge",
                    summary="merged with story 999999: a story since deleted",
                )
            )
            survivor_id, renamed = survivor.id, absorbed[1].id
        with store.tx() as tx:
            story = tx.get(Story, renamed)
            assert story is not None
            story.title = "Honduras takes over its prisons"
            tx.add(story)
        with store.tx() as tx:
            titles = [m.title for m in milestones_of(tx, survivor_id)]
    finally:
        store.close()
    assert titles == [
        "Honduras prison, part 0",
        "Honduras takes over its prisons",  # as it is called now, not when it merged
        "Honduras prison, part 2",
        "a story since deleted",
    ]


def _alerts(reports: list[Report]) -> list[Callable[[], Brief]]:
    """The briefs a seal pass makes of one story state: several alerts about it, each
    measuring what changed against other reports, some with fewer milestones."""
    first, last = reports[0], reports[-1]
    milestones = [
        Milestone("first_report", first.published, first.id),
        Milestone("development", last.published, last.id),
    ]
    return [
        lambda: build_brief(reports, milestones, event="new_story"),
        lambda: build_brief(
            reports, milestones, event="development", trigger=last.id, known={first.id}
        ),
        lambda: build_brief(reports, milestones, event="update", known={first.id}),
        lambda: build_brief(reports, milestones[:1], event="update", known=set()),
        lambda: build_brief(reports, milestones),
    ]


def test_each_alert_about_a_story_state_briefs_as_if_it_were_the_first() -> None:
    story = prison_story()
    clear_readings()
    warm = [make() for make in _alerts(story)]  # each after the others, sharing the state
    cold = []
    for make in _alerts(story):
        clear_readings()
        cold.append(make())
    assert warm == cold
    # the alerts differ in what changed and in the timeline, not only in their events
    assert len({repr(b.what_changed) for b in warm}) > 1
    assert len({len(b.timeline) for b in warm}) > 1


@pytest.mark.parametrize(("name", "value"), [("MMR_LAMBDA", 0.0), ("REDUNDANT", 0.0)])
def test_a_story_state_follows_the_settings_key_points_depend_on(
    monkeypatch: pytest.MonkeyPatch, name: str, value: float
) -> None:
    story = prison_story()
    clear_readings()
    before = [make() for make in _alerts(story)]  # the state made with the settings as they are
    monkeypatch.setattr(briefs, name, value)
    after = [make() for make in _alerts(story)]
    clear_readings()
    assert after == [make() for make in _alerts(story)]
    assert after != before  # the setting matters to this story


def test_a_timeline_follows_the_settings_it_depends_on(monkeypatch: pytest.MonkeyPatch) -> None:
    story = prison_story()
    again = replace(
        story[0],
        id=3,
        url="https://other.example/3",
        outlet="Other Wire",
        published=story[0].published + timedelta(hours=1),
    )  # the first report's news, told again the same day
    reports = [*story, again]
    milestones = [
        Milestone("first_report", story[0].published, story[0].id),
        Milestone("development", again.published, again.id),
        Milestone("development", story[1].published, story[1].id),
    ]
    clear_readings()
    before = build_brief(reports, milestones).timeline
    monkeypatch.setattr(briefs, "SAME_THING", 1.01)
    monkeypatch.setattr(briefs, "ALIKE", 1.01)
    after = build_brief(reports, milestones).timeline
    clear_readings()
    assert after == build_brief(reports, milestones).timeline
    assert len(after) == len(before) + 1  # the same day's retelling is no longer one


def test_a_seal_pass_reads_a_story_again_when_its_rows_changed(db_url: str) -> None:
    store = Store(db_url)
    ensure_schema(store, auto_migrate=True)
    at = prison_story()[0].published
    try:
        with store.tx() as tx:
            story = tx.add(Story(title="Las Lomas prison riot", first_seen=at, last_seen=at))
            absorbed = tx.add(Story(title="Honduras prison", first_seen=at, last_seen=at))
            assert story.id is not None and absorbed.id is not None
            for n in range(2):
                tx.add(
                    Article(
                        url=f"https://news.example/{n}",
                        title=f"Article {n}",
                        text=f"Text {n}.",
                        relevant=True,
                        story_id=story.id,
                        published_at=at + timedelta(hours=n),
                    )
                )
            tx.add_story_event(
                StoryEvent(
                    story_id=story.id,
                    at=at,
                    kind="merge",
                    summary=f"merged with story {absorbed.id}: its title then",
                )
            )
            story_id = story.id

            reads = StoryReads(tx)
            assert reads.articles(story_id) == list(tx.story_articles(story_id))
            assert reads.milestones(story_id) == milestones_of(tx, story_id)
            kept = reads.articles(story_id)
            assert reads.articles(story_id) is kept  # nothing changed: not read again

            tx.add(
                Article(
                    url="https://news.example/late",
                    title="Late article",
                    relevant=True,
                    story_id=story_id,
                    published_at=at + timedelta(hours=3),
                )
            )
            tx.add_story_event(
                StoryEvent(
                    story_id=story_id,
                    at=at + timedelta(hours=3),
                    kind="development",
                    summary="late",
                )
            )
            absorbed.title = "Honduras takes over its prisons"
            tx.add(absorbed)
            tx.session.flush()
            articles = reads.articles(story_id)
            assert [a.url for a in articles] == [a.url for a in tx.story_articles(story_id)]
            assert len(articles) == 3
            milestones = reads.milestones(story_id)
            assert milestones == milestones_of(tx, story_id)
            assert [m.title for m in milestones] == ["Honduras takes over its prisons", ""]
    finally:
        store.close()


def test_a_seal_pass_decodes_a_sent_payload_again_when_it_changed(db_url: str) -> None:
    """What the reader was sent is read from each sent alert's payload once per pass, and
    again when the payload changed within it (a reworded message is stored anew)."""
    store = Store(db_url)
    ensure_schema(store, auto_migrate=True)
    at = prison_story()[0].published

    def listing(*urls: str) -> str:
        return json.dumps({"event": "new_story", "story": {"articles": [{"url": u} for u in urls]}})

    def delivered(tx: Tx, story_id: int, alert_id: str, event: str, payload: str) -> Alert:
        """A sealed alert about the story, delivered with `payload`."""
        alert = tx.add(
            Alert(
                id=alert_id,
                story_id=story_id,
                rule="r",
                event=event,
                state="sealed",
                payload=payload,
            )
        )
        tx.add(Delivery(alert_id=alert_id, channel="c", status="delivered"))
        return alert

    try:
        with store.tx() as tx:
            story = tx.add(Story(title="Las Lomas prison riot", first_seen=at, last_seen=at))
            assert story.id is not None
            ids = []
            for n in range(3):
                a = tx.add(
                    Article(
                        url=f"https://news.example/{n}",
                        title=f"Article {n}",
                        relevant=True,
                        story_id=story.id,
                        published_at=at + timedelta(hours=n),
                    )
                )
                ids.append(a.id)
            sent = delivered(tx, story.id, "sent", "new_story", listing("https://news.example/0"))
            tx.session.flush()
            reads = StoryReads(tx)
            assert sent_reports(tx, story.id, reads=reads) == {ids[0]}
            assert sent_reports(tx, story.id, exclude="sent", reads=reads) is None

            sent.payload = listing("https://news.example/1", "https://news.example/2")
            tx.add(sent)
            tx.session.flush()
            assert sent_reports(tx, story.id, reads=reads) == {ids[1], ids[2]}
            assert sent_reports(tx, story.id) == {ids[1], ids[2]}

            delivered(tx, story.id, "also sent", "development", listing("https://news.example/0"))
            tx.session.flush()
            assert sent_reports(tx, story.id, reads=reads) == set(ids)
            fewer = list(tx.story_articles(story.id))[:2]
            assert sent_reports(tx, story.id, articles=fewer, reads=reads) == {ids[0], ids[1]}
            assert sent_reports(tx, story.id, exclude="sent", reads=reads) == {ids[0]}
    finally:
        store.close()
