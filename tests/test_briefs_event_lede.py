"""Round 35's switches for a story's first event retold in clauses (`briefs.EVENT_LEDE`,
`briefs.EVENT_ANCHORS`, `briefs.MIXED_TOLD`) and for an appositive on a subject
(`sentences.SUBJECT_APPOSITIVE`). heldout11's plane crash and heldout35's vaccine recall
were retold in clauses by two key points and told on its own by none."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

FESTIVAL = (
    "Los organizadores del festival Ola Sur, que ignoraron la alerta roja y debieron cancelar "
    "sus dos últimas jornadas cuando el viento arrancó el techo del escenario, anunciaron este "
    "martes que reembolsarán el precio completo de las entradas en un plazo de 30 días."
)
FLOWERS = (
    "Rosas del Nevado, the flower farm ordered to return 340 hectares near Cayambe to an "
    "indigenous community on the strength of an 1862 deed, said on Thursday it will take the "
    "case to Ecuador's Constitutional Court."
)


def test_the_first_event_is_told_by_its_own_lede(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "EVENT_LEDE", 0.3)
    points = corpus_points("heldout11", "guaviare-plane")
    assert points[0].startswith("A twin-engine commuter plane carrying 14 people crashed")
    assert not any("que cayó el viernes" in p for p in points), points


def test_off_the_crash_is_only_retold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "EVENT_LEDE", 0.0)
    points = corpus_points("heldout11", "guaviare-plane")
    assert not any(p.startswith("A twin-engine commuter plane") for p in points)
    assert any("que cayó el viernes" in p for p in points), points


def test_a_retelling_in_another_language_is_known_by_its_anchors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "EVENT_LEDE", 0.3)
    monkeypatch.setattr(briefs, "EVENT_ANCHORS", True)
    points = corpus_points("heldout35", "encarnacion-vaccine-recall")
    assert points[0].startswith("Paraguay's health ministry recalled a batch of 40,000")
    assert not any("after the ministry recalled" in p for p in points[1:]), points


def test_a_clause_told_in_two_languages_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "MIXED_TOLD", True)
    points = corpus_points("heldout35", "encarnacion-vaccine-recall")
    assert any(p.startswith("Unos 3.200 niños de Itapúa") for p in points), points
    assert not any("que el Ministerio de Salud retiró" in p for p in points), points


def test_off_it_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "MIXED_TOLD", False)
    points = corpus_points("heldout35", "encarnacion-vaccine-recall")
    assert any("que el Ministerio de Salud retiró" in p for p in points), points


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            FESTIVAL,
            "Los organizadores del festival Ola Sur anunciaron este martes que reembolsarán el "
            "precio completo de las entradas en un plazo de 30 días.",
        ),
        (
            FLOWERS,
            "Rosas del Nevado said on Thursday it will take the case to Ecuador's "
            "Constitutional Court.",
        ),
    ],
)
def test_an_appositive_on_the_subject_is_offered(
    monkeypatch: pytest.MonkeyPatch, sentence: str, kept: str
) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_APPOSITIVE", True)
    assert kept in clause_cuts(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Esteban Mora, the finance minister, resigned on Monday after the vote failed.",
        "The ferry, the Bahía Dorada, was carrying 212 passengers and 40 vehicles across the "
        "Gulf of California.",
    ],
)
def test_an_appositive_that_only_names_stays(
    monkeypatch: pytest.MonkeyPatch, sentence: str
) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_APPOSITIVE", True)
    head = sentence.split(",")[0]
    assert not any(
        k.startswith(head + " ") and "," not in k[: len(head) + 1] for k in clause_cuts(sentence)
    )


def test_off_no_appositive_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_APPOSITIVE", False)
    assert not any(
        k.startswith("Los organizadores del festival Ola Sur anunciaron")
        for k in clause_cuts(FESTIVAL)
    )


def test_the_round_35_switches_stay_off_by_default() -> None:
    # every row of GRID35 fails an existing test (UNPICKABLE35): main's settings stay
    assert briefs.EVENT_LEDE == 0.0
    assert not briefs.EVENT_ANCHORS
    assert not briefs.MIXED_TOLD
    assert not sentences.SUBJECT_APPOSITIVE
    assert not sentences.PREP_RELATIVE
