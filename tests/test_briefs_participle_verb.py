"""A participle phrase on a noun ends before the main verb it runs into: heldout37's "An
armed group holding three aid workers[ seized near Tumaco on Monday has demanded $2 million
for their release], the charity … said on Tuesday." lost its verb to the cut, because
"armed" was read as the main verb and the phrase ran to the comma. `--broken` counts the
shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.brief_quality import broken_cut, load_stories
from tests.helpers import clause_cuts, corpus_points

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
TUMACO = (
    "An armed group holding three aid workers seized near Tumaco on Monday has demanded $2 "
    "million for their release, the charity Manos del Pacífico said on Tuesday."
)


@pytest.mark.parametrize(
    ("sentence", "verb", "kept"),
    [
        (
            TUMACO,
            "has demanded",
            "An armed group holding three aid workers has demanded $2 million for their "
            "release, the charity Manos del Pacífico said on Tuesday.",
        ),
        (
            "The armed men guarding the trucks seized near Cúcuta on Friday have demanded a "
            "ransom of 500 million pesos, police said on Sunday.",
            "have demanded",
            "The armed men guarding the trucks have demanded a ransom of 500 million pesos, "
            "police said on Sunday.",
        ),
    ],
)
def test_the_phrase_ends_before_the_main_verb(sentence: str, verb: str, kept: str) -> None:
    cuts = clause_cuts(sentence)
    assert kept in cuts, cuts
    assert all(verb in c for c in cuts), cuts


def test_the_tumaco_key_points_keep_their_verbs() -> None:
    points = corpus_points("heldout37", "tumaco-aid-kidnapping")
    assert not any("holding three aid workers, the charity" in p for p in points), points


def test_broken_counts_the_shape() -> None:
    reports = load_stories(CORPUS / "heldout37.toml")["tumaco-aid-kidnapping"]
    assert broken_cut(
        "An armed group holding three aid workers, the charity Manos del Pacífico said on "
        "Tuesday. (marrowby-standard)",
        reports,
    )
    assert not broken_cut(
        "An armed group holding three aid workers has demanded $2 million for their release, "
        "the charity Manos del Pacífico said on Tuesday. (marrowby-standard)",
        reports,
    )
