"""A relative clause with no comma before it, on a noun phrase of a few words ("a los
maestros en huelga que mantienen cerradas 8.000 escuelas", "the crush at a stadium gate
that killed seven fans"), and a clause after a lapse held by a preposition ("durante dos
semanas tras …") may retell another event and be cut; two sentences of two languages are
one only when they share enough stems to judge, or one count, and no news."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from monitor.judge.briefs import Report
from monitor.judge.sentences import cut, restating_clauses
from tests.helpers import key_point, report

T0 = datetime(2027, 8, 2, 12, 0, tzinfo=UTC)


def _cuts(text: str) -> dict[str, str | None]:
    return {c.of(text): cut(text, c) for c in restating_clauses(text)}


OFFER = (
    "El Gobierno de Chiapas ofreció este jueves un aumento salarial del 12 % a los maestros en "
    "huelga que mantienen cerradas 8.000 escuelas desde el lunes y el sindicato dijo que "
    "consultará la oferta a sus bases."
)
CHARGED = (
    "Peruvian prosecutors charged the security chief of the Estadio Nacional and two police "
    "commanders with negligent homicide on Wednesday over the crush at a stadium gate that "
    "killed seven fans, and said a gate had been left locked."
)
BRIDGE = (
    "The bridge over the Choluteca river in Tegucigalpa that collapsed on Wednesday, killing "
    "three people, had been declared unsafe by engineers in 2024 and closed to heavy "
    "vehicles, city records show."
)
SUSPENDED = (
    "La Federación Peruana de Fútbol suspendió este domingo todos los partidos profesionales "
    "durante dos semanas tras la avalancha en una puerta del Estadio Nacional en la que "
    "murieron seis hinchas el sábado por la noche."
)


@pytest.mark.parametrize(
    ("sentence", "clause", "kept"),
    [
        (  # up to an "and" that opens a clause of its own
            OFFER,
            "mantienen cerradas 8.000 escuelas desde el lunes",
            "El Gobierno de Chiapas ofreció este jueves un aumento salarial del 12 % a los "
            "maestros en huelga y el sindicato dijo que consultará la oferta a sus bases.",
        ),
        (  # up to a comma
            CHARGED,
            "killed seven fans",
            "Peruvian prosecutors charged the security chief of the Estadio Nacional and two "
            "police commanders with negligent homicide on Wednesday over the crush at a "
            "stadium gate, and said a gate had been left locked.",
        ),
        (  # on a subject, with the participle after it and both commas
            BRIDGE,
            "collapsed on Wednesday, killing three people",
            "The bridge over the Choluteca river in Tegucigalpa had been declared unsafe by "
            "engineers in 2024 and closed to heavy vehicles, city records show.",
        ),
        (  # to the end of the sentence
            "Biólogos hallaron este viernes 37 tortugas marinas muertas en las playas afectadas "
            "por el derrame del buque Aurora Sul que encalló el lunes frente a la costa.",
            "encalló el lunes frente a la costa",
            "Biólogos hallaron este viernes 37 tortugas marinas muertas en las playas afectadas "
            "por el derrame del buque Aurora Sul.",
        ),
    ],
)
def test_a_relative_clause_on_a_longer_head_is_cut_to_a_sentence(
    sentence: str, clause: str, kept: str
) -> None:
    assert _cuts(sentence)[clause] == kept


def test_a_lapse_after_a_preposition_stays_with_the_main_clause() -> None:
    cuts = _cuts(SUSPENDED)
    (clause,) = [c for c in cuts if c.startswith("la avalancha")]
    assert cuts[clause] == (
        "La Federación Peruana de Fútbol suspendió este domingo todos los partidos "
        "profesionales durante dos semanas."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # what is asked, said or meant, not a retelling
        "La Agencia Espacial pidió a los pescadores de la zona que no toquen las piezas que "
        "aparezcan en las playas, porque pueden contener combustible.",
        "President Rodrigo Paz said in a video that the shortages were an inheritance of years "
        "of mismanagement.",
        "The administration designated Colombia as having failed, the first time since 1997 "
        "that Washington has decertified its closest partner.",
        "El documento señala que la inflación de servicios cedió más de lo previsto, aunque "
        "advierte riesgos.",
        # the clause would take the main verb with it
        "A pocos kilómetros, representantes de las comunidades indígenas que denunciaron la "
        "falta de agua se reunieron con el secretario.",
        # no verb of its own before the comma
        "La Cancillería confirmó este domingo los detalles de la visita que el secretario de "
        "Estado de Estados Unidos, Marco Rubio, realizará a Bogotá.",
        # a comma between digits does not end the clause
        "Los analistas consultados por el banco prevén que el banco central la baje hasta "
        "6,75% al cierre de 2027.",
    ],
)
def test_no_cut_that_leaves_no_sentence_is_offered(sentence: str) -> None:
    kept = [k for k in _cuts(sentence).values() if k is not None]
    for k in kept:
        # any cut offered here comes from the older forms and keeps the main clause
        assert k.rstrip(".").split()[-1].lower() not in {"que", "that", "zona", "video"}
        assert not k.endswith(("indígenas.", "visita, Marco Rubio, realizará a Bogotá.", ",75%"))
    assert not any(k.endswith("1997.") or k.startswith("El documento señala,") for k in kept)


def _report(rid: int, text: str, hours: int, lang: str = "es") -> Report:
    return report(rid, text, T0 + timedelta(hours=hours), lang)


LEDE = (
    "Unos 60.000 maestros de Chiapas iniciaron este lunes una huelga indefinida para exigir un "
    "aumento salarial del 20 %, lo que dejó cerradas unas 8.000 escuelas públicas, informó el "
    "sindicato magisterial."
)


def test_a_chosen_key_point_retelling_the_lede_no_longer_keeps_it_out() -> None:
    briefs.clear_readings()
    st = briefs._story([_report(1, LEDE, 0), _report(2, OFFER, 72)])
    (lede,) = [s for s in st.pool if s.text == LEDE]
    (offer,) = [s for s in st.pool if s.text == OFFER]
    # weighed without its retelling clause, the offer no longer tells the lede's 8,000
    # schools nor its Monday, and the lede's 60,000 teachers are news beside it
    told = briefs._compress(offer, [lede], st.space, st.centroid)
    assert "8.000" not in told.text
    assert not briefs.same_thing(lede, told, briefs.NEW_ANCHORS)
    points = [p.text for p in briefs._select(st.pool, 2, st.space, st.centroid)]
    assert LEDE in points


def _pool(*texts: tuple[str, str]) -> list[briefs._Sentence]:
    pool = [key_point(i + 1, text, lang, T0) for i, (text, lang) in enumerate(texts)]
    briefs._vectors(pool)
    return pool


ROUTES = (
    "Avianda and AeroCóndor offered on Monday to give up 14 domestic routes from Lima to rival "
    "carriers to win approval for their merger.",
    "en",
)
SHARES = ("Las acciones de AeroCóndor subieron un 18 % en la Bolsa de Lima.", "es")


def test_two_languages_alike_in_two_names_are_not_one() -> None:
    routes, shares = _pool(ROUTES, SHARES)
    # the stems both languages use are the airline's name and the city: all the cosine sees
    assert briefs._cosine(routes.bivec, shares.bivec) >= briefs.SAME_ACROSS
    assert min(routes.judged, shares.judged) < briefs.THIN_ACROSS
    assert not briefs.same_thing(routes, shares, briefs.NEW_ANCHORS)


DRIVER = (
    "The driver of the bus had been driving for 14 hours without a relief driver, prosecutors "
    "said on Tuesday.",
    "en",
)
CHOFER = (
    "El chofer, que según la Fiscalía manejaba desde hacía catorce horas, permanece detenido.",
    "es",
)
CUTS_EN = (
    "Ecuador will cut electricity for up to eight hours a day starting Monday as a drought "
    "drains the reservoirs behind its hydroelectric dams, the energy ministry said.",
    "en",
)
CUTS_ES = (
    "El Gobierno de Ecuador anunció cortes de electricidad de hasta ocho horas diarias por la "
    "sequía que redujo el caudal de los ríos.",
    "es",
)


def test_one_count_in_two_languages_is_one_fact() -> None:
    driver, chofer = _pool(DRIVER, CHOFER)
    assert briefs.same_thing(chofer, driver, briefs.NEW_ANCHORS)
    # a lapse of time in digits or words, when the sentence's own clauses give it
    cuts_en, cuts_es = _pool(CUTS_EN, CUTS_ES)
    assert briefs.same_thing(cuts_es, cuts_en, briefs.NEW_ANCHORS)
    # unless the candidate is news: a date the other does not give
    assert not briefs.same_thing(cuts_en, cuts_es, briefs.NEW_ANCHORS)


def test_another_count_in_another_language_is_not_one_fact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = (
        "El chofer, que según la Fiscalía manejaba desde hacía nueve horas, está detenido.",
        "es",
    )
    driver, chofer = _pool(DRIVER, other)
    assert not briefs.same_thing(chofer, driver, briefs.NEW_ANCHORS)
    monkeypatch.setattr(briefs, "COUNT_ACROSS", 1)  # lapses left out: eight hours are no count
    cuts_en, cuts_es = _pool(CUTS_EN, CUTS_ES)
    assert not briefs.same_thing(cuts_es, cuts_en, briefs.NEW_ANCHORS)
