"""A clause opened inside a verbless subject ends before the verb it runs into
(`sentences.VERB_KEPT`, round 28): heldout28's "El candidato …, que iba primero en el conteo
[cuando se quemaron las urnas], retiró …" had lost "retiró" with the "cuando" clause, and
heldout13's "… para saber si las baterías de litio [que causaron …] habían sido declaradas
…" its "habían sido declaradas". `bench/brief_quality.py --broken` counts such key points."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import sentences
from tests.helpers import clause_cuts, corpus_points

CANDIDATE = (
    "El candidato Rubén Aguilera Sosa, que iba primero en el conteo cuando se quemaron las "
    "urnas, retiró este miércoles su candidatura para la nueva elección de Camiri."
)
BATTERIES = (
    "La Fiscalía abrió una investigación para saber si las baterías de litio que causaron el "
    "incendio del Marlin Pride en Cartagena habían sido declaradas como carga peligrosa, "
    "informó este lunes."
)
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


def test_a_when_clause_in_a_subjects_relative_clause_leaves_the_main_verb() -> None:
    cuts = clause_cuts(CANDIDATE)
    assert cuts, "the 'cuando' clause is still offered"
    assert all("retiró este miércoles su candidatura" in c for c in cuts), cuts


def test_a_relative_clause_in_a_si_clauses_subject_leaves_its_verb() -> None:
    cuts = clause_cuts(BATTERIES)
    assert (
        "La Fiscalía abrió una investigación para saber si las baterías de litio habían sido "
        "declaradas como carga peligrosa, informó este lunes." in cuts
    )
    assert all("habían sido declaradas" in c for c in cuts), cuts


def test_off_the_verb_went_with_the_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "VERB_KEPT", False)
    monkeypatch.setattr(sentences, "VERB_GUARD", False)
    assert any("retiró" not in c for c in clause_cuts(CANDIDATE))


def test_with_verb_kept_off_the_verb_guard_refuses_the_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "VERB_KEPT", False)
    assert all("retiró" in c for c in clause_cuts(CANDIDATE))


def test_the_camiri_and_cartagena_briefs() -> None:
    camiri = [p for p in corpus_points("heldout28", "camiri-ballots") if "Aguilera" in p]
    assert camiri and all("retiró" in p for p in camiri), camiri
    ship = [p for p in corpus_points("heldout13", "cartagena-ship-fire") if "litio" in p]
    assert ship and all("declaradas" in p for p in ship), ship


def test_broken_counts_a_key_point_whose_verb_was_cut() -> None:
    camiri = load_stories(CORPUS / "heldout28.toml")["camiri-ballots"]
    assert broken_cut("El candidato Rubén Aguilera Sosa, que iba primero en el conteo.", camiri)
    assert not broken_cut(
        "El candidato Rubén Aguilera Sosa, que iba primero en el conteo, retiró este miércoles "
        "su candidatura para la nueva elección de Camiri.",
        camiri,
    )
    ship = load_stories(CORPUS / "heldout13.toml")["cartagena-ship-fire"]
    assert broken_cut(
        "La Fiscalía abrió una investigación para saber si las baterías de litio, informó este "
        "lunes.",
        ship,
    )
    assert not broken_cut(
        "La Fiscalía abrió una investigación para saber si las baterías de litio habían sido "
        "declaradas como carga peligrosa, informó este lunes.",
        ship,
    )
