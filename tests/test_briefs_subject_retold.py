"""A retelling inside a subject's clause, cut when another key point tells it: a participle
phrase on the subject of a "that" clause (`sentences.THAT_SUBJECT_PHRASE`), and the "++++"
lines of `news_words.txt` (`briefs.LEXICON_FORMS` 4) that let a Spanish "cuyo" clause be
judged against an English key point. heldout33's Barichara and Chivilcoy briefs kept both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import corpus_points

RESTORERS = (
    "Restorers sent from Bogotá said on Saturday that most of the 18th-century mural painted "
    "over in a Barichara chapel can be saved, because the white paint used was water-based."
)
CUYO = "cuyo caño había sido emparchado con cinta"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    briefs.clear_readings()
    yield
    briefs.clear_readings()


def _cuts(text: str) -> list[str | None]:
    return [sentences.cut(text, c) for c in sentences.restating_clauses(text)]


def test_the_phrase_on_a_that_subject_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "THAT_SUBJECT_PHRASE", True)
    assert _cuts(RESTORERS) == [
        "Restorers sent from Bogotá said on Saturday that most of the 18th-century mural can "
        "be saved, because the white paint used was water-based."
    ]


def test_off_it_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "THAT_SUBJECT_PHRASE", False)
    assert _cuts(RESTORERS) == []


def test_a_participle_after_its_own_verb_is_no_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "THAT_SUBJECT_PHRASE", True)
    assert _cuts("The minister said that the bridge was closed in March for repairs.") == []


def _points(story: str) -> list[str]:
    briefs.clear_readings()
    return corpus_points("heldout33", story)


def test_the_barichara_brief_cuts_the_retelling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "THAT_SUBJECT_PHRASE", True)
    points = _points("barichara-mural")
    assert any(p.startswith("Restorers sent from Bogotá") for p in points), points
    assert not any("painted over in a Barichara chapel" in p for p in points), points
    assert any("cubrió con pintura blanca" in p for p in points), points


def test_the_chivilcoy_brief_cuts_the_cuyo_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEXICON_FORMS", 4)
    points = _points("chivilcoy-ice-rink")
    assert not any(CUYO in p for p in points), points
    assert any(
        p.startswith("Los 19 patinadores intoxicados en la pista Polar recibieron") for p in points
    )
    assert any("patched with tape" in p for p in points), points


def test_without_the_lines_the_cuyo_clause_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEXICON_FORMS", 3)
    assert any(CUYO in p for p in _points("chivilcoy-ice-rink"))


def test_the_round_33_pick_is_the_default() -> None:
    assert sentences.THAT_SUBJECT_PHRASE is True
    assert briefs.LEXICON_FORMS == 4
    assert briefs.OWN_LEDE == 1.0
    assert briefs.OWN_LEDE_NEW is False
