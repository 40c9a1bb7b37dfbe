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

from monitor.service.configcheck import load_config

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "monitor.service"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
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
    example = (COMPOSE.parent / "env.example").read_text()
    assert "MONITOR_DATABASE_URL=" in example and "POSTGRES_PASSWORD=" in example


def test_compose_config_is_valid_and_matches_the_healthcheck(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", "postgresql+psycopg://monitor:pw@db/monitor")
    monkeypatch.setenv("WEBHOOK_SECRET", "secret")
    cfg = load_config(COMPOSE.parent / "monitor.toml")
    assert cfg.storage.url.startswith("postgresql+psycopg://")
    assert cfg.service.health_port is not None
    assert f'"--port", "{cfg.service.health_port}"' in DOCKERFILE.read_text()
