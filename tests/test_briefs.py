"""Briefs: what a reader gets of a story or an alert, and how every channel shows it.

The pure parts run on hand-made reports; the rest through the real pipeline (the demo
corpus served over loopback, or articles fed one by one into a real database) and the
real outbox to loopback receivers: webhook, SMTP (aiosmtpd), Apprise json://, the CLI.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.alerting.channels.apprise import AppriseChannel
from monitor.alerting.channels.base import AlertMessage
from monitor.alerting.channels.console import ConsoleChannel
from monitor.alerting.channels.render import render_html, render_markdown, render_text, subject
from monitor.alerting.rewrite import Rewriter, unsupported
from monitor.config import ConfigError, LLMConfig, parse_config
from monitor.demo.replay import ReplayServer
from monitor.judge import briefs
from monitor.judge.briefs import (
    Brief,
    Milestone,
    Report,
    TimelineEntry,
    build_brief,
    event_date,
    readable,
)
from monitor.judge.storybrief import story_brief
from monitor.review.cli import app as cli
from monitor.service.app import App
from tests.desk import AGENDA, T0, VENUE, Desk
from tests.helpers import Receiver, scenario_corpus, smtp_server
from tests.test_channels import mail_channel
from tests.test_end_to_end import make_config

# An internal fact code as stories and developments store them: never for a reader.
CODE = re.compile(r"\b(?:state|date|ent|key|num):\S")

JAN14 = datetime(2026, 1, 14, 18, 30, tzinfo=UTC)  # a Wednesday


def report(
    n: int,
    text: str,
    *,
    title: str = "",
    outlet: str = "Wire",
    at: datetime = JAN14,
    lang: str = "en",
    copy_of: int | None = None,
) -> Report:
    return Report(
        id=n,
        title=title or f"Report {n}",
        text=text,
        url=f"https://news{n}.example/{n}",
        outlet=outlet,
        published=at,
        language=lang,
        copy_of=copy_of,
    )


ANNOUNCED_EN = (
    "Colombian President Gustavo Petro said on Wednesday that he will meet U.S. President "
    "Donald Trump at the White House on February 3, after weeks of threats over drugs."
)
ANNOUNCED_ES = (
    "El presidente Gustavo Petro confirmó este miércoles que se reunirá con Donald Trump en "
    "la Casa Blanca el próximo 3 de febrero, tras semanas de amenazas por las drogas."
)
SANCTIONS = (
    "In October 2025, Washington imposed sanctions on Petro and members of his family over "
    "alleged involvement in the drug trade, accusations that Petro denies."
)
STRIKES = (
    "At least 126 people have been killed in 36 known U.S. military strikes on suspected "
    "drug boats in the Caribbean Sea and the eastern Pacific."
)
BOILERPLATE = "This article was provided by Andes Wire and has not been edited by our staff."


def summit_reports() -> list[Report]:
    return [
        report(1, f"{ANNOUNCED_EN}\n{SANCTIONS}\n{BOILERPLATE}", title="Petro to meet Trump"),
        report(
            2,
            f"{ANNOUNCED_ES}\nLa Cancillería ya coordina la logística del viaje a Washington.",
            title="Petro se reunirá con Trump",
            outlet="Diario Andino",
            lang="es",
            at=JAN14 + timedelta(hours=3),
        ),
        report(
            3,
            f"{STRIKES}\nThe strikes have strained relations between Bogotá and Washington "
            "for months, officials in both capitals said on Thursday.",
            title="Boat strikes cloud the summit",
            outlet="Capitol Brief",
            at=JAN14 + timedelta(days=1),
        ),
    ]


# ---------------------------------------------------------------- pure briefs


def test_key_points_are_whole_attributed_sentences_and_a_translation_counts_once() -> None:
    brief = build_brief(summit_reports(), event="new_story")
    assert 3 <= len(brief.key_points) <= 5
    outlets = ("(Wire)", "(Diario Andino)", "(Capitol Brief)")
    for point in brief.key_points:
        assert point.endswith(outlets), point
        assert len(point.split()) >= 8 and not CODE.search(point)
    said = " ".join(brief.key_points)
    # the announcement, once, in whichever language (its "after weeks of threats over drugs"
    # may be cut: the strikes and sanctions key points tell the drug quarrel,
    # `briefs.RETOLD_CUT`); the other facts too
    en, es = (a.split(", after")[0].split(", tras")[0] for a in (ANNOUNCED_EN, ANNOUNCED_ES))
    assert (en in said) != (es in said)
    assert SANCTIONS in said and STRIKES in said
    assert "provided by" not in said


def test_a_story_with_little_to_say_gets_two_key_points() -> None:
    brief = build_brief([report(1, f"{ANNOUNCED_EN}\n{SANCTIONS}")])
    assert len(brief.key_points) == 2


def test_event_dates_are_read_against_the_publication_day() -> None:
    tuesday = datetime(2026, 2, 4, 1, 15, tzinfo=UTC)  # a Wednesday, just after midnight
    assert event_date("", "Petro y Trump acordaron el martes crear un grupo.", tuesday) == date(
        2026, 2, 3
    )
    assert event_date("", "Trump and Petro spoke by phone on Jan. 7.", JAN14) == date(2026, 1, 7)
    assert event_date("", "Petro respondió ayer en redes sociales.", JAN14) == date(2026, 1, 13)
    # no date, or only one still ahead: the publication day
    assert event_date("Petro to meet Trump", "They will meet on February 3.", JAN14) == date(
        2026, 1, 14
    )


def test_timeline_is_oldest_first_by_event_date_and_one_entry_per_event() -> None:
    reports = summit_reports()
    later = report(
        4,
        "Trump and Petro agreed on Tuesday to set up a joint counternarcotics working group "
        "after they met at the White House for two hours.",
        title="Trump and Petro agree on a working group",
        at=datetime(2026, 2, 3, 22, 5, tzinfo=UTC),
    )
    spanish = report(
        5,
        "Petro y Trump acordaron este martes crear un grupo de trabajo antidrogas tras "
        "reunirse durante dos horas en la Casa Blanca.",
        title="Petro y Trump acuerdan un grupo de trabajo",
        outlet="Diario Andino",
        lang="es",
        at=datetime(2026, 2, 4, 1, 15, tzinfo=UTC),
    )
    milestones = [
        Milestone("development", spanish.published, 5),
        Milestone("development", later.published, 4),
        Milestone("first_report", JAN14, 1),
        Milestone("merge", JAN14 + timedelta(days=2), None, "Boat strikes cloud the summit"),
    ]
    brief = build_brief([*reports, later, spanish], milestones)
    assert [e.date for e in brief.timeline] == [
        date(2026, 1, 14),
        date(2026, 1, 16),
        date(2026, 2, 3),
    ]
    first, merge, agreed = brief.timeline
    assert first.text == "Petro to meet Trump (Wire)" and first.url == reports[0].url
    assert merge.text == "Coverage merged in: Boat strikes cloud the summit"
    assert merge.url == reports[2].url
    assert agreed.text == "Trump and Petro agree on a working group (Wire)"


def test_a_development_is_headed_by_its_news_never_by_the_first_title() -> None:
    reports = summit_reports()
    news = report(
        4,
        "Trump and Petro agreed on Tuesday to set up a joint counternarcotics working group "
        "after they met at the White House.\nIts first session will be held in Cartagena on "
        "March 17, and it is to report within 90 days.",
        title="Trump and Petro agree to form a counternarcotics working group",
        at=datetime(2026, 2, 3, 22, 5, tzinfo=UTC),
    )
    known = {r.id for r in reports}
    brief = build_brief(
        [*reports, news], event="development", trigger=4, known=known, fallback="Petro to meet"
    )
    assert brief.headline == news.title
    assert brief.what_changed and brief.what_changed[0].startswith("Trump and Petro agreed")
    assert any("Cartagena" in c for c in brief.what_changed)
    # A trigger whose headline only repeats the story's: the sentence stating the change.
    same = replace(news, title="Petro to meet Trump")
    brief = build_brief(
        [*reports, same], event="development", trigger=4, known=known, fallback="Petro to meet"
    )
    assert brief.headline.startswith("Trump and Petro agreed on Tuesday")


def test_what_changed_tells_a_fact_once_whatever_the_languages() -> None:
    reports = summit_reports()
    known = {r.id for r in reports}
    english = report(
        4,
        "The working group will hold its first session in Cartagena on March 17 and report "
        "to both presidents within 90 days, the joint statement said.",
        title="Working group to meet in Cartagena",
        at=datetime(2026, 2, 3, 22, 5, tzinfo=UTC),
    )
    spanish = report(
        5,
        "El grupo de trabajo celebrará su primera sesión en Cartagena el 17 de marzo y "
        "entregará un informe a ambos presidentes en un plazo de 90 días.",
        title="El grupo de trabajo se reunirá en Cartagena",
        outlet="Diario Andino",
        lang="es",
        at=datetime(2026, 2, 4, 1, 15, tzinfo=UTC),
    )
    brief = build_brief([*reports, english, spanish], event="development", trigger=4, known=known)
    assert len([c for c in brief.what_changed if "Cartagena" in c]) == 1
    # nothing new since the last alert sent: nothing changed
    everything = known | {4, 5}
    again = build_brief([*reports, english, spanish], event="repeat", known=everything)
    assert again.what_changed == []


AGREED = (
    "U.S. President Donald Trump and Colombian President Gustavo Petro agreed on Tuesday to set "
    "up a joint counternarcotics working group, according to a joint statement issued after "
    "the two leaders met at the White House."
)
UNDER = (
    "Under the agreement, the working group will bring together officials from the State "
    "Department, the Drug Enforcement Administration and Colombia's defence and justice "
    "ministries."
)
SESSION = (
    "It is to hold its first session in Cartagena on March 17 and report to both presidents "
    "within 90 days."
)
TRADE = (
    "On trade, the two sides said the U.S. Trade Representative and Colombia's Ministry of "
    "Commerce would review tariffs affecting Colombian exports, including coffee and cut "
    "flowers, and present recommendations by April 30."
)


def test_what_changed_never_opens_a_bullet_with_a_pronoun() -> None:
    # "It is to hold …" as a bullet of its own: "it" is the working group of another bullet
    # (`monitor demo`, poll 2); it is told with the sentence it follows in its report
    reports = summit_reports()
    news = report(
        4,
        f"{AGREED}\n{UNDER} {SESSION}\n{TRADE}",
        title="Trump and Petro agree to form a counternarcotics working group",
        at=datetime(2026, 2, 3, 22, 5, tzinfo=UTC),
    )
    known = {r.id for r in reports}
    brief = build_brief([*reports, news], event="development", trigger=4, known=known)
    assert not [c for c in brief.what_changed if c.startswith("It ")], brief.what_changed
    assert any(f"{UNDER} {SESSION}" in c for c in brief.what_changed), brief.what_changed


def test_a_pronoun_opening_a_sentence_as_its_subject() -> None:
    leans = briefs._leans_on_previous
    assert leans(SESSION) and leans("They were freed on Monday.")
    assert leans("Ella dijo que no se presentará.") and leans("Este es el primer paso.")
    assert leans("Ellos llegaron el lunes.") and leans("This is the first such agreement.")
    assert not leans("Its first session will be held in Cartagena.")
    assert not leans("This week the group meets.") and not leans("Este lunes se reunirá.")


def test_internal_codes_read_as_words() -> None:
    assert readable("new facts: state:agreement, date:03-17, ent:cartagena, num:90") == (
        "new facts: agreement, March 17, cartagena, 90"
    )


def test_a_rewrite_may_not_add_numbers_or_names() -> None:
    source = Brief(
        headline="Trump and Petro agree on a working group",
        key_points=["It will meet in Cartagena on March 17 and report within 90 days. (Wire)"],
    )
    fine = replace(source, key_points=["The group meets in Cartagena on March 17. (Wire)"])
    assert unsupported(fine, source) == []
    invented = replace(source, key_points=["Obama said 42 officials will meet in Cartagena."])
    assert unsupported(invented, source) == ["number 42", "name obama"]


def test_brief_round_trips_through_its_payload_form() -> None:
    brief = build_brief(summit_reports(), [Milestone("first_report", JAN14, 1)])
    data = json.loads(json.dumps(brief.to_dict()))
    assert set(data) == {"headline", "key_points", "what_changed", "timeline", "timeline_omitted"}
    assert data["timeline_omitted"] == 0
    assert data["timeline"][0] == {
        "date": "2026-01-14",
        "text": "Petro to meet Trump (Wire)",
        "url": "https://news1.example/1",
    }
    assert Brief.from_dict(data) == brief


# ---------------------------------------------------------------- the demo, end to end


@pytest.fixture
def receiver(httpserver: HTTPServer) -> Receiver:
    return Receiver(httpserver)


async def demo_alerts(db_url: str, receiver: Receiver) -> tuple[ReplayServer, App]:
    """The demo's two polls: the summit announced, then the working group agreed."""
    corpus = scenario_corpus(
        {
            "petro-confirms-summit": 1,
            "petro-summit-date-set": 1,
            "petro-anuncia-reunion": 1,
            "summit-working-group": 2,
            "summit-working-group-syndicated": 2,
            "cumbre-grupo-antidrogas": 2,
        }
    )
    server = ReplayServer(corpus).__enter__()
    cfg = make_config(db_url, server, receiver.url)
    app = App(cfg)
    await app.__aenter__()
    await app.run_once()
    server.set_round(2)
    await app.run_once()
    return server, app


