"""Configuration: the shipped file is valid; every mistake names file, key and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import ConfigError, parse_duration
from monitor.service.configcheck import load_config

ROOT = Path(__file__).resolve().parents[1]

BASE = """
[[topics]]
name = "us-colombia"
query = 'petro AND trump'

[[rules]]
name = "summit"
topics = ["us-colombia"]
channels = ["hook"]

[[channels]]
name = "hook"
type = "webhook"
url = "http://127.0.0.1:9/hook"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "monitor.toml"
    p.write_text(text, encoding="utf-8")
    return p


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value.problems


def test_shipped_config_is_valid() -> None:
    cfg = load_config(ROOT / "config" / "monitor.toml")
    assert cfg.topics[0].name == "us-colombia"
    assert cfg.storage.url == "sqlite:///data/monitor.db"
    assert len(cfg.feeds) >= 5
    assert [r.name for r in cfg.rules] == ["summit"]


def test_minimal_config_defaults(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, BASE))
    assert cfg.fetch.allow_private_addresses is False
    assert cfg.rules[0].events == ["new_story", "development"]
    assert cfg.schedule.interval == 900


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, BASE + "\n[fetch]\nallow_private = true\n")
    assert p.startswith(str(tmp_path / "monitor.toml"))
    assert "fetch.allow_private: unknown key" in p


def test_wrong_type(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, BASE + "\n[fetch]\nmax_bytes = 'lots'\n")
    assert "fetch.max_bytes" in p and "integer" in p


def test_unknown_channel_in_rule(tmp_path: Path) -> None:
    text = BASE.replace('channels = ["hook"]', 'channels = ["hook", "desk-mail"]')
    (p,) = problems(tmp_path, text)
    assert "rules[0].channels: unknown channel 'desk-mail' (known: hook)" in p


def test_malformed_query(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, BASE.replace("'petro AND trump'", "'petro AND (trump'"))
    assert "topics[0].query: malformed query" in p


def test_missing_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_TEST_SECRET", raising=False)
    text = BASE + 'secret = "${MONITOR_TEST_SECRET}"\n'
    (p,) = problems(tmp_path, text)
    assert "channels[0].secret: environment variable MONITOR_TEST_SECRET is not set" in p
    monkeypatch.setenv("MONITOR_TEST_SECRET", "s3cret")
    cfg = load_config(write(tmp_path, text))
    assert getattr(cfg.channels[0], "secret", None) == "s3cret"


def test_double_dollar_is_a_literal_dollar_brace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_TEST_SECRET", "s3cret")
    text = BASE + 'secret = "$${MONITOR_TEST_SECRET} and ${MONITOR_TEST_SECRET} cost $5"\n'
    cfg = load_config(write(tmp_path, text))
    assert getattr(cfg.channels[0], "secret", None) == "${MONITOR_TEST_SECRET} and s3cret cost $5"


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, "[storage\nurl=1")
    assert "not valid TOML" in p
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.toml")


def test_unknown_channel_type_and_bad_feed_url(tmp_path: Path) -> None:
    text = BASE + '\n[[channels]]\nname = "x"\ntype = "pager"\n\n[[feeds]]\nurl = "ftp://x/feed"\n'
    found = problems(tmp_path, text)
    assert any("channels[1]" in p and "type" in p for p in found)
    assert any("feeds[0].url: expected an http:// or https:// URL" in p for p in found)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'url = "http://127.0.0.1:9/hook"',
            'url = "not a url"',
            "channels[0].url: expected an http:// or https:// URL, got 'not a url'",
        ),
        (
            'url = "http://127.0.0.1:9/hook"',
            'url = "ftp://x"',
            "channels[0].url: expected an http:// or https:// URL, not ftp://",
        ),
        (
            'url = "http://127.0.0.1:9/hook"',
            'url = "https:///hook"',
            "channels[0].url: expected an http:// or https:// URL with a host",
        ),
        (
            'type = "webhook"\nurl = "http://127.0.0.1:9/hook"',
            'type = "email"\nsmtp = "mail.example.com:587"\nfrom = "a@b.c"\nto = ["d@e.f"]',
            "channels[0].smtp: must start with smtp:// or smtps://",
        ),
        (
            "[[topics]]",
            '[storage]\nurl = "mysql://x"\n\n[[topics]]',
            "storage.url: mysql databases are not supported: use sqlite:///",
        ),
        (
            "[[topics]]",
            '[storage]\nurl = "postgresql+psycopg2://u@db/monitor"\n\n[[topics]]',
            "storage.url: the psycopg2 driver is not installed: write postgresql+psycopg://",
        ),
        (
            "[[topics]]",
            '[storage]\nurl = "postgres://u@db/monitor"\n\n[[topics]]',
            "storage.url: postgres:// is not a database URL scheme",
        ),
        (
            "[[topics]]",
            '[storage]\nurl = "data/monitor.db"\n\n[[topics]]',
            "storage.url: expected a database URL such as sqlite:///",
        ),
    ],
)
def test_urls_are_checked_for_scheme_host_and_driver(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in BASE
    (p,) = problems(tmp_path, BASE.replace(old, new, 1))
    assert p == f"{tmp_path / 'monitor.toml'}: {expected}" or p.startswith(
        f"{tmp_path / 'monitor.toml'}: {expected}"
    ), p


def test_database_urls_the_monitor_opens(tmp_path: Path) -> None:
    for url, opened in [
        ("sqlite:///data/x.db", "sqlite:///data/x.db"),
        ("sqlite://", "sqlite://"),
        ("postgresql+psycopg://u@db/monitor", "postgresql+psycopg://u@db/monitor"),
        # a bare postgresql:// means the driver that is installed
        ("postgresql://u@db/monitor", "postgresql+psycopg://u@db/monitor"),
    ]:
        cfg = load_config(write(tmp_path, f'[storage]\nurl = "{url}"\n' + BASE))
        assert cfg.storage.url == opened


def test_check_config_refuses_a_bad_webhook_url(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from monitor.review.cli import app

    path = write(tmp_path, BASE.replace("http://127.0.0.1:9/hook", "ftp://x"))
    result = CliRunner().invoke(app, ["--config", str(path), "check-config"])
    assert result.exit_code == 2
    assert f"{path}: channels[0].url: expected an http:// or https:// URL" in result.output


def test_duplicate_names(tmp_path: Path) -> None:
    text = BASE + '\n[[topics]]\nname = "us-colombia"\nquery = "x"\n'
    (p,) = problems(tmp_path, text)
    assert "topics[1].name: duplicate name 'us-colombia'" in p


@pytest.mark.parametrize(
    ("value", "seconds"), [("90s", 90), ("15m", 900), ("2h", 7200), ("7d", 604800), (30, 30)]
)
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["soon", "-5m", 0, True])
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_values_read_by_other_code_are_checked_with_their_keys(tmp_path: Path) -> None:
    text = (
        BASE.replace('channels = ["hook"]', 'channels = ["hook"]\nquery = "petro OR"')
        + 'timezone = "Moon/Base"\n'
    )
    found = problems(tmp_path, text)
    source = str(tmp_path / "monitor.toml")
    assert f"{source}: rules[0].query: malformed query" in "\n".join(found)
    assert f"{source}: channels[0].timezone: unknown time zone 'Moon/Base'" in "\n".join(found)
