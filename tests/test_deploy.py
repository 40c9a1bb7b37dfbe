"""Deployment files: the systemd unit verifies and scores, the image and compose file follow
the rules in deploy/README.md. No Docker engine runs here, so the Dockerfile is linted
(hadolint when installed) and checked statically, and compose is checked as a structure."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from monitor.config import load_config
from tests import docker_context

ROOT = docker_context.ROOT
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "monitor.service"
DOCKERFILE = docker_context.DOCKERFILE
COMPOSE = DEPLOY / "docker" / "compose.yaml"
REQUIRE_TOOLS = os.environ.get("MONITOR_REQUIRE_DEPLOY_TOOLS") == "1"
MAX_EXPOSURE = 2.5


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        if REQUIRE_TOOLS:
            pytest.fail(f"{name} is required (MONITOR_REQUIRE_DEPLOY_TOOLS=1) but not installed")
        pytest.skip(f"{name} not installed")
    return found


def _unit() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_unit_has_the_required_settings() -> None:
    unit = _unit()
    expected = {
        "Type": "notify",
        "Restart": "on-failure",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "CapabilityBoundingSet": "",
        "StateDirectory": "monitor",
        "ConfigurationDirectory": "monitor",
        "User": "monitor",
    }
    for key, value in expected.items():
        assert value in unit.get(key, []), key
    assert "@system-service" in unit["SystemCallFilter"]
    assert unit["WatchdogSec"] and unit["ExecReload"]
    assert "--config /etc/monitor/monitor.toml" in unit["ExecStart"][0]


def test_systemd_analyze_verify_passes(tmp_path: Path) -> None:
    analyze = _tool("systemd-analyze")
    # verify insists that ExecStart exists: point it at this checkout's entry point
    monitor = Path(sys.executable).parent / "monitor"
    unit = tmp_path / "monitor.service"
    unit.write_text(UNIT.read_text().replace("/opt/monitor/.venv/bin/monitor", str(monitor)))
    result = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_systemd_security_exposure_is_low() -> None:
    analyze = _tool("systemd-analyze")
    result = subprocess.run(
        [analyze, "security", "--offline=true", "--no-pager", str(UNIT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    match = re.search(r"Overall exposure level for monitor\.service: ([0-9.]+)", result.stdout)
    assert match, result.stdout + result.stderr
    score = float(match[1])
    assert score <= MAX_EXPOSURE
    readme = (DEPLOY / "README.md").read_text()
    assert f"exposure level {score}" in readme  # the documented score is the real one


def _stages() -> list[list[str]]:
    stages: list[list[str]] = []
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        stages[-1].append(line)
    return stages


def test_dockerfile_follows_the_rules() -> None:
    stages = _stages()
    assert len(stages) >= 2, "multi-stage"
    final = stages[-1]
    assert re.match(r"FROM python:[\d.]+-slim", final[0])
    users = [line.split()[1] for line in final if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    joined = "\n".join(final)
    for compiler in ("gcc", "build-essential", "g++", "clang", "make "):
        assert compiler not in joined
    assert "COPY --from=build" in joined
    assert re.search(r"^HEALTHCHECK .*monitor.*healthcheck", joined, re.M)
    assert "STOPSIGNAL SIGTERM" in final
    volumes = next(line for line in final if line.startswith("VOLUME"))
    assert "/var/lib/monitor" in volumes and "/etc/monitor" in volumes


def test_hadolint_passes() -> None:
    hadolint = _tool("hadolint")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_structure() -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    db, monitor = services["db"], services["monitor"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert monitor["depends_on"]["db"]["condition"] == "service_healthy"
    assert monitor["build"]["dockerfile"] == "deploy/docker/Dockerfile"
    assert (COMPOSE.parent / monitor["build"]["context"] / "pyproject.toml").exists()
    named = set(compose["volumes"])
    used = {v.split(":")[0] for s in services.values() for v in s.get("volumes", [])}
    assert {"pgdata", "monitor-data"} <= named & used
    for service in (db, monitor):
        assert service["env_file"] == ".env"
        inline = " ".join(f"{k}={v}" for k, v in (service.get("environment") or {}).items())
        assert "PASSWORD" not in inline and "SECRET" not in inline
    assert monitor["stop_signal"] == "SIGTERM"
    assert "POSTGRES_PASSWORD" in _env_example()


def test_compose_config_is_valid_and_matches_the_healthcheck(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in _env_example().items():
        monkeypatch.setenv(key, value)
    cfg = load_config(COMPOSE.parent / "monitor.toml")
    assert cfg.storage.url.startswith("postgresql+psycopg://")
    assert cfg.service.health_port is not None
    assert f'"--port", "{cfg.service.health_port}"' in DOCKERFILE.read_text()


# --- Docker: build context, one password, a first run a person can see --------------------


def _env_example() -> dict[str, str]:
    """deploy/docker/env.example as compose's env_file reads it (each key once)."""
    values: dict[str, str] = {}
    for line in (COMPOSE.parent / "env.example").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep and key not in values, f"env.example: {key} is malformed or set twice"
        values[key] = value
    return values