async def test_payload_brief_shape_and_the_development_headline(
    sqlite_url: str, receiver: Receiver
) -> None:
    replay, app = await demo_alerts(sqlite_url, receiver)
    await app.aclose()
    replay.__exit__(None, None, None)
    new, dev = receiver.bodies
    for body in (new, dev):
        brief = body["brief"]
        assert list(brief) == [
            "headline",
            "key_points",
            "what_changed",
            "timeline",
            "timeline_omitted",
        ]
        assert brief["timeline_omitted"] == 0  # the demo's story is short
        assert isinstance(brief["headline"], str) and brief["headline"]
        assert all(isinstance(k, str) for k in brief["key_points"])
        assert 3 <= len(brief["key_points"]) <= 5
        for entry in brief["timeline"]:
            assert list(entry) == ["date", "text", "url"]
            date.fromisoformat(entry["date"])
        assert not CODE.search(json.dumps(brief, ensure_ascii=False))
        # every field that was there before stays
        assert {"id", "event", "rule", "created_at", "story", "article", "new_information"} <= set(
            body
        )
    assert new["brief"]["what_changed"] == []
    brief = dev["brief"]
    # the development itself, not the story's first title
    assert brief["headline"] != dev["story"]["title"]
    assert "working group" in brief["headline"].lower()
    changed = " ".join(brief["what_changed"])
    # attributed to the reporting outlet, named as the payload names it
    outlet = dev["article"]["source"]
    assert "working group" in changed and f"({outlet})" in changed
    assert 1 <= len(brief["what_changed"]) <= 3
    # the Spanish report of the same agreement adds no second line
    assert not any("acordaron" in c for c in brief["what_changed"])
    assert [e["date"] for e in brief["timeline"]] == sorted(e["date"] for e in brief["timeline"])
    assert brief["timeline"][-1]["date"] == "2026-02-03"
    assert "working group" in brief["timeline"][-1]["text"]


