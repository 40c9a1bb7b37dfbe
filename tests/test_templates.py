"""Jinja2 message templates: shipped, overridden per channel, checked at check-config,
and `monitor channels test` through real receivers."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.alerting.channels.base import AlertMessage
from monitor.alerting.channels.console import ConsoleChannel
from monitor.alerting.channels.email import EmailChannel
from monitor.alerting.channels.render import (
    SHIPPED_DIR,
    TemplateSet,
    render_html,
    render_markdown,
    render_text,
    sample_messages,
    subject,
)
from monitor.alerting.outbox import channel_test_message
from monitor.review.cli import app as cli
from monitor.review.cli.common import ExitCode
from tests.helpers import Receiver, smtp_server
from tests.test_channels import make_alert

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_shipped_templates_are_in_the_package_and_in_config() -> None:
    assert SHIPPED_DIR == ROOT / "monitor" / "alerting" / "templates"
    shipped = sorted(p.name for p in SHIPPED_DIR.glob("*.j2"))
    assert sorted(p.name for p in (ROOT / "config" / "templates").glob("*.j2")) == shipped
    assert {"subject.txt.j2", "text.txt.j2", "html.html.j2", "markdown.md.j2"} <= set(shipped)


def test_every_kind_of_message_renders_in_every_format() -> None:
    for message in sample_messages():
        for render in (subject, render_text, render_html, render_markdown):
            assert render(message).strip(), (message.event, render.__name__)
    bundle = next(m for m in sample_messages() if m.event == "bundle")
    text = render_text(bundle)
    assert "1. Sample story" in text and "2. Sample story" in text
    health = next(m for m in sample_messages() if m.event == "health")
    assert subject(health) == "[news-monitor] Monitor problem: Feed failing"
    assert "feed X has failed for 7 hours" in render_text(health)


def test_test_message_is_marked_in_every_format() -> None:
    message = channel_test_message("desk")
    assert subject(message).startswith("[news-monitor] TEST: ")
    assert "TEST MESSAGE" in render_text(message)
    assert "Test message from news-monitor" in render_html(message)
    assert "**TEST MESSAGE**" in render_markdown(message)


async def test_template_dir_overrides_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "text.txt.j2").write_text(
        "{{ label }} | {{ headline }} | {{ outlets | join(', ') }} | {{ link }}\n",
        encoding="utf-8",
    )
    templates = TemplateSet(template_dir=tmp_path)
    stream = io.StringIO()
    await ConsoleChannel("console", stream=stream, templates=templates).send(make_alert())
    assert (
        "New story | Trump and Petro meet at the White House | Reuters, El Tiempo, AP | "
        "https://www.reuters.com/world/americas/trump-petro-meeting-2026-02-03/"
    ) in stream.getvalue()
    # formats the directory lacks come from the shipped set
    assert templates.render("subject", make_alert()).startswith("[news-monitor] New story")


async def test_per_format_html_override_is_autoescaped(tmp_path: Path) -> None:
    mine = tmp_path / "mine.j2"
    mine.write_text("<h1>{{ headline }}</h1><p>{{ story.outlets }}</p>\n", encoding="utf-8")
    templates = TemplateSet(overrides={"html": mine})
    alert = make_alert(title="<script>alert(1)</script>")
    with smtp_server() as (handler, port):
        channel = EmailChannel(
            "mail",
            f"smtp://127.0.0.1:{port}",
            sender="m@monitor.example",
            to=["desk@x.example"],
            templates=templates,
        )
        await channel.send(alert)
    (email,) = handler.messages()
    html = email.get_body(preferencelist=("html",))
    assert html is not None
    assert html.get_content().strip() == "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p>3</p>"
    text = email.get_body(preferencelist=("plain",))
    assert text is not None and "Covered by 3 outlets" in text.get_content()


def write_config(tmp_path: Path, channel: str) -> Path:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f"""
[storage]
url = "sqlite:///{tmp_path / "m.db"}"
[[topics]]
name = "t"
query = "petro"
[[channels]]
{channel}
""",
        encoding="utf-8",
    )
    return cfg


def test_check_config_names_template_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "tpl"
    broken.mkdir()
    (broken / "text.txt.j2").write_text(
        "line one\nline two\n{{ story.title | }}\n", encoding="utf-8"
    )
    cfg = write_config(tmp_path, f'name = "console"\ntype = "console"\ntemplate_dir = "{broken}"')
    result = runner.invoke(cli, ["-c", str(cfg), "check-config"])
    assert result.exit_code == 2
    assert f"{broken / 'text.txt.j2'}: line 3" in result.output.replace("\n  ", " ")

    (broken / "text.txt.j2").write_text("ok\n{{ story.titel }}\n", encoding="utf-8")
    result = runner.invoke(cli, ["-c", str(cfg), "check-config"])
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert f"{broken / 'text.txt.j2'}: line 2:" in out and "titel" in out


def test_check_config_rejects_a_template_for_a_format_the_channel_does_not_use(
    tmp_path: Path,
) -> None:
    cfg = write_config(
        tmp_path,
        'name = "hook"\ntype = "webhook"\nurl = "https://h.example/x"\n'
        f'templates = {{ html = "{tmp_path / "x.j2"}" }}',
    )
    result = runner.invoke(cli, ["-c", str(cfg), "check-config"])
    assert result.exit_code == 2
    assert "channels[0].templates.html" in result.output


def test_channels_test_reports_success_and_failure(tmp_path: Path, httpserver: HTTPServer) -> None:
    receiver = Receiver(httpserver)
    cfg = write_config(tmp_path, f'name = "hook"\ntype = "webhook"\nurl = "{receiver.url}"')
    ok = runner.invoke(cli, ["-c", str(cfg), "channels", "test", "hook"])
    assert ok.exit_code == 0, ok.output
    assert "OK hook" in ok.output
    (body,) = receiver.bodies
    assert body["event"] == "test" and body["story"] is None
    assert "test" in body["title"]

    receiver.fail_with = 500
    failed = runner.invoke(cli, ["-c", str(cfg), "channels", "test", "hook"])
    assert failed.exit_code == ExitCode.FAILED
    assert "FAILED hook" in failed.output and "status 500" in failed.output

    unknown = runner.invoke(cli, ["-c", str(cfg), "channels", "test", "nope"])
    assert unknown.exit_code == ExitCode.NOT_FOUND and "no channel 'nope'" in unknown.output


def test_channels_test_over_email(tmp_path: Path) -> None:
    with smtp_server() as (handler, port):
        cfg = write_config(
            tmp_path,
            f'name = "mail"\ntype = "email"\nsmtp = "smtp://127.0.0.1:{port}"\n'
            'from = "m@monitor.example"\nto = ["desk@x.example"]',
        )
        result = runner.invoke(cli, ["-c", str(cfg), "channels", "test", "mail"])
    assert result.exit_code == 0, result.output
    (email,) = handler.messages()
    assert email["Subject"].startswith("[news-monitor] TEST: ")


def test_message_round_trips_through_its_payload() -> None:
    for message in [*sample_messages(), make_alert(event="development")]:
        again = AlertMessage.from_dict(json.loads(json.dumps(message.to_dict())))
        assert again == message
