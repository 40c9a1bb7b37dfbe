"""A clause that retells is cut from a key point only while another key point of the final
selection says it (`RECHECK`, off by default: it changed no brief of the development
corpora): when the key point that said it is dropped at the end as said by the others,
the clause comes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from monitor.judge.briefs import Report
from tests.helpers import report

T0 = datetime(2027, 8, 2, 12, 0, tzinfo=UTC)

EMERGENCY = (
    "The regional government declared a state of emergency in Tarija on Tuesday, after the "
    "Guadalquivir river burst its banks."
)
BURST = "The Guadalquivir river burst its banks in Tarija on Monday night, the mayor said."
ROSE = "The river rose in Tarija on Monday night and reached the old town, the mayor said."
SCHOOLS = "Schools in the city will stay closed until Friday, the education office said."


def _report(rid: int, text: str) -> Report:
    return report(rid, text, T0 + timedelta(hours=rid), "en")


def _final() -> list[str]:
    briefs.clear_readings()
    texts = (EMERGENCY, BURST, ROSE, SCHOOLS)
    st = briefs._story([_report(i + 1, t) for i, t in enumerate(texts)])
    pool = {s.text: s for s in st.pool}
    chosen = [pool[t] for t in texts]
    return [k.text for k in briefs._finish(chosen, [], 4, st.space, st.centroid)]


def test_a_clause_said_only_by_a_dropped_key_point_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(briefs, "RECHECK", True)
    points = _final()
    # the burst is said by the dropped key point alone: the emergency keeps its clause
    assert BURST not in points
    assert EMERGENCY in points
    assert ROSE in points


def test_without_recheck_the_burst_is_told_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "RECHECK", False)
    points = _final()
    assert BURST not in points
    assert not any("burst" in p for p in points)
