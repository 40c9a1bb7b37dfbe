"""Key points without a clause that retells what another key point reports itself."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from monitor.judge.briefs import Report, build_brief
from monitor.judge.sentences import cut, restating_clauses
from monitor.text import fold

T0 = datetime(2026, 6, 1, 14, 0, tzinfo=UTC)  # a Monday
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"\b[A-ZÁÉÍÓÚÑ][\w'’-]+")
OUTLET = re.compile(r" \([^()]+\)$")

INSPECTIONS = (
    "The national government on Tuesday ordered inspections of 120 bridges on the river "
    "network, a day after a road bridge collapsed in Puerto Alegre and killed nine people."
)
COLLAPSE = (
    "A road bridge over the Magdalena River collapsed on Monday in the town of Puerto "
    "Alegre, sending two trucks and a bus into the water and killing nine people."
)


def _in_order(short: str, source: str) -> bool:
    """Every word of `short` is a word of `source`, in the same order."""
    words = iter(source.split())
    return all(any(w.rstrip(".,;:") == s.rstrip(".,;:") for s in words) for w in short.split())


def _faithful(kept: str, source: str) -> None:
    assert _in_order(kept, source), kept
    assert set(NUMBER.findall(kept)) <= set(NUMBER.findall(source))
    assert set(NAME.findall(kept)) <= set(NAME.findall(source)) | {kept.split()[0]}


def test_a_trailing_clause_comes_off_leaving_a_sentence_of_the_source_words() -> None:
    (clause,) = restating_clauses(INSPECTIONS)
    assert (
        clause.of(INSPECTIONS) == "a road bridge collapsed in Puerto Alegre and killed nine people"
    )
    kept = cut(INSPECTIONS, clause)
    assert kept == (
        "The national government on Tuesday ordered inspections of 120 bridges on the "
        "river network."
    )
    _faithful(kept, INSPECTIONS)


def test_a_leading_clause_comes_off_and_what_follows_opens_the_sentence() -> None:
    text = (
        "Tras el colapso del puente de Puerto Alegre, el Gobierno ordenó inspeccionar 120 "
        "puentes de la red fluvial."
    )
    (clause,) = restating_clauses(text)
    assert clause.leading and clause.of(text) == "el colapso del puente de Puerto Alegre"
    kept = cut(text, clause)
    assert kept == "El Gobierno ordenó inspeccionar 120 puentes de la red fluvial."


def test_a_quotation_an_attribution_or_a_short_sentence_is_never_cut_open() -> None:
    quoted = (
        'The mayor said the town "will rebuild the bridge, a day after the funerals, and '
        'not before," speaking at the river bank on Tuesday morning.'
    )
    assert restating_clauses(quoted) == []  # it would cut the quotation open
    said = (
        "The ministry closed three more bridges on Tuesday, a day after the collapse, "
        "officials said."
    )
    # the clause may go, but not "officials said" with it
    (clause,) = restating_clauses(said)
    assert cut(said, clause) == "The ministry closed three more bridges on Tuesday, officials said."
    assert restating_clauses("The strike ended after workers signed.") == []


def _report(n: int, text: str, title: str, outlet: str, hours: int, lang: str = "en") -> Report:
    return Report(
        id=n,
        title=title,
        text=text,
        url=f"https://news{n}.example/{n}",
        outlet=outlet,
        published=T0 + timedelta(hours=hours),
        language=lang,
    )


def bridge_story() -> list[Report]:
    return [
        _report(
            1,
            f"{COLLAPSE}\nRescue divers searched the river through the night for four "
            "passengers who are still missing.\nThe 40-year-old bridge had been closed for "
            "repairs twice since 2019, according to the regional transport office.",
            "Bridge collapse kills nine in Puerto Alegre",
            "River Wire",
            0,
        ),
        _report(
            2,
            f"{INSPECTIONS}\nEngineers will report to the transport ministry within 30 days, "
            "and bridges found unsafe will be closed at once.",
            "Government orders checks on 120 bridges",
            "Valley Courier",
            24,
        ),
        _report(
            3,
            "El Gobierno ordenó este martes inspeccionar 120 puentes de la red fluvial, un día "
            "después del colapso de un puente en Puerto Alegre que dejó nueve muertos.\nLos "
            "familiares de los cuatro desaparecidos pidieron que la búsqueda continúe con más "
            "buzos y embarcaciones.",
            "Gobierno ordena revisar 120 puentes",
            "Diario del Río",
            26,
            "es",
        ),
    ]


# one fact, in either language: every group must be in one key point
FACTS = {
    "collapse": (("collapse", "colapso"), ("nine", "nueve")),
    "inspections": (("120",),),
    "missing": (("four", "cuatro"), ("missing", "desaparecidos")),
}


def _carries(point: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    text = fold(OUTLET.sub("", point))
    return all(any(re.search(rf"(?<!\w){fold(w)}", text) for w in g) for g in groups)


def test_each_fact_is_told_once_and_the_clause_retelling_it_is_cut() -> None:
    reports = bridge_story()
    points = build_brief(reports).key_points
    assert 3 <= len(points) <= 5
    for name, groups in FACTS.items():
        carrying = [p for p in points if _carries(p, groups)]
        assert len(carrying) == 1, (name, points)
    # the collapse is told by the report of it, the inspections without retelling it
    assert f"{COLLAPSE} (River Wire)" in points
    assert (
        "The national government on Tuesday ordered inspections of 120 bridges on the "
        "river network. (Valley Courier)"
    ) in points or any(p.startswith("El Gobierno ordenó este martes") for p in points)
    sources = {r.outlet: r.text for r in reports}
    for point in points:
        outlet = OUTLET.search(point)
        assert outlet is not None
        _faithful(point[: outlet.start()], sources[outlet.group(0)[2:-1]])


def test_a_clause_no_other_key_point_tells_stays() -> None:
    reports = [r for r in bridge_story() if r.id == 2]
    points = build_brief(reports).key_points
    assert f"{INSPECTIONS} (Valley Courier)" in points


def test_a_dateline_naming_the_country_does_not_open_a_key_point() -> None:
    text = (
        "GUADALAJARA, Mexico, April 10 (Plaza Wire) — A radar failure halted all takeoffs "
        "and landings at the city's airport for about six hours on Friday.\nCARTAGENA, "
        "Colombia — Health authorities kept the passengers of a cruise ship aboard on "
        "Tuesday after dozens fell ill."
    )
    points = build_brief([_report(1, text, "Radar failure", "Plaza Wire", 0)]).key_points
    assert points and all(p.startswith(("A radar failure", "Health authorities")) for p in points)


def test_a_dateline_naming_a_country_with_a_tilde_does_not_open_a_key_point() -> None:
    """A country with a letter outside a to ú ("España"), a province in brackets, a region of
    several words: each dateline was kept as its key point's opening."""
    text = (
        "VALLADOLID, España, 5 oct (Noticias Río Sapucay) — Un estudiante de primer curso de "
        "Ingeniería murió este domingo en el Hospital Clínico después de una novatada en su "
        "residencia.\nLEÓN, Nicaragua, 6 oct (Radio Cardón) — La policía detuvo este lunes a "
        "cuatro estudiantes de segundo curso por la muerte del joven.\nHELLÍN (Albacete), 7 "
        "oct (Radio Cardón) — El rector cerró el martes la residencia de estudiantes hasta "
        "final de curso.\nTULTEPEC, Estado de México (Radio Cardón) — La fiscalía pidió el "
        "miércoles prisión preventiva para los cuatro detenidos por la novatada."
    )
    points = build_brief([_report(1, text, "Muere un estudiante", "Noticias Río Sapucay", 0)])
    assert points.key_points
    openings = ("Un estudiante", "La policía", "El rector", "La fiscalía")
    assert all(p.startswith(openings) for p in points.key_points), points.key_points
