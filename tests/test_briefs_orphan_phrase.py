"""A clause cut from a subject takes with it the prepositional phrase between commas that
followed it and said where or how the clause's event happened: heldout37's "El conductor
del bus[ que el lunes cayó a un abismo … cerca de Leymebamba], en un accidente[ que dejó
once muertos], llevaba 19 horas al volante …" had kept "en un accidente" with nothing to
say. A phrase holding a verb of its own keeps the clause; `--broken` counts the shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from monitor.judge import sentences
from tests.helpers import clause_cuts, story_points

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
START = datetime(2033, 8, 1, 12, tzinfo=UTC)
DRIVER_ES = (
    "El conductor del bus que el lunes cayó a un abismo de unos 200 metros cerca de "
    "Leymebamba, en un accidente que dejó once muertos, llevaba 19 horas al volante sin "
    "relevo, informó este martes la policía de Amazonas."
)


def _bus_story(driver: str, lang: str) -> list[str]:
    story = [
        (
            "Eleven killed as bus plunges into ravine",
            "Eleven people were killed on Monday when an overnight bus carrying 38 passengers "
            "went off a mountain road and fell about 200 metres into a ravine near Leymebamba, "
            "in Peru's Amazonas region, police said.",
            "en",
        ),
        (
            "Un bus cae a un abismo cerca de Leymebamba",
            "Un bus cayó el lunes a un abismo de unos 200 metros cerca de Leymebamba y "
            "murieron once personas, informó la policía de Amazonas.",
            "es",
        ),
        ("Driver", driver, lang),
        (
            "Regulator suspends bus company",
            "Peru's land transport regulator suspended the licence of Transportes Cumbre "
            "Andina for 90 days on Wednesday over the crash near Leymebamba.",
            "en",
        ),
    ]
    return story_points(
        [(t, x, la, START + timedelta(hours=6 * i)) for i, (t, x, la) in enumerate(story)]
    )


@pytest.mark.parametrize(
    ("driver", "lang", "phrase"),
    [
        (DRIVER_ES, "es", ", en un accidente,"),
        (
            "The driver, who lost control of the bus near Leymebamba on Monday, in heavy rain, "
            "had been at the wheel for 19 hours without a break, police said on Tuesday.",
            "en",
            "in heavy rain,",
        ),
        (
            "El conductor, que perdió el control del bus cerca de Leymebamba el lunes, en "
            "plena lluvia, llevaba 19 horas al volante sin relevo, informó la policía.",
            "es",
            "en plena lluvia,",
        ),
    ],
)
def test_the_driver_key_point_has_no_orphan_phrase(driver: str, lang: str, phrase: str) -> None:
    points = _bus_story(driver, lang)
    driver_points = [p for p in points if "19" in p]
    assert driver_points, points
    for p in driver_points:
        assert phrase not in p, p


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            "The driver, who lost control of the bus near Leymebamba on Monday, in heavy rain, "
            "had been at the wheel for 19 hours without a break, police said.",
            "The driver had been at the wheel for 19 hours without a break, police said.",
        ),
        (
            "El conductor del bus que el lunes cayó a un abismo de unos 200 metros cerca de "
            "Leymebamba, en un accidente, llevaba 19 horas al volante sin relevo.",
            "El conductor del bus llevaba 19 horas al volante sin relevo.",
        ),
    ],
)
def test_the_phrase_goes_with_the_cut_clause(sentence: str, kept: str) -> None:
    cuts = clause_cuts(sentence)
    assert kept in cuts, cuts
    assert all(", in heavy rain" not in c and ", en un accidente" not in c for c in cuts), cuts


def test_a_phrase_with_its_own_verb_keeps_the_clause() -> None:
    sentence = (
        "The driver, who lost control of the bus near Leymebamba on Monday, in an accident "
        "that killed eleven people, had been at the wheel for 19 hours without a break."
    )
    for c in sentences.restating_clauses(sentence):
        kept = sentences.cut(sentence, c)
        assert kept is None or "in an accident that killed" not in kept.split(",")[0], kept


def test_broken_counts_the_shape() -> None:
    reports = load_stories(CORPUS / "heldout37.toml")["leymebamba-bus-crash"]
    assert broken_cut(
        "El conductor del bus, en un accidente, llevaba 19 horas al volante sin relevo, "
        "informó este martes la policía de Amazonas.",
        reports,
    )
    assert not broken_cut(
        "El conductor del bus llevaba 19 horas al volante sin relevo, informó este martes la "
        "policía de Amazonas.",
        reports,
    )
