"""A later lede's place clause ("…, donde el agua de la red, que venía de un pozo nuevo,
tenía cuatro veces el límite."), judged first as a lead-in clause is (`LEAD_WHERE`, with
`sentences.WHERE_NESTED`, `sentences.WHERE_LIST` and `LEAD_COUNTS`), goes when another key
point tells it; a participle of arrest on a noun ("the man arrested over the poisoning of
26 dogs …,") may go (`sentences.HELD_OVER`); and two key points whose lead-in clauses tell
each other stay cut (`LEAD_KEEP`). Round 21."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, story_points

# the four reports of three stories as a desk gets them (titles, datelines and all)
ARSENIC = [
    (
        "El agua de Delicias tiene cuatro veces el arsénico permitido",
        "DELICIAS, 25 ago (Diario El Benteveo) — La Comisión Nacional del Agua informó este "
        "sábado que el agua de la red de Delicias, Chihuahua, tiene cuatro veces el arsénico "
        "permitido, y el municipio pidió a sus 150.000 habitantes que no la beban ni cocinen "
        "con ella.\n\nLas muestras se tomaron en 12 colonias.\n\nEl municipio dijo que no sabía "
        "del problema.\n",
        "es",
        datetime(2029, 8, 25, 16, 20, tzinfo=UTC),
    ),
    (
        "Delicias hands out bottled water after arsenic found",
        "CHIHUAHUA, Mexico, Aug 26 (Pellingham Post) — Delicias began handing out 2 million "
        "litres of bottled water on Sunday to residents who were told not to drink from their "
        "taps, whose water tests found held four times the permitted arsenic.\n\nEach family "
        "gets 20 litres a day.\n\nQueues formed at the 15 distribution points.\n",
        "en",
        datetime(2029, 8, 26, 18, 10, tzinfo=UTC),
    ),
    (
        "Arsenic came from a new well connected without tests",
        "CHIHUAHUA, Aug 27 (Larchmont Bulletin) — The arsenic in Delicias' tap water came "
        "from a new well that the city connected to its network in June without testing it, "
        "Chihuahua's water board said on Monday, suspending the city's water director.\n\nThe "
        "well has been shut.\n\nThe board said levels should fall within two weeks.\n",
        "en",
        datetime(2029, 8, 27, 21, 0, tzinfo=UTC),
    ),
    (
        "Hallan arsénico en la orina de 212 niños de Delicias",
        "DELICIAS, 28 ago (Radio La Calandria) — Un laboratorio de la Universidad Autónoma de "
        "Chihuahua halló este martes arsénico en la orina de 212 de los 300 niños que examinó "
        "en Delicias, donde el agua de la red, que venía de un pozo nuevo, tenía cuatro veces "
        "el límite.\n\nNinguno de los niños tiene síntomas por ahora.\n\nLos médicos repetirán "
        "las pruebas en un mes.\n",
        "es",
        datetime(2029, 8, 28, 15, 35, tzinfo=UTC),
    ),
]
DOGS = [
    (
        "26 dogs die after eating poisoned meat in Mar del Plata parks",
        "BUENOS AIRES, Sept 18 (Larchmont Bulletin) — At least 26 dogs died after eating "
        "poisoned meat left in three parks in Mar del Plata over the weekend, the city's "
        "animal health office said on Tuesday.\n\nMost were pets on walks with their "
        "owners.\n\nVets saved eleven others.\n",
        "en",
        datetime(2029, 9, 18, 16, 30, tzinfo=UTC),
    ),
    (
        "La carne que mató a los perros tenía un plaguicida prohibido",
        "MAR DEL PLATA, 19 sep (Diario El Benteveo) — El Senasa informó este miércoles que la "
        "carne envenenada que mató a 26 perros en tres parques de Mar del Plata tenía "
        "carbofurán, un plaguicida prohibido en Argentina desde 2008.\n\nUna dosis pequeña mata "
        "a un perro en minutos.\n\nTambién es peligroso para los niños.\n",
        "es",
        datetime(2029, 9, 19, 13, 10, tzinfo=UTC),
    ),
    (
        "Detienen al hombre que dejaba carne envenenada en el parque Camet",
        "MAR DEL PLATA, 20 sep (Radio La Calandria) — La Policía detuvo este jueves en su "
        "casa a un hombre que una cámara de seguridad grabó dejando trozos de carne en el "
        "parque Camet, y halló allí dos kilos de carbofurán.\n\nEl hombre, de 58 años, es "
        "vecino del parque.\n\nSe negó a declarar.\n",
        "es",
        datetime(2029, 9, 20, 15, 40, tzinfo=UTC),
    ),
    (
        "Judge frees suspect in Mar del Plata dog poisonings; city offers reward",
        "BUENOS AIRES, Sept 21 (Quenby Courier) — A judge on Friday released the man arrested "
        "over the poisoning of 26 dogs in Mar del Plata, saying the video did not show his "
        "face, and the city offered a reward of 5 million pesos for information.\n\nProsecutors "
        "will appeal.\n\nDog owners marched to the courthouse.\n",
        "en",
        datetime(2029, 9, 21, 18, 20, tzinfo=UTC),
    ),
]
ZIPLINE = [
    (
        "Two tourists killed as zipline cable snaps in Costa Rica",
        "SAN JOSE, April 14 (Thornwick Gazette) — Two tourists were killed and a guide was "
        "injured on Friday when a zipline cable snapped at the Cielo Verde adventure park in "
        "Monteverde, Costa Rica, and they fell about 40 metres into a ravine, the Red Cross "
        "said.\n\nThe dead were a Canadian man and a Chilean woman, police said.\n",
        "en",
        datetime(2028, 4, 14, 22, 10, tzinfo=UTC),
    ),
    (
        "Cierran el parque Cielo Verde tras el accidente de la tirolesa",
        "SAN JOSÉ, 15 abr (Diario La Lechuza) — El Instituto Costarricense de Turismo cerró "
        "este sábado el parque de aventura Cielo Verde de Monteverde, donde la rotura de un "
        "cable de tirolesa causó la muerte de dos turistas el viernes.\n\nEl guía herido, de 26 "
        "años, fue operado de una fractura de cadera.\n\nEl ICT ordenó revisar las 130 "
        "tirolesas registradas en el país.\n",
        "es",
        datetime(2028, 4, 15, 14, 20, tzinfo=UTC),
    ),
    (
        "Costa Rica zipline owner arrested",
        "SAN JOSE, April 16 (Quillfeather News) — Costa Rican police arrested the owner of "
        "the Cielo Verde adventure park on Sunday, two days after a zipline cable broke there "
        "and two tourists fell to their deaths.\n\nProsecutors said the cable had not been "
        "replaced since 2019, although the maker says it should be changed every three "
        "years.\n",
        "en",
        datetime(2028, 4, 16, 12, 55, tzinfo=UTC),
    ),
    (
        "Prisión preventiva para el dueño del parque Cielo Verde",
        "SAN JOSÉ, 17 abr (La Campanilla del Valle) — Un juez dictó este lunes tres meses de "
        "prisión preventiva al dueño del parque Cielo Verde, detenido el domingo por la "
        "muerte de dos turistas que cayeron al vacío al romperse un cable de tirolesa.\n\nLa "
        "defensa apelará la medida.\n\nLas inspecciones del ICT ya cerraron otras cuatro "
        "tirolesas por cables en mal estado.\n",
        "es",
        datetime(2028, 4, 17, 16, 40, tzinfo=UTC),
    ),
]

LAB = (
    "Un laboratorio de la Universidad Autónoma de Chihuahua halló este martes arsénico en la "
    "orina de 212 de los 300 niños que examinó en Delicias, donde el agua de la red, que "
    "venía de un pozo nuevo, tenía cuatro veces el límite."
)
CLASSES = (
    "La Seremi de Educación suspendió este viernes las clases en las 18 escuelas rurales de "
    "Chillán, donde el hantavirus ya mató a cuatro personas, entre ellas una enfermera que "
    "atendió a los primeros enfermos."
)
JUDGE = (
    "A judge on Friday released the man arrested over the poisoning of 26 dogs in Mar del "
    "Plata, saying the video did not show his face, and the city offered a reward of 5 "
    "million pesos for information."
)
SWITCHES = (
    (briefs, "LEAD_WHERE"),
    (briefs, "LEAD_COUNTS"),
    (briefs, "LEAD_KEEP"),
    (sentences, "WHERE_NESTED"),
    (sentences, "WHERE_LIST"),
    (sentences, "HELD_OVER"),
)


def _set(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    for module, name in SWITCHES:
        monkeypatch.setattr(module, name, on)
    briefs.clear_readings()


def test_a_donde_clause_holding_a_relative_clause_goes_when_another_key_point_tells_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set(monkeypatch, True)
    points = story_points(ARSENIC)
    assert not [p for p in points if "donde el agua de la red" in p], points
    assert (
        "Un laboratorio de la Universidad Autónoma de Chihuahua halló este martes arsénico en "
        "la orina de 212 de los 300 niños que examinó en Delicias."
    ) in points
    assert len([p for p in points if "cuatro veces" in p or "four times" in p]) == 1, points


def test_a_toll_retold_in_a_participle_on_the_arrested_man_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set(monkeypatch, True)
    points = story_points(DOGS)
    assert not [p for p in points if "arrested over the poisoning" in p], points
    assert any(p.startswith("A judge on Friday released the man, saying") for p in points)
    assert len([p for p in points if "26" in p]) == 1, points


def test_two_lead_in_clauses_telling_each_other_stay_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set(monkeypatch, True)
    points = story_points(ZIPLINE)
    assert not [p for p in points if "two days after a zipline cable broke" in p], points
    assert not [p for p in points if "donde la rotura de un cable" in p], points
    assert any(p.startswith("Two tourists were killed") for p in points), points


def test_without_the_switches_the_retellings_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, False)
    assert any("donde el agua de la red" in p for p in story_points(ARSENIC))
    assert any("arrested over the poisoning of 26 dogs" in p for p in story_points(DOGS))


def test_a_place_clause_runs_over_a_relative_clause_and_a_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set(monkeypatch, True)
    assert (
        "Un laboratorio de la Universidad Autónoma de Chihuahua halló este martes arsénico en "
        "la orina de 212 de los 300 niños que examinó en Delicias."
    ) in clause_cuts(LAB)
    assert (
        "La Seremi de Educación suspendió este viernes las clases en las 18 escuelas rurales "
        "de Chillán."
    ) in clause_cuts(CLASSES)
    assert (
        "A judge on Friday released the man, saying the video did not show his face, and the "
        "city offered a reward of 5 million pesos for information."
    ) in clause_cuts(JUDGE)


def test_without_them_a_comma_ends_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, False)
    assert not [c for c in clause_cuts(LAB) if c.endswith("examinó en Delicias.")]
    assert not [c for c in clause_cuts(CLASSES) if c.endswith("rurales de Chillán.")]
    assert not [c for c in clause_cuts(JUDGE) if "released the man, saying" in c]


def test_the_round_21_pick_is_the_default() -> None:
    assert all(getattr(module, name) is True for module, name in SWITCHES)
    assert briefs.LEAD_WHEN is False
    assert briefs.LEAD_PARTICIPLE is False
