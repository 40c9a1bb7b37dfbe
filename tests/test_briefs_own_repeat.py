"""A candidate whose main clause is news and whose clause retells a chosen key point's
event is judged a repeat on its main clause only (`briefs.OWN_REPEAT`): 1 keeps it whole,
2 takes it without the clause where a cut reads well and else passes it over. Each test
sets the switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from tests.helpers import report

T0 = datetime(2029, 1, 8, 15, 0, tzinfo=UTC)
LEAK = (
    "A gas leak from a boiler at the Cerro Alegre primary school in Valparaíso sickened 48 "
    "pupils and three teachers on Monday, the regional health office said."
)
# news in the main clause, the leak retold in a clause no cut can take out ("…, y prohibió")
CLOSED = (
    "La Superintendencia de Combustibles clausuró la escuela de Cerro Alegre, donde una fuga "
    "de gas de una caldera intoxicó el lunes a 48 alumnos y tres profesores, y prohibió usar "
    "la caldera hasta que sea reemplazada."
)
# the leak retold with a count of its own (so no key point says the clause), which a cut takes
BANNED = (
    "La Superintendencia de Combustibles prohibió el jueves usar la caldera de la escuela de "
    "Cerro Alegre, donde una fuga de gas intoxicó el lunes a 48 alumnos y a 12 vecinos."
)
# a real repeat: its main clause retells the leak's count
STILL = (
    "Seis de los 48 alumnos intoxicados el lunes por una fuga de gas en la escuela de Cerro "
    "Alegre siguen hospitalizados, informó el ministerio de Salud."
)


def _chosen_after_leak(candidate: str) -> list[str]:
    briefs.clear_readings()
    st = briefs._story(
        [report(1, LEAK, T0, "en"), report(2, candidate, T0 + timedelta(hours=20), "es")]
    )
    (s,) = [x for x in st.pool if x.text == candidate]
    (leak,) = [x for x in st.pool if x.text == LEAK]
    return [x.text for x in briefs._select([s], 1, st.space, st.centroid, avoid=[leak])]


def test_a_clause_retelling_the_key_point_no_longer_makes_the_news_a_repeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_REPEAT", 1)
    assert _chosen_after_leak(CLOSED) == [CLOSED]
    assert _chosen_after_leak(BANNED) == [BANNED]


def test_taken_without_the_clause_where_a_cut_reads_well(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_REPEAT", 2)
    assert _chosen_after_leak(BANNED) == [
        "La Superintendencia de Combustibles prohibió el jueves usar la caldera de la escuela "
        "de Cerro Alegre."
    ]
    # kept whole, its clause would stay beside the key point it retells
    assert _chosen_after_leak(CLOSED) == []


def test_without_the_switch_the_whole_sentence_is_a_repeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_REPEAT", 0)
    assert _chosen_after_leak(CLOSED) == []
    assert _chosen_after_leak(BANNED) == []


def test_a_main_clause_that_retells_stays_a_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in (0, 1, 2):
        monkeypatch.setattr(briefs, "OWN_REPEAT", setting)
        assert _chosen_after_leak(STILL) == []


def test_which_check_passes_a_sentence_over() -> None:
    st = briefs._story(
        [report(1, LEAK, T0, "en"), report(2, CLOSED, T0 + timedelta(hours=20), "es")]
    )
    (s,) = [x for x in st.pool if x.text == CLOSED]
    (leak,) = [x for x in st.pool if x.text == LEAK]
    assert briefs.passed_over(s, [leak], set(), st.space) == "same_thing"
    judged = briefs._bare(s, st.space, st.centroid, judged=True)
    assert judged is not None and "48" not in judged.text
    assert briefs.passed_over(judged, [leak], set(), st.space) == ""
    assert briefs._bare(s, st.space, st.centroid) is None  # no cut of it reads well
