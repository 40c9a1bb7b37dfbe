"""Shared fixtures: databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import inspect
import os
import re
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import settings
from pytest_httpserver import HTTPServer
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monitor.judge import briefs
from tests.desk import Desk
from tests.helpers import Receiver

ROOT = Path(__file__).resolve().parents[1]
# Real feeds, pages and texts kept beside the checkout (not in it); the tests that need
# them skip when it is absent, so a fresh clone passes on its own.
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("MONITOR_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("MONITOR_REQUIRE_POSTGRES") == "1"

# Property tests check behaviour, not speed: a loaded CI machine must not fail them on time.
settings.register_profile("monitor", deadline=None)
# A long hunt for counterexamples: MONITOR_HYPOTHESIS=thorough pytest tests/test_properties.py
settings.register_profile("thorough", parent=settings.get_profile("monitor"), max_examples=2000)
settings.load_profile(os.environ.get("MONITOR_HYPOTHESIS", "monitor"))


@pytest.fixture(autouse=True)
def _fresh_brief_readings() -> Iterator[None]:
    """Each test reads reports and switch settings of its own: the briefs' per-process
    cache of readings (keyed on the settings a test may patch) starts and ends empty."""
    briefs.clear_readings()
    yield
    briefs.clear_readings()


@pytest.fixture(autouse=True)
def _log_format() -> Iterator[None]:
    """Console channels follow the log format an in-process CLI call set up: each test
    starts from the format the previous one found."""
    from monitor.service import logs

    before = logs._format
    yield
    logs._format = before


# Fast unit tests and scenario tests. A scenario runs real parts end to end: a database
# (every `db_url` test also runs on PostgreSQL when configured), the monitor as a process or
# daemon, a wheel install, a sweep of the whole shared corpus. `pytest -m "not scenario"`
# is the quick set to run while editing; the README's command runs both.
SCENARIO_MODULES = {
    "test_daemon",  # the daemon under signals
    "test_delivery_crash",  # SIGKILL mid-delivery
    "test_deploy",  # systemd-analyze, hadolint, the unit run as its user
    "test_end_to_end",
    "test_install",  # builds the wheel, installs it into a fresh venv, runs the demo
    "test_migrations",
    "test_nodes",  # several monitor processes on one database
    "test_service",  # sd_notify, SIGHUP, SIGTERM
}
SCENARIO_FIXTURES = {"db_url", "sqlite_url", "desk", "pg_database", "demo_db"}
SCENARIO_TESTS = {
    "test_every_shared_corpus_feed_parses_or_fails_cleanly",
    "test_corpus_quality_floors",
}
# In a test's own source: the monitor (or a tool) as a process (test_cli's `monitor("…")`
# runs the command line as one), or a whole monitor or store on a database.
_SCENARIO_SOURCE = re.compile(
    r'\bsubprocess\.|\bPopen\(|\bmonitor\(\s*"|\bApp\(|\bStore\(|"run",\s*"--once"'
)


def _is_scenario(item: pytest.Item) -> bool:
    module = item.path.stem
    name = getattr(item, "originalname", item.name)
    if module in SCENARIO_MODULES or name in SCENARIO_TESTS:
        return True
    if item.get_closest_marker("postgres") is not None:
        return True
    if SCENARIO_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    try:
        source = inspect.getsource(getattr(item, "function", None))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False
    return bool(_SCENARIO_SOURCE.search(source))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_scenario(item):
            item.add_marker(pytest.mark.scenario)


def shared(*parts: str) -> Path:
    """A path in the shared corpus, or skip the test with where it was looked for."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared corpus is not beside this checkout")
    return path


def _require_pg() -> None:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("PostgreSQL is required (MONITOR_REQUIRE_POSTGRES=1) but not configured")
        pytest.skip("PostgreSQL not configured: set MONITOR_TEST_POSTGRES_URL")


def _pg_schema_url() -> Iterator[str]:
    """A throwaway schema on the test server, so tests never see each other's rows."""
    _require_pg()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'monitor.db'}"
    else:
        yield from _pg_schema_url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'monitor.db'}"


@pytest.fixture
async def desk(db_url: str, httpserver: HTTPServer) -> AsyncIterator[Callable[..., Desk]]:
    """Make monitors on the `db_url` database that alert to one loopback webhook receiver."""
    receiver = Receiver(httpserver)
    made: list[Desk] = []

    def make(rule: dict[str, Any] | None = None, **extra: Any) -> Desk:
        d = Desk(db_url, receiver, rule or {}, **extra)
        made.append(d)
        return d

    yield make
    for d in made:
        await d.app.aclose()


@pytest.fixture(scope="module")
def _server() -> Iterator[HTTPServer]:
    # Threaded, so a trickling handler cannot hold up the next test and keep-alive works.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(_server: HTTPServer) -> HTTPServer:
    """One loopback server per test module, emptied for each test."""
    _server.clear()
    return _server


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A whole database of its own, so the test can drop it under the daemon."""
    _require_pg()
    name = f"monitor_wd_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
