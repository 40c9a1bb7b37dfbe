"""Round 29's pair switch: a participle phrase on a noun after the main verb may retell the
event the noun was in (`sentences.PARTICIPLE_RETOLD`): heldout29's "the 18th-century silver
monstrance stolen from Tupiza's main church" beside the theft's Spanish lede, "the two
million contraband cigarettes seized off Bluefields" beside the seizure's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

BURNED = (
    "Authorities burned on Sunday the two million contraband cigarettes seized off "
    "Bluefields, worth about 1.1 million dollars, at a landfill outside the town."
)
ARRESTED = (
    "Police arrested two men on Wednesday at a checkpoint near the border town of Villazón "
    "with the 18th-century silver monstrance stolen from Tupiza's main church hidden in a "
    "spare tyre, officials said."
)


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sentences, "PARTICIPLE_RETOLD", True)
    briefs.clear_readings()
    yield
    briefs.clear_readings()


@pytest.mark.usefixtures("on")
def test_a_participle_phrase_on_an_object_is_offered() -> None:
    assert (
        "Authorities burned on Sunday the two million contraband cigarettes, worth about 1.1 "
        "million dollars, at a landfill outside the town." in clause_cuts(BURNED)
    )
    assert (
        "Police arrested two men on Wednesday at a checkpoint near the border town of Villazón "
        "with the 18th-century silver monstrance hidden in a spare tyre, officials said."
        in clause_cuts(ARRESTED)
    )


@pytest.mark.usefixtures("on")
def test_not_a_verb_of_its_own_nor_on_the_subject() -> None:
    assert clause_cuts("The monstrance was stolen from the church on Monday.") == []
    assert clause_cuts("The monstrance stolen from the church was found on Monday.") == []
    assert clause_cuts("La custodia fue robada de la iglesia principal de Tupiza.") == []


@pytest.mark.usefixtures("on")
def test_the_tupiza_and_bluefields_briefs() -> None:
    tupiza = corpus_points("heldout29", "tupiza-monstrance")
    assert not any("stolen from Tupiza" in p for p in tupiza), tupiza
    bluefields = corpus_points("heldout29", "bluefields-cigarettes")
    assert any("cigarettes, worth" in p for p in bluefields), bluefields


def test_off_nothing_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "PARTICIPLE_RETOLD", False)
    assert clause_cuts(BURNED) == []


MADERA = (
    "El Gobierno de Brasil anunció este lunes que la madera incautada en Pará, unos 65.000 "
    "metros cúbicos, será donada a programas de vivienda social."
)


def test_with_the_that_subject_switch_not_on_a_reported_subject(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "PARTICIPLE_RETOLD", True)
    monkeypatch.setattr(sentences, "PARTICIPLE_THAT_SUBJECT", False)
    cut_away = "El Gobierno de Brasil anunció este lunes que la madera, unos 65.000"
    assert any(k.startswith(cut_away) for k in clause_cuts(MADERA))
    monkeypatch.setattr(sentences, "PARTICIPLE_THAT_SUBJECT", True)
    assert not any(k.startswith(cut_away) for k in clause_cuts(MADERA))
    # past the reported clause's own verb, the participle phrase is still offered
    assert (
        "Authorities burned on Sunday the two million contraband cigarettes, worth about 1.1 "
        "million dollars, at a landfill outside the town." in clause_cuts(BURNED)
    )
    said = "The mayor said that police burned the cigarettes seized off Bluefields."
    assert "The mayor said that police burned the cigarettes." in clause_cuts(said)
