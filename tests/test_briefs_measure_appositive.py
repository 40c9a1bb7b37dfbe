"""Round 50: `sentences.MEASURE_APPOSITIVE`, a closing appositive summing up the clause
before it ("…, una medida con la que espera acortar en una semana la fila de 34 naves")
that retells a story's first event on its way to what the measure is for.

heldout50's port: the first lede tells of 34 ships waiting off San Antonio; the ministry's
lede retells them in its appositive, so the two key points repeat the queue. With 1 the
appositive is read as a trailing clause, cut only where another key point tells it."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences

MINISTRY = (
    "El Ministerio de Transportes autorizó este martes que los barcos que esperan frente a San "
    "Antonio descarguen en Valparaíso"
)
APPOSITIVE = ", una medida con la que espera acortar en una semana la fila de 34 naves."


def _set(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    monkeypatch.setattr(sentences, "MEASURE_APPOSITIVE", value)
    briefs.clear_readings()


def test_the_measure_is_a_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = f"{MINISTRY}{APPOSITIVE}"
    _set(monkeypatch, 0)
    assert [sentences.cut(sentence, c) for c in sentences.restating_clauses(sentence)] == []
    _set(monkeypatch, 1)
    cut = [sentences.cut(sentence, c) for c in sentences.restating_clauses(sentence)]
    assert cut == [f"{MINISTRY}."], cut


def test_an_english_move(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, 1)
    sentence = (
        "The ministry let ships waiting off San Antonio unload in Valparaíso, a move meant "
        "to shorten the queue of 34 ships by a week."
    )
    found = sentences.restating_clauses(sentence)
    assert [sentences.cut(sentence, c) for c in found] == [
        "The ministry let ships waiting off San Antonio unload in Valparaíso."
    ]


def test_too_short_a_head_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, 1)
    sentence = "Lo aprobaron, una medida que espera acortar la fila de 34 naves."
    assert sentences.restating_clauses(sentence) == []


def test_the_round_50_defaults() -> None:
    assert sentences.MEASURE_APPOSITIVE == 1