async def test_every_renderer_shows_the_brief(
    sqlite_url: str, receiver: Receiver, httpserver: HTTPServer, tmp_path: Path
) -> None:
    replay, app = await demo_alerts(sqlite_url, receiver)
    try:
        with app.store.tx() as tx:
            story_id = tx.stories()[0].id
            assert story_id is not None
            stored = story_brief(tx, story_id)
            (dev_alert,) = [a for a in tx.alerts() if a.event == "development"]
    finally:
        await app.aclose()
        replay.__exit__(None, None, None)
    body = receiver.events("development")[0]
    message = AlertMessage.from_dict(body)
    assert message.brief is not None
    brief = message.brief
    changed, point = brief.what_changed[0], brief.key_points[0]

    # subject and chat title: the development's headline
    assert subject(message) == f"[news-monitor] Development: {brief.headline}"

    # email: text and HTML, through a real SMTP server
    with smtp_server() as (handler, port):
        channel = mail_channel(f"smtp://127.0.0.1:{port}")
        await channel.send(message)
        await channel.aclose()
    (mail,) = handler.messages()
    assert mail["Subject"] == subject(message)
    text_part = mail.get_body(preferencelist=("plain",))
    html_part = mail.get_body(preferencelist=("html",))
    assert text_part is not None and html_part is not None
    text = text_part.get_content()
    assert "What changed:" in text and changed in text and point in text and "Timeline:" in text
    assert "New information:" not in text
    html = html_part.get_content()
    assert ">What changed</h3>" in html and ">Key points</h3>" in html
    assert changed.replace("'", "&#39;").replace('"', "&#34;") in html

    # chat, through Apprise to a loopback json:// target
    httpserver.expect_request("/chat", method="POST").respond_with_data("ok")
    chat = AppriseChannel("chat", [f"json://127.0.0.1:{httpserver.port}/chat"])
    await chat.send(message)
    sent = json.loads(
        next(r for r, _ in httpserver.log if r.path == "/chat").get_data(as_text=True)
    )
    assert sent["title"] == subject(message)
    assert "**What changed**" in sent["message"] and "**Key points**" in sent["message"]
    assert "**Timeline**" in sent["message"]

    # the console channel
    stream = io.StringIO()
    await ConsoleChannel("console", stream=stream).send(message)
    assert changed in stream.getvalue()

    # the CLI: alerts show prints the brief it was sent with, stories show the story's
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\nurl = "{sqlite_url}"\n[[topics]]\nname = "t"\nquery = "petro"\n',
        encoding="utf-8",
    )
    shown = run_cli(cfg, "alerts", "show", dev_alert.id)
    assert "brief (as sent):" in shown and brief.headline in shown and changed in shown
    assert not CODE.search(shown.split("{", 1)[0])  # the payload's JSON follows the brief
    shown = run_cli(cfg, "stories", "show", str(story_id))
    assert stored.key_points[0] in shown and "Timeline" in shown
    assert not CODE.search(shown)
    # export --stories: the same brief in JSON Lines, one brief line per CSV row
    (row,) = [json.loads(x) for x in run_cli(cfg, "export", "--stories").splitlines()]
    assert row["brief"] == stored.to_dict()
    table = run_cli(cfg, "export", "--stories", "--format", "csv")
    assert table.splitlines()[0] == "story_id,story_title,part,date,text,url"
    assert table.count(",key_point,") == len(stored.key_points)


