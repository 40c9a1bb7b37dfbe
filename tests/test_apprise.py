"""Apprise channels against loopback servers: json://, form:// and ntfy:// deliver for real."""

from __future__ import annotations

import json
import sys
from typing import Any
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.alerting.channels.apprise import AppriseChannel
from monitor.alerting.channels.base import AlertMessage, ArticlePayload, DeliveryError, StoryPayload
from monitor.config import Config, ConfigError, parse_config
from monitor.service.configcheck import check_config
from tests.helpers import free_port
from tests.test_channels import make_alert

LINK = "https://www.eltiempo.com/politica/reunion-petro-trump"


def big_alert(n: int) -> AlertMessage:
    articles = [
        ArticlePayload(
            url=f"https://news{i}.example/petro-trump-{i}",
            title=f"Petro and Trump, report number {i} with a long headline about the summit",
            source=f"Outlet {i}",
            published_at="2026-02-03T18:05:00Z",
            language="en",
        )
        for i in range(n)
    ]
    return AlertMessage(
        id="story-9-big",
        event="new_story",
        rule="summit",
        story=StoryPayload(
            id=9,
            title="A very big story",
            first_seen="2026-02-03T18:05:00Z",
            outlets=n,
            articles=articles,
        ),
    )


async def test_json_form_and_ntfy_targets_receive_title_and_markdown(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/json", method="POST").respond_with_data("ok")
    httpserver.expect_request("/form", method="POST").respond_with_data("ok")
    httpserver.expect_request("/", method="POST").respond_with_json({"id": "1"})  # ntfy
    port = httpserver.port
    channel = AppriseChannel(
        "chat",
        [
            f"json://127.0.0.1:{port}/json",
            f"form://127.0.0.1:{port}/form",
            f"ntfy://127.0.0.1:{port}/summit-desk",
        ],
    )
    alert = make_alert(event="development")
    await channel.send(alert)

    by_path = {req.path: req for req, _ in httpserver.log}
    assert set(by_path) == {"/json", "/form", "/"}
    sent = json.loads(by_path["/json"].get_data())
    assert sent["title"] == "[news-monitor] Development: Trump and Petro meet at the White House"
    assert sent["message"].startswith("**Development: Trump and Petro meet at the White House**")
    assert "- Both leaders agreed to resume extraditions" in sent["message"]
    assert f"[Petro y Trump se reúnen en Washington]({LINK})" in sent["message"]
    form = parse_qs(by_path["/form"].get_data(as_text=True))
    assert form["title"] == [sent["title"]] and form["message"] == [sent["message"]]
    ntfy = json.loads(by_path["/"].get_data())
    assert ntfy["topic"] == "summit-desk"
    assert ntfy["title"] == sent["title"]
    assert "Both leaders agreed to resume extraditions" in ntfy["message"]


async def test_client_error_is_permanent_server_error_retryable(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/denied").respond_with_data("no", status=401)
    httpserver.expect_request("/busy").respond_with_data("later", status=503)
    port = httpserver.port
    with pytest.raises(DeliveryError) as denied:
        await AppriseChannel("a", [f"json://127.0.0.1:{port}/denied"]).send(make_alert())
    assert (denied.value.retryable, denied.value.status) == (False, 401)
    assert "configuration problem" in str(denied.value)
    with pytest.raises(DeliveryError) as busy:
        await AppriseChannel("a", [f"json://127.0.0.1:{port}/busy"]).send(make_alert())
    assert (busy.value.retryable, busy.value.status) == (True, 503)
    with pytest.raises(DeliveryError) as down:
        await AppriseChannel("a", [f"json://127.0.0.1:{free_port()}/x"]).send(make_alert())
    assert down.value.retryable


async def test_a_retry_after_partial_failure_skips_targets_that_have_it(
    httpserver: HTTPServer,
) -> None:
    answers = iter([503, 200])

    def flaky(request: Request) -> Response:
        return Response("", status=next(answers))

    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    port = httpserver.port
    channel = AppriseChannel(
        "chat", [f"json://127.0.0.1:{port}/ok", f"json://127.0.0.1:{port}/flaky"]
    )
    alert = make_alert()
    with pytest.raises(DeliveryError):
        await channel.send(alert)
    await channel.send(alert)
    paths = [req.path for req, _ in httpserver.log]
    assert paths == ["/ok", "/flaky", "/flaky"]


async def test_long_message_is_cut_to_the_target_limit_and_ends_with_the_link(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/json").respond_with_data("ok")
    channel = AppriseChannel("chat", [f"json://127.0.0.1:{httpserver.port}/json"])
    alert = big_alert(2000)
    await channel.send(alert)
    ((request, _),) = httpserver.log
    message = json.loads(request.get_data())["message"]
    _, limit = channel.limits(0)
    assert limit is not None and len(message) <= limit
    first = alert.story.articles[0].url  # type: ignore[union-attr]
    assert message.endswith(f"Full story: {first}")
    assert "report number 1 " in message


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", 2000),
        ("tgram://123456789:abcdefg_hijklmnopqrstuvwxyzABCDEFG/12315544", 4096),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#news", 35000),
    ],
)
def test_per_service_limits_come_from_apprise(url: str, limit: int) -> None:
    channel = AppriseChannel("chat", [url])
    title, body = channel.render(big_alert(400), 0)
    title_max, body_max = channel.limits(0)
    assert len(body) + (len(title) + 2 if title_max is None else 0) <= limit
    assert body.endswith("Full story: https://news0.example/petro-trump-0")
    if limit <= 2000:  # 25 listed articles fit in 4096
        assert "… (cut)" in body
        assert body_max is not None and body_max <= limit


def checked(data: dict[str, Any], source: str = "<config>") -> Config:
    return check_config(parse_config(data, source), source)


def test_config_accepts_apprise_channels_and_names_bad_urls() -> None:
    base = {"topics": [{"name": "t", "query": "petro"}]}
    cfg = checked(
        {**base, "channels": [{"name": "chat", "type": "apprise", "urls": ["ntfys://desk"]}]}
    )
    assert cfg.channels[0].type == "apprise"
    with pytest.raises(ConfigError) as info:
        checked(
            {**base, "channels": [{"name": "chat", "type": "apprise", "urls": ["nope://x"]}]},
            "m.toml",
        )
    assert any(p.startswith("m.toml: channels[0].urls: [0] nope://") for p in info.value.problems)


def test_config_says_how_to_install_apprise_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "apprise", None)  # as if the extra were not installed
    with pytest.raises(ConfigError) as info:
        checked(
            {
                "topics": [{"name": "t", "query": "petro"}],
                "channels": [{"name": "chat", "type": "apprise", "urls": ["ntfys://desk"]}],
            },
            "m.toml",
        )
    assert "pip install 'monitor[apprise]'" in "\n".join(info.value.problems)
