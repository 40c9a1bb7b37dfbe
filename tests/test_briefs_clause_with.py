"""A cut takes with it what only made sense with the clause: a participle phrase after it
that names the clause's own noun ("una camioneta [que transportaba una fuente, usada en un
medidor]", `sentences.PARTICIPLE_WITH`); and a clause told in pronouns and one verb ("…,
three days after it halted them, once …") ends at its comma and is said wherever its
referent is (`sentences.ANAPHORIC`). Each test sets the switches it is about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from monitor.judge import sentences as clause_rules
from tests.helpers import report
from tests.test_briefs_cut_heads import CAMION, TRUCK, _cuts

SUBJECT = "Ramón Vidal, who lost the vote by 300 ballots, refused to concede on Monday."
RESUMED = (
    "The agency resumed fruit inspections in the state on Friday, three days after it halted "
    "them, once the army agreed to escort its inspectors."
)
HALTED = (
    "The agency suspended fruit inspections in the state on Tuesday after two of its "
    "inspectors were threatened by armed men."
)
T0 = datetime(2028, 4, 18, 14, 0, tzinfo=UTC)


def test_the_participle_goes_with_the_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clause_rules, "PARTICIPLE_AFTER", False)
    monkeypatch.setattr(clause_rules, "PARTICIPLE_WITH", True)
    assert _cuts(CAMION) == [
        "La policía emitió una alerta por el robo de un camión, informó el organismo."
    ]
    assert _cuts(TRUCK) == ["Police issued an alert over the theft of a truck, the agency said."]


def test_on_a_subject_what_follows_is_its_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clause_rules, "PARTICIPLE_WITH", True)
    assert "Ramón Vidal refused to concede on Monday." in _cuts(SUBJECT)


def test_a_clause_in_pronouns_ends_at_its_comma(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clause_rules, "ANAPHORIC", True)
    assert _cuts(RESUMED) == [
        "The agency resumed fruit inspections in the state on Friday, once the army agreed to "
        "escort its inspectors."
    ]
    assert clause_rules.anaphoric("it halted them")
    assert clause_rules.anaphoric("la suspendieron")
    assert not clause_rules.anaphoric("the army agreed to escort them")
    assert not clause_rules.anaphoric("it halted 400 trucks")
    monkeypatch.setattr(clause_rules, "ANAPHORIC", False)
    assert _cuts(RESUMED) == ["The agency resumed fruit inspections in the state on Friday."]


def _compressed(told: str, candidate: str) -> str:
    briefs.clear_readings()
    st = briefs._story(
        [report(1, told, T0, "en"), report(2, candidate, T0 + timedelta(hours=72), "en")]
    )
    (s,) = [x for x in st.pool if x.text == candidate]
    (c,) = [x for x in st.pool if x.text == told]
    return briefs._compress(s, [c], st.space, st.centroid).text


def test_a_key_point_loses_the_pronoun_clause_and_keeps_its_news(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "ANAPHORIC", True)
    assert _compressed(HALTED, RESUMED) == (
        "The agency resumed fruit inspections in the state on Friday, once the army agreed to "
        "escort its inspectors."
    )
    monkeypatch.setattr(clause_rules, "ANAPHORIC", False)
    assert _compressed(HALTED, RESUMED) == RESUMED


def test_after_a_passive_clause_the_participle_names_the_head(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "PARTICIPLE_AFTER", False)
    monkeypatch.setattr(clause_rules, "PARTICIPLE_WITH", True)
    found = (
        "Police on Monday found the caesium source that was stolen with a pickup truck on "
        "Sunday, abandoned in a field near the town, the regulator said."
    )
    assert (
        "Police on Monday found the caesium source, abandoned in a field near the town, the "
        "regulator said." in _cuts(found)
    )


def test_after_an_appositive_the_participle_names_the_noun_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "PARTICIPLE_WITH", True)
    jailed = (
        "Un juez dictó este lunes 18 meses de prisión preventiva para el gerente de Andes "
        "Metals Trading, la empresa que intentó exportar 480 kilos de oro, acusado de lavado "
        "de activos."
    )
    assert all(kept is None or "acusado de lavado" in kept for kept in _cuts(jailed))
