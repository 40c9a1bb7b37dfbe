"""Counts read where a later key point retells them: an ordinal ("A sixth child died") gives
the count the event reached (`ORDINALS`), a number of two words ("sesenta y tres") is one
(`COMPOUNDS`), and a count between commas after what it counts ("la madera incautada en
Pará, unos 65.000 metros cúbicos, será donada") is a clause that may go
(`sentences.COUNT_APPOSITIVE`). All three are on (round 12's grid); each test sets the
switch it is about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from monitor.judge import sentences as clause_rules
from monitor.judge.briefs import Report
from tests.helpers import finished_points, report

T0 = datetime(2027, 11, 14, 12, 0, tzinfo=UTC)

LEDE = (
    "Five children have died of rabies transmitted by vampire bats in an Awajún indigenous "
    "community in Peru's Condorcanqui province, the health ministry said on Sunday."
)
SIXTH = (
    "A sixth child died on Wednesday in the rabies outbreak in Condorcanqui, the health "
    "ministry said."
)
EMERGENCY = (
    "El Gobierno declaró este jueves la emergencia sanitaria por 90 días en la provincia de "
    "Condorcanqui, donde seis niños murieron por rabia transmitida por murciélagos."
)
FINE = (
    "El Ibama impuso este sábado multas por 120 millones de reales a cinco empresas madereras "
    "por los 65.000 metros cúbicos de madera ilegal que incautó el viernes en el estado de Pará."
)
DONATED = (
    "El Gobierno de Brasil anunció este lunes que la madera incautada en Pará, unos 65.000 "
    "metros cúbicos, será donada a programas de vivienda social."
)


def _report(rid: int, text: str, lang: str) -> Report:
    return report(rid, text, T0 + timedelta(days=rid), lang)


def _final(*texts: tuple[str, str]) -> list[str]:
    return finished_points(texts, T0)


def test_an_ordinal_is_the_count_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "ORDINALS", True)
    briefs.clear_readings()
    assert briefs._as_digits("A sixth child died", "en") == "A 6 child died"
    assert briefs._as_digits("murió un sexto niño", "es") == "murió un 6 niño"


def test_a_share_is_no_ordinal_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "ORDINALS", True)
    briefs.clear_readings()
    assert "third" in briefs._as_digits("a third of the homes", "en")
    assert "tercera" in briefs._as_digits("una tercera parte de las casas", "es")


def test_a_number_of_two_words_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "COMPOUNDS", True)
    briefs.clear_readings()
    assert briefs._as_digits("Sesenta y tres niños", "es") == "63 niños"
    assert briefs._as_digits("sixty-three pupils", "en") == "63 pupils"
    assert briefs._as_digits("veintitrés heridos", "es") == "23 heridos"


def test_a_where_clause_retelling_a_count_told_as_an_ordinal_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "ORDINALS", True)
    points = _final((LEDE, "en"), (SIXTH, "en"), (EMERGENCY, "es"))
    assert SIXTH in points
    assert (
        "El Gobierno declaró este jueves la emergencia sanitaria por 90 días en la provincia de "
        "Condorcanqui." in points
    )


def test_without_ordinals_the_six_children_are_told_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "ORDINALS", False)
    assert EMERGENCY in _final((LEDE, "en"), (SIXTH, "en"), (EMERGENCY, "es"))


def test_a_count_between_commas_is_offered_and_cut_with_both_commas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "COUNT_APPOSITIVE", True)
    found = [DONATED[c.start : c.end] for c in clause_rules.restating_clauses(DONATED)]
    assert ", unos 65.000 metros cúbicos," in found
    points = _final((FINE, "es"), (DONATED, "es"))
    assert FINE in points
    assert (
        "El Gobierno de Brasil anunció este lunes que la madera incautada en Pará será donada a "
        "programas de vivienda social." in points
    )


def test_a_lapse_between_commas_is_no_count_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clause_rules, "COUNT_APPOSITIVE", True)
    text = "The miners, two days later, were brought to the surface by the rescue teams."
    assert all(
        "two days" not in text[c.start : c.end] for c in clause_rules.restating_clauses(text)
    )
