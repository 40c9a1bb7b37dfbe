"""Deployment files: the systemd unit verifies and scores, the image and compose file follow
the rules in deploy/README.md. No Docker engine runs here, so the Dockerfile is linted
(hadolint when installed) and checked statically, and compose is checked as a structure."""

from __future__ import annotations

import grp
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from monitor.review.configedit import append_feed
from monitor.service.configcheck import load_config
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


def _seconds(value: str) -> float:
    match = re.fullmatch(r"(\d+)(s|min)?", value.strip())
    assert match, value
    return float(match[1]) * (60 if match[2] == "min" else 1)


def test_unit_bounds_memory_tasks_and_metadata_addresses() -> None:
    unit = _unit()
    assert unit.get("MemoryMax") and unit.get("TasksMax")
    denied = " ".join(unit.get("IPAddressDeny", [])).split()
    assert "link-local" in denied or {"169.254.0.0/16", "fe80::/10"} <= set(denied)
    # An allow list wins over the deny list: `any` there would make the deny list void.
    assert "any" not in " ".join(unit.get("IPAddressAllow", [])).split()


def test_supervisors_wait_longer_than_the_stop_timeout() -> None:
    """The daemon ends within [service] stop_timeout; systemd and compose must not SIGKILL
    it before then, or in-flight work is cut instead of handed back."""
    from monitor.config import ServiceConfig

    stop_timeout = ServiceConfig().stop_timeout
    (timeout_stop,) = _unit()["TimeoutStopSec"]
    assert _seconds(timeout_stop) >= stop_timeout + 5
    grace = yaml.safe_load(COMPOSE.read_text())["services"]["monitor"]["stop_grace_period"]
    assert _seconds(grace) >= stop_timeout + 5


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
    assert monitor["env_file"] == ".env"
    inline = " ".join(f"{k}={v}" for k, v in (monitor.get("environment") or {}).items())
    assert "PASSWORD" not in inline and "SECRET" not in inline
    # The database gets its own variables only, the password by reference, never the
    # monitor's secrets from .env.
    assert "env_file" not in db
    assert set(db["environment"]) == {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
    assert db["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD")
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


# --- systemd: the service user can read the config the README installs --------------------

ETC_MONITOR = "/etc/monitor"
DYNAMIC_UID = 64123  # in systemd's DynamicUser= range, 61184–65519


@dataclass(frozen=True)
class Creds:
    uid: int
    gid: int
    groups: frozenset[int]


@dataclass
class Node:
    uid: int
    gid: int
    mode: int


def _install_commands() -> list[list[str]]:
    """The README's systemd install block, one argument list per command, without sudo."""
    text = (DEPLOY / "README.md").read_text()
    block = text.split("Install (Debian/Ubuntu", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        args = shlex.split(line, comments=True)
        if args and args[0] == "sudo":
            args = args[1:]
        if args:
            commands.append(args)
    return commands


def _free_gids(count: int) -> list[int]:
    """System gids no group on this machine has, standing in for the README's `groupadd`s."""
    free: list[int] = []
    for gid in range(999, 100, -1):
        if len(free) == count:
            break
        try:
            grp.getgrgid(gid)
        except KeyError:
            free.append(gid)
    assert len(free) == count, "no free gids"
    return free


def _static_groups(commands: list[list[str]]) -> dict[str, int]:
    names = [args[-1] for args in commands if args[0] == "groupadd"]
    return dict(zip(names, _free_gids(len(names)), strict=True))


def _service_creds(groups: dict[str, int]) -> Creds:
    """Who the unit runs as: systemd.exec(5) DynamicUser= with the README's static groups.

    A User=/Group= name that exists statically is used as is; any other is allocated at
    start (a fresh id, in no group of ours). A SupplementaryGroups= name must exist."""
    unit = _unit()
    assert unit["DynamicUser"] == ["yes"]
    user = unit.get("User", ["monitor"])[-1]
    group = unit.get("Group", [user])[-1]
    gid = groups.get(group, DYNAMIC_UID if group == user else DYNAMIC_UID + 1)
    extra = " ".join(unit.get("SupplementaryGroups", [])).split()
    missing = [g for g in extra if g not in groups]
    assert not missing, f"the unit needs groups the README never creates: {missing}"
    return Creds(DYNAMIC_UID, gid, frozenset(groups[g] for g in extra))


def _allows(node: Node, creds: Creds, bit: int) -> bool:
    """POSIX permission bits (no ACLs) for a process with `creds`; bit 4 read, 1 search."""
    if creds.uid == node.uid:
        granted = node.mode >> 6
    elif node.gid == creds.gid or node.gid in creds.groups:
        granted = node.mode >> 3
    else:
        granted = node.mode
    return bool(granted & bit)


def _modelled_etc(commands: list[list[str]], groups: dict[str, int]) -> dict[str, Node]:
    """/etc/monitor after the README's `install` commands and the unit's start."""
    tree = {"/": Node(0, 0, 0o755), "/etc": Node(0, 0, 0o755)}
    for args in commands:
        if args[0] != "install":
            continue
        options: dict[str, str] = {}
        paths: list[str] = []
        words = iter(args[1:])
        for word in words:
            if word in ("-m", "-g", "-o"):
                options[word] = next(words)
            elif word.startswith("-"):
                options[word] = ""
            else:
                paths.append(word)
        targets = paths if "-d" in options else paths[-1:]
        for target in targets:
            if target.startswith(ETC_MONITOR):
                tree[target] = Node(
                    int(options.get("-o", "0")),
                    groups[options["-g"]] if "-g" in options else 0,
                    int(options.get("-m", "755"), 8),
                )
    # systemd.exec(5): the ConfigurationDirectory= is created if missing and gets its mode
    # at every start, but is never chowned.
    unit = _unit()
    config_dir = f"/etc/{unit['ConfigurationDirectory'][-1]}"
    node = tree.setdefault(config_dir, Node(0, 0, 0o755))
    node.mode = int(unit.get("ConfigurationDirectoryMode", ["0755"])[-1], 8)
    return tree


def _exec_start_config() -> str:
    args = shlex.split(_unit()["ExecStart"][-1])
    return args[args.index("--config") + 1]


def test_service_user_can_read_the_config_as_the_readme_installs_it() -> None:
    commands = _install_commands()
    groups = _static_groups(commands)
    creds = _service_creds(groups)
    tree = _modelled_etc(commands, groups)
    config = _exec_start_config()
    assert config in tree, f"the README does not install {config}"
    parents = [str(p) for p in reversed(Path(config).parents)]
    for directory in parents:
        assert _allows(tree[directory], creds, 1), f"the service cannot enter {directory}"
    assert _allows(tree[config], creds, 4), f"the service cannot read {config}"
    # and the config stays out of other local users' reach
    nobody = Creds(60001, 60001, frozenset())
    assert not _allows(tree[config], nobody, 4)
    assert not _allows(tree[ETC_MONITOR], nobody, 1)


def _reachable(path: Path, creds: Creds) -> bool:
    """Whether a process with `creds` may search every directory down to `path`."""
    for directory in [*reversed(path.parents), path]:
        st = directory.stat()
        if not _allows(Node(st.st_uid, st.st_gid, st.st_mode), creds, 1):
            return False
    return True


# The unit's ExecStart, in-process, as the unit's user. The command runs once as root
# first, so that every module it needs is loaded while the interpreter is readable (it may
# sit where no other user can go, such as /root/.pyenv); the run after the switch to the
# service's credentials is the one that counts.
AS_SERVICE_USER = """
import os, sys
import typer.rich_utils  # how typer shows an error: loaded now, in case the run fails
from monitor.review.cli import main

def run(argv):
    sys.argv = ["monitor", *argv]
    try:
        main()
    except SystemExit as exc:
        return exc.code or 0
    return 0

uid, gid, groups = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
argv = sys.argv[4:]
run(argv)
print("=== as the service user ===", flush=True)
os.setgroups([int(g) for g in groups.split(",") if g])
os.setgid(gid)
os.setuid(uid)
sys.exit(run(argv))
"""


def test_exec_start_reads_the_readme_installed_config_as_the_service_user() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: installs files for another group and switches user")
    commands = _install_commands()
    groups = _static_groups(commands)
    creds = _service_creds(groups)
    templates = ROOT / "monitor" / "alerting" / "templates"
    if not _reachable(templates, creds):
        # The package's templates are read on every config check, as the service user.
        pytest.skip(f"{ROOT} is out of other users' reach; the modelled check above still runs")

    # A root of our own that any user may enter, standing in for / (tmp_path is 0700).
    sandbox = Path(tempfile.mkdtemp(prefix="monitor-etc-"))
    try:
        sandbox.chmod(0o755)
        (sandbox / "etc").mkdir(mode=0o755)
        state = sandbox / "var-lib-monitor"  # StateDirectory=, owned by the service
        state.mkdir(mode=0o750)
        os.chown(state, creds.uid, creds.gid)

        def here(word: str) -> str:
            if word.startswith(ETC_MONITOR):
                return f"{sandbox}{word}"
            if word.startswith("/opt/monitor/"):
                return str(ROOT / word.removeprefix("/opt/monitor/"))
            return str(groups.get(word, word))

        for args in commands:
            if args[0] == "install" and any(a.startswith(ETC_MONITOR) for a in args):
                subprocess.run([here(a) for a in args], check=True, timeout=30)
        unit = _unit()
        config_dir = sandbox / "etc" / unit["ConfigurationDirectory"][-1]
        config_dir.mkdir(mode=0o755, exist_ok=True)
        config_dir.chmod(int(unit.get("ConfigurationDirectoryMode", ["0755"])[-1], 8))

        exec_start = shlex.split(unit["ExecStart"][-1])
        assert exec_start[0] == "/opt/monitor/.venv/bin/monitor" and exec_start[-1] == "run"
        argv = [here(a) for a in exec_start[1:-1]] + ["check-config"]

        def check() -> tuple[int, str]:
            ids = [str(creds.uid), str(creds.gid), ",".join(map(str, sorted(creds.groups)))]
            result = subprocess.run(
                [sys.executable, "-c", AS_SERVICE_USER, *ids, *argv],
                cwd=state,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"},
                capture_output=True,
                text=True,
                timeout=120,
            )
            as_root, marker, as_service = result.stdout.partition("=== as the service user ===")
            assert marker and "OK" in as_root, result.stdout + result.stderr
            return result.returncode, as_service + result.stderr

        code, output = check()
        assert code == 0, output
        assert "OK" in output

        # root adding a feed keeps the file the service's to read
        config = Path(here(_exec_start_config()))
        append_feed(config, "https://feeds.example.org/added.xml", name="Added")
        code, output = check()
        assert code == 0, output
        assert "feeds.example.org/added.xml" in output
    finally:
        shutil.rmtree(sandbox)
