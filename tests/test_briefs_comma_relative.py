"""A relative clause opened right after a comma (", que dimitió.", ", en el que murió …",
"X, who lost …, refused") is a clause that may retell another event: cut, what is left
reads as a sentence; the clause that gives a number no one else gives stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs, sentences
from monitor.judge.briefs import Report
from monitor.judge.sentences import cut, restating_clauses
from tests.helpers import report


@pytest.fixture(autouse=True)
def _comma_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "COMMA_RELATIVE", True)


def _cuts(text: str) -> dict[str, str | None]:
    return {c.of(text): cut(text, c) for c in restating_clauses(text)}


@pytest.mark.parametrize(
    ("sentence", "clause", "kept"),
    [
        (
            "La ministra asumió el cargo este martes en reemplazo de Esteban Mora, que dimitió.",
            "dimitió",
            "La ministra asumió el cargo este martes en reemplazo de Esteban Mora.",
        ),
        (
            "La Policía detuvo a cuatro hombres por el asalto al blindado, en el que murió el "
            "custodio Walter Quiroga.",
            "murió el custodio Walter Quiroga",
            "La Policía detuvo a cuatro hombres por el asalto al blindado.",
        ),
        (
            "Soldiers entered the three largest prisons on Thursday, including Turi, where 17 "
            "inmates died in a riot.",
            "17 inmates died in a riot",
            "Soldiers entered the three largest prisons on Thursday, including Turi.",
        ),
        (  # between commas on the subject: one comma goes with it
            "Ramón Vidal, who lost Sunday's vote for governor by about 2,300 ballots, refused to "
            "concede on Monday.",
            "lost Sunday's vote for governor by about 2,300 ballots",
            "Ramón Vidal refused to concede on Monday.",
        ),
        (  # an attribution after it keeps its comma
            "La Policía detuvo a cuatro hombres por el asalto, en el que murió el custodio Walter "
            "Quiroga, según la Fiscalía.",
            "murió el custodio Walter Quiroga",
            "La Policía detuvo a cuatro hombres por el asalto, según la Fiscalía.",
        ),
    ],
)
def test_a_relative_clause_after_a_comma_comes_off(sentence: str, clause: str, kept: str) -> None:
    assert _cuts(sentence).get(clause) == kept


def test_off_it_is_not_a_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "COMMA_RELATIVE", False)
    text = "La ministra asumió el cargo este martes en reemplazo de Esteban Mora, que dimitió."
    assert restating_clauses(text) == []


def test_said_that_and_a_relative_without_a_comma_are_not_clauses() -> None:
    # "dijo que …" is what was said; "una carta en la que defendió …" is the news itself
    for text in (
        "El exministro dijo a la prensa que colaborará con la investigación de la Fiscalía.",
        "Almeida Paz no asistió a la sesión y envió una carta en la que defendió su actuación.",
    ):
        assert restating_clauses(text) == []


def test_between_commas_after_the_verb_it_is_not_cut() -> None:
    # what follows its closing comma may belong to the clause, not to the main one
    text = (
        "El sismo dejó cinco muertos y 120 heridos, según el último balance de Protección "
        "Civil, que contabiliza además 1.300 viviendas dañadas, la mayoría en La Libertad."
    )
    assert _cuts(text)["contabiliza además 1.300 viviendas dañadas"] is None
    text = (
        "Miles de cafeteros marcharon este lunes en Bogotá para exigir al Gobierno, que "
        "negocia con Washington, la eliminación del gravamen."
    )
    assert _cuts(text)["negocia con Washington"] is None


T0 = datetime(2027, 4, 5, 14, 0, tzinfo=UTC)
RESIGNED = (
    "El ministro de Hacienda de Costa Rica, Esteban Mora, dimitió este lunes tras el rechazo "
    "de la reforma de pensiones en el referendo."
)
NAMED = (
    "La presidencia de Costa Rica nombró este martes a la economista Silvia Jiménez Arce como "
    "ministra de Hacienda, en reemplazo de Esteban Mora, que dimitió."
)
CONFIRMED = (
    "La Cámara de Apelaciones confirmó este miércoles la condena del exalcalde Tomás Rey, "
    "cuya pena subió a 12 años."
)
CONVICTED = (
    "Un tribunal condenó este lunes al exalcalde Tomás Rey a ocho años de prisión por peculado."
)


def _report(rid: int, text: str, hours: int) -> Report:
    return report(rid, text, T0 + timedelta(hours=hours), "es")


def _compressed(told: str, candidate: str) -> str:
    briefs.clear_readings()
    st = briefs._story([_report(1, told, 0), _report(2, candidate, 20)])
    (s,) = [x for x in st.pool if x.text == candidate]
    (c,) = [x for x in st.pool if x.text == told]
    return briefs._compress(s, [c], st.space, st.centroid).text


def test_a_relative_clause_retelling_a_chosen_key_point_is_cut() -> None:
    assert _compressed(RESIGNED, NAMED) == (
        "La presidencia de Costa Rica nombró este martes a la economista Silvia Jiménez Arce "
        "como ministra de Hacienda, en reemplazo de Esteban Mora."
    )


def test_a_relative_clause_giving_a_new_count_stays() -> None:
    # the longer term is the appeal's news: no key point gives 12
    assert _compressed(CONVICTED, CONFIRMED) == CONFIRMED
