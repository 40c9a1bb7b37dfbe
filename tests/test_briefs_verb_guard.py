"""Round 30's guard on every cut (`sentences.VERB_GUARD`): a cut is refused when what is
left, less a closing attribution, has no main verb though the sentence had one. heldout30's
"Los tensores de la torre de radio, informaron este viernes los bomberos del Chocó." (a
relative clause on a subject opened by no subordinator had taken "estaban oxidados");
`--broken` counts it now that it reads a closing attribution in the plural."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

TENSORES = (
    "Los tensores de la torre de radio que cayó sobre varias casas de Quibdó estaban "
    "oxidados y dos de ellos se habían roto meses antes, informaron este viernes los "
    "bomberos del Chocó."
)
BROKEN = "Los tensores de la torre de radio, informaron este viernes los bomberos del Chocó."
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


def test_no_cut_leaves_the_subject_without_its_verb() -> None:
    assert BROKEN not in clause_cuts(TENSORES)
    for kept in clause_cuts(TENSORES):
        assert "oxidados" in kept, kept


def test_a_cut_that_keeps_the_main_verb_is_still_offered() -> None:
    sentence = (
        "The guards, who had worked at the jail for years, were charged on Wednesday, "
        "prosecutors said."
    )
    assert "The guards were charged on Wednesday, prosecutors said." in clause_cuts(sentence)


def test_the_quibdo_brief() -> None:
    points = corpus_points("heldout30", "quibdo-radio-tower")
    assert BROKEN not in [p.rsplit(" (", 1)[0] for p in points], points
    assert not any(p.startswith("Los tensores de la torre de radio,") for p in points), points


def test_broken_reads_a_plural_attribution() -> None:
    reports = load_stories(CORPUS / "heldout30.toml")["quibdo-radio-tower"]
    assert broken_cut(BROKEN, reports)
    assert not broken_cut(TENSORES, reports)


def test_off_the_cut_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "VERB_GUARD", False)
    briefs.clear_readings()
    try:
        assert BROKEN in clause_cuts(TENSORES)
    finally:
        briefs.clear_readings()
