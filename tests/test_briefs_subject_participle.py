"""Round 36: a past participle phrase between commas on the verbless subject, followed by
its verb, is a clause that may retell (`sentences.SUBJECT_PARTICIPLE`): heldout36's
"La defensa del fundador …, condenado el lunes … por estafar a 2.100 familias, anunció" and
heldout35's "… el puente Arazá, cerrado el lunes por una grieta …, deben" retold other key
points' news. A subject appositive offered beside the clauses opened inside it, not instead
of them (`sentences.APPOSITIVE_BESIDE`, with `SUBJECT_APPOSITIVE`), leaves those clauses'
own cuts offered ("Bolivia, que declaró … por los incendios[ que …], recibirá"). An
appositive after a name at the sentence's end, holding a verb or participle
(`sentences.NAME_APPOSITIVE`): heldout36's "…, the company whose plane sprayed a banned
insecticide …" retold the spraying."""

from __future__ import annotations

import pytest

from monitor.judge import sentences
from tests.helpers import clause_cuts

FOUNDER = (
    "La defensa del fundador de la cooperativa Techo del Cachapoal, condenado el lunes a nueve "
    "años de cárcel por estafar a 2.100 familias, anunció este miércoles que recurrirá a la "
    "Corte Suprema para pedir la nulidad del juicio."
)
BRIDGE = (
    "Los 25.000 vehículos que cruzaban cada día el puente Arazá, cerrado el lunes por una "
    "grieta en uno de sus pilares, deben ahora dar un rodeo de unos 40 minutos por la ruta 11."
)
BOLIVIA = (
    "Bolivia, que declaró la emergencia nacional el martes por los incendios que han "
    "consumido 412.000 hectáreas, recibirá esta semana dos aviones cisterna de Brasil y Chile."
)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            FOUNDER,
            "La defensa del fundador de la cooperativa Techo del Cachapoal anunció este "
            "miércoles que recurrirá a la Corte Suprema para pedir la nulidad del juicio.",
        ),
        (
            BRIDGE,
            "Los 25.000 vehículos que cruzaban cada día el puente Arazá deben ahora dar un "
            "rodeo de unos 40 minutos por la ruta 11.",
        ),
        (
            "Police, alerted by neighbours, arrested two men on Monday.",
            "Police arrested two men on Monday.",
        ),
    ],
)
def test_a_participle_on_the_subject_is_offered(
    monkeypatch: pytest.MonkeyPatch, sentence: str, kept: str
) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_PARTICIPLE", True)
    assert kept in clause_cuts(sentence)


def test_off_no_participle_on_the_subject_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_PARTICIPLE", False)
    assert not any(
        k.startswith("La defensa del fundador de la cooperativa Techo del Cachapoal anunció")
        for k in clause_cuts(FOUNDER)
    )


def test_a_participle_after_the_verb_is_not_a_subject_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_PARTICIPLE", True)
    # the verb comes before the commas: no subject to rejoin
    sentence = "Police arrested two men, alerted by neighbours, on Monday near the port."
    assert "Police arrested two men on Monday near the port." not in clause_cuts(sentence)


def test_the_appositive_beside_its_inner_clauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_APPOSITIVE", True)
    monkeypatch.setattr(sentences, "APPOSITIVE_BESIDE", True)
    cuts = clause_cuts(BOLIVIA)
    assert (
        "Bolivia, que declaró la emergencia nacional el martes por los incendios, recibirá "
        "esta semana dos aviones cisterna de Brasil y Chile."
    ) in cuts
    assert "Bolivia recibirá esta semana dos aviones cisterna de Brasil y Chile." in cuts
    monkeypatch.setattr(sentences, "APPOSITIVE_BESIDE", False)
    assert (
        "Bolivia, que declaró la emergencia nacional el martes por los incendios, recibirá "
        "esta semana dos aviones cisterna de Brasil y Chile."
    ) not in clause_cuts(BOLIVIA)


EVORA = (
    "Sinaloa's agriculture department revoked on Thursday the licence of Fumigaciones Aéreas "
    "del Évora, the company whose plane sprayed a banned insecticide next to a primary school "
    "in Guasave on Monday and sickened 64 pupils."
)


def test_an_appositive_after_a_name_at_the_end_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "NAME_APPOSITIVE", True)
    kept = (
        "Sinaloa's agriculture department revoked on Thursday the licence of Fumigaciones "
        "Aéreas del Évora."
    )
    assert kept in clause_cuts(EVORA)
    monkeypatch.setattr(sentences, "NAME_APPOSITIVE", False)
    assert kept not in clause_cuts(EVORA)


def test_an_appositive_that_only_names_is_not_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "NAME_APPOSITIVE", True)
    sentence = "Mexico's president on Monday named as his envoy Esteban Mora, the finance minister."
    assert "Mexico's president on Monday named as his envoy Esteban Mora." not in clause_cuts(
        sentence
    )


def test_the_round_36_pick_is_the_default() -> None:
    # GRID36's rule picked the subject participle; the rows with the name appositive fail
    # existing tests (UNPICKABLE36)
    assert sentences.SUBJECT_PARTICIPLE
    assert not sentences.NAME_APPOSITIVE
    assert not sentences.APPOSITIVE_BESIDE
