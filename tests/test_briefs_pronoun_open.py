"""Round 44: a key point whose subject is a bare personal pronoun, with no key point naming
whom it means.

`briefs.PRONOUN_OPEN`: "He was caught with 41 transfers on his phone." (heldout29's exam
leak) and "He will appear before a judge on Monday." (heldout22's paraglider crash) name
their subject only in the sentence before them in their reports, which no key point is: the
reader does not know who "he" is. Such a candidate is passed over. A pronoun that is not the
subject ("A judge in Ambato ordered him held …", heldout44) names its subject itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, key_point, set_briefs

CAUGHT = "He was caught with 41 transfers on his phone."
APPEAR = "He will appear before a judge on Monday."


@pytest.mark.parametrize(
    ("corpus", "story", "point"),
    [("heldout29", "cobija-exam-leak", CAUGHT), ("heldout22", "iquique-paragliding", APPEAR)],
)
def test_a_bare_he_with_no_referent_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, corpus: str, story: str, point: str
) -> None:
    # a test of round 44's rule alone: round 51's LATER_NEWS (and round 52's LATER_CUT,
    # which acts only with it) set off, as grouping rounds 24 and 32 did for their switches
    monkeypatch.setattr(briefs, "LATER_NEWS", 0)
    set_briefs(monkeypatch, PRONOUN_OPEN=1)
    points = corpus_points(corpus, story)
    assert points
    assert point not in points, points
    set_briefs(monkeypatch, PRONOUN_OPEN=0)
    assert point in corpus_points(corpus, story)


def test_a_pronoun_object_names_its_subject(monkeypatch: pytest.MonkeyPatch) -> None:
    # a test of round 44's rule alone: round 51's LATER_NEWS (and round 52's LATER_CUT,
    # which acts only with it) set off, as grouping rounds 24 and 32 did for their switches
    monkeypatch.setattr(briefs, "LATER_NEWS", 0)
    set_briefs(monkeypatch, PRONOUN_OPEN=1)
    points = corpus_points("heldout44", "banos-cable-car")
    assert [p for p in points if p.startswith("A judge in Ambato ordered him held")], points


@pytest.mark.parametrize(
    ("text", "lang", "bare"),
    [
        ("Lo trasladaron este jueves a la cárcel de Comayagua.", "es", True),
        ("Ellos pasaron la noche en un albergue.", "es", True),
        ("They were found alive on Thursday.", "en", True),
        ("Los presos fueron trasladados este jueves a la cárcel.", "es", False),
        ("La municipalidad cerró este lunes el muelle.", "es", False),
        ("The driver was suspended on Friday.", "en", False),
    ],
)
def test_what_opens_on_a_bare_pronoun(text: str, lang: str, bare: bool) -> None:
    s = replace(key_point(1, text, lang, datetime(2039, 5, 2, tzinfo=UTC)), position=2)
    assert briefs._no_referent(s, []) is bare
    # the sentence before it in its report, chosen, names whom the pronoun means
    before = replace(s, text="x", position=1)
    assert briefs._no_referent(s, [before]) is False