def run_cli(config: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-c", str(config), *args])
    assert result.exit_code == 0, result.output
    return result.output


# ---------------------------------------------------------------- since the last alert sent


def said(body: dict[str, Any]) -> str:
    return " ".join(body["brief"]["what_changed"]).lower()


async def test_what_changed_runs_from_the_last_alert_that_went_out(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "0s", "group_interval": "0s"})
        d.publish("wire.example")
        assert (await d.deliver()).delivered == 1
        clock.shift(timedelta(minutes=5))
        assert d.publish("agenda.example", AGENDA).alerts == 1
        assert (await d.deliver()).delivered == 1
        clock.shift(timedelta(minutes=5))
        assert d.publish("venue.example", VENUE).alerts == 1
        assert (await d.deliver()).delivered == 1
    assert d.events == ["new_story", "development", "development"]
    first, second = d.receiver.events("development")
    assert "sarabia" in said(first)
    # the first development went out: its news is not news again
    assert "leavitt" in said(second) and "sarabia" not in said(second)
    assert second["brief"]["headline"] == VENUE[0]


async def test_an_alert_not_yet_sent_leaves_its_news_new_for_the_next(
    desk: Callable[..., Desk],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "0s", "group_interval": "0s"})
        d.publish("wire.example")
        assert (await d.deliver()).delivered == 1
        clock.shift(timedelta(minutes=5))
        d.receiver.fail_with = 503
        assert d.publish("agenda.example", AGENDA).alerts == 1
        report = await d.deliver()  # sealed, tried, not delivered
        assert report.delivered == 0 and report.retrying == 1
        clock.shift(timedelta(minutes=5))
        assert d.publish("venue.example", VENUE).alerts == 1
        d.receiver.fail_with = None
        clock.shift(timedelta(hours=2))  # past the retry backoff
        assert (await d.deliver()).delivered == 2
    first, second = d.receiver.events("development")
    assert "sarabia" in said(first)
    # when the second was sealed the first had not gone out: both developments are news
    assert "sarabia" in said(second) and "leavitt" in said(second)
    # the retried alert carried the same body, brief and all, as its failed first attempt
    first_attempts = [raw for h, raw in d.receiver.raw if h["X-Monitor-Delivery"] == first["id"]]
    assert len(first_attempts) == 2 and first_attempts[0] == first_attempts[1]
    assert json.loads(first_attempts[0])["brief"] == first["brief"]


