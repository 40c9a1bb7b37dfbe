"""Round 48: `sentences.NOUN_PARTICIPLE_MORE`, a story's first event retold inside later key
points by a participle phrase on a noun no cut reached.

heldout48's tomb: the discovery, told by its own first lede, was retold in two later key
points ("la tumba de la sacerdotisa lambayeque descubierta en la Huaca Tres Lunas", "the tomb
of a Lambayeque priestess discovered near Túcume"); heldout47's arrests: "dos hombres
señalados de robar el relicario …". With 1 the finding participles are cut as
`PARTICIPLE_RETOLD`'s own, with 2 also an accusation's; what is left is a whole sentence."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import corpus_points

GUARD = "Peru's culture ministry on Wednesday sent 30 police officers to guard around the clock"
TUNNEL = "hacia la tumba de la sacerdotisa lambayeque, cerca de Túcume, y fue repelido"
ARRESTS = "La Policía capturó este martes a dos hombres, entre ellos un antiguo campanero"


def _more(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    monkeypatch.setattr(sentences, "NOUN_PARTICIPLE_MORE", value)
    briefs.clear_readings()


def test_the_tomb_found_is_cut_from_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    _more(monkeypatch, 1)
    points = corpus_points("heldout48", "lambayeque-tomb-discovery")
    assert f"{GUARD} the tomb of a Lambayeque priestess." in points, points
    assert [p for p in points if TUNNEL in p], points


def test_the_men_accused_of_the_theft(monkeypatch: pytest.MonkeyPatch) -> None:
    _more(monkeypatch, 1)
    points = corpus_points("heldout47", "popayan-relic-theft")
    assert not [p for p in points if p.startswith(ARRESTS)], points
    _more(monkeypatch, 2)
    points = corpus_points("heldout47", "popayan-relic-theft")
    assert [p for p in points if p.startswith(ARRESTS)], points


def test_the_phrases_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _more(monkeypatch, 2)
    sentence = f"{GUARD} the tomb of a Lambayeque priestess discovered near Túcume."
    found = sentences._participle_phrases(sentence, 0, [])
    assert [sentence[c.start : c.end] for c in found] == [" discovered near Túcume"]


def test_the_round_48_defaults() -> None:
    assert sentences.NOUN_PARTICIPLE_MORE == 1
