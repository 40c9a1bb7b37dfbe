"""A cut must leave every noun the verb it needs: the object of a causative or perception
verb ("let the families [who …] stay") keeps the verb a relative clause ran over
(`sentences.CAUSATIVE_HEAD`), and a participle after the clause ("a truck [that carried a
source], used in a gauge") keeps the noun it names (`sentences.PARTICIPLE_AFTER`). An act
told as announced and as made ("apelará", "apeló") is read as one verb (`briefs.ONE_VERB`).
Each test sets the switches it is about."""

from __future__ import annotations

import pytest

from monitor.judge import briefs
from monitor.judge import sentences as clause_rules

LET = (
    "The council will let the families who lost their homes in the flood stay at a sports "
    "hall near the river from Friday, the mayor said on Sunday."
)
DEJAR = (
    "La alcaldía dejará que los vecinos que perdieron sus casas en el alud duerman en un "
    "coliseo desde el viernes, anunció el alcalde."
)
TRUCK = (
    "Police issued an alert over the theft of a truck that carried a radioactive source, used "
    "in an industrial gauge, the agency said."
)
CAMION = (
    "La policía emitió una alerta por el robo de un camión que llevaba una fuente radiactiva, "
    "usada en un medidor industrial, informó el organismo."
)
SUBJECT = (
    "The families who lost their homes in the flood will stay at a sports hall, the mayor said."
)


def _cuts(text: str) -> list[str | None]:
    return [clause_rules.cut(text, c) for c in clause_rules.restating_clauses(text)]


def test_the_object_of_let_keeps_the_verb_the_clause_ran_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "CAUSATIVE_HEAD", True)
    assert _cuts(LET)  # the clause is offered, and refused as a cut
    assert all(kept is None or " stay " in kept for kept in _cuts(LET))


def test_without_the_check_let_loses_its_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clause_rules, "CAUSATIVE_HEAD", False)
    assert "The council will let the families, the mayor said on Sunday." in _cuts(LET)


def test_a_clause_ending_at_the_verb_it_ran_into_is_still_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "CAUSATIVE_HEAD", True)
    assert _cuts(DEJAR) == [
        "La alcaldía dejará que los vecinos duerman en un coliseo desde el viernes, anunció el "
        "alcalde."
    ]
    # and a clause on a subject, not the object of a causative verb, as before
    assert _cuts(SUBJECT) == ["The families will stay at a sports hall, the mayor said."]


def test_a_participle_after_the_clause_keeps_its_noun(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clause_rules, "PARTICIPLE_AFTER", True)
    monkeypatch.setattr(clause_rules, "PARTICIPLE_WITH", False)
    assert _cuts(TRUCK) == [None]
    assert _cuts(CAMION) == [None]


def test_without_the_check_the_participle_names_the_wrong_noun(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "PARTICIPLE_AFTER", False)
    monkeypatch.setattr(clause_rules, "PARTICIPLE_WITH", False)
    assert _cuts(CAMION) == [
        "La policía emitió una alerta por el robo de un camión, usada en un medidor industrial, "
        "informó el organismo."
    ]


def test_an_act_announced_and_made_is_one_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    announced = "La empresa apelará la multa."
    made = "La empresa apeló la multa."
    monkeypatch.setattr(briefs, "ONE_VERB", True)
    assert briefs._terms(announced, set()) == briefs._terms(made, set())
    assert briefs._terms("Los vecinos recurrirán.", set()) == briefs._terms(
        "Los vecinos recurrieron.", set()
    )
    # a name or a noun with an accent on its end is no verb
    assert briefs._one_verb("Perú y el sofá") == "Perú y el sofá"
    monkeypatch.setattr(briefs, "ONE_VERB", False)
    assert briefs._terms(announced, set()) != briefs._terms(made, set())
