"""Round 42: a clause that carries a report's own news is no retelling.

`briefs.ANCHOR_OWN`: heldout42's Chiclayo charge, "…, after finding drums of the banned
pesticide carbofuran dumped in an irrigation canal that feeds the Boro treatment plant", was
judged told by the Spanish laboratory key point on the three anchors the two share (Boro,
"banned", "plant") although the clause's own things (drums, a canal) are told by no key
point; "canal" is a stem both of the story's languages use, and the key point does not.
`briefs.RECUT_STATE`: heldout41's league suspending five players "arrested in a
match-fixing investigation" lost the participle in `_recut` to "Según la investigación, …",
which tells no arrest; the story's first event, whose own lede was passed over as a
repeat of the league's, was then told by no key point."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, key_point, set_briefs

CHARGE = "Peruvian prosecutors charged the manager of an export farm on Wednesday"
DRUMS = "after finding drums of the banned pesticide carbofuran dumped in an irrigation canal"
LEAGUE = "Spain's football league on Wednesday provisionally suspended five Real Club Segura"
ARRESTED = "players arrested in a match-fixing investigation"


def _charge(points: list[str]) -> str:
    found = [p for p in points if p.startswith(CHARGE)]
    assert found, points
    return found[0]


@pytest.mark.parametrize("own", [1, 2])
def test_the_chiclayo_charge_keeps_its_own_news(monkeypatch: pytest.MonkeyPatch, own: int) -> None:
    set_briefs(monkeypatch, ANCHOR_OWN=own)
    charge = _charge(corpus_points("heldout42", "chiclayo-water-poisoning"))
    assert DRUMS in charge, charge
    assert "that feeds the Boro treatment plant." in charge, charge


def test_the_chiclayo_charge_is_whole_by_default() -> None:
    """After the grid, a correctness fix: the report's own news is no longer cut."""
    briefs.clear_readings()
    charge = _charge(corpus_points("heldout42", "chiclayo-water-poisoning"))
    assert charge.endswith(
        "after finding drums of the banned pesticide carbofuran dumped in an irrigation "
        "canal that feeds the Boro treatment plant."
    ), charge


def test_a_retelling_s_word_its_teller_s_report_uses_still_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With 1, "operation" (a stem both languages use, not in the Spanish lede) kept round
    23's kidney clause; the lede's report uses it, so with 2 the clause goes."""
    set_briefs(monkeypatch, ANCHOR_OWN=2)
    points = corpus_points("heldout23", "chiclayo-wrong-kidney")
    assert not [p for p in points if "healthy kidney was taken out" in p], points
    set_briefs(monkeypatch, ANCHOR_OWN=1)
    points = corpus_points("heldout23", "chiclayo-wrong-kidney")
    assert [p for p in points if "healthy kidney was taken out" in p], points


def test_without_anchor_own_the_drums_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, ANCHOR_OWN=0)
    charge = _charge(corpus_points("heldout42", "chiclayo-water-poisoning"))
    assert DRUMS not in charge, charge


@pytest.mark.parametrize("own", [1, 2])
def test_a_clause_told_by_its_anchors_alone_still_goes(
    monkeypatch: pytest.MonkeyPatch, own: int
) -> None:
    """Round 22's clauses use no stem both languages use that their teller does not."""
    set_briefs(monkeypatch, ANCHOR_OWN=own)
    points = corpus_points("heldout22", "iquique-paragliding")
    assert not [p for p in points if "that crashed in Iquique" in p], points
    points = corpus_points("heldout21", "chillan-hantavirus")
    assert not [p for p in points if "donde el hantavirus ya mató" in p], points


def test_the_league_keeps_the_arrests(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, RECUT_STATE=True)
    points = corpus_points("heldout41", "murcia-match-fixing")
    league = [p for p in points if p.startswith(LEAGUE)]
    assert league and ARRESTED in league[0], points


def test_without_recut_state_the_arrests_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, RECUT_STATE=False)
    points = corpus_points("heldout41", "murcia-match-fixing")
    league = [p for p in points if p.startswith(LEAGUE)]
    assert league and ARRESTED not in league[0], points


def test_a_state_no_other_key_point_gives_is_untold(monkeypatch: pytest.MonkeyPatch) -> None:
    set_briefs(monkeypatch, RECUT_STATE=True)
    day = datetime(2038, 2, 10, 14, tzinfo=UTC)
    league = key_point(1, f"{LEAGUE} {ARRESTED}.", "en", day)
    pay = key_point(
        2,
        "Según la investigación, los jugadores cobraban entre 20.000 y 50.000 euros por "
        "forzar resultados.",
        "es",
        day,
    )
    held = key_point(3, "La policía detuvo el martes a cinco futbolistas del club.", "es", day)
    clause = "arrested in a match-fixing investigation"
    assert briefs._untold_state(clause, league, [pay])
    assert not briefs._untold_state(clause, league, [pay, held])


def test_the_round_42_pick_is_the_default() -> None:
    # GRID42's rule took both switches, but the ANCHOR_OWN 1 rows fail existing tests
    # (UNPICKABLE42): RECUT_STATE alone carries three facts more for no pair more; ANCHOR_OWN
    # 2 is the correctness fix made after the grid
    assert briefs.RECUT_STATE is True
    assert briefs.ANCHOR_OWN >= 2  # round 43 picked 3: 2, and a clause a lapse opens retells
