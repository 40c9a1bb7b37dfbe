"""A cut is kept only when what is left is a sentence: an attribution inside the clause goes
with it, and a cut never ends on a word that needs what was cut (a preposition, an article,
"called", "al considerar"), never empties an appositive, never takes the main verb."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs, sentences
from monitor.judge.sentences import cut, restating_clauses

T0 = datetime(2026, 7, 8, 12, 0, tzinfo=UTC)
ESCAPE = (
    "El gobierno de Santiago del Estero suspendió este miércoles al director del penal de Las "
    "Tipas, Rubén Olmedo, y a cuatro guardias, un día después de la fuga de once presos por un "
    "túnel que, según los investigadores, tardaron al menos tres meses en cavar."
)


def test_an_attribution_inside_the_clause_goes_with_it() -> None:
    (clause,) = restating_clauses(ESCAPE)
    assert clause.end == len(ESCAPE)
    assert cut(ESCAPE, clause) == (
        "El gobierno de Santiago del Estero suspendió este miércoles al director del penal de "
        "Las Tipas, Rubén Olmedo, y a cuatro guardias."
    )
    told = (
        "Police arrested four guards on Wednesday, a day after eleven inmates escaped through "
        "a tunnel that, investigators said, took three months to dig."
    )
    kept = {cut(told, c) for c in restating_clauses(told)}
    assert (
        "Police arrested four guards on Wednesday, investigators said, took three months to dig."
        not in kept
    )


def test_a_closing_attribution_still_stays() -> None:
    text = (
        "La terminal reanudó la carga y descarga de buques, tras tres días paralizada por la "
        "huelga, según la compañía."
    )
    (clause,) = restating_clauses(text)
    assert (
        cut(text, clause) == "La terminal reanudó la carga y descarga de buques, según la compañía."
    )


@pytest.mark.parametrize(
    ("sentence", "broken"),
    [
        (  # a preposition
            "Defense officials released a 20-second video showing a speedboat erupting in flames "
            "and said the craft had been tracked for several hours after leaving the coast with "
            "a load of narcotics.",
            "had been tracked for.",
        ),
        (  # an auxiliary: "due to" read as a cause
            "Costa Rica's government and the union representing port workers were due to start "
            "talks on Wednesday afternoon.",
            "port workers were.",
        ),
        (  # a conjunction
            "The move came five days after President Donald Trump cut off aid to Colombia and "
            "promised tariffs, and amid a military campaign against suspected drug boats that "
            "Petro has denounced.",
            "promised tariffs, and.",
        ),
        (  # "que" with the clause it introduced gone
            "Analistas consultados por este diario advirtieron que, tras la operación en "
            "Venezuela, el comentario de la Casa Blanca no puede tomarse como una simple "
            "bravuconada.",
            "advirtieron que.",
        ),
        (  # an article: "el agua de la que dependen"
            "El gobierno de Jujuy suspendió este lunes la concesión de la empresa Minera "
            "Altiplano Sur para extraer litio en el salar de Olaroz Chico, tras las denuncias de "
            "comunidades indígenas de la zona que acusan a la compañía de agotar el agua de la "
            "que dependen sus pastizales.",
            "el agua de la.",
        ),
        (  # "al" and an infinitive read as a named thing
            "El presidente Gustavo Petro ordenó este jueves negar el permiso de aterrizaje a un "
            "avión de la Fuerza Aérea de Estados Unidos que traía a 112 colombianos deportados "
            "desde Texas, al considerar que los migrantes no son delincuentes y no deben llegar "
            "esposados en aviones militares.",
            "al considerar.",
        ),
        (  # "exigir al Gobierno que negocie": what was asked, not a relative clause
            "Miles de caficultores marcharon este viernes por las principales ciudades del Eje "
            "Cafetero y bloquearon tramos de la Autopista del Café para exigir al Gobierno que "
            "negocie con Washington la eliminación del gravamen del 15% sobre el grano "
            "colombiano.",
            "para exigir al Gobierno.",
        ),
        (  # an appositive left as a bare noun
            "El Gobierno de Donald Trump descertificó a Colombia este lunes al considerar que el "
            'país "falló de manera demostrable" en sus compromisos contra el narcotráfico, una '
            "decisión que no se tomaba desde los años noventa.",
            "narcotráfico, una decisión.",
        ),
        (  # a lapse of time left without its "after"
            "The case was brought by the prosecutors' anti-corruption unit in 2024, a year after "
            "Estrada left office.",
            "in 2024, a year.",
        ),
        (  # the main verb taken with the clause
            "The soldiers, who were freed on Wednesday night after mediation by the ombudsman's "
            "office and the Catholic Church, had been held since Monday, when they destroyed a "
            "cocaine laboratory near El Plateado.",
            "The soldiers, who were freed on Wednesday night.",
        ),
        (
            "The spill of 6,300 barrels, caused on Monday when a landslide broke the pipeline, "
            "has stained some 40 kilometres of the Coca River.",
            "The spill of 6,300 barrels, caused on Monday.",
        ),
        (  # a clause up to an attribution that took the main verb
            "El alud que sepultó 22 viviendas en el barrio quiteño de La Loma Alta dejó seis "
            "muertos, según el balance difundido este martes por la Secretaría de Gestión de "
            "Riesgos, que mantiene a cinco personas como desaparecidas.",
            # the clause is cut only up to the main verb ("El alud dejó seis muertos, …")
            "El alud, según el balance difundido este martes por la Secretaría de Gestión de "
            "Riesgos, que mantiene a cinco personas como desaparecidas.",
        ),
        (
            "The death toll from the landslide that buried 22 homes in Quito's La Loma Alta "
            "district rose to nine on Thursday, officials said, with two people still missing "
            "two days after the hillside collapsed following heavy rain.",
            "The death toll from the landslide, officials said, with two people still missing "
            "two days after the hillside collapsed following heavy rain.",
        ),
        (
            "Two patients who were moved out of intensive care when fire broke out at the San "
            "Roque Hospital in Valparaíso early on Monday have died, Chile's health ministry "
            "said, and it opened an inquiry into how they were transferred.",
            "Two patients who were moved out of intensive care, Chile's health ministry said, and "
            "it opened an inquiry into how they were transferred.",
        ),
        (  # a relative clause on a short subject that ran past the main verb to a comma
            "Las inundaciones que cubrieron buena parte de Villahermosa causaron daños por más "
            "de 3.500 millones de pesos en viviendas, comercios y cultivos, según la primera "
            "estimación del gobierno de Tabasco.",
            "Las inundaciones, comercios y cultivos, según la primera estimación del gobierno de "
            "Tabasco.",
        ),
        (
            "Un incendio que se inició en la lavandería del subterráneo del Hospital San Roque "
            "de Valparaíso obligó a evacuar durante la madrugada de este lunes a 140 pacientes, "
            "entre ellos 12 de la unidad de cuidados intensivos.",
            "Un incendio, entre ellos 12 de la unidad de cuidados intensivos.",
        ),
        (  # ", said" read as an attribution: a comma between the subject and its verb
            "President Gabriel Boric, speaking from an emergency center in Concepción, said the "
            "military would take charge of security in affected areas and that an overnight "
            "curfew would apply in the worst-hit towns.",
            "President Gabriel Boric, said the military would take charge of security in "
            "affected areas and that an overnight curfew would apply in the worst-hit towns.",
        ),
    ],
)
def test_a_cut_that_leaves_no_sentence_is_not_made(sentence: str, broken: str) -> None:
    clauses = restating_clauses(sentence)
    assert clauses
    for clause in clauses:
        kept = cut(sentence, clause)
        assert kept is None or not kept.endswith(broken), kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            "Colombia formally asked the United States on Saturday to identify the three people "
            "killed when an American missile struck a speedboat in the Caribbean.",
            "Colombia formally asked the United States on Saturday to identify the three people "
            "killed.",
        ),
        (
            "Ecuador's football federation fined Club Deportivo Estero $200,000 on Monday and "
            "closed its Estadio Puerto Nuevo for six months over the crush that killed seven fans "
            "before Saturday's cup final.",
            "Ecuador's football federation fined Club Deportivo Estero $200,000 on Monday and "
            "closed its Estadio Puerto Nuevo for six months over the crush.",
        ),
        (
            "Setenta camiones cisterna comenzaron este miércoles a repartir agua en los barrios "
            "altos de Santiago, el primer día del racionamiento que reduce el servicio a tres "
            "días por semana.",
            "Setenta camiones cisterna comenzaron este miércoles a repartir agua en los barrios "
            "altos de Santiago, el primer día del racionamiento.",
        ),
        (  # the verbs of a relative clause are its own, the main one is left
            "Former Nayarit governor Arturo Salcedo Villa, who was extradited from Spain on "
            "Monday, was taken to the Altiplano federal prison after a hearing that lasted "
            "three hours, Mexico's attorney general's office said.",
            "Former Nayarit governor Arturo Salcedo Villa, who was extradited from Spain on "
            "Monday, was taken to the Altiplano federal prison, Mexico's attorney general's "
            "office said.",
        ),
        (
            "The Grijalva and Carrizal rivers burst their banks around Villahermosa on Monday "
            "after four days of torrential rain, forcing about 30,000 people from their homes, "
            "Tabasco state officials said.",
            "The Grijalva and Carrizal rivers burst their banks around Villahermosa on Monday, "
            "Tabasco state officials said.",
        ),
        (  # the main verb after the comma, in a relative clause on the subject
            "Bolivia, que declaró la emergencia nacional el martes por los incendios que han "
            "consumido 412.000 hectáreas, recibirá esta semana dos aviones cisterna de Brasil y "
            "Chile.",
            "Bolivia, que declaró la emergencia nacional el martes por los incendios, recibirá "
            "esta semana dos aviones cisterna de Brasil y Chile.",
        ),
        (  # an appositive naming who a named person is
            '"Nunca habíamos visto algo así", dijo Ana Lucía Cervantes, una pasajera que viajaba '
            "con sus dos hijos.",
            '"Nunca habíamos visto algo así", dijo Ana Lucía Cervantes, una pasajera.',
        ),
    ],
)
def test_a_cut_that_leaves_a_sentence_is_still_made(sentence: str, kept: str) -> None:
    assert kept in {cut(sentence, c) for c in restating_clauses(sentence)}


def test_a_participle_that_set_up_the_clause_goes_with_it() -> None:
    # heldout7: "called" needs the clause it was cut from
    fuel = (
        "Colombian truckers blocked at least 22 roads on Monday, including the main highway "
        "between Bogotá and Medellín, in a strike over fuel prices called after the "
        "government raised the price of petrol by 9% on Saturday."
    )
    (clause,) = restating_clauses(fuel)
    assert cut(fuel, clause) == (
        "Colombian truckers blocked at least 22 roads on Monday, including the main highway "
        "between Bogotá and Medellín, in a strike over fuel prices."
    )
    # after an auxiliary it is the verb of the sentence, and stays
    called = (
        "The national strike of Colombian truckers over fuel prices was called after the "
        "government raised the price of petrol by 9% on Saturday."
    )
    (clause,) = restating_clauses(called)
    assert cut(called, clause) == (
        "The national strike of Colombian truckers over fuel prices was called."
    )


def test_the_checks_are_one_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    fuel = (
        "Colombian truckers blocked at least 22 roads on Monday, in a strike over fuel prices "
        "called after the government raised the price of petrol by 9% on Saturday."
    )
    (clause,) = restating_clauses(fuel)
    assert cut(fuel, clause) == (
        "Colombian truckers blocked at least 22 roads on Monday, in a strike over fuel prices."
    )
    monkeypatch.setattr(sentences, "SAFE_CUTS", False)
    assert cut(fuel, clause) == (
        "Colombian truckers blocked at least 22 roads on Monday, in a strike over fuel prices "
        "called."
    )


def test_a_report_read_under_one_switch_is_read_again_under_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = briefs.Report(
        id=7, title="t", text=ESCAPE, url="https://news7.example/7", outlet="o", published=T0
    )
    (whole,) = briefs._candidates(report)
    assert [c.end for c in whole.clauses] == [len(ESCAPE)]
    monkeypatch.setattr(sentences, "SAFE_CUTS", False)
    (read,) = briefs._candidates(report)
    assert [c.end for c in read.clauses] == [ESCAPE.index(", según")]


def test_a_cut_keeps_a_source_told_by_announced_or_a_long_speaker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    announced = (
        "Dos navieras aceptaron llevar sin costo a los pasajeros varados, luego de que la "
        "empresa cancelara el lunes todas sus salidas, anunció este martes el Ministerio de "
        "Transporte."
    )
    long_speaker = (
        "The storm reached the coast near the port late on Monday, cutting power to 12,000 "
        "homes, Mexico's national weather service and the electricity utility said."
    )
    for flag, kept in ((False, False), (True, True)):
        monkeypatch.setattr(sentences, "WIDE_SAYS", flag)
        for text, source in (
            (announced, ", anunció este martes el Ministerio de Transporte."),
            (long_speaker, "and the electricity utility said."),
        ):
            cuts = [c for c in (cut(text, x) for x in restating_clauses(text)) if c]
            assert cuts
            assert all(c.endswith(source) for c in cuts) is kept
