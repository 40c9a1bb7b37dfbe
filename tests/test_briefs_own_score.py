"""A later report's lede, cut of the clause that retells a chosen key point's event, keeps
the weight of its whole sentence (`briefs.OWN_SCORE`) instead of ranking below background
the report adds after it; and a first sentence weighs `briefs.LEDE` more. Each test sets
the switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from tests.helpers import report

T0 = datetime(2029, 3, 5, 14, 0, tzinfo=UTC)
BURIED = (
    "Una avalancha sepultó el lunes a nueve esquiadores que bajaban fuera de pista en el "
    "centro de esquí Valle Nevado; los rescatistas sacaron con vida a seis y tres murieron, "
    "informó Carabineros."
)
# news in the main clause, the avalanche retold in an "after" clause the key point says
CLOSED = (
    "Valle Nevado closed its off-piste areas for the rest of the season on Wednesday, two "
    "days after an avalanche buried nine skiers there and killed three of them, the resort's "
    "operator said."
)
FUNERALS = "The operator said it would pay for the funerals."


def _next_after_buried() -> list[str]:
    briefs.clear_readings()
    st = briefs._story(
        [
            report(1, BURIED + "\n\nEl rescate duró cuatro horas.", T0, "es"),
            report(2, CLOSED + "\n\n" + FUNERALS, T0 + timedelta(days=2), "en"),
        ]
    )
    (first,) = [s for s in st.pool if s.text == BURIED]
    rest = [s for s in st.pool if s is not first]
    return [s.text for s in briefs._select(rest, 1, st.space, st.centroid, avoid=[first])]


def test_a_lede_cut_of_its_retelling_keeps_its_weight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "OWN_SCORE", True)
    assert _next_after_buried() == [
        "Valle Nevado closed its off-piste areas for the rest of the season on Wednesday, "
        "the resort's operator said."
    ]


def test_without_the_switch_background_outranks_the_cut_lede(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "OWN_SCORE", False)
    assert _next_after_buried() == [FUNERALS]


def test_a_first_sentence_weighs_lede_more(monkeypatch: pytest.MonkeyPatch) -> None:
    def scores() -> tuple[float, float]:
        briefs.clear_readings()
        st = briefs._story(
            [report(1, CLOSED + " " + CLOSED.replace("Wednesday", "Tuesday"), T0, "en")]
        )
        first, second = sorted(st.pool, key=lambda s: s.position)
        return first.score, second.score

    monkeypatch.setattr(briefs, "LEDE", 1.25)
    a, b = scores()
    monkeypatch.setattr(briefs, "LEDE", 1.5)
    c, d = scores()
    assert c / d == pytest.approx(1.2 * a / b)
