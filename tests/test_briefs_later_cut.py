"""Round 52: the later lede that wins a key point by `briefs.LATER_NEWS` retold the story's
first event in a relative clause no cut read (`briefs.LATER_CUT`).

heldout52's judge froze the accounts "of Celso Aquino Britez on Saturday, the mayor of
Encarnación whom the city council suspended this week over a storm drain …" beside the
council's suspension; heldout50's raid on "Alimentos Ñielol, the school caterer whose contract
was cancelled a day earlier" beside the cancellation; heldout13's dredging "near Iquitos,
where the river has fallen to its lowest level on record" beside the record low."""

from __future__ import annotations

import pytest

from monitor.judge import briefs, sentences
from tests.helpers import corpus_points, set_briefs

FROZE = "A Paraguayan judge froze the bank accounts"
SUSPENDED = "whom the city council suspended"
RAID = "Prosecutors and police on Wednesday searched"
DREDGE = "Peru's transport ministry said on Thursday it would dredge"


def _point(points: list[str], opening: str) -> str:
    return next(p for p in points if p.startswith(opening))


@pytest.mark.parametrize("value", [1, 2])
def test_a_later_lede_loses_the_suspension_it_retells(
    monkeypatch: pytest.MonkeyPatch, value: int
) -> None:
    set_briefs(monkeypatch, LATER_NEWS=1, LATER_CUT=value)
    points = corpus_points("heldout52", "encarnacion-mayor-fraud")
    froze = _point(points, FROZE)
    assert froze.endswith("of Celso Aquino Britez on Saturday, the mayor of Encarnación."), froze
    assert SUSPENDED not in froze


def test_off_the_later_lede_keeps_its_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, LATER_NEWS=1, LATER_CUT=0)
    points = corpus_points("heldout52", "encarnacion-mayor-fraud")
    assert SUSPENDED in _point(points, FROZE), points


def test_without_later_news_nothing_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    # the cut is for the ledes LATER_NEWS lets in; with it off the key points are as before
    set_briefs(monkeypatch, LATER_NEWS=0, LATER_CUT=0)
    before = corpus_points("heldout52", "encarnacion-mayor-fraud")
    set_briefs(monkeypatch, LATER_NEWS=0, LATER_CUT=2)
    assert corpus_points("heldout52", "encarnacion-mayor-fraud") == before


@pytest.mark.parametrize(("value", "cut"), [(0, False), (1, False), (2, True)])
def test_a_retelling_in_other_words_is_cut_by_its_form_alone(
    monkeypatch: pytest.MonkeyPatch, value: int, cut: bool
) -> None:
    # "whose contract was cancelled" beside "anuló … el contrato": no state or meaning read
    # alike, so 1 keeps it and 2 cuts it
    set_briefs(monkeypatch, LATER_NEWS=1, LATER_CUT=value)
    raid = _point(corpus_points("heldout50", "temuco-school-meals"), RAID)
    assert ("the school caterer, and seized computers" in raid) == cut, raid
    assert ("whose contract was cancelled" in raid) != cut, raid


@pytest.mark.parametrize(("value", "cut"), [(0, False), (1, True)])
def test_a_place_clause_retelling_the_record_low_is_cut(
    monkeypatch: pytest.MonkeyPatch, value: int, cut: bool
) -> None:
    set_briefs(monkeypatch, LATER_NEWS=1, LATER_CUT=value)
    dredge = _point(corpus_points("heldout13", "amazon-drought"), DREDGE)
    assert ("near Iquitos, so that cargo boats" in dredge) == cut, dredge


def test_the_spans_read() -> None:
    text = (
        "Prosecutors searched the offices of Alimentos Ñielol, the school caterer whose "
        "contract was cancelled a day earlier, and seized computers."
    )
    spans = sentences.later_retellings(text)
    assert [text[a:b] for a, b, _ in spans] == [" whose contract was cancelled a day earlier"]
    spanish = "El juez ordenó la prisión de Juan Pérez, el fundador de la caja que cerró el lunes."
    assert [spanish[c:b] for _, b, c in sentences.later_retellings(spanish)] == [
        "que cerró el lunes"
    ]
    # a relative with no appositive before it is no such span
    assert sentences.later_retellings("The council, which met on Monday, voted.") == []


def test_defaults() -> None:
    assert briefs.LATER_CUT == 0
    assert briefs.LATER_COVERED == 0.3
