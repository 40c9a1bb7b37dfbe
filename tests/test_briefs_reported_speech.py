"""What a verb of saying reports is never cut as a relative clause on the day before it:
heldout39's "El alcalde de Tayabamba, Gilberto Ruiz Paredes, dijo el lunes[ que el municipio
'no tenía fondos' …]" left "… dijo el lunes." with nothing said. A relative clause on the
verb's object is still offered."""

from __future__ import annotations

import pytest

from monitor.judge import sentences
from tests.helpers import clause_cuts, corpus_points

MAYOR = (
    'El alcalde de Tayabamba, Gilberto Ruiz Paredes, dijo el lunes que el municipio "no '
    'tenía fondos" para trasladar a las familias y que había pedido ayuda al gobierno '
    "regional."
)
PROSECUTOR = (
    "El fiscal dijo durante la audiencia del martes que el conductor había manejado 19 horas."
)


@pytest.mark.parametrize("sentence", [MAYOR, PROSECUTOR])
def test_what_was_said_is_not_cut(sentence: str) -> None:
    offered = sentences.restating_clauses(sentence)
    assert offered, "the clause is still read as a relative clause on the day"
    cuts = clause_cuts(sentence)
    assert all("que" in c for c in cuts), cuts


def test_a_relative_clause_on_the_object_is_still_cut() -> None:
    for sentence, kept in [
        (
            "El gobierno regional anunció el martes ayudas para las 310 familias que "
            "perdieron sus casas en el deslizamiento de Tayabamba.",
            "El gobierno regional anunció el martes ayudas para las 310 familias.",
        ),
        (
            "The regional government announced on Tuesday aid for the 310 families who lost "
            "their homes in the Tayabamba landslide.",
            "The regional government announced on Tuesday aid for the 310 families.",
        ),
    ]:
        assert kept in clause_cuts(sentence)


def test_the_mayor_key_point_says_what_he_said() -> None:
    points = corpus_points("heldout39", "tayabamba-landslide")
    mayor = [p for p in points if "Gilberto Ruiz Paredes" in p]
    assert mayor, points
    for p in mayor:
        assert "no tenía fondos" in p, p