# ---------------------------------------------------------------- hostile text

HOSTILE = (
    "Petro and Trump meet <script>alert(1)</script> [bold red]at the White House[/]",
    "Colombian President Gustavo Petro said on Monday he will meet President Donald Trump "
    "at the White House <img src=x onerror=alert(1)> and **talk** about [drugs](javascript:"
    "alert(1)) and [bold]tariffs[/bold] after weeks of threats. Petro said the meeting "
    "would focus on counternarcotics cooperation with Washington and trade.",
)


async def test_hostile_text_is_escaped_for_every_target(
    desk: Callable[..., Desk], tmp_path: Path
) -> None:
    with time_machine.travel(T0, tick=False):
        d = desk({"group_wait": "0s"})
        d.publish("wire.example", HOSTILE)
        await d.deliver()
    (body,) = d.receiver.bodies
    message = AlertMessage.from_dict(body)
    assert message.brief is not None
    assert any("<img src=x" in k for k in message.brief.key_points)  # stored as written
    html = render_html(message)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    markdown = render_markdown(message)
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # no live link
    assert "\\*\\*talk\\*\\*" in markdown
    assert "\\[drugs\\]" in markdown
    text = render_text(message)
    assert "[bold]tariffs[/bold]" in text
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(d.config_toml(), encoding="utf-8")
    shown = run_cli(cfg, "alerts", "show", body["id"])
    assert "[bold]tariffs[/bold]" in shown  # printed as text, not read as Rich markup
    shown = run_cli(cfg, "stories", "show", str(body["story"]["id"]))
    assert "[bold]tariffs[/bold]" in shown


