"""Development detection quality on labelled story updates.

Corpus: bench/corpus/developments.toml. Each story has earlier coverage and updates; an
update is judged against the coverage plus the updates it names in `after`, and is
labelled a development or not (translation, rewrite, opinion, recap, correction, ...).

Default mode: for each update the story is built from its earlier reports exactly as
ingest builds it: each report's `features` (title, text, publication time), folded into
a `Story` by `start_story` and `absorb`, then the update is judged by `detect` with the
arguments `Grouper.place` gives it. Grouping and dedupe play no part: what is measured is
whether the detector, shown a report of the story, calls it a development.

--ingest: the whole path instead. For each update a fresh SQLite store; the earlier
reports, then the update, go through `Pipeline.ingest` (relevance, dedupe, grouping,
development). The update counts as called a development when ingest recorded a
development event for it; lines marked `grouping`/`copy` show where it was placed in
another story or taken for a copy, which the default mode cannot see.

Usage:
  .venv/bin/python bench/developments.py                    # both splits, misses listed
  .venv/bin/python bench/developments.py --split tuning -v  # every update with its facts
  .venv/bin/python bench/developments.py --ingest
"""

from __future__ import annotations

import argparse
import string
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.judge.developments import Development, detect  # noqa: E402
from monitor.judge.features import features  # noqa: E402
from monitor.judge.stories import absorb, article_time, member_view, start_story  # noqa: E402
from monitor.storage import Article, Story  # noqa: E402

CORPUS = ROOT / "bench" / "corpus" / "developments.toml"
EVERYTHING = " OR ".join(f"{c}*" for c in string.ascii_lowercase)


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    text: str
    published: datetime
    language: str
    outlet: str


@dataclass(frozen=True)
class Case:
    story: str
    split: str
    kind: str
    development: bool
    earlier: tuple[Report, ...]
    update: Report

    @property
    def id(self) -> str:
        return f"{self.story}/{self.update.id}"


@dataclass
class Verdict:
    case: Case
    called: bool
    development: Development | None = None
    note: str = ""  # ingest mode: how the update was placed
    facts: list[str] = field(default_factory=list)


def _report(row: dict[str, Any], rid: str) -> Report:
    return Report(
        id=rid,
        title=row["title"],
        text=row["text"].strip(),
        published=row["published"],
        language=row["lang"],
        outlet=row["outlet"],
    )


def load(path: Path = CORPUS) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cases = []
    for story in data["stories"]:
        coverage = [_report(c, f"coverage-{i}") for i, c in enumerate(story["coverage"], 1)]
        updates = {u["id"]: u for u in story["updates"]}
        for u in story["updates"]:
            earlier = [*coverage, *(_report(updates[a], a) for a in u.get("after", []))]
            update = _report(u, u["id"])
            if any(e.published > update.published for e in earlier):
                raise SystemExit(f"{story['id']}/{u['id']}: published before its coverage")
            cases.append(
                Case(
                    story=story["id"],
                    split=story["split"],
                    kind=u["kind"],
                    development=u["development"],
                    earlier=tuple(earlier),
                    update=update,
                )
            )
    return cases


# direct mode: the detector on a story built as ingest builds it


def _article(report: Report) -> Article:
    return Article(
        url=f"http://bench.test/{report.id}",
        title=report.title,
        text=report.text,
        published_at=report.published,
        fetched_at=report.published + timedelta(hours=1),
        language=report.language,
        topics=["all"],
    )


def judge(case: Case) -> Verdict:
    story: Story | None = None
    for report in case.earlier:
        article = _article(report)
        when = article_time(article)
        feats = features(report.title, report.text, when)
        view = member_view(feats, {}, when, report.language)
        if story is None:
            story = start_story(article, {}, feats, when, view)
        else:
            absorb(story, article, {}, feats, when, view)
    assert story is not None
    article = _article(case.update)
    feats = features(case.update.title, case.update.text, article_time(article))
    known = list(story.facts)
    dev = detect(article.title, article.text or "", feats.facts, known)
    return Verdict(case, dev is not None, dev, facts=sorted(feats.facts - set(known)))


# ingest mode: the whole path on a fresh store per update


