"""What the pairwise comparisons read of a sentence is made once per sentence, and is
what a fresh reading gives: after a setting it depends on changed, and for a sentence
cut from another."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.judge import briefs
from tests.test_briefs_retell import prison_story

TEXT = "Eleven inmates died and 300 guards were hurt on Tuesday, the prison service said."


def _fresh(text: str = TEXT) -> briefs._Sentence:
    return briefs._sentence(text, prison_story()[0], 0)


def test_figures_follow_the_setting_they_are_read_with(monkeypatch: pytest.MonkeyPatch) -> None:
    s = _fresh()
    spelled = briefs._figures(s)
    assert {"num:11", "num:300"} <= spelled  # "Eleven" read as a number
    assert briefs._counts_across(s) >= spelled
    monkeypatch.setattr(briefs, "NUMERALS", False)
    assert briefs._figures(s) == briefs._figures(_fresh())
    assert "num:11" not in briefs._figures(s)
    monkeypatch.setattr(briefs, "COUNT_ACROSS", 1)
    assert briefs._counts_across(s) == briefs._figures(_fresh())


def test_a_cut_sentence_reads_its_own_facts() -> None:
    s = _fresh()
    assert s.anchors and s.salient  # read once for the whole sentence
    part = _fresh("300 guards were hurt.")
    cut = replace(s, text=part.text, counts=part.counts, facts=part.facts, _own=None)
    assert cut.anchors == part.anchors and cut.salient == part.salient
    assert briefs._figures(cut) == briefs._figures(part) == {"num:300"}
    assert s.anchors == _fresh().anchors  # the whole one's are its own still


weights = st.dictionaries(
    st.sampled_from("abcdefghij"), st.floats(min_value=-2, max_value=2), max_size=10
)


@given(weights, weights)
def test_cosine_is_the_sum_over_every_term(a: dict[str, float], b: dict[str, float]) -> None:
    small, large = (b, a) if len(a) > len(b) else (a, b)
    assert briefs._cosine(a, b) == sum(v * large.get(k, 0.0) for k, v in small.items())
