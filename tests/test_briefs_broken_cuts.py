"""A key point cut from a report's sentence must still read as a whole sentence: a relative
clause on the subject does not end at a count ("The underwater light [that electrocuted two]
children in a pool …"), a relative clause that runs to the end gives back the main verb's
object ("entregar a la red [que vendió …] los sellos y formularios oficiales"), and one on a
subject does not run over the main verb into a participle after a comma. Round 23; these are
fixes, not settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import sentences
from tests.helpers import clause_cuts, corpus_points

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"

LIGHT = (
    "The underwater light that electrocuted two children in a pool at the Las Cascadas water "
    "park in Santa Ana had been fitted by an unlicensed electrician a week earlier, El "
    "Salvador's police said on Tuesday."
)
STAMPS = (
    "Siete empleados de la oficina de Migración de Tapachula fueron detenidos este sábado, "
    "acusados de entregar a la red que vendió visas humanitarias falsas a 3.000 migrantes los "
    "sellos y formularios oficiales."
)
TRUCK = (
    "Un camión de carga que se quedó sin frenos bajó por la avenida Lázaro Cárdenas y arrolló "
    "una parada de autobús este sábado, matando a seis personas que esperaban, informó la "
    "Fiscalía de Veracruz."
)


def test_a_subject_clause_ends_before_the_main_verb_not_at_a_count() -> None:
    cuts = clause_cuts(LIGHT)
    assert not [k for k in cuts if "light children" in k], cuts
    assert (
        "The underwater light had been fitted by an unlicensed electrician a week earlier, "
        "El Salvador's police said on Tuesday."
    ) in cuts


def test_a_clause_to_the_end_gives_back_the_main_verbs_object() -> None:
    cuts = clause_cuts(STAMPS)
    assert not [k for k in cuts if k.endswith("entregar a la red.")], cuts
    assert (
        "Siete empleados de la oficina de Migración de Tapachula fueron detenidos este sábado, "
        "acusados de entregar a la red los sellos y formularios oficiales."
    ) in cuts


def test_a_clause_on_a_subject_does_not_run_over_the_main_verb() -> None:
    spans = [TRUCK[c.start : c.end] for c in sentences.restating_clauses(TRUCK)]
    assert " que se quedó sin frenos" in spans, spans
    assert not [s for s in spans if "bajó" in s and s.startswith(" que")], spans


def test_an_object_of_the_clause_itself_stays_in_it() -> None:
    # the clause's own words: an infinitive's object ("racionar el agua")
    sentence = (
        "El Gobierno uruguayo anunció este martes la construcción de urgencia de una represa "
        "en el río San José, que costará 80 millones de dólares y estará lista en cuatro "
        "meses, para aliviar la sequía que obligó a racionar el agua en Montevideo."
    )
    spans = [sentence[c.start : c.end] for c in sentences.restating_clauses(sentence)]
    assert " que obligó a racionar el agua en Montevideo." in spans, spans


@pytest.mark.parametrize(
    ("story", "broken"),
    [
        ("santa-ana-electrocution", "The underwater light children"),
        ("tapachula-fake-visas", "acusados de entregar a la red."),
    ],
)
def test_heldout23_key_points_read_whole(story: str, broken: str) -> None:
    points = corpus_points("heldout23", story)
    assert points
    assert not [p for p in points if broken in p], points


AMAGA = (
    "Rescuers brought eight miners out alive on Wednesday from a pocket of air deep inside "
    "the flooded El Chamizo coal mine in Amagá, 63 hours after the water trapped them."
)


def test_a_lapse_in_figures_is_cut_with_its_count() -> None:
    cuts = clause_cuts(AMAGA)
    assert not [k for k in cuts if k.endswith(", 63.")], cuts
    assert (
        "Rescuers brought eight miners out alive on Wednesday from a pocket of air deep inside "
        "the flooded El Chamizo coal mine in Amagá."
    ) in cuts


def test_heldout42_key_points_keep_a_count_with_its_noun() -> None:
    points = corpus_points("heldout42", "amaga-mine-flood")
    assert points
    assert not [p for p in points if re.search(r",\s\d+\.$", p)], points


def test_broken_counts_a_count_left_without_its_noun() -> None:
    reports = load_stories(CORPUS / "heldout42.toml")["amaga-mine-flood"]
    assert broken_cut(AMAGA.replace(" hours after the water trapped them", ""), reports)
    assert not broken_cut(AMAGA.replace(", 63 hours after the water trapped them", ""), reports)


PINZA = (
    "AMBATO, Ecuador, 3 mar (Radio El Tucán) — La pinza que sujetaba al cable la cabina del "
    "Teleférico Cumbre Verde que el martes se desplomó cerca de Baños de Agua Santa, con un "
    "saldo de seis muertos, no se revisaba desde hacía 14 meses, informó este miércoles la "
    "fiscalía de Tungurahua."
)
GRIP = (
    "The grip that held the cabin of the Cumbre Verde cable car that late on Tuesday crashed "
    "near Baños de Agua Santa had not been checked for 14 months, prosecutors in Tungurahua "
    "said on Wednesday."
)


def test_a_clause_does_not_end_inside_a_nested_one() -> None:
    # the nested clause's verb, however far from its "que", is not the main verb
    assert not [k for k in clause_cuts(PINZA) if "La pinza se desplomó" in k]
    cuts = clause_cuts(GRIP)
    assert not [k for k in cuts if "The grip crashed" in k or "Tuesday had" in k], cuts
    assert (
        "The grip had not been checked for 14 months, prosecutors in Tungurahua said on Wednesday."
    ) in cuts


def test_heldout44_cable_car_key_points_read_whole() -> None:
    points = corpus_points("heldout44", "banos-cable-car")
    assert points
    assert not [p for p in points if "pinza se desplomó" in p], points


def test_broken_counts_a_verb_left_by_a_cut_opener() -> None:
    reports = load_stories(CORPUS / "heldout44.toml")["banos-cable-car"]
    kept = PINZA.split("— ", 1)[1]
    opener = "que sujetaba al cable la cabina del Teleférico Cumbre Verde que el martes "
    assert broken_cut(kept.replace(opener, ""), reports)  # "La pinza se desplomó …"
    whole = "La pinza no se revisaba desde hacía 14 meses, informó este miércoles la fiscalía "
    assert not broken_cut(whole + "de Tungurahua.", reports)
