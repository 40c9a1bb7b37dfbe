"""Structured logs: one JSON event per line with ids as fields, and no secret anywhere."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.demo.replay import ReplayServer
from monitor.review.cli import app as cli
from monitor.service import logs
from tests.helpers import WIRE, scenario_corpus, wait_for

HOOK_PASSWORD = "hookpass-4471"
HOOK_TOKEN = "tok-93d1e0aa"
HOOK_SECRET = "whsec-a51c7e9b"
API_TOKEN = "api-77f0c2d4e6"
SMTP_PASSWORD = "smtp-pw-0e8b33"
SECRETS = [
    HOOK_PASSWORD,
    HOOK_TOKEN,
    HOOK_SECRET,
    API_TOKEN,
    SMTP_PASSWORD,
    base64.b64encode(f"hook:{HOOK_PASSWORD}".encode()).decode(),
]


def test_redact_hides_credentials_in_urls_pairs_and_registered_values() -> None:
    logs.register_secrets(["registered-9f8e7d"])
    cases = {
        "smtp://bob:pa%40ss@mail.example.com:587": "pa%40ss",
        "https://h.example/hook?x=1&token=abcdef123": "abcdef123",
        "Authorization: Bearer eyJhbGciOi": "eyJhbGciOi",
        '{"secret": "s-12345"}': "s-12345",
        "server said registered-9f8e7d back": "registered-9f8e7d",
    }
    for text, secret in cases.items():
        out = logs.redact(text)
        assert secret not in out, out
        assert logs.MASK in out
    assert logs.redact("feed https://example.com/rss failed") == (
        "feed https://example.com/rss failed"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("token=abc next", "token=*** next"),
        ("https://bob:pa55@db.example/x next", "https://bob:***@db.example/x next"),
        ("GET https://h.example/rss?apikey=k-123&page=2 next", None),
        ("GET https://h.example/rss?token=t-456 next", None),
        ("Authorization: Bearer eyJhbGciOi next", "Authorization: Bearer *** next"),
        ("Authorization: Bearer abc next", "Authorization: Bearer *** next"),
        ("Authorization: Token abcdef123 next", "Authorization: Token *** next"),
        ("Authorization: Basic dXNlcjpwYXNz next", "Authorization: Basic *** next"),
        ("password = hunter2 next", "password = *** next"),
        ('{"secret": "two words", "next": 1}', '{"secret": "***", "next": 1}'),
        ("{'token': 'it\"s', 'next': 1}", "{'token': '***', 'next': 1}"),
        # no value: the next word is not one
        ("token= next", "token= next"),
        ("token:\nnext line", "token:\nnext line"),
        # a message about a secret, not the secret
        (
            "monitor.toml: channels[0].secret: environment variable HOOK is not set",
            "monitor.toml: channels[0].secret: environment variable HOOK is not set",
        ),
        ("the token: is missing", "the token: is missing"),
        ("Basic authentication failed next", "Basic authentication failed next"),
    ],
)
def test_redact_masks_the_secret_and_not_the_word_after_it(text: str, expected: str | None) -> None:
    out = logs.redact(text)
    if expected is not None:
        assert out == expected
    else:
        assert "123" not in out and "456" not in out and logs.MASK in out
    assert out.endswith(text.rsplit(" ", 1)[-1])  # the following word survives


def test_webhook_path_tokens_are_registered_and_masked() -> None:
    from monitor.config import parse_config

    slack = "https://hooks.slack.com/services/T0AB12CD/B0EF34GH/x9Yz8Wv7Ut6Sr5Qp4On3Ml2K"
    discord = "https://discord.com/api/webhooks/123456789012/AbCdEfGhIjKlMnOpQrStUvWxYz"
    cfg = parse_config(
        {
            "topics": [{"name": "t", "query": "petro"}],
            "channels": [
                {"name": "slack", "type": "webhook", "url": slack},
                {"name": "discord", "type": "webhook", "url": discord},
            ],
        }
    )
    found = logs.config_secrets(cfg)
    assert "x9Yz8Wv7Ut6Sr5Qp4On3Ml2K" in found and "AbCdEfGhIjKlMnOpQrStUvWxYz" in found
    assert "services" not in found and "webhooks" not in found
    logs.register_secrets(found)
    out = logs.redact(f"POST {slack} failed; POST {discord} failed next")
    assert "x9Yz8Wv7Ut6Sr5Qp4On3Ml2K" not in out and "AbCdEfGhIjKlMnOpQrStUvWxYz" not in out
    assert "hooks.slack.com/services/" in out and out.endswith("failed next")


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_carry_fields_and_redact_tracebacks() -> None:
    stream = io.StringIO()
    logs.setup("json", stream=stream)
    log = logging.getLogger("monitor.test")
    try:
        raise RuntimeError("connect to postgresql://u:dbpw-1234@db/x refused")
    except RuntimeError:
        log.exception("poll failed for %s", "https://u:pw-5678@h/feed", extra={"feed_id": 7})
    log.info("text line", extra={"alert_id": "abc"})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["feed_id"] == 7 and first["level"] == "error"
    assert "RuntimeError" in first["exception"]
    assert "dbpw-1234" not in lines[0] and "pw-5678" not in lines[0]
    assert second == {**second, "event": "text line", "alert_id": "abc"}


def test_text_format_on_request() -> None:
    stream = io.StringIO()
    assert logs.setup("text", stream=stream) == "text"
    logging.getLogger("monitor.test").warning("hello", extra={"story_id": 3})
    line = stream.getvalue().strip()
    assert line.endswith("monitor.test: hello story_id=3")
    assert logs.resolve_format("auto", io.StringIO()) == "json"  # not a terminal


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_secrets_absent_from_a_run_whose_channels_fail(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    def refuse(request: Request) -> Response:
        # a receiver that echoes what it got, credentials included
        return Response(f"denied: {request.headers.get('Authorization')}", status=500)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(refuse)
    hook = httpserver.url_for("/hook").replace("http://", f"http://hook:{HOOK_PASSWORD}@")
    corpus = scenario_corpus(dict.fromkeys(WIRE, 1))
    with ReplayServer(corpus) as server:
        feeds = "\n".join(
            f'[[feeds]]\nurl = "{url}"\nname = "{name}"\n'
            for name, url in server.feed_urls().items()
        )
        cfg = tmp_path / "monitor.toml"
        cfg.write_text(
            f"""
