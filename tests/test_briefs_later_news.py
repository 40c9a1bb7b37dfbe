"""Round 37: a later development that retells the story's first event is news beside the key
point that tells that event when it gives a state that key point does not, on a later date
(`briefs.NEWS_STATE`): heldout37's "Crude oil from Monday's pipeline rupture near Coca
reached the Peruvian border … on Wednesday, and Peru declared an environmental emergency …"
was passed over as the spill's repeat because both name Monday. A clause between commas
before a plural Spanish attribution ("…, donde 17 personas resultaron heridas …, informaron
los fiscales del caso.") may be cut as one before "informó" is (`sentences.PLURAL_SAYS`). A
trailing "whose" clause with a name between commas on its noun ("…, cuya capital, Chiquián,
fue golpeada el lunes por un sismo …") is offered whole (`sentences.WHOSE_NAMED`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points, key_point

START = datetime(2033, 9, 5, 12, tzinfo=UTC)  # a Monday
SPILL = (
    "A ruptured pipeline spilled about 6,000 barrels of crude oil into the Napo river near the "
    "city of Coca on Monday, Ecuador's environment ministry said."
)
BORDER = (
    "Crude oil from Monday's pipeline rupture near Coca reached the Peruvian border at Nuevo "
    "Rocafuerte on Wednesday, and Peru declared an environmental emergency along its stretch "
    "of the Napo river."
)
FINED = (
    "Ecuador fined the operator of the pipeline that spilled about 6,000 barrels of crude "
    "oil into the Napo river on Monday 45 million dollars on Wednesday."
)
CINEMA = (
    "La fiscalía imputó este jueves por lesiones culposas al dueño del Cine Mitre, donde 17 "
    "personas resultaron heridas por la caída del techo, informaron los fiscales del caso."
)
BOLOGNESI = (
    "El gobierno peruano declaró este jueves el estado de emergencia por 60 días en la "
    "provincia de Bolognesi, cuya capital, Chiquián, fue golpeada el lunes por un sismo de "
    "magnitud 6,1."
)


def _pair(later: str) -> tuple[briefs._Sentence, briefs._Sentence]:
    first = key_point(1, SPILL, "en", START)
    return key_point(2, later, "en", START + timedelta(days=2)), first


@pytest.mark.parametrize("level", [1, 2])
def test_a_later_state_sharing_a_date_is_news(monkeypatch: pytest.MonkeyPatch, level: int) -> None:
    monkeypatch.setattr(briefs, "NEWS_STATE", level)
    assert briefs._news(*_pair(BORDER))


def test_without_the_switch_a_shared_date_is_no_news(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "NEWS_STATE", 0)
    assert not briefs._news(*_pair(BORDER))


def test_a_shared_count_is_news_only_with_2(monkeypatch: pytest.MonkeyPatch) -> None:
    # "…the pipeline that spilled about 6,000 barrels …" retells the spill's count
    monkeypatch.setattr(briefs, "NEWS_STATE", 1)
    assert not briefs._news(*_pair(FINED))
    monkeypatch.setattr(briefs, "NEWS_STATE", 2)
    assert briefs._news(*_pair(FINED))


def test_the_napo_brief_tells_the_spill_reaching_peru(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "NEWS_STATE", 0)
    assert not any("Peruvian border" in p for p in corpus_points("heldout37", "napo-oil-spill"))
    monkeypatch.setattr(briefs, "NEWS_STATE", 1)
    assert any("Peruvian border" in p for p in corpus_points("heldout37", "napo-oil-spill"))


def test_a_clause_before_a_plural_attribution_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = (
        "La fiscalía imputó este jueves por lesiones culposas al dueño del Cine Mitre, "
        "informaron los fiscales del caso."
    )
    monkeypatch.setattr(sentences, "PLURAL_SAYS", False)
    assert kept not in clause_cuts(CINEMA)
    monkeypatch.setattr(sentences, "PLURAL_SAYS", True)
    assert kept in clause_cuts(CINEMA)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            BOLOGNESI,
            "El gobierno peruano declaró este jueves el estado de emergencia por 60 días en la "
            "provincia de Bolognesi.",
        ),
        (
            "The army sent 300 soldiers to Bolognesi province, whose capital, Chiquián, was "
            "hit by the earthquake on Monday.",
            "The army sent 300 soldiers to Bolognesi province.",
        ),
    ],
)
def test_a_whose_clause_with_a_name_is_offered_whole(
    monkeypatch: pytest.MonkeyPatch, sentence: str, kept: str
) -> None:
    monkeypatch.setattr(sentences, "WHOSE_NAMED", False)
    assert kept not in clause_cuts(sentence)
    monkeypatch.setattr(sentences, "WHOSE_NAMED", True)
    assert kept in clause_cuts(sentence)


def test_a_whose_clause_without_a_name_is_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    # "cuya capital, que …, fue": no name between the commas, nothing new offered
    sentence = (
        "El gobierno declaró el estado de emergencia en la provincia de Bolognesi, cuya "
        "capital, que tiene 3.000 habitantes, fue golpeada el lunes por un sismo."
    )
    monkeypatch.setattr(sentences, "WHOSE_NAMED", False)
    before = clause_cuts(sentence)
    monkeypatch.setattr(sentences, "WHOSE_NAMED", True)
    assert clause_cuts(sentence) == before


def test_the_round_37_pick_is_the_default() -> None:
    # GRID37's rule picked NEWS_STATE 1; the rows with PLURAL_SAYS fail an existing test
    # (UNPICKABLE37)
    assert briefs.NEWS_STATE == 1
    assert not sentences.PLURAL_SAYS
    assert not sentences.WHOSE_NAMED
