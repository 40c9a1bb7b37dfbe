"""A relative clause with no comma before it, on an appositive's noun with a definite
article ("…, el ferry que navegaba con el radar averiado …"), says which one that noun is:
it is never cut. heldout35's "Un juez … imputó … al capitán del Bahía Dorada, el ferry." had
lost it, and the radar with it; `--broken` counts such a key point."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from tests.helpers import clause_cuts, corpus_points

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
FERRY = (
    "Un juez de Sinaloa imputó por homicidio culposo al capitán del Bahía Dorada, el ferry "
    "que navegaba con el radar averiado cuando chocó con un camaronero frente a Topolobampo."
)
BROKEN = "Un juez de Sinaloa imputó por homicidio culposo al capitán del Bahía Dorada, el ferry."


@pytest.mark.parametrize(
    "sentence",
    [
        FERRY,
        "A judge charged the captain of the Bahía Dorada, the ferry that was sailing with a "
        "broken radar when it struck a shrimp trawler off Topolobampo.",
    ],
)
def test_the_clause_that_says_which_one_is_never_cut(sentence: str) -> None:
    for kept in clause_cuts(sentence):
        assert "radar" in kept, kept


def test_a_later_clause_is_still_cut() -> None:
    kept = "…, el ferry que navegaba con el radar averiado."
    assert any(k.endswith(kept.lstrip("…")) for k in clause_cuts(FERRY))


def test_an_appositive_with_a_comma_or_no_article_is_still_cut() -> None:
    # "una pasajera" says who she is; a clause after a comma is no part of the appositive
    assert '"Nunca habíamos visto algo así", dijo Ana Lucía Cervantes, una pasajera.' in (
        clause_cuts(
            '"Nunca habíamos visto algo así", dijo Ana Lucía Cervantes, una pasajera que '
            "viajaba con sus dos hijos."
        )
    )


def test_the_ferry_brief_keeps_the_radar() -> None:
    points = corpus_points("heldout35", "topolobampo-ferry-collision")
    assert not any(p.startswith(BROKEN.rstrip(".")) and "radar" not in p for p in points)
    assert any("radar" in p for p in points), points


def test_broken_counts_the_bare_appositive() -> None:
    reports = load_stories(CORPUS / "heldout35.toml")["topolobampo-ferry-collision"]
    assert broken_cut(BROKEN, reports)
    assert not broken_cut(
        "Un juez de Sinaloa imputó por homicidio culposo al capitán del Bahía Dorada, el ferry "
        "que navegaba con el radar averiado.",
        reports,
    )
