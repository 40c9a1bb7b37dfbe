"""Round 32's fix to the verb guard (`sentences.VERB_GUARD`): a participle right after a
noun with its agent next ("The company cracked by its blast") or after an article ("the
evacuated families") is no main verb, so a cut that took a subject's relative clause
together with the main verb is refused. heldout32's Sogamoso key point had lost "agreed …
to pay for repairs"; `--broken` counts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

SOGAMOSO = (
    "The company that runs the Peñas Blancas quarry agreed on Tuesday to pay for repairs to "
    "all 60 houses cracked by its blast and to rent homes for the evacuated families, the "
    "mayor's office said."
)
BROKEN = (
    "The company cracked by its blast and to rent homes for the evacuated families, the "
    "mayor's office said."
)
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


def test_no_cut_takes_the_main_verb_with_the_subject_clause() -> None:
    assert BROKEN not in clause_cuts(SOGAMOSO)
    for kept in clause_cuts(SOGAMOSO):
        assert "agreed" in kept, kept


def test_a_main_verb_after_a_noun_is_still_a_verb() -> None:
    assert not sentences._no_verb("The company cracked the houses")
    assert not sentences._no_verb("The police stopped the bus by the bridge")
    assert sentences._no_verb("The company cracked by its blast and the evacuated families")


def test_the_sogamoso_brief() -> None:
    points = corpus_points("heldout32", "sogamoso-quarry-blast")
    assert BROKEN not in [p.rsplit(" (", 1)[0] for p in points], points
    assert not any(p.startswith("The company cracked") for p in points), points


def test_broken_counts_the_participle() -> None:
    reports = load_stories(CORPUS / "heldout32.toml")["sogamoso-quarry-blast"]
    assert broken_cut(BROKEN, reports)
    assert not broken_cut(SOGAMOSO, reports)


def test_off_the_cut_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "VERB_GUARD", False)
    briefs.clear_readings()
    try:
        assert BROKEN in clause_cuts(SOGAMOSO)
    finally:
        briefs.clear_readings()
