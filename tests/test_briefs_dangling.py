"""No cut leaves a sentence whose clause ends on a subordinator and a subject without its
verb ("La municipalidad reconoció este domingo que la tribuna."): a relative clause on the
subject of a reported clause runs into that clause's verb, not to the sentence's end, and
`sentences.cut` refuses a cut that would leave such a clause. Then the round-19 switches:
such a relative clause cut up to the reported subject's verb (`SUBJECT_RELATIVE`) and a
reason between commas that may retell (`REASON`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import sentences
from tests.helpers import clause_cuts, story_points

PERMIT = (
    "La municipalidad de Requínoa reconoció este domingo que la tribuna que colapsó en el "
    "rodeo del viernes no tenía permiso de construcción ni había sido revisada por un "
    "ingeniero."
)
PERMIT_EN = (
    "Officials said on Monday that the grandstand that collapsed at the rodeo on Friday had "
    "no building permit."
)
ROYALTIES = (
    "La Sociedad Nacional de Minería advirtió este martes que la ley que eleva las regalías "
    "mineras hasta el 12% de la utilidad operativa pone en riesgo proyectos por 9.000 "
    "millones de dólares, y pidió al Ejecutivo que la observe."
)
FINE = (
    "La Fiscalía abrió una investigación contra Vialmetro, la concesionaria del túnel San "
    "Juan, donde murieron tres personas, por no reparar los ventiladores, y el municipio le "
    "impuso una multa de 1,2 millones de dólares."
)
# the four reports of a story as a desk gets them (titles, outlets, datelines and all)
RODEO = [
    (
        "Se desploma una tribuna en un rodeo de Requínoa: un muerto y 57 heridos",
        "RANCAGUA, 25 may (Radio El Hornero) — Una tribuna de madera se desplomó este viernes "
        "durante un rodeo en Requínoa, en la región de O'Higgins, y dejó un muerto y 57 "
        "heridos, entre ellos nueve niños, informó Carabineros.\n\nLa tribuna tenía capacidad "
        "para 300 personas.\n\nEl rodeo era parte de las fiestas de la comuna.\n",
        "es",
        datetime(2029, 5, 25, 23, 40, tzinfo=UTC),
    ),
    (
        "Chile suspends rodeos in O'Higgins after grandstand collapse",
        "SANTIAGO, May 26 (Thistledown Press) — Chile's rodeo federation suspended all rodeos "
        "in the O'Higgins region for 30 days on Saturday, a day after a wooden grandstand "
        "collapsed at a rodeo in Requínoa, killing one spectator and injuring 57.\n\nThe "
        "federation has 220 member clubs.\n\nIts president called the collapse a tragedy.\n",
        "en",
        datetime(2029, 5, 26, 16, 20, tzinfo=UTC),
    ),
    (
        "La tribuna que colapsó en Requínoa no tenía permiso",
        "REQUÍNOA, 27 may (El Tordo Informa) — " + PERMIT + "\n\nEl alcalde dijo que la obra "
        "la levantó el club.\n\nEl club no respondió a las consultas.\n",
        "es",
        datetime(2029, 5, 27, 14, 5, tzinfo=UTC),
    ),
    (
        "Rodeo club president charged over Requinoa grandstand collapse",
        "RANCAGUA, May 28 (Pinecliff Observer) — Chilean prosecutors charged the president of "
        "the Requínoa rodeo club and the carpenter who built the grandstand that collapsed on "
        "Friday with involuntary homicide on Monday, saying 450 people had been let onto a "
        "stand built for 300.\n\nBoth were released under house arrest.\n\nThe next hearing "
        "is in July.\n",
        "en",
        datetime(2029, 5, 28, 19, 30, tzinfo=UTC),
    ),
]


@pytest.mark.parametrize("sentence", [PERMIT, PERMIT_EN, ROYALTIES])
def test_no_cut_leaves_a_reported_subject_without_its_verb(sentence: str) -> None:
    for kept in clause_cuts(sentence):
        assert not kept.endswith(("que la tribuna.", "that the grandstand.")), kept
        assert "que la ley, y" not in kept, kept


def test_a_cut_that_takes_the_reported_verb_is_refused() -> None:
    # the span a relative clause to the end would have: from "que colapsó" on
    start = PERMIT.index(" que colapsó")
    clause = sentences.Clause(start, len(PERMIT), False, start + len(" que "))
    assert sentences.cut(PERMIT, clause) is None
    start = PERMIT_EN.index(" that collapsed")
    clause = sentences.Clause(start, len(PERMIT_EN), False, start + len(" that "))
    assert sentences.cut(PERMIT_EN, clause) is None


def test_a_relative_clause_on_an_object_still_goes_to_the_end() -> None:
    text = (
        "Chile's rodeo federation suspended all rodeos in the region on Saturday and closed "
        "the grandstand that collapsed at the rodeo in Requínoa on Friday."
    )
    assert "in the region on Saturday and closed the grandstand." in " ".join(clause_cuts(text))


def test_the_rodeo_brief_has_no_key_point_without_its_verb() -> None:
    points = story_points(RODEO)
    assert points
    assert not [p for p in points if "que la tribuna." in p]
    assert not [p for p in points if sentences.dangling_subject(p)]


def test_with_subject_relative_the_clause_goes_up_to_the_reported_verb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_RELATIVE", True)
    assert (
        "La municipalidad de Requínoa reconoció este domingo que la tribuna no tenía permiso "
        "de construcción ni había sido revisada por un ingeniero."
    ) in clause_cuts(PERMIT)
    assert "Officials said on Monday that the grandstand had no building permit." in clause_cuts(
        PERMIT_EN
    )


def test_without_subject_relative_no_such_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "SUBJECT_RELATIVE", False)
    assert clause_cuts(PERMIT) == []


def test_with_reason_a_reason_between_commas_may_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "REASON", True)
    assert (
        "La Fiscalía abrió una investigación contra Vialmetro, la concesionaria del túnel San "
        "Juan, donde murieron tres personas, y el municipio le impuso una multa de 1,2 millones "
        "de dólares."
    ) in clause_cuts(FINE)


def test_without_reason_it_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "REASON", False)
    assert not any("ventiladores" not in kept for kept in clause_cuts(FINE))
