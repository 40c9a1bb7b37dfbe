"""More forms of a clause that retells: "when …", trailing participles, relative clauses on a
named thing; a clause several key points retell kept in one; a figure told across
languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs, sentences
from monitor.judge.sentences import cut, restating_clauses
from tests.helpers import key_point

T0 = datetime(2026, 7, 8, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "told", "kept"),
    [
        (
            "Colombia formally asked the United States on Saturday to identify the three people "
            "killed when an American missile struck a speedboat in the Caribbean.",
            "an American missile struck a speedboat in the Caribbean",
            "Colombia formally asked the United States on Saturday to identify the three people "
            "killed.",
        ),
        (
            "Los vecinos salieron a la calle en plena noche cuando el sismo sacudió la capital.",
            "el sismo sacudió la capital",
            "Los vecinos salieron a la calle en plena noche.",
        ),
        (
            "Storms brought temperatures in Buenos Aires down to 27 degrees on Thursday, ending "
            "a four-day heat wave that set a record of 41.2 degrees.",
            "a four-day heat wave that set a record of 41.2 degrees",
            "Storms brought temperatures in Buenos Aires down to 27 degrees on Thursday.",
        ),
        (
            "La tormenta derribó decenas de árboles en el centro de la ciudad, dejando sin luz a "
            "40.000 hogares.",
            "sin luz a 40.000 hogares",
            "La tormenta derribó decenas de árboles en el centro de la ciudad.",
        ),
        (
            "El ente regulador impuso este miércoles una multa de 8.500 millones de pesos a la "
            "distribuidora por los cortes de luz que dejaron a unos 600.000 usuarios sin "
            "electricidad.",
            "dejaron a unos 600.000 usuarios sin electricidad",
            "El ente regulador impuso este miércoles una multa de 8.500 millones de pesos a la "
            "distribuidora por los cortes de luz.",
        ),
        (
            "La Policía Federal detuvo este miércoles al propietario del Estrela do Norte, el "
            "barco que naufragó el lunes en el río Negro con unas 80 personas a bordo, por "
            "sospechas de que llevaba sobrecarga de pasajeros.",
            "naufragó el lunes en el río Negro con unas 80 personas a bordo",
            "La Policía Federal detuvo este miércoles al propietario del Estrela do Norte, por "
            "sospechas de que llevaba sobrecarga de pasajeros.",
        ),
    ],
)
def test_when_participle_and_relative_clauses_come_off(
    sentence: str, told: str, kept: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the clause of each form on its own, without those a longer head reads inside it
    monkeypatch.setattr(sentences, "WIDE_RELATIVE", False)
    (clause,) = restating_clauses(sentence)
    assert clause.of(sentence) == told
    assert cut(sentence, clause) == kept


def test_each_form_is_its_own_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    when = "Los vecinos salieron a la calle en plena noche cuando el sismo sacudió la capital."
    ending = (
        "Storms brought temperatures in Buenos Aires down to 27 degrees on Thursday, ending "
        "a four-day heat wave."
    )
    relative = (
        "El ente regulador impuso una multa a la distribuidora por los cortes de luz que "
        "dejaron a 600.000 usuarios sin electricidad."
    )
    monkeypatch.setattr(sentences, "WHEN", False)
    monkeypatch.setattr(sentences, "PARTICIPLE", False)
    monkeypatch.setattr(sentences, "RELATIVE", False)
    assert restating_clauses(when) == restating_clauses(ending) == restating_clauses(relative) == []


def test_a_participle_or_relative_that_is_the_news_is_not_a_clause() -> None:
    # no comma before the participle; "que" after a verb of saying, not after a named thing
    assert (
        restating_clauses("Passengers were seen leaving the ship in Cartagena on Wednesday.") == []
    )
    assert (
        restating_clauses("El ministro dijo este martes que la multa será apelada ante los jueces.")
        == []
    )


def _point(n: int, text: str, lang: str) -> briefs._Sentence:
    return key_point(n, text, lang, T0)


REGULATOR = (
    "Colombia's companies regulator on Wednesday admitted Cóndor Express to a reorganisation "
    "process, two days after the low-cost airline halted all flights and stranded about 40,000 "
    "passengers."
)
DEBTS = (
    "The airline owes about 120 million dollars to aircraft lessors and fuel suppliers, "
    "according to court filings."
)


def _cut_retold(texts: list[tuple[str, str]]) -> list[str]:
    pool = [_point(i + 1, t, lang) for i, (t, lang) in enumerate(texts)]
    space = briefs._vectors(pool)
    return [s.text for s in briefs._cut_retold(pool, [], space, {})]


def test_a_clause_two_key_points_retell_is_kept_in_the_first_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    airlines = (
        "Three airlines agreed on Tuesday to carry the stranded customers of Cóndor Express free "
        "of charge, after the low-cost airline halted all flights on Monday and stranded about "
        "40,000 passengers."
    )
    texts = [(airlines, "en"), (REGULATOR, "en"), (DEBTS, "en")]
    assert _cut_retold(texts) == [
        airlines,
        "Colombia's companies regulator on Wednesday admitted Cóndor Express to a "
        "reorganisation process.",
        DEBTS,
    ]
    # judged only against what the others say in their main clauses, both clauses stay
    monkeypatch.setattr(briefs, "ONCE", False)
    assert _cut_retold(texts) == [airlines, REGULATOR, DEBTS]


def test_a_clause_whose_figure_another_language_gives_is_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aerolineas = (
        "Tres aerolíneas aceptaron transportar sin costo a los pasajeros de Cóndor Express, "
        "luego de que la compañía suspendiera el lunes todos sus vuelos y dejara varados a unos "
        "40.000 viajeros."
    )
    texts = [(aerolineas, "es"), (REGULATOR, "en"), (DEBTS, "en")]
    assert _cut_retold(texts) == [
        aerolineas,
        "Colombia's companies regulator on Wednesday admitted Cóndor Express to a "
        "reorganisation process.",
        DEBTS,
    ]
    # translated, the clauses share too few stems to be judged alike, unless the news words
    # are read with their translations ("halted all flights", "suspendiera … sus vuelos")
    monkeypatch.setattr(briefs, "FIGURE_ACROSS", False)
    monkeypatch.setattr(briefs, "LEXICON", 0)
    assert _cut_retold(texts) == [aerolineas, REGULATOR, DEBTS]
    monkeypatch.setattr(briefs, "LEXICON", 1)
    assert _cut_retold(texts)[1] == (
        "Colombia's companies regulator on Wednesday admitted Cóndor Express to a "
        "reorganisation process."
    )


def test_any_participle_after_a_comma_is_a_clause_but_not_an_attribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Hundreds of Venezuelan exiles waved flags and honked horns outside El Arepazo through "
        "Saturday night, celebrating the capture of Nicolás Maduro by U.S. forces."
    )
    (clause,) = restating_clauses(text)
    assert clause.of(text) == "the capture of Nicolás Maduro by U.S. forces"
    assert cut(text, clause) == (
        "Hundreds of Venezuelan exiles waved flags and honked horns outside El Arepazo through "
        "Saturday night."
    )
    celebrando = (
        "Miles de hinchas salieron a las calles de Guayaquil el domingo por la noche, "
        "celebrando el título del club."
    )
    (clause,) = restating_clauses(celebrando)
    assert cut(celebrando, clause) == (
        "Miles de hinchas salieron a las calles de Guayaquil el domingo por la noche."
    )
    # an attribution, and the consequence a lede reports as its news, are not clauses
    for sentence in (
        "The airline owes about 120 million dollars to lessors, according to court filings.",
        "A road bridge collapsed on Monday in Puerto Alegre, sending two trucks into the "
        "water and killing nine people.",
        "El sismo sacudió la capital el lunes por la noche, causando daños en 1.300 viviendas.",
    ):
        assert restating_clauses(sentence) == []
    monkeypatch.setattr(sentences, "ANY_PARTICIPLE", False)
    assert restating_clauses(text) == []


def test_a_leading_clause_runs_over_a_relative_clause_on_its_last_words() -> None:
    text = (
        "Debido al naufragio, en el que murieron siete personas y cinco siguen desaparecidas, "
        "el gobierno del estado de Amazonas suspendió las licencias de otras 14 embarcaciones."
    )
    (clause,) = restating_clauses(text)
    assert clause.of(text) == (
        "naufragio, en el que murieron siete personas y cinco siguen desaparecidas"
    )
    # never "En el que murieron siete personas …, el gobierno …"
    assert cut(text, clause) == (
        "El gobierno del estado de Amazonas suspendió las licencias de otras 14 embarcaciones."
    )
