"""A relative clause on the object of a verb that takes a complement of its own ends before
that complement, which stays with the verb (`sentences.OBJECT_COMPLEMENT`, round 26):
heldout26's "Ballistic tests matched the bullet that killed the girl in Abancay to the
suspect's revolver, …" is cut to "… matched the bullet to the suspect's revolver, …", not to
"… matched the bullet, which he had no permit to own, …"; and `bench/brief_quality.py
--broken` counts a cut that took such a complement."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import sentences
from tests.helpers import corpus_points

BULLET = (
    "ABANCAY, Peru, Apr 5 (Wyndcombe Gazette) — Ballistic tests matched the bullet that "
    "killed the girl in Abancay to the suspect's revolver, which he had no permit to own, "
    "prosecutors said on Saturday."
)
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus" / "heldout26.toml"


def _clauses(sentence: str) -> list[str]:
    return [sentence[c.start : c.end] for c in sentences.restating_clauses(sentence)]


def test_the_clause_ends_before_the_verbs_complement() -> None:
    assert " that killed the girl in Abancay" in _clauses(BULLET)


def test_spanish_con_stays_with_the_verb() -> None:
    text = (
        "La fiscalía vinculó la bala que mató a la niña en Abancay con el revólver del sospechoso."
    )
    assert " que mató a la niña en Abancay" in _clauses(text)


def test_the_clauses_own_complement_goes_with_it() -> None:
    # "sell … to" is the clause's verb's, not the main verb's: the clause keeps it
    text = "The regulator fined the company that sold the plant to the state, officials said."
    assert " that sold the plant to the state" in _clauses(text)


def test_the_abancay_key_point_keeps_the_revolver() -> None:
    points = corpus_points("heldout26", "abancay-stray-bullet")
    ballistic = [p for p in points if p.startswith("Ballistic tests")]
    assert ballistic and "to the suspect's revolver" in ballistic[0], points


def test_off_the_clause_runs_over_the_complement(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "OBJECT_COMPLEMENT", False)
    assert " that killed the girl in Abancay to the suspect's revolver" in _clauses(BULLET)


def test_broken_counts_a_cut_that_took_the_complement() -> None:
    reports = load_stories(CORPUS)["abancay-stray-bullet"]
    tail = ", which he had no permit to own, prosecutors said on Saturday."
    cut = "Ballistic tests matched the bullet" + tail
    whole = "Ballistic tests matched the bullet to the suspect's revolver" + tail
    assert broken_cut(cut, reports)
    assert not broken_cut(whole, reports)