[storage]
url = "sqlite:///{tmp_path / "m.db"}"
[fetch]
allow_private_addresses = true
[alerts]
backfill = "off"
[[topics]]
name = "us-colombia"
query = 'petro AND trump'
{feeds}
[[rules]]
name = "summit"
channels = ["hook", "mail"]
[[channels]]
name = "hook"
type = "webhook"
url = "{hook}?token={HOOK_TOKEN}"
secret = "${{HOOK_SECRET}}"
headers = {{ Authorization = "Bearer {API_TOKEN}" }}
[[channels]]
name = "mail"
type = "email"
smtp = "smtp://mailer:{SMTP_PASSWORD}@127.0.0.1:{_closed_port()}"
allow_insecure_auth = true
from = "monitor@example.com"
to = ["ops@example.com"]
timeout = "2s"
""",
            encoding="utf-8",
        )
        env = {**os.environ, "HOOK_SECRET": HOOK_SECRET}
        base = [sys.executable, "-m", "monitor", "--config", str(cfg)]
        run = subprocess.run(
            [*base, "--log-format", "json", "run", "--once"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stderr.splitlines()]
    failures = [e for e in events if e["event"].startswith("delivery to")]
    assert {e["channel"] for e in failures} == {"hook", "mail"}
    assert all(e["alert_id"] for e in failures)
    assert any(e.get("story_id") for e in events)
    assert "denied" in run.stdout  # the receiver's answer is reported, its secret is not
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOOK_SECRET", HOOK_SECRET)
        shown = [
            runner.invoke(cli, ["-c", str(cfg), *args]).output
            for args in (["check-config"], ["alerts", "show", failures[0]["alert_id"]])
        ]
    assert "hook: webhook" in shown[0]
    assert "hook: pending" in shown[1] and "denied" in shown[1]
    for text in (run.stdout, run.stderr, *shown):
        for secret in SECRETS:
            assert secret not in text


def test_console_alerts_are_json_lines_when_the_logs_are() -> None:
    from monitor.alerting.channels.base import AlertMessage, StoryPayload
    from monitor.alerting.channels.console import ConsoleChannel

    message = AlertMessage(
        id="a-1",
        event="new_story",
        rule="summit",
        story=StoryPayload(id=1, title="Petro [bold]meets[/]\nTrump", first_seen="", outlets=2),
    )
    for fmt in ("json", "text"):
        logs.setup(fmt, stream=io.StringIO())
        out = io.StringIO()
        channel = ConsoleChannel("console", stream=out)
        asyncio.run(channel.send(message))
        asyncio.run(channel.send(message))
        if fmt == "text":
            assert out.getvalue().startswith("-" * 72) and "New story: Petro" in out.getvalue()
            continue
        lines = out.getvalue().splitlines()
        assert len(lines) == 2  # one line per alert, the title's newline escaped
        event = json.loads(lines[0])
        assert event["event"] == "New story: Petro [bold]meets[/] Trump"
        assert event["alert"] == message.to_dict() and event["alert_id"] == "a-1"
        assert event["channel"] == "console" and event["level"] == "info"
        assert "New story: Petro" in event["text"]
    # chosen outright, whatever the logs are
    forced = io.StringIO()
    asyncio.run(ConsoleChannel("console", stream=forced, json_lines=True).send(message))
    assert json.loads(forced.getvalue())["alert_id"] == "a-1"


def test_a_daemon_with_a_console_channel_writes_only_json_lines_off_a_terminal(
    tmp_path: Path,
) -> None:
    """The journal gets stdout and stderr as one stream: every line of it must parse."""
    corpus = scenario_corpus(dict.fromkeys(WIRE, 1))
    with ReplayServer(corpus) as server:
        feeds = "\n".join(
            f'[[feeds]]\nurl = "{url}"\nname = "{name}"\n'
            for name, url in server.feed_urls().items()
        )
        cfg = tmp_path / "monitor.toml"
        cfg.write_text(
            f"""
[storage]
url = "sqlite:///{tmp_path / "m.db"}"
[fetch]
allow_private_addresses = true
[schedule]
tick = "1s"
[alerts]
backfill = "off"
[[topics]]
name = "us-colombia"
query = 'petro AND trump'
{feeds}
[[rules]]
name = "summit"
channels = ["console"]
group_wait = "0s"
[[channels]]
name = "console"
type = "console"
""",
            encoding="utf-8",
        )
        env = {k: v for k, v in os.environ.items() if k != "MONITOR_LOG_FORMAT"}  # auto
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        lines: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            lines.extend(proc.stdout)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            assert wait_for(lambda: any('"alert_id"' in x and '"alert":' in x for x in lines), 60)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=40)
            reader.join(5)
    events = [json.loads(line) for line in lines if line.strip()]  # every line is JSON
    (alert,) = [e for e in events if "alert" in e]
    assert alert["alert"]["event"] == "new_story" and alert["channel"] == "console"
    assert any(e.get("event") == "alert delivered to console" for e in events)
