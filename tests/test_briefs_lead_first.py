"""A later report's lede that retells an earlier key point's event in a lead-in clause
("…, after a workshop printing fakes … was found in the city"; "…, después de que el robo
… dejara inservibles las 90.000 dosis …") loses that clause, and the earlier key point keeps
its own clause telling the event (`LEAD_FIRST`, round 20). A relative clause on the main
clause's object that runs over "y"/"and" and the main subject's second verb ends there with
`sentences.AND_VERB` (round 20, off)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, story_points

# the four reports of two stories as a desk gets them (titles, datelines and all)
BANKNOTES = [
    (
        "Police raid counterfeit banknote workshop in Valledupar",
        "VALLEDUPAR, Colombia, July 18 (Kingfisher Wire) — Colombian police raided a workshop "
        "in Valledupar on Wednesday that printed fake 50,000-peso notes and seized counterfeits "
        "worth 4 billion pesos, arresting six people.\n\nThe workshop was behind a furniture "
        "shop.\n\nNeighbours said they heard printers at night.\n",
        "en",
        datetime(2029, 7, 18, 11, 10, tzinfo=UTC),
    ),
    (
        "Los billetes falsos de Valledupar no tienen marca de agua",
        "BOGOTÁ, 19 jul (Radio La Bandurria) — El Banco de la República alertó este jueves que "
        "los billetes falsos de 50.000 pesos del taller desmantelado en Valledupar circulan en "
        "cinco departamentos y se reconocen porque no tienen marca de agua.\n\nEl banco publicó "
        "una guía para reconocerlos.\n\nLos billetes falsos tienen el mismo tamaño que los "
        "verdaderos.\n",
        "es",
        datetime(2029, 7, 19, 15, 35, tzinfo=UTC),
    ),
    (
        "El jefe de la banda de billetes falsos ya había sido condenado en 2021",
        "VALLEDUPAR, 20 jul (El Chingolo Diario) — La Fiscalía reveló este viernes que el jefe "
        "de la banda que imprimía billetes falsos en Valledupar había sido condenado en 2021 "
        "por el mismo delito y salió de prisión hace seis meses.\n\nTiene 52 años.\n\nLos seis "
        "detenidos no aceptaron los cargos.\n",
        "es",
        datetime(2029, 7, 20, 13, 0, tzinfo=UTC),
    ),
    (
        "Valledupar shops refuse 50,000-peso notes",
        "VALLEDUPAR, July 21 (Harefield Sentinel) — Shops in Valledupar have started refusing "
        "50,000-peso notes, and the central bank said on Saturday it will hand out detector "
        "pens to 3,000 shops, after a workshop printing fakes without a watermark was found in "
        "the city.\n\nTaxi drivers also turned the notes away.\n\nBanks will exchange notes "
        "people doubt.\n",
        "en",
        datetime(2029, 7, 21, 18, 40, tzinfo=UTC),
    ),
]
VACCINES = [
    (
        "Roban en Danlí un camión con 90.000 vacunas",
        "DANLÍ, 3 ago (Diario El Tero) — Hombres armados robaron este viernes en Danlí un "
        "camión refrigerado de la Secretaría de Salud que llevaba 90.000 dosis de vacunas "
        "contra el sarampión y la polio, informó la Policía.\n\nEl conductor fue dejado atado "
        "en un cafetal.\n\nLas vacunas iban a centros de salud de El Paraíso.\n",
        "es",
        datetime(2029, 8, 3, 10, 5, tzinfo=UTC),
    ),
    (
        "Stolen Honduran vaccines found useless in abandoned lorry",
        "TEGUCIGALPA, Aug 4 (Kingfisher Wire) — Police found the lorry that was stolen in Danlí "
        "with 90,000 vaccine doses abandoned on a dirt road on Saturday with its refrigeration "
        "switched off, and the health ministry said the doses left in it were useless.\n\n"
        "About a third of the boxes were missing.\n\nThe lorry's GPS had been removed.\n",
        "en",
        datetime(2029, 8, 4, 16, 15, tzinfo=UTC),
    ),
    (
        "Driver arrested over Honduran vaccine theft",
        "TEGUCIGALPA, Aug 5 (Oxbow Dispatch) — Honduran police arrested the driver of the "
        "stolen vaccine lorry and two warehouse workers on Sunday, accusing them of staging "
        "the robbery to sell the missing doses to private clinics.\n\nThe police searched "
        "three clinics in Tegucigalpa.\n\nThe driver had worked for the ministry for eight "
        "years.\n",
        "en",
        datetime(2029, 8, 5, 19, 40, tzinfo=UTC),
    ),
    (
        "Aplazan dos semanas la campaña de vacunación por el robo de Danlí",
        "TEGUCIGALPA, 6 ago (Radio La Bandurria) — La Secretaría de Salud aplazó este lunes dos "
        "semanas la campaña de vacunación contra el sarampión, después de que el robo del "
        "camión de Danlí dejara inservibles las 90.000 dosis que iba a usar.\n\nLa OPS enviará "
        "dosis de reemplazo.\n\nLa campaña buscaba vacunar a 300.000 niños.\n",
        "es",
        datetime(2029, 8, 6, 13, 30, tzinfo=UTC),
    ),
]
CROSSING = (
    "Un tren de carga arrolló este viernes a un minibús que llevaba a trabajadores de una "
    "pesquera en un paso a nivel de Talcahuano y mató a 13 personas, informó Carabineros."
)
RAID = (
    "Colombian police raided a workshop in Valledupar on Wednesday that printed fake "
    "50,000-peso notes and seized counterfeits worth 4 billion pesos, arresting six people."
)


def test_a_later_ledes_after_clause_goes_and_the_raid_is_told_by_its_own_key_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEAD_FIRST", True)
    points = story_points(BANKNOTES)
    assert len([p for p in points if "workshop" in p]) == 1, points
    assert not [p for p in points if "after a workshop" in p], points
    assert any(p.startswith("Shops in Valledupar have started refusing") for p in points)
    assert any("raided a workshop in Valledupar" in p for p in points)


def test_a_despues_de_que_clause_told_in_english_goes_and_the_theft_keeps_its_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "LEAD_FIRST", True)
    points = story_points(VACCINES)
    assert not [p for p in points if "después de que el robo" in p], points
    assert (
        "La Secretaría de Salud aplazó este lunes dos semanas la campaña de vacunación contra "
        "el sarampión."
    ) in points
    theft = [p for p in points if p.startswith("Hombres armados robaron")]
    assert theft and "90.000 dosis" in theft[0], points
    assert len([p for p in points if "useless" in p or "inservibles" in p]) == 1, points


def test_without_lead_first_the_retelling_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEAD_FIRST", False)
    assert any("after a workshop" in p for p in story_points(BANKNOTES))
    assert any("después de que el robo" in p for p in story_points(VACCINES))


def test_lead_first_is_the_default() -> None:
    assert briefs.LEAD_FIRST is True


def test_with_and_verb_a_relative_clause_ends_before_the_main_subjects_second_verb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "AND_VERB", True)
    briefs.clear_readings()
    assert (
        "Un tren de carga arrolló este viernes a un minibús y mató a 13 personas, informó "
        "Carabineros."
    ) in clause_cuts(CROSSING)
    assert (
        "Colombian police raided a workshop in Valledupar on Wednesday and seized "
        "counterfeits worth 4 billion pesos, arresting six people."
    ) in clause_cuts(RAID)
    # a second verb in another form is the clause's own: "que llevaba … y transportaba …"
    own = (
        "Un tren de carga arrolló este viernes a un minibús que llevaba a trabajadores de una "
        "pesquera y transportaba redes en un paso a nivel de Talcahuano, informó Carabineros."
    )
    assert "Un tren de carga arrolló este viernes a un minibús y transportaba" not in " ".join(
        clause_cuts(own)
    )


def test_without_and_verb_the_clause_runs_over_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "AND_VERB", False)
    assert (
        "Un tren de carga arrolló este viernes a un minibús, informó Carabineros."
        in clause_cuts(CROSSING)
    )
