"""A relative clause that ran on into the main clause: it stops at an "y/and" opening a
clause with a verb of its own (`INNER_STOP`, off by default), and, on a subject or with no
verb before it, before the main verb it ran into (`MAIN_VERB`); what is left must still
read as a sentence."""

from __future__ import annotations

import pytest

from monitor.judge import sentences
from monitor.judge.sentences import cut, restating_clauses


def _cuts(text: str) -> dict[str, str | None]:
    return {c.of(text): cut(text, c) for c in restating_clauses(text)}


SENT_BACK = (
    "El Poder Ejecutivo observó este miércoles la ley que elevó las regalías mineras al 12% y "
    "la devolvió al Congreso, al considerar que reduciría la recaudación del impuesto a la "
    "renta, informó el Ministerio de Economía."
)
BLACK_BOX = (
    "Los primeros datos de la caja negra de la avioneta de Aerovías Selva que cayó el viernes "
    "en el Guaviare muestran que el motor izquierdo se apagó dos minutos después del "
    "despegue, dijo este lunes el jefe de investigación de accidentes, Germán Olarte."
)
HAIL = (
    "Las bodegas del este de Mendoza calculan que el granizo que dañó 18.000 hectáreas de "
    "viñedos el martes se llevará hasta un 30% de la próxima cosecha de uva de la zona, dijo "
    "este jueves la Cámara de Productores del Este."
)


@pytest.mark.parametrize(
    ("sentence", "clause", "kept"),
    [
        (  # no verb before it: it ends before "muestran"
            BLACK_BOX,
            "cayó el viernes en el Guaviare",
            "Los primeros datos de la caja negra de la avioneta de Aerovías Selva muestran que "
            "el motor izquierdo se apagó dos minutos después del despegue, dijo este lunes el "
            "jefe de investigación de accidentes, Germán Olarte.",
        ),
        (  # on a subject after "que": it ends before "se llevará"
            HAIL,
            "dañó 18.000 hectáreas de viñedos el martes",
            "Las bodegas del este de Mendoza calculan que el granizo se llevará hasta un 30% de "
            "la próxima cosecha de uva de la zona, dijo este jueves la Cámara de Productores "
            "del Este.",
        ),
        (
            "Los 19 pacientes que siguen hospitalizados están estables, dijo la Secretaría de "
            "Salud de Veracruz.",
            "19 pacientes que siguen hospitalizados",
            "Los 19 pacientes están estables, dijo la Secretaría de Salud de Veracruz.",
        ),
    ],
)
def test_a_relative_clause_ends_before_the_main_clause_it_ran_into(
    sentence: str, clause: str, kept: str
) -> None:
    found = _cuts(sentence)
    assert found.get(clause) == kept, found


def test_an_inner_relative_stops_at_the_main_clauses_second_verb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "INNER_STOP", True)  # off by default: it changed no brief
    assert _cuts(SENT_BACK).get("elevó las regalías mineras al 12%") == (
        "El Poder Ejecutivo observó este miércoles la ley y la devolvió al Congreso, al "
        "considerar que reduciría la recaudación del impuesto a la renta, informó el "
        "Ministerio de Economía."
    )
    monkeypatch.setattr(sentences, "INNER_STOP", False)
    assert "elevó las regalías mineras al 12%" not in _cuts(SENT_BACK)


@pytest.mark.parametrize(
    ("sentence", "left"),
    [
        # a second verb of the clause after "and", not the main verb
        (
            "The summit caps a month that began with Trump's January 4 threat and turned "
            "with their January 7 call.",
            "The summit caps a month turned",
        ),
        # a noun read as a verb after an article or a preposition ("la Chiquitanía", "del
        # tren") is no main verb
        (
            "Los incendios forestales que arden desde hace dos semanas en la Chiquitanía, en el "
            "departamento boliviano de Santa Cruz, ya consumieron 412.000 hectáreas de bosque "
            "y pastizales, informó este lunes la Gobernación.",
            "Los incendios forestales la Chiquitanía",
        ),
        (
            "Los peritos que investigan el descarrilamiento del tren en el que murieron nueve "
            "personas cerca de Juliaca hallaron un riel partido en la curva, dijo este "
            "miércoles el ministro de Transportes.",
            "Los peritos tren",
        ),
    ],
)
def test_no_main_verb_is_found_in_a_noun_or_a_second_verb(sentence: str, left: str) -> None:
    assert not any(k and k.startswith(left) for k in _cuts(sentence).values())


def test_the_older_forms_stand_with_the_switches_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "MAIN_VERB", False)
    assert "cayó el viernes en el Guaviare" not in _cuts(BLACK_BOX)
