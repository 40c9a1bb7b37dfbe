"""An alert's timeline is cut to the story's first entry and the latest ones, with a line
counting what is left out; review surfaces keep the whole timeline, built as before."""

from __future__ import annotations

import json
from collections.abc import Sequence
from copy import copy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from monitor.alerting.channels.base import AlertMessage, StoryPayload
from monitor.alerting.channels.render import (
    TemplateSet,
    render_html,
    render_markdown,
    render_text,
    timeline_note,
)
from monitor.alerting.outbox import message_from_payload, seal
from monitor.config import BriefsConfig, ConfigError, parse_config
from monitor.demo.replay import ReplayServer
from monitor.judge import briefs
from monitor.judge.briefs import (
    Brief,
    Milestone,
    Report,
    TimelineEntry,
    attribute,
    build_brief,
    one_line,
)
from monitor.judge.storybrief import story_brief
from monitor.service.app import App
from monitor.service.configcheck import load_config
from monitor.storage import Alert, Article, Store, Story, StoryEvent, migrate
from tests.helpers import Receiver, scenario_corpus
from tests.test_end_to_end import make_config

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def old_timeline(
    milestones: Sequence[Milestone], reports: Sequence[Report], by_id: dict[int, Report]
) -> list[TimelineEntry]:
    """The timeline as it was built before the cap: every entry's line written, each
    entry weighed against every kept one of its day."""
    entries: list[tuple[date, datetime, TimelineEntry, briefs._Sentence | None]] = []
    ordered = sorted(reports, key=lambda r: (r.published, r.id))
    if not any(m.kind == "first_report" for m in milestones) and ordered:
        first = ordered[0]
        milestones = [Milestone("first_report", first.published, first.id), *milestones]
    for m in milestones:
        report = by_id.get(m.report_id) if m.report_id is not None else None
        if m.kind == "merge":
            title = one_line(m.title)
            match = next((r for r in ordered if one_line(r.title) == title), None)
            text = f"Coverage merged in: {briefs._cut(title)}" if title else "Coverage merged in"
            entry = TimelineEntry(m.at.astimezone(UTC).date(), text, match.url if match else "")
            entries.append((m.at.date(), m.at, entry, None))
            continue
        if report is None:
            continue
        before = [r for r in ordered if r.published < report.published]
        text = attribute(briefs._report_headline(report, before), report.outlet)
        when, said = briefs._gist(report, briefs._settings())
        entries.append((when, m.at, TimelineEntry(when, text, report.url), copy(said)))
    briefs._vectors([e[3] for e in entries if e[3] is not None])
    entries.sort(key=lambda e: (e[0], e[1]))
    kept: list[tuple[date, datetime, TimelineEntry, briefs._Sentence | None]] = []
    for e in entries:
        same_day = [k[3] for k in kept if k[0] == e[0] and k[3] is not None]
        if e[3] is not None and briefs._repeats(e[3], same_day):
            continue
        kept.append(e)
    return [e[2] for e in kept]


def cut(full: list[TimelineEntry], cap: int) -> tuple[list[TimelineEntry], int]:
    if len(full) <= cap:
        return full, 0
    return [full[0], *full[len(full) - cap + 1 :]], len(full) - cap


# what the generated reports say: a few events told alike by several outlets, so that
# some entries of a day fold into one and others stay
EVENTS = [
    ("Port strike halts exports", "Dock workers in Buenaventura stopped work on Monday."),
    ("Huelga paraliza el puerto", "Los estibadores de Buenaventura pararon este lunes."),
    ("Strike talks collapse", "Talks between the union and the port broke down late on Tuesday."),
    ("Union accepts 9% raise", "The dockers' union accepted a 9% raise on March 4, ending it."),
    ("Exports resume at the port", "Ships left Buenaventura again after 3 days of strike."),
    ("Government names mediator", "The labour ministry named Ana Ruiz as mediator on Tuesday."),
]
OUTLETS = ["Wire", "Diario Andino", "Capitol Brief", "<b>Bad</b> & Co"]


