"""Round 34's switches. `briefs.OWN_LEDE_NEW` 2 and 3: a report's lede that gives a number
(and, with 3, two names) a chosen key point gives retells it, and does not push its report's
later sentences down. `briefs.REPORTS_FLOOR` with `FLOOR_NEW`: a story of three reports or
more is not ended at two key points while the best candidate gives a name or number no key
point gives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    briefs.clear_readings()
    yield
    briefs.clear_readings()


def _points(corpus: str, story: str) -> list[str]:
    briefs.clear_readings()
    return [p.rsplit(" (", 1)[0] for p in corpus_points(corpus, story)]


def _own_lede(monkeypatch: pytest.MonkeyPatch, level: int) -> None:
    monkeypatch.setattr(briefs, "OWN_LEDE", 0.8)
    monkeypatch.setattr(briefs, "OWN_LEDE_NEW", level)


def test_a_lede_giving_a_told_count_is_no_reason_to_pass_its_report_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _own_lede(monkeypatch, 2)
    points = _points("heldout13", "mexico-minimum-wage")
    assert sum("312 pesos" in p for p in points) == 1, points


def test_with_the_round_33_narrowing_that_lede_retells_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _own_lede(monkeypatch, 1)
    points = _points("heldout13", "mexico-minimum-wage")
    assert sum("312 pesos" in p for p in points) == 2, points


def test_a_lede_giving_two_told_names_is_no_reason_either(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _own_lede(monkeypatch, 3)
    points = _points("heldout2", "mine-rescue")
    assert not any(p.startswith("Los nueve mineros atrapados") for p in points), points
    _own_lede(monkeypatch, 2)
    points = _points("heldout2", "mine-rescue")
    assert any(p.startswith("Los nueve mineros atrapados") for p in points), points


def test_a_story_of_three_reports_is_not_ended_at_two_key_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "REPORTS_FLOOR", 3)
    monkeypatch.setattr(briefs, "FLOOR_NEW", True)
    points = _points("heldout18", "quito-fake-drugs")
    assert len(points) == 3, points
    assert any("owner of the distributor Farmavida" in p for p in points), points


def test_the_floor_off_ends_it_at_two(monkeypatch: pytest.MonkeyPatch) -> None:
    # a test of round 34's rule alone: round 51's LATER_NEWS (and round 52's LATER_CUT,
    # which acts only with it) set off, as grouping rounds 24 and 32 did for their switches
    monkeypatch.setattr(briefs, "LATER_NEWS", 0)
    monkeypatch.setattr(briefs, "REPORTS_FLOOR", 0)
    points = _points("heldout18", "quito-fake-drugs")
    assert len(points) == 2, points
