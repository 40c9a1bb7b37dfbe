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


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, "[storage\nurl=1")
    assert "not valid TOML" in p
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.toml")


def test_unknown_channel_type_and_bad_feed_url(tmp_path: Path) -> None:
    text = BASE + '\n[[channels]]\nname = "x"\ntype = "pager"\n\n[[feeds]]\nurl = "ftp://x/feed"\n'
    found = problems(tmp_path, text)
    assert any("channels[1]" in p and "type" in p for p in found)
    assert any("feeds[0]" in p and "http(s) URL" in p for p in found)


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
