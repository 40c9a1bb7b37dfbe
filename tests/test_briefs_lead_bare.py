"""A key point taken without its clauses (`_bare`) is judged by `_lead_first` as it reads
and is not given back whole there (`LEAD_BARE`): heldout24's congress law kept "…, four days
after lightweight Julio Ccopa died of a brain injury …" beside the key point of the death.
The counts "one count in two languages" compares, read as the candidate's own
(`COUNT_OWN`). Round 24."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.judge import briefs

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"


def _points(corpus: str, story: str) -> list[str]:
    data = tomllib.loads((CORPUS / f"{corpus}.toml").read_text(encoding="utf-8"))
    articles = [a for a in data["articles"] if a["story"] == story]
    reports = [
        briefs.Report(
            id=i + 1,
            title=a["title"],
            text=a["text"],
            url=f"https://example.org/{i + 1}",
            outlet=f"Outlet {i + 1}",
            published=a["published"],
            language=a["lang"],
        )
        for i, a in enumerate(articles)
    ]
    first = reports[0]
    milestones = [briefs.Milestone("first_report", first.published, first.id)]
    return [p.rsplit(" (Outlet", 1)[0] for p in briefs.build_brief(reports, milestones).key_points]


def test_a_bare_key_point_is_not_given_back_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEAD_BARE", 1)
    points = _points("heldout24", "tacna-boxer")
    law = next(p for p in points if p.startswith("Peru's congress passed a law"))
    assert law.endswith("before each fight.")
    assert "four days after" not in law
    # the death is told once, by its own report, with its clause
    died = next(p for p in points if p.startswith("Peruvian boxer Julio Ccopa"))
    assert "collapsing in the ring" in died


def test_without_the_switch_the_law_keeps_its_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefs, "LEAD_BARE", 0)
    points = _points("heldout24", "tacna-boxer")
    law = next(p for p in points if p.startswith("Peru's congress passed a law"))
    assert "four days after lightweight Julio Ccopa died" in law


def test_own_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    report = briefs.Report(
        id=1,
        title="t",
        text="x",
        url="https://example.org/1",
        outlet="o",
        published=datetime(2030, 1, 19, tzinfo=UTC),
        language="es",
    )
    text = "Los forenses concluyeron que los diez migrantes murieron asfixiados."
    s = briefs._sentence(text, report, 0)
    monkeypatch.setattr(briefs, "COUNT_OWN", 0)
    assert "num:10" in briefs._own_counts(s)
    monkeypatch.setattr(briefs, "COUNT_OWN", 1)
    assert "num:10" not in briefs._own_counts(s)


def test_defaults() -> None:
    assert briefs.LEAD_BARE == 2
    assert briefs.COUNT_OWN == 0