# ---------------------------------------------------------------- a language model's rewrite


def model_answer(request: Request, change: Callable[[str], str]) -> Response:
    shown = json.loads(request.get_json()["messages"][1]["content"])
    answer = {
        "headline": change(shown["headline"]),
        "key_points": [change(k) for k in shown["key_points"]],
        "what_changed": [change(k) for k in shown["what_changed"]],
    }
    content = "```json\n" + json.dumps(answer) + "\n```"
    return Response(
        json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}),
        content_type="application/json",
    )


def in_short(text: str) -> str:
    return "In short, " + text[:1].lower() + text[1:]


def llm_desk(desk: Callable[..., Desk], server: HTTPServer, timeout: str = "2s") -> Desk:
    llm = {"url": server.url_for("/v1"), "model": "stand-in", "api_key": "sk-test-123"}
    return desk(
        {"group_wait": "0s", "group_interval": "0s"}, briefs={"llm": {**llm, "timeout": timeout}}
    )


async def run_development(d: Desk) -> dict[str, Any]:
    with time_machine.travel(T0, tick=False) as clock:
        d.publish("wire.example")
        await d.deliver()
        clock.shift(timedelta(minutes=5))
        d.publish("agenda.example", AGENDA)
        await d.deliver()
    (dev,) = d.receiver.events("development")
    return dev


async def test_an_accepted_rewrite_goes_out_with_the_outlets(
    desk: Callable[..., Desk], server: HTTPServer
) -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: Request) -> Response:
        seen.append(request.get_json())
        assert request.headers["Authorization"] == "Bearer sk-test-123"
        return model_answer(request, in_short)

    server.expect_request("/v1/chat/completions", method="POST").respond_with_handler(handler)
    d = llm_desk(desk, server)
    dev = await run_development(d)
    brief = dev["brief"]
    assert brief["headline"].startswith("In short, ")
    assert brief["what_changed"] and all(k.startswith("In short, ") for k in brief["what_changed"])
    assert all(k.endswith(")") for k in brief["key_points"])  # outlets put back
    # the model saw the extracted sentences only: no outlets, no links, no article text
    request = seen[-1]
    shown = request["messages"][1]["content"]
    assert "http" not in shown and "agenda.example" not in shown
    assert json.loads(shown)["headline"] == AGENDA[0]
    # the stored payload is what went out, so a retry sends the same
    (alert,) = [a for a in d.alerts() if a.event == "development"]
    assert json.loads(alert.payload or "{}")["brief"] == brief


