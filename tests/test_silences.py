"""Silences through the CLI (in-process): a silenced alert is kept and shown, never sent;
expiry, by command or by time, lets later alerts through. And `monitor alerts show`
explains an alert: rule, event, terms per article, why it fired, delivery attempts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import time_machine
from typer.testing import CliRunner

from monitor.review.cli import app as cli
from monitor.review.cli.common import ExitCode
from tests.desk import AGENDA, SANCTIONS, T0, Desk

REPLY = (
    "Maduro answers Trump sanctions on Venezuela oil as Petro offers talks",
    "Venezuelan Foreign Minister Yvan Gil said in Caracas that PDVSA would take the Trump "
    "sanctions to the United Nations, while Petro offered talks in Bogota on March 12 and "
    "Brazil's Celso Amorim backed the offer. Maduro said Chevron exports would continue.",
)


def run(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    return result.exit_code, result.output


def config_file(d: Desk, tmp_path: Path) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(d.config_toml(), encoding="utf-8")
    return path


async def test_silenced_story_is_recorded_not_sent_until_the_silence_expires(
    desk: Callable[..., Desk], tmp_path: Path
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "10m", "group_interval": "0s"})
        cfg = config_file(d, tmp_path)
        story = d.publish("wire.example")
        with d.app.store.tx() as tx:
            (alert,) = tx.alerts()
        code, out = run(
            cfg, "silence", "add", "--story", str(alert.story_id), "--for", "2d",
            "--comment", "covered by the desk",
        )  # fmt: skip
        assert code == 0, out
        assert "silence 1: story" in out and "covered by the desk" in out
        clock.shift(timedelta(minutes=11))  # while the alert waited out group_wait
        assert (await d.deliver()).delivered == 0
        assert d.receiver.bodies == []
        (kept,) = d.alerts()
        assert kept.state == "silenced" and kept.silence_id == 1
        assert [x.status for x in d.deliveries()] == ["silenced"]

        code, out = run(cfg, "alerts", "--status", "silenced")
        assert code == 0 and kept.id[:8] in out and "hook: silenced" in out
        code, out = run(cfg, "silence", "list")
        assert "covered by the desk" in out and "active" in out
        code, out = run(cfg, "alerts", "show", kept.id[:8])
        assert "silenced by 1: story" in out

        code, out = run(cfg, "silence", "expire", "1")
        assert code == 0 and "silence 1 expired" in out
        code, out = run(cfg, "silence", "list")
        assert "covered by the desk" not in out
        code, out = run(cfg, "silence", "list", "--all")
        assert "expired" in out
        assert d.publish("agenda.example", AGENDA).alerts == 1  # a development, sent now
        assert (await d.deliver()).delivered == 1
    assert d.events == ["development"]
    assert story.article_id in kept.article_ids


async def test_query_silence_holds_matching_stories_for_its_duration(
    desk: Callable[..., Desk], tmp_path: Path
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "0s"})
        cfg = config_file(d, tmp_path)
        code, out = run(cfg, "silence", "add", "--query", "venezuela* AND maduro", "--for", "1h")
        assert code == 0, out
        d.publish("caracas.example", SANCTIONS)
        d.publish("wire.example")  # another story: not silenced
        await d.deliver()
        assert d.events == ["new_story"]
        assert d.receiver.bodies[0]["story"]["title"].startswith("Petro and Trump agree")
        clock.shift(timedelta(hours=1, seconds=1))
        assert d.publish("un.example", REPLY).alerts == 1  # the silenced story develops
        await d.deliver()
    silenced = [a for a in d.alerts() if a.state == "silenced"]
    assert [a.event for a in silenced] == ["new_story"]
    assert d.events == ["new_story", "development"]  # after the hour it goes out


def test_silence_add_names_what_is_wrong(desk: Callable[..., Desk], tmp_path: Path) -> None:
    cfg = config_file(desk(), tmp_path)
    code, out = run(cfg, "silence", "add", "--story", "1", "--query", "x")
    assert code == 2 and "exactly one of --story" in out
    code, out = run(cfg, "silence", "add", "--story", "99")
    assert code == ExitCode.NOT_FOUND and "no story 99" in out
    code, out = run(cfg, "silence", "add", "--query", "petro AND (", "--for", "1h")
    assert code == 2 and "malformed query" in out
    code, out = run(cfg, "silence", "add", "--query", "petro", "--for", "soon")
    assert code == 2 and "--for: expected a duration" in out
    code, out = run(cfg, "silence", "expire", "7")
    assert code == ExitCode.NOT_FOUND and "no silence 7" in out
    code, out = run(cfg, "silence", "list", "--all")
    assert code == 0 and "petro" not in out  # nothing half-added


def test_a_second_identical_silence_extends_the_first(
    desk: Callable[..., Desk], tmp_path: Path
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"group_wait": "10m"})
        cfg = config_file(d, tmp_path)
        d.publish("wire.example")
        code, out = run(cfg, "silence", "add", "--story", "1", "--for", "1h")
        assert code == 0 and "silence 1: story 1 until 2026-02-02 16:00 UTC" in out
        clock.shift(timedelta(minutes=30))
        code, out = run(cfg, "silence", "add", "--story", "1", "--for", "2h", "--comment", "desk")
        assert code == 0, out
        assert "silence 1 already held back story 1 (desk) until 2026-02-02 16:00 UTC" in out
        assert "extended it to 2026-02-02 17:30 UTC; no second silence added" in out
        code, out = run(cfg, "silence", "add", "--story", "1", "--for", "15m")
        assert code == 0
        assert "silence 1 already holds back story 1 (desk) until 2026-02-02 17:30 UTC" in out
        assert "nothing changed" in out

        # One query however it is written; another query is another silence.
        code, out = run(cfg, "silence", "add", "--query", "venezuela* AND maduro", "--for", "1h")
        assert "silence 2:" in out
        code, out = run(cfg, "silence", "add", "--query", "(venezuela*  AND maduro)", "--for", "3h")
        assert code == 0 and "silence 2 already held back query" in out
        code, out = run(cfg, "silence", "add", "--query", "venezuela* AND petro", "--for", "1h")
        assert "silence 3:" in out

        code, out = run(cfg, "silence", "expire", "1")
        assert code == 0
        code, out = run(cfg, "silence", "add", "--story", "1", "--for", "1h")
        assert "silence 4: story 1" in out  # the first is over: a new one starts
    with d.app.store.tx() as tx:
        rows = [(s.id, s.story_id, s.query, s.comment) for s in tx.silences()]
        until = {s.id: s.expires_at for s in tx.silences()}
    assert rows == [
        (1, 1, None, "desk"),
        (2, None, "venezuela* AND maduro", ""),
        (3, None, "venezuela* AND petro", ""),
        (4, 1, None, ""),
    ]
    assert until[2] == T0 + timedelta(minutes=30, hours=3)


async def test_alerts_show_explains_rule_terms_reasons_and_attempts(
    desk: Callable[..., Desk], tmp_path: Path
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        d = desk({"query": "meeting OR summit OR tariffs", "min_outlets": 2, "group_wait": "5m"})
        cfg = config_file(d, tmp_path)
        first = d.publish("wire.example")
        second = d.publish("copy.example")
        clock.shift(timedelta(minutes=5))
        d.receiver.fail_with = 503
        report = await d.deliver()
        assert report.retrying == 1
    (alert,) = d.alerts()
    code, out = run(cfg, "alerts", "show", alert.id[:8])
    assert "attempt 1 at 2026-02-02 15:05 UTC: failed, status 503" in out
    code, out = run(cfg, "alerts", "show", alert.id[:8])
    assert code == 0, out
    assert "rule summit, event new_story, state sealed" in out
    assert "min_outlets 2 met: 2 outlets (copy.example, wire.example)" in out
    assert "group_wait 5m: held until 2026-02-02 15:05:00 UTC" in out
    assert f"article {second.article_id} (copy.example: Petro and Trump agree" in out
    assert "meeting, tariffs" in out
    assert first.article_id not in alert.article_ids  # not alerted before 2 outlets
    assert "hook: pending, 1 attempt," in out and "status 503" in out
    assert "503" in out.split("error:")[1]

    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        d.receiver.fail_with = None
        with d.app.store.tx() as tx:
            (row,) = tx.deliveries(alert.id)
            row.next_attempt_at = T0  # the retry is due
            tx.add(row)
        assert (await d.deliver()).delivered == 1
    code, out = run(cfg, "alerts", "show", alert.id[:8])
    assert "hook: delivered, 2 attempts" in out
    assert "attempt 1 at 2026-02-02 15:05 UTC: failed, status 503" in out
    assert "attempt 2 at 2026-02-02 16:00 UTC: delivered" in out