def test_dockerignore_keeps_the_context_to_what_the_image_copies() -> None:
    for path in (
        ".git/HEAD",
        ".venv/bin/python",
        "data/monitor.db",
        "deploy/docker/.env",
        ".mypy_cache/3.11/x.json",
        ".pytest_cache/v/cache",
        "monitor/__pycache__/config.cpython-311.pyc",
        "monitor/storage/x.pyc",
        "tests/test_deploy.py",
    ):
        assert docker_context.ignored(path), path
    copies = docker_context.build_stage_copies()
    assert {"pyproject.toml", "README.md", "monitor"} <= set(copies)
    for source in copies:
        assert (ROOT / source).exists(), source
        assert not docker_context.ignored(source), source
    for data in ("monitor/demo/corpus/corpus.toml", "monitor/defaults/monitor.toml"):
        assert not docker_context.ignored(data), data


def test_env_example_writes_the_database_password_once(monkeypatch: pytest.MonkeyPatch) -> None:
    env = _env_example()
    assert [key for key in env if "PASSWORD" in key] == ["POSTGRES_PASSWORD"]
    for key, value in env.items():
        assert key == "POSTGRES_PASSWORD" or env["POSTGRES_PASSWORD"] not in value, key
    # The monitor's storage url is made from the one variable that PostgreSQL is created
    # with: change the password and the url follows.
    db = yaml.safe_load(COMPOSE.read_text())["services"]["db"]["environment"]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for password in ("first0password", "second1password"):
        monkeypatch.setenv("POSTGRES_PASSWORD", password)
        url = make_url(load_config(COMPOSE.parent / "monitor.toml").storage.url)
        assert url.password == password
        assert (url.username, url.database) == (db["POSTGRES_USER"], db["POSTGRES_DB"])
        assert url.host == "db"  # the compose service


def test_docker_config_checks_and_alerts_where_docker_logs_show_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As in the container: MONITOR_CONFIG names the file, the environment is env.example's.
    config = COMPOSE.parent / "monitor.toml"
    env = {"PATH": os.environ.get("PATH", ""), **_env_example(), "MONITOR_CONFIG": str(config)}
    monitor = Path(sys.executable).parent / "monitor"
    result = subprocess.run(
        [str(monitor), "check-config"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every rule alerts through channels that need no outside service: the console, which
    # `docker compose logs` shows. The webhook waits, commented, as the next step.
    for key, value in _env_example().items():
        monkeypatch.setenv(key, value)
    cfg = load_config(config)
    channels = {c.name: c.type for c in cfg.channels}
    used = {name for rule in cfg.rules for name in rule.channels}
    assert used and {channels[name] for name in used} == {"console"}
    assert re.search(r'^# type = "webhook"', config.read_text(), re.M)
