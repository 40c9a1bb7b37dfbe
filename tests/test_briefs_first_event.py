"""Round 38: a later report's key point retells the story's first event in a time phrase
or a relative clause that no cut reached (heldout38). A trailing time noun opening a
clause ("… on the night thieves took five paintings …", "… la noche en que …") is a
lead-in clause like "after …" (`sentences.NIGHT_CLAUSE`); "had been" before it is an
auxiliary, not a causative wanting a verb (`sentences.CAUSATIVE_AUX`); a relative clause
on a named thing running to a closing attribution over a region between commas is offered
("… del tren de carga que el jueves derramó ácido sulfúrico en Villagrán, Guanajuato,
según el informe …", `sentences.RELATIVE_SAYS`); and a lead-in clause whose parts two key
points tell, with an earlier tally of its count, is cut (`briefs.LEAD_UNION`,
`briefs.LEAD_NEAR`)."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

ALARM = (
    "The alarm system at the Casa Brunner museum in Valparaíso had been switched off for "
    "maintenance on the night thieves took five paintings by Tomás Arancibia Reyes, the "
    "museum's director said on Saturday."
)
ALARM_KEPT = (
    "The alarm system at the Casa Brunner museum in Valparaíso had been switched off for "
    "maintenance, the museum's director said on Saturday."
)
GUARDS = (
    "Los vecinos del barrio Puerto Manzano denunciaron este martes que no había bomberos en "
    "la zona la noche en que el fuego destruyó 23 viviendas."
)
GUARDS_KEPT = (
    "Los vecinos del barrio Puerto Manzano denunciaron este martes que no había bomberos en "
    "la zona."
)
TRAIN = (
    "Un riel fracturado provocó el descarrilamiento del tren de carga que el jueves derramó "
    "ácido sulfúrico en Villagrán, Guanajuato, según el informe preliminar publicado este "
    "domingo."
)
TRAIN_KEPT = (
    "Un riel fracturado provocó el descarrilamiento del tren de carga, según el informe "
    "preliminar publicado este domingo."
)


def test_a_night_clause_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "NIGHT_CLAUSE", False)
    assert GUARDS_KEPT not in clause_cuts(GUARDS)
    monkeypatch.setattr(sentences, "NIGHT_CLAUSE", True)
    assert GUARDS_KEPT in clause_cuts(GUARDS)


def test_a_time_noun_without_a_clause_is_not_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = (
        "Voters in the northern provinces queued for hours outside the schools on the day of "
        "the vote, the electoral council said."
    )
    monkeypatch.setattr(sentences, "NIGHT_CLAUSE", True)
    assert clause_cuts(sentence) == []


def test_had_been_is_no_causative(monkeypatch: pytest.MonkeyPatch) -> None:
    # the night clause is offered either way; "had … for maintenance" refused its cut
    monkeypatch.setattr(sentences, "NIGHT_CLAUSE", True)
    monkeypatch.setattr(sentences, "CAUSATIVE_AUX", False)
    assert ALARM_KEPT not in clause_cuts(ALARM)
    monkeypatch.setattr(sentences, "CAUSATIVE_AUX", True)
    assert ALARM_KEPT in clause_cuts(ALARM)


def test_a_causative_have_still_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    # "had the families" wants the verb that was cut: refused with the switch too
    sentence = (
        "The new ruling had the families that lost their homes in the flood in March, the "
        "mayor said on Tuesday."
    )
    monkeypatch.setattr(sentences, "CAUSATIVE_HEAD", False)
    assert "The new ruling had the families, the mayor said on Tuesday." in clause_cuts(sentence)
    monkeypatch.setattr(sentences, "CAUSATIVE_HEAD", True)
    monkeypatch.setattr(sentences, "CAUSATIVE_AUX", True)
    assert clause_cuts(sentence) == []


def test_a_relative_clause_up_to_an_attribution_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "RELATIVE_SAYS", False)
    assert TRAIN_KEPT not in clause_cuts(TRAIN)
    monkeypatch.setattr(sentences, "RELATIVE_SAYS", True)
    assert TRAIN_KEPT in clause_cuts(TRAIN)


def test_a_relative_clause_with_a_comma_of_its_own_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = (
        "Un riel fracturado provocó el descarrilamiento del tren de carga que el jueves "
        "derramó ácido, que contaminó el canal, según el informe preliminar publicado."
    )
    monkeypatch.setattr(sentences, "RELATIVE_SAYS", False)
    before = clause_cuts(sentence)
    monkeypatch.setattr(sentences, "RELATIVE_SAYS", True)
    assert clause_cuts(sentence) == before


def test_a_count_near_another_is_said() -> None:
    assert briefs._near_said("num:186", {"num:180", "ent:paute"}, 0.05)
    assert not briefs._near_said("num:186", {"num:150"}, 0.05)
    assert not briefs._near_said("num:186", {"ent:paute"}, 0.05)


def test_the_paute_brief_does_not_retell_the_wedding(monkeypatch: pytest.MonkeyPatch) -> None:
    # "tres días después de la fiesta en la que enfermaron 186 invitados y tras la que murió
    # una mujer de 67 años": the guests ("more than 180") and the death are key points
    story = ("heldout38", "paute-wedding-poisoning")
    monkeypatch.setattr(briefs, "LEAD_UNION", False)
    monkeypatch.setattr(briefs, "LEAD_NEAR", 0.0)
    assert any("fiesta en la que" in p for p in corpus_points(*story))
    monkeypatch.setattr(briefs, "LEAD_UNION", True)
    monkeypatch.setattr(briefs, "LEAD_NEAR", 0.05)
    points = corpus_points(*story)
    assert not any("fiesta en la que" in p for p in points)
    assert any("More than 180 guests" in p for p in points)
    assert any("Una mujer de 67 años murió" in p for p in points)


def test_the_valparaiso_brief_tells_the_theft_once_less(monkeypatch: pytest.MonkeyPatch) -> None:
    story = ("heldout38", "valparaiso-museum-theft")
    monkeypatch.setattr(sentences, "NIGHT_CLAUSE", False)
    monkeypatch.setattr(sentences, "CAUSATIVE_AUX", False)
    assert any("on the night thieves took" in p for p in corpus_points(*story))
    monkeypatch.setattr(sentences, "NIGHT_CLAUSE", True)
    monkeypatch.setattr(sentences, "CAUSATIVE_AUX", True)
    points = corpus_points(*story)
    assert not any("on the night thieves took" in p for p in points)
    assert any(p.startswith(ALARM_KEPT) for p in points)


def test_the_villagran_brief_tells_the_spill_once(monkeypatch: pytest.MonkeyPatch) -> None:
    story = ("heldout38", "villagran-derailment")
    monkeypatch.setattr(sentences, "RELATIVE_SAYS", False)
    assert any("que el jueves derramó" in p for p in corpus_points(*story))
    monkeypatch.setattr(sentences, "RELATIVE_SAYS", True)
    points = corpus_points(*story)
    assert not any("que el jueves derramó" in p for p in points)
    assert any(p.startswith("Un riel fracturado provocó el descarrilamiento") for p in points)


def test_the_round_38_pick_is_the_default() -> None:
    # GRID38's rule picked the night clause with the auxiliary "had been"; the rows with
    # RELATIVE_SAYS fail an existing test (UNPICKABLE38)
    assert sentences.NIGHT_CLAUSE
    assert sentences.CAUSATIVE_AUX
    assert not sentences.RELATIVE_SAYS
    assert not briefs.LEAD_UNION
    assert briefs.LEAD_NEAR == 0.0
