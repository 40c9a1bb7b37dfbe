"""Across languages, a clause or a sentence retelling a fact in other words: news words and
their translations (`monitor/judge/news_words.txt`) read as one stem when judging whether it
is said (`LEXICON` for clauses, `LEXICON_SAME` for two sentences), and a relative clause on
the subject of reported speech offered as a cut (`sentences.REPORTED_SUBJECT`). Each test
sets the switches it is about; different facts in two languages stay apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from monitor.judge import sentences as clause_rules
from monitor.judge.briefs import Report
from tests.helpers import finished_points, report

T0 = datetime(2027, 12, 10, 12, 0, tzinfo=UTC)

SINKHOLE = (
    "The sinkhole that swallowed three homes in Guatemala City on Monday was caused by a sewer "
    "main that collapsed after weeks of heavy rain, the water utility said."
)
WIDER = (
    "El agujero, que se formó por el colapso de un colector de aguas negras, ya mide 40 metros "
    "de ancho, según la Conred."
)
HOLD = (
    "The navy said the fire started in a hold carrying lithium batteries and that 22 other "
    "sailors were evacuated."
)
CONTAINERS = (
    "La Armada dijo que el fuego, que comenzó en una bodega cargada con baterías de litio, "
    "había destruido unos 180 contenedores."
)
TOWED = (
    "El barco, que dejó a un marinero muerto en el puerto, fue remolcado este sábado a alta mar."
)


def _report(rid: int, text: str, lang: str) -> Report:
    return report(rid, text, T0 + timedelta(days=rid), lang)


def _final(*texts: tuple[str, str]) -> list[str]:
    return finished_points(texts, T0)


def _pair(a: tuple[str, str], b: tuple[str, str]) -> bool:
    briefs.clear_readings()
    st = briefs._story([_report(1, *a), _report(2, *b)])
    pool = {s.text: s for s in st.pool}
    return briefs.same_thing(pool[a[0]], pool[b[0]])


def test_the_lexicon_is_package_data_read_as_stems() -> None:
    lexicon = briefs._lexicon()
    assert lexicon["fuego"] & lexicon["fire"]
    assert lexicon["colap"] & lexicon["colla"]
    assert not lexicon["fuego"] & lexicon["muert"]


def test_a_clause_retold_in_other_words_in_the_other_language_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEXICON", 1)
    points = _final((SINKHOLE, "en"), (WIDER, "es"))
    assert SINKHOLE in points
    assert "El agujero ya mide 40 metros de ancho, según la Conred." in points


def test_without_the_lexicon_the_translated_clause_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEXICON", 0)
    assert WIDER in _final((SINKHOLE, "en"), (WIDER, "es"))


def test_a_clause_telling_another_fact_in_the_other_language_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEXICON", 2)
    monkeypatch.setattr(clause_rules, "REPORTED_SUBJECT", True)
    # the fire and the navy are told in both, the dead sailor only in Spanish
    assert TOWED in _final((HOLD, "en"), (TOWED, "es"))


def test_a_clause_on_the_subject_of_reported_speech_may_be_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "REPORTED_SUBJECT", True)
    clause = clause_rules.restating_clauses(CONTAINERS)[0]
    assert clause_rules.cut(CONTAINERS, clause) == (
        "La Armada dijo que el fuego había destruido unos 180 contenedores."
    )
    english = "Officials said that the blaze, which started in a kitchen, had destroyed 40 homes."
    clause = clause_rules.restating_clauses(english)[0]
    kept = clause_rules.cut(english, clause)
    assert kept == "Officials said that the blaze had destroyed 40 homes."


def test_a_subject_with_a_verb_of_its_own_keeps_the_clause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clause_rules, "REPORTED_SUBJECT", True)
    text = "La Armada dijo que el fuego destruyó el barco, que comenzó en una bodega, y se apagó."
    clause = clause_rules.restating_clauses(text)[0]
    assert clause_rules.cut(text, clause) is None


def test_the_fire_told_in_both_languages_is_cut_from_the_spanish_key_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEXICON", 1)
    monkeypatch.setattr(clause_rules, "REPORTED_SUBJECT", True)
    points = _final((HOLD, "en"), (CONTAINERS, "es"))
    assert "La Armada dijo que el fuego había destruido unos 180 contenedores." in points
    monkeypatch.setattr(briefs, "LEXICON", 0)
    assert CONTAINERS in _final((HOLD, "en"), (CONTAINERS, "es"))


def test_one_fact_in_two_languages_in_other_words_is_the_same_thing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    english = ("The fire started in a hold carrying lithium batteries.", "en")
    spanish = ("El fuego comenzó en una bodega cargada con baterías de litio.", "es")
    monkeypatch.setattr(briefs, "LEXICON_SAME", False)
    assert not _pair(english, spanish)
    monkeypatch.setattr(briefs, "LEXICON_SAME", True)
    assert _pair(english, spanish)


def test_two_facts_sharing_a_word_across_languages_are_not_the_same_thing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEXICON_SAME", True)
    english = ("The fire started in a hold carrying lithium batteries.", "en")
    assert not _pair(english, ("Un marinero murió en el fuego del puerto.", "es"))


def test_a_translated_clause_giving_a_count_no_other_point_gives_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEXICON", 1)
    monkeypatch.setattr(briefs, "ORDINALS", False)
    lede = (
        "Five children have died of rabies transmitted by vampire bats in an indigenous "
        "community in Peru's Condorcanqui province, the health ministry said on Sunday."
    )
    emergency = (
        "El Gobierno declaró este jueves la emergencia sanitaria por 90 días en la provincia de "
        "Condorcanqui, donde seis niños murieron por rabia transmitida por murciélagos."
    )
    # the children who died are told in English, but six of them only here
    assert emergency in _final((lede, "en"), (emergency, "es"))
