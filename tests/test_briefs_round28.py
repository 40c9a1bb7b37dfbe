"""Round 28's pair switches. `sentences.OVER_EVENT` 3: the "over the death of …" phrase may
end at the sentence's full stop as well as before a comma (heldout28's "Prosecutors opened a
manslaughter investigation … into the organiser …, over the death of a runner from
heatstroke."). `briefs.LEXICON_FORMS` 3: the "+++" lines of `news_words.txt` ("runner" /
"corredor", "heatstroke" / "calor"), so that phrase is judged told by the Spanish lede."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from monitor.judge.features import grouping_terms
from tests.helpers import clause_cuts, corpus_points

INQUIRY = (
    "Prosecutors opened a manslaughter investigation on Monday into the organiser of the half "
    "marathon, Eventos Costa Grande, over the death of a runner from heatstroke."
)
TOLL = "La cifra de muertos por la explosión subió a doce."


def test_over_event_3_reads_the_phrase_up_to_the_full_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "OVER_EVENT", 3)
    assert (
        "Prosecutors opened a manslaughter investigation on Monday into the organiser of the "
        "half marathon, Eventos Costa Grande." in clause_cuts(INQUIRY)
    )
    assert clause_cuts(TOLL) == []  # still only after the main verb


def test_over_event_2_reads_it_only_before_a_comma(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "OVER_EVENT", 2)
    assert not any(c.endswith("Costa Grande.") for c in clause_cuts(INQUIRY))


def test_lexicon_forms_3_reads_the_triple_plus_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEXICON_FORMS", 2)
    briefs.clear_readings()
    two = briefs._meanings(grouping_terms("runner"))
    monkeypatch.setattr(briefs, "LEXICON_FORMS", 3)
    briefs.clear_readings()
    assert not two
    assert briefs._meanings(grouping_terms("runner")) & briefs._meanings(grouping_terms("corredor"))


def test_the_acapulco_pair_goes_with_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "OVER_EVENT", 3)
    monkeypatch.setattr(briefs, "LEXICON_FORMS", 3)
    briefs.clear_readings()
    points = corpus_points("heldout28", "acapulco-half-marathon")
    inquiry = [p for p in points if p.startswith("Prosecutors opened")]
    assert inquiry and "heatstroke" not in inquiry[0], points
    assert any("golpe de calor" in p for p in points), points


def test_defaults() -> None:
    assert sentences.VERB_KEPT is True
    assert sentences.OVER_EVENT == 3
    assert briefs.LEXICON_FORMS >= 3  # 4 since round 33
    points = corpus_points("heldout28", "acapulco-half-marathon")
    assert not [p for p in points if "over the death of a runner" in p], points
