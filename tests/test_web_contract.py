"""The API against its own served OpenAPI schema: requests generated from the schema, valid
and not, get answers the schema describes and never a server error."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from pytest_httpserver import HTTPServer

from monitor.review.web import create_app
from monitor.storage import Store
from tests.desk import Desk
from tests.helpers import Receiver
from tests.webdata import newsroom, served

TOKEN = "contract-test-token-0123456789"


# The schema the app serves, read from the app itself so the tests are known when pytest
# collects them; the fixture checks that the server serves this very schema.
SCHEMA = create_app(Store("sqlite://")).openapi()
schema = schemathesis.openapi.from_dict(SCHEMA)
# A schema cannot say "a cursor this server gave out" or "a duration or a date": such a
# request can be well formed and still get the 400 each operation documents. Every other
# answer to well-formed data must be a success, or a missing row or credential.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx",
    "400",
    "401",
    "403",
    "404",
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = Path(tmp_path_factory.mktemp("contract")) / "monitor.db"
    hooks = HTTPServer(host="127.0.0.1", port=0)
    hooks.start()
    desk = Desk(
        f"sqlite:///{db}",
        Receiver(hooks),
        {"group_wait": "0s", "group_interval": "0s"},
        alerts={"backfill": "off"},
    )
    try:
        asyncio.run(newsroom(desk))
        with served(create_app(desk.app.store, token=TOKEN)) as base:
            assert httpx.get(f"{base}/api/openapi.json").json() == SCHEMA
            yield base
    finally:
        desk.app.store.close()
        hooks.stop()


@schema.parametrize()
@settings(
    max_examples=25,  # per operation: bounded, about 20 s for the whole API
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_as_its_schema_says(base_url: str, case: Any) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    case.call_and_validate(base_url=base_url, headers=auth, timeout=10)