@st.composite
def stories(draw: st.DrawFn) -> tuple[list[Report], list[Milestone], int]:
    n = draw(st.integers(1, 24))
    reports = []
    for i in range(1, n + 1):
        title, lede = EVENTS[draw(st.integers(0, len(EVENTS) - 1))]
        at = T0 + timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
        lang = "es" if "Huelga" in title else "en"
        reports.append(
            Report(
                id=i,
                title=title,
                text=f"{lede} More follows.",
                url=f"https://news{i}.example/{i}",
                outlet=OUTLETS[draw(st.integers(0, len(OUTLETS) - 1))],
                published=at,
                language=lang,
            )
        )
    milestones = []
    for r in reports:
        kind = draw(st.sampled_from(["first_report", "development", "none", "none"]))
        if kind != "none":
            milestones.append(Milestone(kind, r.published, r.id))
    for _ in range(draw(st.integers(0, 3))):
        title = draw(st.sampled_from([EVENTS[0][0], "A story merged in", ""]))
        at = T0 + timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
        milestones.append(Milestone("merge", at, None, title))
    milestones.append(Milestone("development", T0, 999))  # its article is gone
    return reports, draw(st.permutations(milestones)), draw(st.integers(2, 6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_the_whole_timeline_is_built_as_before_and_a_capped_one_is_cut_from_it(
    story: tuple[list[Report], list[Milestone], int],
) -> None:
    reports, milestones, cap = story
    by_id = {r.id: r for r in reports}
    full = old_timeline(milestones, reports, by_id)
    assert briefs._timeline(milestones, reports, by_id) == (full, 0)
    assert briefs._timeline(milestones, reports, by_id, cap) == cut(full, cap)
    briefs._STORIES.clear()  # the story state's cache, then the cut from a kept whole one
    assert build_brief(reports, milestones).timeline == full
    capped = build_brief(reports, milestones, timeline_cap=cap)
    assert (capped.timeline, capped.timeline_omitted) == cut(full, cap)


def test_a_long_story_lists_its_first_entry_and_the_latest_ones() -> None:
    reports = [
        Report(
            id=i,
            title=f"Day {i}: the inquiry hears witness number {i}",
            text=f"The inquiry heard its witness number {i} on day {i} of the hearings.",
            url=f"https://news.example/{i}",
            outlet="Wire",
            published=T0 + timedelta(days=i),
        )
        for i in range(1, 21)
    ]
    milestones = [Milestone("first_report", reports[0].published, 1)] + [
        Milestone("development", r.published, r.id) for r in reports[1:]
    ]
    full = build_brief(reports, milestones)
    assert len(full.timeline) == 20 and full.timeline_omitted == 0
    capped = build_brief(reports, milestones, timeline_cap=8)
    assert capped.timeline == [full.timeline[0], *full.timeline[-7:]]
    assert capped.timeline_omitted == 12
    assert [e.date for e in capped.timeline] == sorted(e.date for e in capped.timeline)
    # a story within the cap is listed whole
    short = build_brief(reports[:5], milestones[:5], timeline_cap=8)
    assert short.timeline == build_brief(reports[:5], milestones[:5]).timeline
    assert short.timeline_omitted == 0


# ---------------------------------------------------------------- rendering

HOSTILE = "<script>alert(1)</script> *bold* @everyone [x](javascript:1) & | #1"


def hostile_message(story_id: int = 7) -> AlertMessage:
    brief = Brief(
        headline="Inquiry hears witness",
        key_points=["A key point. (Wire)"],
        timeline=[
            TimelineEntry(date(2026, 3, 3), f"First {HOSTILE}", "https://news.example/1"),
            TimelineEntry(date(2026, 3, 20), f"Latest {HOSTILE}", "javascript:alert(1)"),
        ],
        timeline_omitted=12,
    )
    story = StoryPayload(
        id=story_id, title="Inquiry", first_seen="2026-03-03T09:00:00Z", outlets=1, articles=[]
    )
    return AlertMessage(id="a1", event="development", rule="r", story=story, brief=brief)


def lines_of(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if "First" in line or "Latest" in line or "left out" in line
    ]


def test_the_text_alert_says_what_is_left_out_after_the_first_entry() -> None:
    out = lines_of(render_text(hostile_message()))
    assert len(out) == 3
    assert "2026-03-03" in out[0] and "First <script>" in out[0]
    assert out[1].strip() == ("… 12 earlier entries left out (all of them: monitor stories show 7)")
    assert "2026-03-20" in out[2]


def test_the_html_alert_escapes_every_line_and_names_the_story_page() -> None:
    templates = TemplateSet(story_url="https://mon.example/stories/{id}?a=1&b=<2>")
    html = render_html(hostile_message(), templates)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    note = (
        '<li style="color:#666">… 12 earlier entries left out (all of them: monitor stories'
        " show 7 or https://mon.example/stories/7?a=1&amp;b=&lt;2&gt;)</li>"
    )
    assert note in html
    assert html.index("First") < html.index(note) < html.index("Latest")


def test_the_markdown_alert_escapes_the_note_as_feed_text() -> None:
    md = render_markdown(hostile_message(), TemplateSet(story_url="https://mon.example/s/{id}_*"))
    out = lines_of(md)
    assert len(out) == 3
    assert "\\<script\\>" in out[0] and "@\u200beveryone" in out[0]
    assert out[1] == (
        "- … 12 earlier entries left out \\(all of them: monitor stories show 7 or "
        "https://mon.example/s/7\\_\\*\\)"
    )
    assert "javascript" not in out[2].split("Latest")[0]


def test_digest_stories_get_the_note_with_their_own_id() -> None:
    message = hostile_message(3)
    assert message.story is not None and message.brief is not None
    story = StoryPayload(
        id=3,
        title="Inquiry",
        first_seen="2026-03-03T09:00:00Z",
        outlets=1,
        articles=[],
        brief=message.brief,
    )
    digest = AlertMessage(id="d1", event="digest", rule="r", stories=[story])
    for out in (render_text(digest), render_markdown(digest), render_html(digest)):
        assert "monitor stories show 3" in out


def test_the_note_counts_in_words() -> None:
    assert timeline_note(0, 7) == ""
    assert timeline_note(1, 7) == "… 1 earlier entry left out (all of them: monitor stories show 7)"
    assert timeline_note(2, None) == "… 2 earlier entries left out"


def test_the_webhook_payload_keeps_its_fields_and_counts_what_is_left_out() -> None:
    body = json.loads(json.dumps(hostile_message().to_dict()))
    brief = body["brief"]
    assert list(brief) == ["headline", "key_points", "what_changed", "timeline", "timeline_omitted"]
    assert brief["timeline_omitted"] == 12
    assert [list(e) for e in brief["timeline"]] == [["date", "text", "url"]] * 2
    assert AlertMessage.from_dict(body).brief == hostile_message().brief
    # a payload sealed before the count was written reads as nothing left out
    del brief["timeline_omitted"]
    old = AlertMessage.from_dict(body).brief
    assert old is not None and old.timeline_omitted == 0
    brief["timeline_omitted"] = "12"
    assert Brief.from_dict(brief).timeline_omitted == 0


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1", "must be from 2 to 100 (the story's first entry and at least the latest), got 1"),
        ("101", "must be from 2 to 100"),
        ('"8"', "expected a whole number of lines such as 8, got '8'"),
        ("true", "expected a whole number of lines such as 8, got True"),
        ("8.5", "expected a whole number of lines such as 8, got 8.5"),
    ],
)
def test_timeline_lines_is_checked_with_file_key_and_reason(
    tmp_path: Path, value: str, reason: str
) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text(
        f'[[topics]]\nname = "t"\nquery = "port"\n\n[briefs]\ntimeline_lines = {value}\n'
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert f"{path}: briefs.timeline_lines: {reason}" in str(err.value)


def test_timeline_lines_defaults_to_eight() -> None:
    cfg = parse_config({"topics": [{"name": "t", "query": "port"}]})
    assert cfg.briefs.timeline_lines == 8
    assert BriefsConfig(timeline_lines=3).timeline_lines == 3


# ---------------------------------------------------------------- stored stories


def _stored_story(store: Store, days: int) -> int:
    with store.tx() as tx:
        story = tx.add(Story(title="Inquiry", first_seen=T0, last_seen=T0))
        assert story.id is not None
        for i in range(days):
            at = T0 + timedelta(days=i)
            article = tx.add(
                Article(
                    url=f"https://news.example/{i}",
                    title=f"Day {i}: the inquiry hears witness number {i}",
                    source="news.example",
                    relevant=True,
                    story_id=story.id,
                    published_at=at,
                    fetched_at=at,
                    text=f"The inquiry heard its witness number {i} on day {i} of hearings.",
                )
            )
            assert article.id is not None
            kind = "first_report" if i == 0 else "development"
            tx.add(
                StoryEvent(story_id=story.id, article_id=article.id, at=at, kind=kind, summary="")
            )
        return story.id


def test_a_sealed_alert_carries_the_cut_timeline_and_the_story_brief_all_of_it(
    db_url: str,
) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store)
        story_id = _stored_story(store, 12)
        with store.tx() as tx:
            tx.add(Alert(id="x", story_id=story_id, rule="r", event="development", created_at=T0))
        with store.tx() as tx:
            alert = tx.session.get(Alert, "x")
            assert alert is not None
            sent = seal(tx, alert, T0 + timedelta(days=20), timeline_lines=4)
            whole = story_brief(tx, story_id)
        assert sent.brief is not None
        assert len(whole.timeline) == 12 and whole.timeline_omitted == 0
        assert sent.brief.timeline == [whole.timeline[0], *whole.timeline[-3:]]
        assert sent.brief.timeline_omitted == 8
        with store.tx() as tx:
            alert = tx.session.get(Alert, "x")
            assert alert is not None and alert.payload is not None
            assert message_from_payload(alert.payload).brief == sent.brief
    finally:
        store.close()


async def test_the_demo_alerts_cut_their_timeline_as_configured(
    sqlite_url: str, httpserver: HTTPServer
) -> None:
    """The demo corpus in three polls through the service, `[briefs] timeline_lines = 2`: the
    webhook's brief lists the story's first entry and the latest, and counts the rest."""
    receiver = Receiver(httpserver)
    corpus = scenario_corpus(
        {
            "petro-confirms-summit": 1,
            "petro-summit-date-set": 1,
            "petro-anuncia-reunion": 1,
            "petro-trump-meeting-feb3": 1,
            "summit-working-group": 2,
            "summit-working-group-syndicated": 2,
            "cumbre-grupo-antidrogas": 2,
            "summit-postponed": 3,
            "trump-petro-tense-summit": 3,
            "petro-stares-down-trump": 3,
        }
    )
    with ReplayServer(corpus) as server:
        cfg = make_config(sqlite_url, server, receiver.url)
        cfg = cfg.model_copy(update={"briefs": BriefsConfig(timeline_lines=2)})
        async with App(cfg) as app:
            assert app.outbox.timeline_lines == 2
            await app.run_once()
            for poll in (2, 3):
                server.set_round(poll)
                await app.run_once()
            with app.store.tx() as tx:
                story_id = receiver.bodies[-1]["story"]["id"]
                whole = story_brief(tx, story_id)
    dev = receiver.bodies[-1]["brief"]
    assert len(whole.timeline) > 2
    assert dev["timeline"] == [whole.timeline[0].to_dict(), whole.timeline[-1].to_dict()]
    assert dev["timeline_omitted"] == len(whole.timeline) - 2


def test_alerts_show_prints_the_note_after_the_first_entry_and_feed_text_as_text() -> None:
    from rich.console import Console

    from monitor.review.cli.briefs import print_brief

    brief = Brief(
        headline="Inquiry",
        timeline=[
            TimelineEntry(date(2026, 3, 3), "First [bold]x[/bold]", "https://news.example/1"),
            TimelineEntry(date(2026, 3, 20), "Latest", "https://news.example/2"),
        ],
        timeline_omitted=12,
    )
    console = Console(record=True, width=200, color_system=None)
    print_brief(console, brief, story_id=7)
    out = console.export_text()
    assert "First [bold]x[/bold]" in out
    note = "… 12 earlier entries left out (all of them: monitor stories show 7)"
    assert out.index("First") < out.index(note) < out.index("Latest")