def judge_ingest(case: Case, tmp: Path) -> Verdict:
    from monitor.collect.fetch import Fetcher
    from monitor.collect.parsepool import ParsePool
    from monitor.collect.resolve import Candidate
    from monitor.config import parse_config
    from monitor.pipeline import Pipeline
    from monitor.storage import Store, migrate

    url = f"sqlite:///{tmp}/{case.story}-{case.update.id}.db"
    cfg = parse_config(
        {
            "storage": {"url": url},
            "stories": {"window": "180d"},  # longer than any gap in the corpus
            "topics": [{"name": "all", "query": EVERYTHING}],
            "feeds": [{"url": "http://bench.test/feed.xml"}],
            "rules": [{"name": "all", "channels": ["null"]}],
            "channels": [{"name": "null", "type": "console"}],
        }
    )
    store = Store(url)
    migrate.upgrade(store)
    now = [case.update.published]
    pipeline = Pipeline(cfg, store, Fetcher(), ParsePool(workers=1), clock=lambda: now[0])
    pipeline.sync_feeds()
    with store.tx() as tx:
        (feed,) = tx.feeds()
    assert feed.id is not None
    ids: dict[str, int] = {}
    for report in [*case.earlier, case.update]:
        now[0] = report.published + timedelta(hours=1)
        link = f"http://bench.test/{case.story}/{report.id}"
        done = pipeline.ingest.article(
            Candidate(
                feed_id=feed.id,
                entry_key=report.id,
                link=link,
                url=link,
                title=report.title,
                text=report.text,
                text_origin="page",
                published=report.published,
                author=None,
                source=report.outlet,
                source_name=None,
                language=report.language,
            )
        )
        assert done.article_id is not None, (case.id, report.id, done.kind)
        ids[report.id] = done.article_id
    with store.tx() as tx:
        rows = {rid: tx.get(Article, aid) for rid, aid in ids.items()}
        update = rows[case.update.id]
        assert update is not None
        story_of: dict[str, int | None] = {}
        for rid, row in rows.items():
            story = tx.resolve_story(row.story_id) if row and row.story_id else None
            story_of[rid] = story.id if story else None
        update_story = story_of[case.update.id]
        events = [
            e
            for e in (tx.story_events(update_story) if update_story else [])
            if e.kind == "development"
        ]
    store.close()
    called = any(e.article_id == update.id for e in events)
    notes = []
    if update.duplicate_of is not None:
        notes.append("copy")
    if len({story_of[r.id] for r in [*case.earlier, case.update]}) > 1:
        notes.append("grouping")
    return Verdict(case, called, note=",".join(notes))


# scores


def scores(verdicts: Sequence[Verdict]) -> tuple[int, int, int, int, float, float, float]:
    tp = sum(v.called and v.case.development for v in verdicts)
    fp = sum(v.called and not v.case.development for v in verdicts)
    fn = sum(not v.called and v.case.development for v in verdicts)
    tn = sum(not v.called and not v.case.development for v in verdicts)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return tp, fp, fn, tn, p, r, f1


def report(name: str, verdicts: Sequence[Verdict], verbose: bool, summary: bool) -> None:
    tp, fp, fn, tn, p, r, f1 = scores(verdicts)
    n_dev = sum(v.case.development for v in verdicts)
    print(
        f"{name:<10} n={len(verdicts):<4} developments={n_dev:<3} "
        f"TP={tp:<3} FP={fp:<3} FN={fn:<3} TN={tn:<3} "
        f"precision={p:.3f} recall={r:.3f} F1={f1:.3f}"
    )
    if summary:
        return
    wrong = Counter(v.case.kind for v in verdicts if v.called != v.case.development)
    if wrong:
        print("   errors by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(wrong.items())))
    for v in verdicts:
        right = v.called == v.case.development
        if right and not verbose:
            continue
        mark = "ok  " if right else ("FP  " if v.called else "FN  ")
        note = f" [{v.note}]" if v.note else ""
        print(f"   {mark}{v.case.id} ({v.case.kind}, {v.case.update.language}){note}")
        if v.development is not None:
            print(f"        called on: {', '.join(v.development.facts[:12])}")
        elif verbose and v.facts:
            print(f"        new facts: {', '.join(v.facts[:12])}")


def _splits(cases: Iterable[Case], split: str) -> list[tuple[str, list[Case]]]:
    cases = list(cases)
    names = ["tuning", "heldout"] if split == "all" else [split]
    return [(s, [c for c in cases if c.split == s]) for s in names]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", choices=["tuning", "heldout", "all"], default="all")
    ap.add_argument("--ingest", action="store_true", help="run the whole ingest path per update")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every update")
    ap.add_argument(
        "--summary", action="store_true", help="scores only, no update listed (for held-out runs)"
    )
    args = ap.parse_args()
    started = time.perf_counter()
    for name, cases in _splits(load(), args.split):
        if args.ingest:
            with tempfile.TemporaryDirectory() as tmp:
                verdicts = [judge_ingest(c, Path(tmp)) for c in cases]
        else:
            verdicts = [judge(c) for c in cases]
        report(name, verdicts, args.verbose, args.summary)
    print(f"({time.perf_counter() - started:.1f}s)")


if __name__ == "__main__":
    main()
