"""A bare key point is judged by `_lead_first`, and given back there, whole but for its own
lead-in clauses (`LEAD_BARE` 2, round 25): heldout24's congress law no longer brings back
"…, four days after lightweight Julio Ccopa died …", and Danlí's English key point still
tells the theft its relative clause told, so the Spanish "después de que el robo …" goes."""

from __future__ import annotations

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, story_points
from tests.test_briefs_lead_first import VACCINES


def test_the_law_is_given_back_without_its_lead_in_clause() -> None:
    points = corpus_points("heldout24", "tacna-boxer")
    law = next(p for p in points if p.startswith("Peru's congress passed a law"))
    assert "four days after" not in law, points
    died = next(p for p in points if p.startswith("Peruvian boxer Julio Ccopa"))
    assert "collapsing in the ring" in died, points


def test_danli_theft_is_still_told_by_the_english_key_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEAD_BARE", 2)
    points = story_points(VACCINES)
    assert not [p for p in points if "después de que el robo" in p], points
    theft = [p for p in points if p.startswith("Hombres armados robaron")]
    assert theft and "90.000 dosis" in theft[0], points


def test_with_1_the_danli_retelling_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEAD_BARE", 1)
    assert [p for p in story_points(VACCINES) if "después de que el robo" in p]


def test_lead_bare_2_is_the_default() -> None:
    assert briefs.LEAD_BARE == 2
