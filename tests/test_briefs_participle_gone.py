"""Round 50: `sentences.PARTICIPLE_GONE`, a story's first event, a loss, retold inside a
later key point by a participle of disappearance on a noun; and `NOUN_PARTICIPLE_MORE` 3,
an accusation's phrase that does not end at a noun after an article.

heldout50's ticket: the first lede tells that the winning ticket disappeared from the bar's
safe; the arrest's lede retells it ("con el billete ganador del Sorteo de Verano
desaparecido del bar La Marea de Sanlúcar"), so the two key points repeat the loss. With 1
the phrase is cut as `PARTICIPLE_RETOLD`'s own; what is left is a whole sentence."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import corpus_points

ARREST = (
    "Un hombre de 44 años se presentó este miércoles en una oficina bancaria de Jerez de la "
    "Frontera con el billete ganador del Sorteo de Verano"
)
SUSPECT = (
    "La policía de Neuquén detuvo este domingo a un hombre de 38 años acusado de haber "
    "iniciado el incendio forestal de Villa La Angostura al hacer un asado en una zona donde "
    "el fuego estaba prohibido, informó el fiscal Maximiliano Ferrando."
)


def _set(monkeypatch: pytest.MonkeyPatch, name: str, value: int) -> None:
    monkeypatch.setattr(sentences, name, value)
    briefs.clear_readings()


def test_the_ticket_gone_is_cut_from_the_arrest(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, "PARTICIPLE_GONE", 1)
    points = corpus_points("heldout50", "sanlucar-lottery-ticket")
    arrest = [p for p in points if p.startswith(ARREST)]
    assert arrest, points
    assert "desaparecido" not in arrest[0], arrest
    assert arrest[0].startswith(f"{ARREST}, y fue detenido por la Guardia Civil"), arrest


def test_the_phrases_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, "PARTICIPLE_GONE", 1)
    sentence = "Police arrested a man who tried to cash the ticket missing from the bar's safe."
    found = sentences._participle_phrases(sentence, 0, [])
    assert [sentence[c.start : c.end] for c in found] == [" missing from the bar's safe"]
    # on the subject, it is the main verb: no phrase
    sentence = "The winning ticket disappeared from the safe of the bar on Sunday night."
    assert sentences._participle_phrases(sentence, 0, []) == []


def test_an_accusation_does_not_end_at_a_noun(monkeypatch: pytest.MonkeyPatch) -> None:
    # with 2 "asado en" was read as the next participle's place: "… 38 años asado en …"
    _set(monkeypatch, "NOUN_PARTICIPLE_MORE", 2)
    cut = [sentences.cut(SUSPECT, c) for c in sentences._participle_phrases(SUSPECT, 0, [])]
    assert any(c is not None and "años asado" in c for c in cut), cut
    _set(monkeypatch, "NOUN_PARTICIPLE_MORE", 3)
    cut = [sentences.cut(SUSPECT, c) for c in sentences._participle_phrases(SUSPECT, 0, [])]
    assert not any(c is not None and "años asado" in c for c in cut), cut
    # an accusation still read, up to the comma
    sentence = "Police in Popayán arrested two men accused of stealing the relic, prosecutors said."
    cut = [sentences.cut(sentence, c) for c in sentences._participle_phrases(sentence, 0, [])]
    assert cut == ["Police in Popayán arrested two men, prosecutors said."], cut


def test_the_round_50_defaults() -> None:
    assert sentences.PARTICIPLE_GONE == 0
    assert sentences.NOUN_PARTICIPLE_MORE == 1
