"""Key points that retell the story's main event: more clause forms, numbers in words, and
a key point the others already say in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from monitor.judge.briefs import Report, build_brief
from monitor.judge.sentences import cut, restating_clauses

T0 = datetime(2026, 3, 22, 12, 0, tzinfo=UTC)  # a Sunday


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


@pytest.mark.parametrize(
    ("sentence", "told", "kept"),
    [
        (
            "The cruise ship left Cartagena for Colón on Wednesday morning, because of a "
            "norovirus outbreak that sickened about 230 people.",
            "a norovirus outbreak that sickened about 230 people",
            "The cruise ship left Cartagena for Colón on Wednesday morning.",
        ),
        (
            "Doctors in the province urged parents to vaccinate their children this week, "
            "amid a measles outbreak that has infected 87 people.",
            "a measles outbreak that has infected 87 people",
            "Doctors in the province urged parents to vaccinate their children this week.",
        ),
        (
            "El Gobierno suspendió las clases en tres provincias del norte del país, debido "
            "al brote de sarampión que ya suma 87 casos.",
            "brote de sarampión que ya suma 87 casos",
            "El Gobierno suspendió las clases en tres provincias del norte del país.",
        ),
        (
            "Los bomberos hallaron dos cuerpos más entre los escombros este viernes, tres "
            "días después del alud que sepultó 22 casas.",
            "alud que sepultó 22 casas",
            "Los bomberos hallaron dos cuerpos más entre los escombros este viernes.",
        ),
    ],
)
def test_clauses_of_cause_and_backdrop_come_off(sentence: str, told: str, kept: str) -> None:
    clause = restating_clauses(sentence)[0]  # the outermost: a relative one may nest in it
    assert clause.of(sentence) == told
    assert cut(sentence, clause) == kept


def test_a_leading_with_phrase_is_a_clause_and_what_follows_opens_the_sentence() -> None:
    text = (
        "Con la baja de los derechos de exportación del trigo al 5%, un productor del sur "
        "de Santa Fe recibirá unos 12 dólares más por tonelada."
    )
    (clause,) = restating_clauses(text)
    assert (
        clause.leading
        and clause.of(text) == "la baja de los derechos de exportación del trigo al 5%"
    )
    assert (
        cut(text, clause)
        == "Un productor del sur de Santa Fe recibirá unos 12 dólares más por tonelada."
    )
    # trailing, "with …" is often the news itself: not a clause that retells
    assert (
        restating_clauses("The storm hit the coast on Monday night, with winds of 150 km/h.") == []
    )


def test_a_clause_before_the_attribution_goes_and_the_attribution_stays() -> None:
    text = (
        "La terminal reanudó este jueves parcialmente la carga de buques, tras tres días "
        "paralizada por el ciberataque, según la compañía."
    )
    (clause,) = restating_clauses(text)
    assert clause.of(text) == "tres días paralizada por el ciberataque"
    assert cut(text, clause) == (
        "La terminal reanudó este jueves parcialmente la carga de buques, según la compañía."
    )


def test_a_clause_inside_a_trailing_one_can_go_on_its_own() -> None:
    text = (
        "The cruise ship left the port of Cartagena on Wednesday after a deep clean approved "
        "by health officials, "
        "ending a stay in which passengers were kept aboard because of a norovirus outbreak "
        "that sickened about 230 people."
    )
    outer, *_, inner = restating_clauses(text)
    assert outer.start < inner.start and outer.end == inner.end == len(text)
    assert inner.of(text) == "a norovirus outbreak that sickened about 230 people"
    assert cut(text, inner) == (
        "The cruise ship left the port of Cartagena on Wednesday after a deep clean approved "
        "by health officials, "
        "ending a stay in which passengers were kept aboard."
    )


def test_numbers_in_words_read_as_digits_in_their_own_language_only() -> None:
    assert briefs._spell_out("Once reos murieron y cinco resultaron heridos", "es") == (
        "11 reos murieron y 5 resultaron heridos"
    )
    assert briefs._spell_out("a day after eleven inmates were killed", "en") == (
        "a day after 11 inmates were killed"
    )
    # English "once", and "one"/"una" that also mean "a", stay words
    assert briefs._spell_out("Once again one guard and una celda", "en") == (
        "Once again one guard and una celda"
    )
    assert briefs._spell_out("once", "") == "once"


RIOT = (
    "Eleven inmates were killed and five were wounded on Sunday in a riot between rival "
    "gangs at the Las Lomas prison in Comayagua, the prison authority said."
)
TAKEOVER = (
    "Military police took control of the Las Lomas prison in Honduras on Monday and the "
    "government dismissed its director, a day after 11 inmates were killed in a gang riot."
)


def prison_story() -> list[Report]:
    return [
        _report(
            1,
            f"{RIOT}\nRelatives gathered outside the prison gates through the night waiting "
            "for a list of the dead.\nThe prison holds 2,400 inmates in space built for "
            "900, according to a human rights group.",
            "Eleven killed in Honduran prison riot",
            "Isthmus Wire",
            0,
        ),
        _report(
            2,
            f"{TAKEOVER}\nThe security minister said all inmates of the gang wings would be "
            "moved to a maximum-security prison within a week.",
            "Military police take over Las Lomas prison",
            "Andes Ledger",
            24,
        ),
    ]


def test_a_clause_giving_a_number_in_digits_is_said_by_the_number_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shorter = (
        "Military police took control of the Las Lomas prison in Honduras on Monday and the "
        "government dismissed its director. (Andes Ledger)"
    )
    points = build_brief(prison_story()).key_points
    assert f"{RIOT} (Isthmus Wire)" in points
    assert shorter in points
    assert f"{TAKEOVER} (Andes Ledger)" not in points
    # read only as words, "Eleven" does not say "11": the clause stays
    monkeypatch.setattr(briefs, "NUMERALS", False)
    assert shorter not in build_brief(prison_story()).key_points


def test_a_key_point_the_others_say_in_full_is_dropped_down_to_three() -> None:
    report = _report(1, "x", "t", "Wire", 0)
    texts = [
        "The strike by dockworkers at the port of Limón halted container traffic on Tuesday.",
        "Refrigerated cargoes of bananas and pineapples were stranded at the terminals.",
        "Exporters said each day of the strike cost them about 30 million dollars.",
        "Dockworkers halted container traffic at the port of Limón on Tuesday with a strike.",
    ]
    pool = [briefs._sentence(t, report, i) for i, t in enumerate(texts)]
    space = briefs._vectors(pool)
    kept = briefs._drop_said(pool, 3, space)
    assert [s.text for s in kept] == texts[:3]
    # never below the number wanted
    assert briefs._drop_said(pool[1:], 3, space) == pool[1:]