async def test_a_rewrite_naming_what_the_sentences_do_not_is_dropped(
    desk: Callable[..., Desk], server: HTTPServer
) -> None:
    def invent(text: str) -> str:
        return text + " Obama said 42 ministers will attend."

    server.expect_request("/v1/chat/completions").respond_with_handler(
        lambda r: model_answer(r, invent)
    )
    dev = await run_development(llm_desk(desk, server))
    brief = dev["brief"]
    assert brief["headline"] == AGENDA[0]
    assert not any("Obama" in k or "42" in k for k in brief["key_points"] + brief["what_changed"])


async def test_a_model_that_does_not_answer_in_time_does_not_hold_the_alert(
    desk: Callable[..., Desk], server: HTTPServer
) -> None:
    def slow(request: Request) -> Response:
        time.sleep(3)
        return model_answer(request, in_short)

    server.expect_request("/v1/chat/completions").respond_with_handler(slow)
    d = llm_desk(desk, server, timeout="0.5s")
    with time_machine.travel(T0, tick=False):
        d.publish("wire.example")
        started = time.monotonic()
        assert (await d.deliver()).delivered == 1
        took = time.monotonic() - started
    assert took < 2.5, f"delivery waited {took:.1f}s for the model"
    (body,) = d.receiver.bodies
    assert not body["brief"]["headline"].startswith("In short")


async def test_a_model_error_leaves_the_extracted_brief(
    desk: Callable[..., Desk], server: HTTPServer
) -> None:
    server.expect_request("/v1/chat/completions").respond_with_data("overloaded", status=500)
    dev = await run_development(llm_desk(desk, server))
    assert dev["brief"]["headline"] == AGENDA[0]
    assert dev["brief"]["what_changed"]


async def test_rewriter_reports_why_it_kept_the_extracted_brief(server: HTTPServer) -> None:
    server.expect_request("/v1/chat/completions").respond_with_data("nope", status=503)
    brief = Brief(headline="Petro and Trump meet", key_points=["They met on Tuesday. (Wire)"])
    rewriter = Rewriter(LLMConfig(url=server.url_for("/v1"), model="m", timeout=2.0))
    try:
        outcome = await rewriter.rewrite(brief)
    finally:
        await rewriter.aclose()
    assert not outcome.rewritten and outcome.brief == brief and outcome.why == "HTTP 503"
    wrong = Rewriter.check(brief, {"headline": "x", "key_points": [], "what_changed": []})
    assert not wrong.rewritten and "key_points" in wrong.why


def test_llm_settings_are_checked_and_off_by_default() -> None:
    base = {"storage": {"url": "sqlite://"}, "topics": [{"name": "t", "query": "petro"}]}
    assert parse_config(base).briefs.llm is None
    with pytest.raises(ConfigError) as info:
        parse_config({**base, "briefs": {"llm": {"url": "ftp://model", "model": "m"}}})
    assert "briefs.llm: url must be an http(s) URL" in str(info.value)


# ---------------------------------------------------------------- timeline entries


def test_timeline_entry_payload_form() -> None:
    entry = TimelineEntry(date(2026, 2, 3), "Trump and Petro agree (Wire)", "https://w.example/1")
    assert entry.to_dict() == {
        "date": "2026-02-03",
        "text": "Trump and Petro agree (Wire)",
        "url": "https://w.example/1",
    }


async def test_a_digest_carries_each_story_with_its_brief(desk: Callable[..., Desk]) -> None:
    slot = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"schedule": "daily 07:00", "timezone": "America/Bogota"})
        d.app.run_digests()
        clock.shift(timedelta(hours=1))
        d.publish("wire.example")
        clock.shift(timedelta(hours=3))
        d.publish("agenda.example", AGENDA)
        clock.move_to(slot + timedelta(seconds=20))
        assert d.app.run_digests() == 1
        assert (await d.deliver()).delivered == 1
    (body,) = d.receiver.bodies
    (story,) = body["stories"]
    brief = story["brief"]
    assert brief["key_points"] and all(k.endswith(")") for k in brief["key_points"])
    assert brief["timeline"][0]["date"] == "2026-02-02"
    assert not CODE.search(json.dumps(brief))
    message = AlertMessage.from_dict(body)
    text = render_text(message)
    assert "Key points:" in text and brief["key_points"][0] in text
    assert "**Key points**" in render_markdown(message)
    assert ">Key points</h3>" in render_html(message)
