"""Round 27's pair switches. `sentences.OVER_EVENT` 2: an "over the theft of …" phrase may
retell only after the main verb, so "La cifra de muertos por la explosión subió a doce" is
left whole while heldout27's "… was charged on Wednesday over the theft of the youth
orchestra's violins and cellos, …" is cut. `sentences.WHOSE_SUBJECT`: a "whose"/"cuyo"
clause on a short subject, up to the comma before the main verb, may retell ("The rafting
company [whose boat flipped …, drowning two tourists,] had been operating …").
`briefs.LEXICON_FORMS` 2: the "++" lines of `news_words.txt`, read across languages
("drowning two tourists" tells the deaths "murieran ahogados" tells)."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import clause_cuts, corpus_points

TOLL = "La cifra de muertos por la explosión subió a doce, informaron los bomberos."
CHARGED = (
    "A caretaker of the rehearsal hall was charged on Wednesday over the theft of the youth "
    "orchestra's violins and cellos, prosecutors said."
)
RAFTING = (
    "The rafting company whose boat flipped on the Pastaza river, drowning two tourists, had "
    "been operating without a licence since 2028, Ecuador's tourism ministry said on Friday."
)


def test_over_event_2_cuts_after_the_verb_and_not_on_a_subjects_noun(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentences, "OVER_EVENT", 2)
    assert "A caretaker of the rehearsal hall was charged on Wednesday, prosecutors said." in (
        clause_cuts(CHARGED)
    )
    assert clause_cuts(TOLL) == []


def test_over_event_1_ran_over_the_main_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "OVER_EVENT", 1)
    spans = [TOLL[c.start : c.end] for c in sentences.restating_clauses(TOLL)]
    assert " por la explosión subió a doce" in spans
    monkeypatch.setattr(sentences, "OVER_EVENT", 2)
    spans = [TOLL[c.start : c.end] for c in sentences.restating_clauses(TOLL)]
    assert " por la explosión subió a doce" not in spans


def test_over_event_2_takes_the_violins_pair_and_keeps_the_toll(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the caretaker's charge no longer retells the theft its own key point tells, and a
    # toll's "por la explosión" is not read as such a phrase
    monkeypatch.setattr(sentences, "OVER_EVENT", 2)
    points = corpus_points("heldout27", "treinta-y-tres-violins")
    charged = [p for p in points if p.startswith("A caretaker")]
    assert charged and "theft" not in charged[0], points
    assert not sentences.restating_clauses(TOLL)


def test_whose_subject_meets_its_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "WHOSE_SUBJECT", True)
    assert (
        "The rafting company had been operating without a licence since 2028, Ecuador's "
        "tourism ministry said on Friday." in clause_cuts(RAFTING)
    )
    spanish = (
        "La empresa cuya balsa se volcó en el río Pastaza, donde murieron dos turistas, "
        "operaba sin licencia desde 2028, informó el ministerio."
    )
    assert "La empresa operaba sin licencia desde 2028, informó el ministerio." in (
        clause_cuts(spanish)
    )


def test_whose_subject_stops_short_of_an_attribution(monkeypatch: pytest.MonkeyPatch) -> None:
    # the subject's verb is inside: what follows the comma is who said it
    monkeypatch.setattr(sentences, "WHOSE_SUBJECT", True)
    text = (
        "La empresa cuya balsa se volcó en el río Pastaza operaba sin licencia, confirmó el "
        "ministerio este viernes."
    )
    assert all(not k.startswith("La empresa confirmó") for k in clause_cuts(text))


def test_whose_subject_off_leaves_the_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "WHOSE_SUBJECT", False)
    assert all(not k.startswith("The rafting company had") for k in clause_cuts(RAFTING))


def test_lexicon_forms_2_reads_drowning_as_a_death() -> None:
    died = briefs._lexicon_read(False, 1)["died"]
    assert not briefs._lexicon_read(False, 1).get("drown", frozenset()) & died
    assert briefs._lexicon_read(False, 2)["drown"] & died
    assert briefs._lexicon_read(False, 2)["ahoga"] & died


def test_lexicon_forms_2_takes_the_puyo_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    # the drowning is retold once, by the English key point; the Spanish one loses its
    # "un día después de que dos turistas extranjeros murieran ahogados …"
    monkeypatch.setattr(briefs, "LEXICON_FORMS", 2)
    points = corpus_points("heldout26", "puyo-rafting")
    suspended = [p for p in points if p.startswith("El municipio de Puyo")]
    assert suspended and "ahogados" not in suspended[0], points


def test_defaults() -> None:
    assert sentences.OVER_EVENT >= 2  # 3 since round 28: also up to the full stop
    assert sentences.WHOSE_SUBJECT is True
    assert briefs.LEXICON_FORMS >= 2  # 3 since round 28: the "+++" lines too
