"""Round 31's guard on every cut (`sentences.PRONOUN_HEAD`): a relative clause on a pronoun
or a demonstrative ("those who …", "aquellos que …", "los que …") or a free "quienes …" is
never cut, since without it the head points at nothing. heldout31's "A priest collected
money at the church for those." had lost "who did not want to go to the bank"; `--broken`
counts such a key point."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

PRIEST = "A priest collected money at the church for those who did not want to go to the bank."
BROKEN = "A priest collected money at the church for those."
AQUELLOS = "Un cura juntó dinero en la iglesia para aquellos que no quisieron ir al banco."
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


@pytest.mark.parametrize(
    "sentence",
    [
        PRIEST,
        AQUELLOS,
        "Un cura juntó dinero en la iglesia para los que no quisieron ir al banco.",
        "Un cura juntó dinero en la iglesia para quienes no quisieron ir al banco.",
    ],
)
def test_a_relative_clause_on_a_pronoun_is_never_cut(sentence: str) -> None:
    for kept in clause_cuts(sentence):
        assert "banc" in kept, kept


def test_a_relative_clause_on_a_noun_is_still_cut() -> None:
    sentence = (
        "The guards, who had worked at the jail for years, were charged on Wednesday, "
        "prosecutors said."
    )
    assert "The guards were charged on Wednesday, prosecutors said." in clause_cuts(sentence)


def test_the_humahuaca_brief() -> None:
    points = corpus_points("heldout31", "humahuaca-cash-machines")
    assert not any(p.startswith(BROKEN.rstrip(".")) and "bank" not in p for p in points), points


def test_broken_counts_the_cut_pronoun() -> None:
    reports = load_stories(CORPUS / "heldout31.toml")["humahuaca-cash-machines"]
    assert broken_cut(BROKEN, reports)
    assert not broken_cut(PRIEST, reports)


def test_off_the_cut_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "PRONOUN_HEAD", False)
    briefs.clear_readings()
    try:
        assert BROKEN in clause_cuts(PRIEST)
    finally:
        briefs.clear_readings()


def test_the_round_31_pick_is_the_default() -> None:
    assert sentences.PRONOUN_HEAD
    assert sentences.PARTICIPLE_RETOLD and sentences.PARTICIPLE_THAT_SUBJECT
    assert briefs.LEDE == 1.4
