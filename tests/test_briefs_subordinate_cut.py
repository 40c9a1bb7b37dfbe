"""A clause cut from inside a subordinate clause never takes that clause's verb with it:
heldout36's "…, as the strike that began[ after a crane operator's death entered its third
day …]." had lost "entered" (and the crane operator's death). "as"/"como" open such a clause
after a comma, as "when", "while", "cuando" and "mientras" do anywhere; `--dangling` and
`--broken` count the shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, ends_dangling, load_stories
from tests.helpers import clause_cuts, corpus_points

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
TALKS = (
    "Colombia's labour ministry called the dockworkers' union and the operator of "
    "Buenaventura's container terminals to talks in Bogotá on Wednesday, as the strike that "
    "began after a crane operator's death entered its third day with some 60 ships waiting "
    "offshore."
)
BROKEN = (
    "Colombia's labour ministry called the dockworkers' union and the operator of "
    "Buenaventura's container terminals to talks in Bogotá on Wednesday, as the strike that "
    "began."
)


@pytest.mark.parametrize(
    ("sentence", "opener", "verb"),
    [
        (TALKS, ", as ", "entered"),
        (
            "El ministerio convocó al sindicato y a la Sociedad Portuaria a una reunión en "
            "Bogotá el miércoles, mientras el paro que empezó tras la muerte de un operador "
            "entraba en su tercer día.",
            " mientras ",
            "entraba",
        ),
        (
            "Police closed the port road on Monday, when the strike that began after the "
            "accident reached the terminals.",
            " when ",
            "reached",
        ),
        (
            "La policía cerró la vía del puerto el lunes, cuando la protesta que empezó tras el "
            "accidente llegó a los muelles.",
            " cuando ",
            "llegó",
        ),
    ],
)
def test_a_cut_keeps_the_subordinate_clause_verb(sentence: str, opener: str, verb: str) -> None:
    cuts = clause_cuts(sentence)
    assert any(opener in kept for kept in cuts), cuts
    for kept in cuts:
        # the subordinate clause cut whole, or kept with its verb
        assert verb in kept or opener not in kept, kept


def test_the_after_clause_itself_is_still_cut() -> None:
    assert (
        "Colombia's labour ministry called the dockworkers' union and the operator of "
        "Buenaventura's container terminals to talks in Bogotá on Wednesday, as the strike "
        "entered its third day with some 60 ships waiting offshore."
    ) in clause_cuts(TALKS)


def test_the_talks_key_point_is_whole() -> None:
    points = corpus_points("heldout36", "buenaventura-port-strike")
    ends = ("as the strike that began", "as the strike")
    assert not any(p.rstrip(".").endswith(ends) for p in points), points


def test_dangling_and_broken_count_the_shape() -> None:
    reports = load_stories(CORPUS / "heldout36.toml")["buenaventura-port-strike"]
    assert ends_dangling(BROKEN)
    assert broken_cut(BROKEN, reports)
    assert ends_dangling(BROKEN.replace(" that began", ""))
    assert not ends_dangling(TALKS)
    assert not broken_cut(TALKS, reports)
    # "as" is a preposition when no comma comes before it
    assert not ends_dangling("The court named him as the man who fled.")
