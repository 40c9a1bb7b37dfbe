"""Round 43: a count retold as the whole already told, and a clause a lapse of time opens.

`briefs.GIVEN_DROP`: heldout43's gold theft kept "Colombian police recovered 14 of the 23
gold pieces …" beside "Thieves stole 23 pre-Columbian gold pieces …": the partitive's "of the
23" names the theft's count, which the theft's key point gives as its own. The shipwreck's
search called off "de las cerca de 40 personas desaparecidas" told again the survivors' "unas
40 personas … siguen desaparecidas" (one state on two days). The retold count goes; the
recovery and the search called off, each a report's own news, stay.
`briefs.ANCHOR_OWN` 3: "…, a day after a third person died in the hantavirus outbreak there"
was kept beside the key point of the third death, because "person" is a stem the death's
Spanish report never uses (`ANCHOR_OWN` 2); a clause a lapse of time opens retells an earlier
event by its form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, set_briefs, story_points

RECOVERED = "Colombian police recovered 14 of"
STOLE = "Thieves stole 23 pre-Columbian gold pieces"
CALLED_OFF = "Salvamento Marítimo suspendió este jueves la búsqueda de las"
THIRD = "a day after a third person died in the hantavirus outbreak there"


def _one(points: list[str], start: str) -> str:
    found = [p for p in points if start in p]
    assert len(found) == 1, points
    return found[0]


@pytest.mark.parametrize("drop", [1, 2])
def test_the_recovery_no_longer_retells_the_theft_s_count(
    monkeypatch: pytest.MonkeyPatch, drop: int
) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=drop)
    points = corpus_points("heldout43", "cali-museum-theft")
    recovered = _one(points, RECOVERED)
    assert recovered.startswith("Colombian police recovered 14 of the gold pieces, finding"), points
    assert "23" not in recovered, recovered
    # the count the theft gives as its own stays there
    assert _one(points, STOLE)


def test_without_given_drop_the_recovery_retells_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=0)
    points = corpus_points("heldout43", "cali-museum-theft")
    assert "recovered 14 of the 23 gold pieces" in _one(points, RECOVERED), points


@pytest.mark.parametrize("drop", [1, 2])
def test_the_search_called_off_no_longer_retells_the_missing(
    monkeypatch: pytest.MonkeyPatch, drop: int
) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=drop)
    points = corpus_points("heldout43", "el-hierro-migrant-shipwreck")
    called_off = _one(points, CALLED_OFF)
    assert "la búsqueda de las personas desaparecidas en el naufragio" in called_off, points
    assert "40" not in called_off, called_off
    assert _one(points, "unas 40 personas cayeron al mar")
    set_briefs(monkeypatch, GIVEN_DROP=0)
    points = corpus_points("heldout43", "el-hierro-migrant-shipwreck")
    assert "de las cerca de 40 personas desaparecidas" in _one(points, CALLED_OFF), points


def _museum() -> list[tuple[str, str, str | None, datetime]]:
    day = datetime(2039, 5, 2, 9, tzinfo=UTC)
    return [
        (
            "Robo en el museo",
            "Ladrones robaron 23 piezas de oro precolombinas del Museo Orfebre del Pacífico de "
            "Cali durante la noche del domingo, informó la policía este lunes.",
            "es",
            day,
        ),
        (
            "Police recover gold",
            "Colombian police recovered 14 of the 23 gold pieces in a container of frozen fish "
            "at the port of Buenaventura on Wednesday, officials said.",
            "en",
            day + timedelta(days=2),
        ),
        (
            "Recuperan piezas",
            "La policía recuperó este miércoles 14 de las 23 piezas de oro robadas del museo "
            "de Cali en un contenedor de pescado congelado en el puerto de Buenaventura.",
            "es",
            day + timedelta(days=2, hours=3),
        ),
        (
            "Detienen a vigilante",
            "La Fiscalía imputó este jueves a un vigilante nocturno del museo por desconectar "
            "las alarmas la noche del robo, y un juez le dictó prisión preventiva.",
            "es",
            day + timedelta(days=3),
        ),
    ]


def test_a_spanish_partitive_loses_the_count_the_theft_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_briefs(monkeypatch, GIVEN_DROP=1)
    points = story_points(_museum())
    assert [p for p in points if p.startswith("Ladrones robaron 23 piezas")], points
    recovered = [p for p in points if "recuper" in p or "recovered" in p]
    assert recovered, points
    assert not [p for p in recovered if "23" in p], points
    set_briefs(monkeypatch, GIVEN_DROP=0)
    points = story_points(_museum())
    assert [p for p in points if ("recuper" in p or "recovered" in p) and "23" in p], points


def test_a_count_of_the_key_point_s_own_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole no other key point gives is the key point's own news: "of the 23" stays."""
    set_briefs(monkeypatch, GIVEN_DROP=2)
    # the theft's report left out: no key point gives 23 as its own
    alone = [(t, x, lang, d) for t, x, lang, d in _museum() if not x.startswith("Ladrones")]
    points = story_points(alone)
    assert [p for p in points if "of the 23 gold pieces" in p or "de las 23 piezas" in p], points


def test_the_lapse_clause_goes_with_anchor_own_3(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, ANCHOR_OWN=3)
    points = corpus_points("heldout43", "lago-puelo-hantavirus")
    banned = _one(points, "Chubut province on Thursday banned public gatherings")
    assert THIRD not in banned, points
    assert banned.endswith("and cancelled the town's autumn festival."), banned
    set_briefs(monkeypatch, ANCHOR_OWN=2)
    points = corpus_points("heldout43", "lago-puelo-hantavirus")
    assert THIRD in _one(points, "Chubut province on Thursday banned public gatherings"), points


def test_anchor_own_3_keeps_the_chiclayo_drums(monkeypatch: pytest.MonkeyPatch) -> None:
    """No lapse opens "after finding drums …": the report's own news stays, as with 2."""
    set_briefs(monkeypatch, ANCHOR_OWN=3)
    points = corpus_points("heldout42", "chiclayo-water-poisoning")
    charge = _one(points, "Peruvian prosecutors charged the manager of an export farm")
    assert "after finding drums of the banned pesticide carbofuran" in charge, charge
    points = corpus_points("heldout23", "chiclayo-wrong-kidney")
    assert not [p for p in points if "healthy kidney was taken out" in p], points


def test_the_round_43_pick_is_the_default() -> None:
    # GRID43's rule took both switches, but the GIVEN_DROP rows leave key points --broken
    # finds (UNPICKABLE43): ANCHOR_OWN 3 alone is one pair fewer at the same facts.
    # GIVEN_DROP, 0 after round 43, is 2 since round 44's pick (test_briefs_given_figure.py)
    # and 3 since round 45's (test_briefs_first_lede.py)
    assert briefs.ANCHOR_OWN == 3
    assert briefs.GIVEN_DROP in (0, 2, 3)
