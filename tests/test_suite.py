"""The suite itself: a fresh clone runs it alone, and CI cannot lose the PostgreSQL tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import conftest


def test_postgres_tests_skip_without_a_url_and_fail_when_ci_requires_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(conftest, "PG_URL", None)
    monkeypatch.setattr(conftest, "REQUIRE_PG", False)
    with pytest.raises(pytest.skip.Exception, match="MONITOR_TEST_POSTGRES_URL"):
        conftest._require_pg()
    monkeypatch.setattr(conftest, "REQUIRE_PG", True)
    with pytest.raises(pytest.fail.Exception, match="required"):
        conftest._require_pg()


def test_missing_shared_corpus_skips_naming_where_it_looked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    with pytest.raises(pytest.skip.Exception, match=f"{tmp_path}/corpus/feeds not found"):
        conftest.shared("corpus", "feeds")
    (tmp_path / "corpus" / "feeds").mkdir(parents=True)
    assert conftest.shared("corpus", "feeds") == tmp_path / "corpus" / "feeds"
