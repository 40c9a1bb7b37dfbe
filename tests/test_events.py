"""What a report says happened: states told as done, and quantities read by value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from monitor.judge import events
from monitor.judge.events import lede, states_in
from monitor.judge.features import parse_quantity_fact, quantities, quantity_facts


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Ecuador and Peru to sign water deal on April 9", set()),
        ("Ecuador and Peru sign water deal in Machala", {"agreement"}),
        ("Ecuador y Perú firmarán el acuerdo el 9 de abril", set()),
        ("Ecuador y Perú firmaron el acuerdo en Machala", {"agreement"}),
        ("Ecuador y Perú aplazan la firma del acuerdo", {"postponed"}),
        ("The summit could be postponed, officials said", set()),
        ("The summit has been postponed, officials said", {"postponed"}),
        ("Ortiz did not concede and said he would challenge the count", set()),
        ("The Senate voted to approve the bill", {"approved"}),
        ("The Senate is expected to approve the bill", set()),
        ("Landslides cut the Pan-American Highway", set()),
        ("The central bank cuts its key interest rate to 8.75%", {"lowered"}),
        ("The central bank is seen cutting rates", set()),
        ("U.S. weighs sanctions on gold exporters", set()),
        ("U.S. sanctions gold exporter and three executives", {"sanctions"}),
        ("La Casa Blanca niega que la cumbre se cancela", set()),
    ],
)
def test_states_are_what_is_told_as_done(text: str, states: set[str]) -> None:
    assert states_in(text) == states


def test_the_lede_leaves_out_wire_labels_correction_notes_and_datelines() -> None:
    text = (
        "(Corrects spelling of minister's name in paragraph 2)\n"
        "BOGOTA, Jan 20 (CWS) - Colombia signed the accord on Tuesday. It takes effect in May."
    )
    assert lede("UPDATE 2-Colombia signs accord", text, 1) == (
        "Colombia signs accord\nColombia signed the accord on Tuesday."
    )
    assert lede("Fe de erratas: Colombia firma el acuerdo", "Texto.") == (
        "Colombia firma el acuerdo\nTexto."
    )


@pytest.mark.parametrize(
    "dateline",
    [
        "VALLADOLID, España, 5 oct (Agencia Meseta) — ",
        "HELLÍN (Albacete), 17 abr (Agencia Meseta) — ",
        "TULTEPEC, Estado de México (Agencia Anáhuac) — ",
        "WASHINGTON (Andes Wire) — ",
        "BOGOTA, Jan 20 (CWS) - ",
    ],
)
def test_the_lede_leaves_out_the_datelines_briefs_read(
    monkeypatch: pytest.MonkeyPatch, dateline: str
) -> None:
    """events.DATELINE_WIDE: a province's or a country's dateline, or one without a date,
    leaves the lede as briefs' sentences leave it; the dated one alone kept the first
    four in the lede's first sentence."""
    text = f"{dateline}La Junta aprobó el plan de riego. Entra en vigor en mayo."
    monkeypatch.setattr(events, "DATELINE_WIDE", 1)
    assert lede("La Junta aprueba el plan", text, 1) == (
        "La Junta aprueba el plan\nLa Junta aprobó el plan de riego."
    )
    assert lede("", "Bogotá, Jan 20 (CWS) — Colombia signed the accord.", 1) == (
        "Colombia signed the accord."
    )
    assert lede("", "OPEC+ - the group - agreed to cut.", 1) == "OPEC+ - the group - agreed to cut."


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2.8 million migrants", "2,8 millones de migrantes"),
        ("2,800,000 migrants", "2.8 million migrants"),
        ("a $1 billion contract", "un contrato de US$1.000 millones"),
        ("a $38m coupon", "un cupón de 38 millones de dólares"),
        ("8.75%", "8,75 %"),
        ("2,219 kilometres", "2.219 kilómetros"),
    ],
)
def test_one_quantity_in_any_writing(a: str, b: str) -> None:
    (qa,) = quantities(a)
    (qb,) = quantities(b)
    assert qa.value == qb.value and qa.matches(qb)


def test_a_rounded_figure_matches_the_precise_one_but_a_new_count_does_not() -> None:
    (precise,) = quantities("48.9% of the vote")
    (rounded,) = quantities("nearly 49% of the vote")
    (other,) = quantities("50% of the vote")
    assert rounded.matches(precise) and not other.matches(precise)
    (toll,) = quantities("rose to 41")
    (earlier,) = quantities("at least 40 dead")
    assert not toll.matches(earlier)


def test_times_ages_dates_and_names_are_not_quantities() -> None:
    text = (
        "The quake hit at 3:52 a.m. (0852 GMT) on March 10. Ocampo, 46, and a 58-year-old "
        "man were hurt, COVID-19 wards were spared, and 71-52 was the vote."
    )
    assert quantity_facts(text) == {"qty:71", "qty:52"}


def test_asides_and_years_are_marked() -> None:
    found = quantities("25 million pesos (about $26,500), as in 2019")
    assert [(q.fact, q.aside, q.year) for q in found] == [
        ("qty:25000000", False, False),
        ("qty:26500", True, False),
        ("qty:2019", False, True),
    ]


def test_stored_facts_read_back_as_quantities() -> None:
    q = parse_quantity_fact("qty:2800000")
    assert q is not None and q.value == Decimal(2800000)
    legacy = parse_quantity_fact("num:2.8")
    assert legacy is not None and legacy.unit == Decimal("0.1")
    assert parse_quantity_fact("ent:bogota") is None


def test_a_four_character_decimal_is_not_read_as_a_year() -> None:
    (q,) = quantities("The index fell 2.24 points on Monday, and 2019 was worse.")[:1]
    assert q.value == Decimal("2.24") and not q.year
    assert [x.year for x in quantities("In 2019 it fell 2,24 points.")] == [True, False]
