"""Forms of the lexicon's news words whose stems differ from the listed ones, and meanings
of their own, read from the "+" lines of `news_words.txt` (`LEXICON_FORMS`): "matando a seis
personas" beside "killing six people", "el riñón sano" beside "healthy kidney". Round 23."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.judge import briefs
from monitor.judge.features import grouping_terms
from tests.helpers import corpus_points

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


def _set(monkeypatch: pytest.MonkeyPatch, forms: int) -> None:
    monkeypatch.setattr(briefs, "LEXICON_FORMS", forms)
    briefs.clear_readings()


def _meaning(word: str) -> frozenset[str]:
    return briefs._lexicon().get(grouping_terms(word)[0], frozenset())


def test_the_plus_lines_are_read_only_with_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, True)
    assert _meaning("matando") and _meaning("matando") == _meaning("killing")
    assert _meaning("riñón") and _meaning("riñón") == _meaning("kidney")
    _set(monkeypatch, False)
    assert not _meaning("matando")
    assert not _meaning("riñón")


def test_a_clause_told_by_a_spanish_gerund_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, True)
    points = corpus_points("heldout23", "xalapa-runaway-truck")
    assert any(p.startswith("The driver of the truck fled on foot") for p in points), points
    _set(monkeypatch, False)
    points = corpus_points("heldout23", "xalapa-runaway-truck")
    assert any("ploughed into a bus stop in Xalapa, killing six" in p for p in points), points


def test_a_clause_told_by_a_kidney_lede_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, True)
    points = corpus_points("heldout23", "chiclayo-wrong-kidney")
    assert not [p for p in points if "healthy kidney was taken out" in p], points
    _set(monkeypatch, False)
    points = corpus_points("heldout23", "chiclayo-wrong-kidney")
    assert [p for p in points if "healthy kidney was taken out" in p], points


def test_defaults() -> None:
    assert briefs.LEXICON_FORMS >= 3  # round 28: the "++" and "+++" lines too (round 33: 4)
    assert briefs.CLAUSE_PAIRS is False
    assert briefs.DEATH_STATE is False
