"""A fact retold with its count: a relative clause on a counted thing ("los 21 pasajeros que
murieron"), a number with a comma inside ("30,000"), a count in words ("treinta mil"), and
two key points telling one event with the same count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs, sentences
from monitor.judge.sentences import cut, restating_clauses
from tests.helpers import key_point

T0 = datetime(2026, 10, 6, 12, 0, tzinfo=UTC)

DUELO = (
    "El Gobierno Regional de Ayacucho declaró tres días de duelo por los 21 pasajeros que "
    "murieron cuando el bus en el que viajaban desde Lima se desbarrancó en una curva de la vía "
    "a Huanta."
)
CIFRA = (
    "La cifra de fallecidos por la caída del ómnibus de Transportes Wari Express a un abismo en "
    "la carretera Ayacucho-Huanta subió a 21, informó este lunes la Policía Nacional, luego de "
    "que cuatro heridos murieran en el hospital regional."
)
PENITAS = (
    "Residents and local officials in Tabasco blamed releases of water from the Peñitas dam "
    "upstream for worsening the floods that have killed four people and driven 30,000 from "
    "their homes around Villahermosa."
)
MURIERON = (
    "Cuatro personas murieron en Tabasco por las inundaciones provocadas por el desbordamiento "
    "de los ríos Grijalva y Carrizal, informó este martes Protección Civil estatal."
)
ALBERGUES = (
    "Unas treinta mil personas permanecen fuera de sus hogares, la mayoría en albergues de "
    "Villahermosa atendidos por el Ejército."
)


def _point(n: int, text: str, lang: str) -> briefs._Sentence:
    return key_point(n, text, lang, T0)


def _cut_retold(texts: list[tuple[str, str]]) -> list[str]:
    pool = [_point(i + 1, t, lang) for i, (t, lang) in enumerate(texts)]
    space = briefs._vectors(pool)
    return [s.text for s in briefs._cut_retold(pool, [], space, {})]


def test_a_relative_clause_on_a_count_retells_with_its_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clause = restating_clauses(DUELO)[0]
    assert clause.of(DUELO).startswith("21 pasajeros que murieron cuando el bus")
    assert cut(DUELO, clause) == (
        "El Gobierno Regional de Ayacucho declaró tres días de duelo por los 21 pasajeros."
    )
    # the toll of 21 is told by another key point: the clause that retells it goes
    assert _cut_retold([(CIFRA, "es"), (DUELO, "es")]) == [
        CIFRA,
        "El Gobierno Regional de Ayacucho declaró tres días de duelo por los 21 pasajeros.",
    ]
    monkeypatch.setattr(sentences, "NUMBER_HEAD", False)
    monkeypatch.setattr(sentences, "WIDE_RELATIVE", False)  # it reads the clause too
    assert all(not c.of(DUELO).startswith("21") for c in restating_clauses(DUELO))


def test_the_comma_inside_a_number_does_not_end_a_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    (clause,) = restating_clauses(PENITAS)
    assert clause.of(PENITAS) == (
        "have killed four people and driven 30,000 from their homes around Villahermosa"
    )
    monkeypatch.setattr(sentences, "DIGIT_COMMA", False)
    monkeypatch.setattr(sentences, "WIDE_RELATIVE", False)  # it reads the clause too
    assert restating_clauses(PENITAS) == []


def test_a_count_in_words_is_the_figure_in_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "30000" in briefs._as_digits(ALBERGUES, "es")
    # the English clause retells the two figures the Spanish ledes give: it goes
    assert _cut_retold([(MURIERON, "es"), (ALBERGUES, "es"), (PENITAS, "en")])[2] == (
        "Residents and local officials in Tabasco blamed releases of water from the Peñitas dam "
        "upstream for worsening the floods."
    )
    monkeypatch.setattr(briefs, "THOUSANDS", False)
    briefs.clear_readings()
    assert "30000" not in briefs._as_digits(ALBERGUES, "es")
    assert _cut_retold([(MURIERON, "es"), (ALBERGUES, "es"), (PENITAS, "en")])[2] == PENITAS
    briefs.clear_readings()


def _alike(a: tuple[str, str], b: tuple[str, str]) -> bool:
    pool = [_point(1, *a), _point(2, *b)]
    briefs._vectors(pool)
    return briefs._same_event(pool[0], pool[1])


def test_one_event_told_with_the_same_count_is_one_key_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "SAME_EVENT", 1.0)  # the same state, whatever the stems
    lede = (
        "Seven people were killed and about 50 injured in a crush at the gates of the Estadio "
        "Puerto Nuevo in Guayaquil on Saturday evening, as thousands of fans tried to get in "
        "before the final of the national cup, police said.",
        "en",
    )
    quote = (
        '"No podemos devolver la vida a los siete hinchas que murieron, pero sí garantizar que '
        'algo así no vuelva a pasar", dijo el presidente de la federación, Jaime Cevallos.',
        "es",
    )
    assert _alike(lede, quote)
    monkeypatch.setattr(briefs, "SAME_EVENT", 1.01)
    assert not _alike(lede, quote)


def test_the_same_number_of_another_thing_or_a_lapse_keeps_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "SAME_EVENT", 0.2)
    deaths = ("Four people died in the floods in Tabasco, civil protection said.", "en")
    rivers = (
        "Four rivers burst their banks around Villahermosa on Monday after a week of rain.",
        "en",
    )
    assert not _alike(deaths, rivers)
    # "two days after" is a lapse of time, not the two patients who died
    audit = (
        "Chile's health minister ordered a fire-safety audit of 30 public hospitals on "
        "Wednesday, two days after a blaze at Valparaíso's San Roque Hospital.",
        "en",
    )
    died = ("Two patients moved out of intensive care died on Tuesday, the hospital said.", "en")
    assert not _alike(audit, died)


AUDIT = (
    "Chile's health minister ordered a fire-safety audit of 30 public hospitals on Wednesday, "
    "two days after a blaze at Valparaíso's San Roque Hospital forced 140 patients out of their "
    "beds, two of whom later died."
)
MUERTE = "La muerte de dos pacientes trasladados desde la UCI es investigada por la Fiscalía."


def test_two_of_whom_is_a_clause_and_its_count_a_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    # both measured and not kept (--grid): the rule they are switches of
    monkeypatch.setattr(sentences, "OF_WHOM", True)
    monkeypatch.setattr(briefs, "SMALL_FIGURES", True)
    nested = restating_clauses(AUDIT)[-1]
    assert nested.of(AUDIT) == "two of whom later died"
    # the deaths are the news of another key point: only that clause goes, the 140
    # evacuated patients no other key point gives stay
    assert _cut_retold([(MUERTE, "es"), (AUDIT, "en")])[1] == (
        "Chile's health minister ordered a fire-safety audit of 30 public hospitals on "
        "Wednesday, two days after a blaze at Valparaíso's San Roque Hospital forced 140 "
        "patients out of their beds."
    )
    monkeypatch.setattr(briefs, "SMALL_FIGURES", False)
    monkeypatch.setattr(briefs, "LEXICON", 0)
    assert _cut_retold([(MUERTE, "es"), (AUDIT, "en")])[1] == AUDIT
    # read with the translations of news words, "two of whom later died" is "la muerte de
    # dos pacientes" without the small figures (`LEXICON`, round 13)
    monkeypatch.setattr(briefs, "LEXICON", 1)
    assert _cut_retold([(MUERTE, "es"), (AUDIT, "en")])[1].endswith("out of their beds.")
    monkeypatch.setattr(sentences, "OF_WHOM", False)
    assert all(c.of(AUDIT) != "two of whom later died" for c in restating_clauses(AUDIT))


def test_a_lapse_of_time_in_a_clause_is_news_no_other_point_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "OF_WHOM", True)
    monkeypatch.setattr(briefs, "SMALL_FIGURES", True)
    left = (
        "The Aurora Meridiana left Cartagena for Colón, Panama, on Wednesday after a deep clean, "
        "ending a 36-hour stay in which about 230 passengers were kept aboard."
    )
    sick = (
        "Unas 230 personas a bordo del crucero Aurora Meridiana presentan síntomas de norovirus, "
        "informaron las autoridades sanitarias de Cartagena."
    )
    assert _cut_retold([(sick, "es"), (left, "en")])[1].startswith(
        "The Aurora Meridiana left Cartagena for Colón, Panama, on Wednesday after a deep clean, "
        "ending a 36-hour stay"
    )
