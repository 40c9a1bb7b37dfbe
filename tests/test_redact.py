"""One redaction rule for every output: the CLI, the web pages and API, logs and stored
errors never show a credential from a feed URL or a channel, registered or not."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.feedstate import Failure
from monitor.redact import MASK, redact, redact_url
from monitor.review.cli import app as cli
from monitor.review.web import create_app
from monitor.service import logs
from monitor.storage import Feed, Store
from monitor.storage.migrate import ensure_schema
from tests.webdata import served

DISCORD_TOKEN = "Zq9w-discord-token-4f1c7e2b9a0d5e8f3c6b1a4d7e0f2a5c8b"
SLACK_TOKEN = "xs1ackT0kenVALUE77"
TELEGRAM_TOKEN = "987654321:AAHtelegramBotTokenValue_xyz"
FEED_PASSWORD = "feedPa55word"
FEED_APIKEY = "K3yFromTheFeedUrl"
FEED_TOKEN = "t0kenInTheQuery"
SECRETS = (DISCORD_TOKEN, SLACK_TOKEN, TELEGRAM_TOKEN, FEED_PASSWORD, FEED_APIKEY, FEED_TOKEN)

DISCORD = f"https://discord.com/api/webhooks/112233445566778899/{DISCORD_TOKEN}"
SLACK = f"https://hooks.slack.com/services/T0AAA/B0BBB/{SLACK_TOKEN}"
TELEGRAM = f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendMessage"
FEED_AUTH = f"https://reader:{FEED_PASSWORD}@feeds.example/private.xml?apikey={FEED_APIKEY}&x=1"
FEED_QUERY = f"https://api.example/news?format=rss&token={FEED_TOKEN}"


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (DISCORD, "https://discord.com/api/webhooks/***/***"),
        (TELEGRAM, "https://api.telegram.org/bot***/sendMessage"),
        ("https://ntfy.sh/private-topic-1", "https://ntfy.sh/***"),
        ("tgram://123456:AAHsecret/42", "tgram://***"),
        ("slack://TokenA/TokenB/TokenC", "slack://***"),
        (
            "https://news.example/a/2026/story-123?id=7",
            "https://news.example/a/2026/story-123?id=7",
        ),
        ("postgresql+psycopg://u@db/monitor", "postgresql+psycopg://u@db/monitor"),
    ],
)
def test_webhook_and_chat_urls_are_masked_without_registration(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact(f"sending to {url} failed") == f"sending to {shown} failed"


def test_feed_url_credentials_are_masked_in_running_text() -> None:
    text = redact(f"GET {FEED_AUTH} and {FEED_QUERY} answered 401")
    assert leaks(text) == []
    assert "https://reader:***@feeds.example/private.xml?apikey=***&x=1" in text
    assert text.endswith("token=*** answered 401")


def test_stored_feed_errors_and_logs_use_the_same_rule() -> None:
    failure = Failure.of(RuntimeError(f"storing from {FEED_AUTH} via {TELEGRAM} failed"))
    assert leaks(failure.message) == [] and MASK in failure.message
    stream = io.StringIO()
    logs.setup("json", stream=stream)
    try:
        logging.getLogger("monitor.test").warning("post to %s", DISCORD, extra={"to": SLACK})
    finally:
        logs.setup("text")
    line = stream.getvalue()
    assert leaks(line) == [] and json.loads(line)["event"].endswith("/***/***")


@pytest.fixture
def secret_desk(tmp_path: Path) -> Path:
    db = tmp_path / "m.db"
    config = tmp_path / "monitor.toml"
    config.write_text(
        f"""
[storage]
url = "sqlite:///{db}"
[[topics]]
name = "t"
query = "petro"
[[feeds]]
url = "{FEED_AUTH}"
[[feeds]]
url = "{FEED_QUERY}"
[[rules]]
name = "r"
channels = ["discord", "slack", "telegram", "chat"]
[[channels]]
name = "discord"
type = "webhook"
url = "{DISCORD}"
[[channels]]
name = "slack"
type = "webhook"
url = "{SLACK}"
[[channels]]
name = "telegram"
type = "webhook"
url = "{TELEGRAM}"
[[channels]]
name = "chat"
type = "apprise"
urls = ["tgram://{TELEGRAM_TOKEN}/12345", "ntfy://private-topic-9"]
""",
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{db}")
    ensure_schema(store)
    with store.tx() as tx:
        tx.add(Feed(url=FEED_AUTH, fetch_url=FEED_QUERY, status="failing"))
        tx.add(
            Feed(
                url=FEED_QUERY,
                last_error=redact(f"http 401 from {FEED_QUERY}"),
                last_cut="1 title cut",
            )
        )
    store.close()
    return config


def test_every_command_shows_urls_redacted(secret_desk: Path) -> None:
    runner = CliRunner()
    for command in (
        ("check-config",),
        ("channels",),
        ("feeds",),
        ("feeds", "--json"),
        ("feeds", "show", "1"),
        ("feeds", "show", "2"),
    ):
        result = runner.invoke(cli, ["-c", str(secret_desk), *command], env={"COLUMNS": "300"})
        assert result.exit_code == 0, (command, result.output)
        assert leaks(result.output) == [], (command, result.output)
        assert MASK in result.output, (command, result.output)


def test_web_pages_and_api_show_feed_urls_redacted(secret_desk: Path) -> None:
    store = Store(f"sqlite:///{secret_desk.parent / 'm.db'}")
    try:
        with served(create_app(store)) as base, httpx.Client(base_url=base) as c:
            for path in ("/feeds", "/api/feeds"):
                resp = c.get(path)
                assert resp.status_code == 200, (path, resp.text)
                assert leaks(resp.text) == [], (path, resp.text)
                assert "feeds.example" in resp.text or "api.example" in resp.text
            cuts = [f["last_cut"] for f in c.get("/api/feeds").json()["items"]]
            assert cuts == [None, "1 title cut"]
    finally:
        store.close()


def test_run_once_reports_a_failed_feed_without_its_credentials(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/private.xml").respond_with_data("no", status=401)
    port = httpserver.port
    url = f"http://reader:{FEED_PASSWORD}@127.0.0.1:{port}/private.xml?apikey={FEED_APIKEY}"
    config = tmp_path / "monitor.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "m.db"}"\n'
        f'[[topics]]\nname = "t"\nquery = "petro"\n[[feeds]]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-c", str(config), "run", "--once"])
    assert "feed failed" in result.output, result.output
    assert leaks(result.output) == [], result.output
    assert f"reader:***@127.0.0.1:{port}/private.xml?apikey=***" in result.output


@pytest.fixture
def feed_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    ensure_schema(store)
    yield store
    store.close()


def test_health_alerts_name_a_failing_feed_without_its_credentials(feed_store: Store) -> None:
    from monitor.alerting.selfwatch import SelfWatch
    from monitor.config import HealthConfig

    now = datetime(2026, 2, 1, tzinfo=UTC)
    with feed_store.tx() as tx:
        tx.add(
            Feed(
                url=FEED_AUTH,
                status="failing",
                consecutive_failures=9,
                created_at=now - timedelta(days=3),
                last_error=f"http 401 from {FEED_QUERY}",
            )
        )
    with feed_store.tx() as tx:
        (finding,) = SelfWatch(feed_store, HealthConfig(), lambda: now).findings(tx, now)
    text = "\n".join([finding.title, *finding.detail])
    assert finding.kind == "feed_failing"
    assert leaks(text) == [] and "reader:***@feeds.example" in text
