"""Round 29's correctness fixes for key points that read broken and that no checker
counted: heldout29's "Las 300 familias de Mompox cuyas casas se inundaron, anunció …" (a
"cuando" clause inside a "cuyas" clause had taken the main verb "recibirán") and heldout3's
"Conab said on Wednesday the frost, its first estimate of the damage." (a "that" clause in a
report with no "that" had taken "could cut"); `--broken` counts both, and `--dangling` reads
"para que la reconstruya" as a pronoun and its verb."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, ends_dangling, load_stories
from monitor.judge import sentences
from tests.helpers import clause_cuts, corpus_points

MOMPOX = (
    "Las 300 familias de Mompox cuyas casas se inundaron cuando la represa abrió las "
    "compuertas recibirán un subsidio de arriendo durante seis meses, anunció este martes la "
    "Gobernación de Bolívar."
)
CONAB = (
    "Brazil's crop agency Conab said on Wednesday the frost that hit southern Minas Gerais on "
    "Monday could cut the country's 2027 arabica harvest by about 2 million 60-kg bags, its "
    "first estimate of the damage."
)
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


def test_a_when_clause_in_a_whose_clause_leaves_the_main_verb() -> None:
    cuts = clause_cuts(MOMPOX)
    assert cuts, "the 'cuando' clause is still offered"
    assert all("recibirán un subsidio" in c for c in cuts), cuts


def test_a_that_clause_in_a_bare_report_leaves_its_verb() -> None:
    cuts = clause_cuts(CONAB)
    assert cuts, "the 'that' clause is still offered"
    assert all("could cut" in c for c in cuts), cuts


def test_the_mompox_and_coffee_briefs() -> None:
    mompox = [p for p in corpus_points("heldout29", "mompox-floodgates") if "cuyas" in p]
    assert all("recibirán" in p for p in mompox), mompox
    frost = [p for p in corpus_points("heldout3", "coffee-frost") if "Conab said" in p]
    assert all("could cut" in p for p in frost), frost


def test_broken_counts_both_key_points() -> None:
    mompox = load_stories(CORPUS / "heldout29.toml")["mompox-floodgates"]
    assert broken_cut(
        "Las 300 familias de Mompox cuyas casas se inundaron, anunció este martes la "
        "Gobernación de Bolívar.",
        mompox,
    )
    assert not broken_cut(MOMPOX, mompox)
    frost = load_stories(CORPUS / "heldout3.toml")["coffee-frost"]
    assert broken_cut("Conab said on Wednesday the frost, its first estimate of the damage.", frost)
    assert not broken_cut(
        "Brazil's crop agency Conab said on Wednesday the frost could cut the country's 2027 "
        "arabica harvest by about 2 million 60-kg bags, its first estimate of the damage.",
        frost,
    )


def test_dangling_reads_a_pronoun_before_a_subjunctive() -> None:
    assert not ends_dangling(
        "El Gobierno aprobó este viernes un crédito de 5 millones de dólares a la empresa cuya "
        "planta de castaña se quemó en Riberalta, para que la reconstruya en un año."
    )
    assert ends_dangling("El Gobierno aprobó un crédito para que la empresa.")


def test_off_the_verbs_went_with_the_clauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "VERB_KEPT_WIDE", False)
    monkeypatch.setattr(sentences, "VERB_GUARD", False)
    assert any("recibirán" not in c for c in clause_cuts(MOMPOX))
    assert any("could cut" not in c for c in clause_cuts(CONAB))


def test_with_the_fix_off_the_verb_guard_refuses_the_cuts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "VERB_KEPT_WIDE", False)
    assert all("recibirán" in c for c in clause_cuts(MOMPOX))
    assert all("could cut" in c for c in clause_cuts(CONAB))
