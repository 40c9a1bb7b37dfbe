"""Near-duplicate quality: the threshold sweep (tuning set) and the held-out report.

    .venv/bin/python bench/neardup.py sweep     # tuning set: shingle size, LSH rows, threshold
    .venv/bin/python bench/neardup.py report    # held-out set through the real Ingest.article

`sweep` scores pairs with the functions `monitor.judge.copies` uses (shingles, MinHash, band keys,
containment, the short-item matcher) at several settings. `report` stores the held-out
sources and then their copies, short items and generic-headline items one by one through
`Ingest.article` on a fresh SQLite database with the shipped settings, and counts which
copies were linked to their source (`duplicate_of`) and which articles were wrongly linked.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.syndicate import ShortItem, Source, Split, build
from monitor.judge import copies as dedupe

SIZES = (2, 3, 4, 5)
ROWS = (1, 2, 3, 4)
EVERY_WORD = "abcdefghijklmnopqrstuvwxyz0123456789"  # prefixes: a topic every text matches
THRESHOLDS = (0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass
class Pair:
    positive: bool
    edits: tuple[str, ...]
    containment: dict[int, float]  # shingle size -> exact containment
    jaccard: dict[int, float]
    est_containment: dict[int, float]
    lsh: dict[tuple[int, int], bool]  # (size, rows) -> shares a band
    usable: bool
    foreign: float = 0.0  # share of the second text's 3-grams in sentences foreign to the first
    inside: float = 0.0  # share of the first text's 3-grams inside the second


def _features(ta: str, tb: str, positive: bool, edits: tuple[str, ...]) -> Pair:
    pair = Pair(positive, edits, {}, {}, {}, {}, True)
    for k in SIZES:
        a, b = dedupe.shingles(ta, k), dedupe.shingles(tb, k)
        sa, sb = dedupe.signature_of(a), dedupe.signature_of(b)
        pair.containment[k] = dedupe.containment(a, b)
        pair.jaccard[k] = len(a & b) / len(a | b) if a | b else 0.0
        pair.est_containment[k] = sa.containment(sb)
        for r in ROWS:
            pair.lsh[(k, r)] = bool(set(sa.bands(r)) & set(sb.bands(r)))
        if k == dedupe.SHINGLE:
            pair.usable = sa.usable and sb.usable
            pair.inside = len(a & b) / len(a) if a else 0.0
            pair.foreign = dedupe.foreign_share(tb, a)
    return pair


def _pairs(split: Split, rng: random.Random) -> list[Pair]:
    by_key = {s.key: s for s in split.sources}
    by_topic: dict[str, list[Source]] = defaultdict(list)
    for s in split.sources:
        by_topic[s.topic].append(s)
    pairs = [_features(by_key[v.source].text, v.text, True, v.edits) for v in split.variants]
    pairs += [_features(a.text, b.text, False, ("same-topic",)) for a, b in split.negative_pairs()]
    for a, b, mixed in split.compilations:  # a round-up is a copy of neither source
        pairs.append(_features(a.text, mixed, False, ("round-up",)))
        pairs.append(_features(b.text, mixed, False, ("round-up",)))
    for v in split.variants[::3]:  # a copy against another same-topic text
        src = by_key[v.source]
        others = [s for s in by_topic[src.topic] if s.key != src.key]
        if others:
            pairs.append(_features(rng.choice(others).text, v.text, False, ("copy-vs-other",)))
    return [p for p in pairs if p.usable]


def _pr(results: Iterable[tuple[bool, bool]]) -> tuple[float, float, int, int]:
    tp = fp = fn = 0
    for positive, said in results:
        tp += positive and said
        fp += (not positive) and said
        fn += positive and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, fp, fn


def sweep() -> None:
    tuning, _ = build()
    rng = random.Random(1)
    pairs = _pairs(tuning, rng)
    pos = sum(p.positive for p in pairs)
    print(f"tuning pairs: {pos} copies, {len(pairs) - pos} negatives (usable texts only)")
    js = sorted(p.jaccard[3] for p in pairs if p.positive)
    q = [js[int(len(js) * f)] for f in (0.05, 0.25, 0.5, 0.75)]
    low = sum(0.3 <= j <= 0.6 for j in js)
    print(
        f"word 3-gram Jaccard of copies: 5% {q[0]:.2f}, 25% {q[1]:.2f}, median {q[2]:.2f}, "
        f"75% {q[3]:.2f}; {low} copies share 30-60%\n"
    )

    print("LSH candidate rate (128 permutations): recall on copies / share of negatives")
    print("| shingle | rows=1 (128 bands) | rows=2 (64) | rows=3 (42) | rows=4 (32) |")
    print("| --- | --- | --- | --- | --- |")
    for k in SIZES:
        cells = []
        for r in ROWS:
            rec = sum(p.lsh[(k, r)] for p in pairs if p.positive) / pos
            neg = sum(p.lsh[(k, r)] for p in pairs if not p.positive) / (len(pairs) - pos)
            cells.append(f"{rec:.3f} / {neg:.3f}")
        print(f"| {k} | " + " | ".join(cells) + " |")

    for name, attr in (
        ("exact containment", "containment"),
        ("estimated containment (MinHash)", "est_containment"),
        ("exact Jaccard", "jaccard"),
    ):
        print(f"\n{name} ≥ t, no LSH: precision / recall")
        print("| shingle | " + " | ".join(f"t={t}" for t in THRESHOLDS) + " |")
        print("| --- |" + " --- |" * len(THRESHOLDS))
        for k in SIZES:
            cells = []
            for t in THRESHOLDS:
                p_, r_, _, _ = _pr((p.positive, getattr(p, attr)[k] >= t) for p in pairs)
                cells.append(f"{p_:.3f} / {r_:.3f}")
            print(f"| {k} | " + " | ".join(cells) + " |")

    print("\nLSH (rows=2) then exact containment ≥ t: precision / recall (false pos., misses)")
    print("| shingle | " + " | ".join(f"t={t}" for t in THRESHOLDS) + " |")
    print("| --- |" + " --- |" * len(THRESHOLDS))
    for k in SIZES:
        cells = []
        for t in THRESHOLDS:
            p_, r_, fp, fn = _pr(
                (p.positive, p.lsh[(k, 2)] and p.containment[k] >= t) for p in pairs
            )
            cells.append(f"{p_:.3f} / {r_:.3f} ({fp}, {fn})")
        print(f"| {k} | " + " | ".join(cells) + " |")

    print("\nforeign share (the incoming text's 3-grams in sentences the stored one lacks):")
    for label, sel in (
        ("copies", [p for p in pairs if p.positive]),
        ("round-ups", [p for p in pairs if p.edits == ("round-up",)]),
    ):
        ns = sorted(p.foreign for p in sel)
        qs = [ns[min(len(ns) - 1, int(len(ns) * f))] for f in (0.5, 0.9, 0.95, 0.99)]
        print(f"  {label}: median {qs[0]:.2f}, 90% {qs[1]:.2f}, 95% {qs[2]:.2f}, 99% {qs[3]:.2f}")
    print("\nLSH (rows=2), containment ≥ 0.35, then foreign share ≤ w unless ≥ 0.9 of the stored")
    print("text is inside: precision / recall (false pos., misses)")
    print("| w | 0.2 | 0.3 | 0.4 | 0.5 | 1.0 (no check) |")
    print("| --- | --- | --- | --- | --- | --- |")
    cells = []
    for w in (0.2, 0.3, 0.4, 0.5, 1.0):
        p_, r_, fp, fn = _pr(
            (
                p.positive,
                p.lsh[(3, 2)]
                and p.containment[3] >= 0.35
                and (p.inside >= dedupe.WHOLLY_INSIDE or p.foreign <= w),
            )
            for p in pairs
        )
        cells.append(f"{p_:.3f} / {r_:.3f} ({fp}, {fn})")
    print("| 3-grams | " + " | ".join(cells) + " |")

    k, t = dedupe.SHINGLE, dedupe.CONTAINMENT
    print(f"\nmisses by edit at shingle={k}, rows={dedupe.ROWS}, containment ≥ {t}:")
    misses: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for p in pairs:
        if p.positive:
            for e in p.edits:
                totals[e] += 1
                misses[e] += not (
                    p.lsh[(k, dedupe.ROWS)]
                    and p.containment[k] >= t
                    and (p.inside >= dedupe.WHOLLY_INSIDE or p.foreign <= dedupe.FOREIGN_MAX)
                )
    for e in sorted(totals):
        print(f"  {e}: {misses[e]} of {totals[e]}")
    worst = sorted((p for p in pairs if not p.positive), key=lambda p: -p.containment[k])[:3]
    print("  highest-scoring negatives:", [round(p.containment[k], 3) for p in worst])

    short_sweep(tuning)


def _short_pairs(items: list[ShortItem]) -> list[tuple[ShortItem, ShortItem, bool]]:
    return [(a, b, a.group == b.group) for i, a in enumerate(items) for b in items[i + 1 :]]


def short_sweep(split: Split) -> None:
    pairs = _short_pairs(split.short)
    pos = sum(same for _, _, same in pairs)
    print(f"\nshort items: {len(split.short)} items, {pos} copy pairs, {len(pairs) - pos} others")
    print("| title threshold | precision | recall | false pos. | of which generic |")
    print("| --- | --- | --- | --- | --- |")
    for t in (80.0, 85.0, 90.0, 95.0):
        said = [
            (same, dedupe.short_copy(a.title, a.text, b.title, b.text, title_threshold=t), a, b)
            for a, b, same in pairs
        ]
        p_, r_, fp, _ = _pr((s, d) for s, d, _, _ in said)
        generic = sum(d and not s and (a.generic or b.generic) for s, d, a, b in said)
        print(f"| {t:.0f} | {p_:.3f} | {r_:.3f} | {fp} | {generic} |")
    plain = [
        (same, dedupe.title_similarity(a.title, b.title) >= dedupe.TITLE_THRESHOLD)
        for a, b, same in pairs
    ]
    p_, r_, fp, _ = _pr(plain)
    t = dedupe.TITLE_THRESHOLD
    print(f"| headline alone ≥ {t:.0f}, no guard | {p_:.3f} | {r_:.3f} | {fp} | |")


# held-out report through the pipeline


def report() -> None:
    from monitor.collect.fetch import Fetcher
    from monitor.collect.parsepool import ParsePool
    from monitor.collect.resolve import Candidate
    from monitor.config import parse_config
    from monitor.pipeline import Pipeline
    from monitor.storage import Article, Feed, Store
    from monitor.storage.migrate import ensure_schema

    _, held = build()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/neardup.db"
        cfg = parse_config(
            {
                "storage": {"url": url},
                # every text is on topic: this measures dedupe, not relevance
                "topics": [{"name": "all", "query": " OR ".join(f"{c}*" for c in EVERY_WORD)}],
                "feeds": [{"url": "https://feeds.example/all.xml"}],
            }
        )
        store = Store(url)
        ensure_schema(store, auto_migrate=True)
        clock = _Clock(datetime(2026, 2, 3, 8, tzinfo=UTC))
        pipeline = Pipeline(cfg, store, Fetcher(), ParsePool(), clock=clock)
        with store.tx() as tx:
            feed = tx.add(Feed(url="https://feeds.example/all.xml"))
        assert feed.id is not None
        feed_id = feed.id

        def cand(key: str, title: str, text: str, origin: str = "page") -> Candidate:
            clock.tick()
            slug = key.replace(" ", "-")
            return Candidate(
                feed_id=feed_id,
                entry_key=slug,
                link=f"https://news.example/{slug}",
                url=f"https://news.example/{slug}",
                title=title,
                text=text,
                text_origin=origin,
                published=clock(),
                author=None,
                source="news.example",
                source_name=None,
                language="en",
            )

        ids: dict[str, int] = {}
        wrong_sources = 0
        for s in held.sources:
            done = pipeline.ingest.article(cand(s.key, s.title, s.text))
            assert done.article_id is not None
            ids[s.key] = done.article_id
            wrong_sources += done.kind == "duplicate"
        found = wrong = missed = 0
        by_edit: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for i, v in enumerate(held.variants):
            done = pipeline.ingest.article(cand(f"{v.source}-copy-{i}", v.title, v.text))
            with store.tx() as tx:
                row = tx.get(Article, done.article_id)
                assert row is not None
            for e in v.edits:
                totals[e] += 1
            if row.duplicate_of == ids[v.source]:
                found += 1
            else:
                missed += 1
                wrong += row.duplicate_of is not None
                for e in v.edits:
                    by_edit[e] += 1
        linked_roundups = 0
        for i, (_a, _b, mixed) in enumerate(held.compilations):
            done = pipeline.ingest.article(cand(f"roundup-{i}", f"Round-up {i}", mixed))
            linked_roundups += done.kind == "duplicate"
        tp, fp = found, wrong + wrong_sources + linked_roundups
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = found / len(held.variants)
        print(
            f"held-out, full texts through Ingest.article: {len(held.sources)} sources, "
            f"{len(held.variants)} copies"
        )
        print(
            f"  precision {precision:.3f}  recall {recall:.3f}  "
            f"(sources wrongly linked: {wrong_sources}, copies linked to the wrong article: "
            f"{wrong}, copies missed: {missed - wrong}, round-ups linked: {linked_roundups} of "
            f"{len(held.compilations)})"
        )
        for e in sorted(totals):
            print(f"  {e}: missed {by_edit[e]} of {totals[e]}")
        _report_short(pipeline, store, held.short, cand, clock)


def _report_short(pipeline, store, items, cand, clock) -> None:  # type: ignore[no-untyped-def]
    from monitor.storage import Article

    # later, so the full texts above are out of both windows and match nothing here
    clock.now += timedelta(days=90)
    first: dict[str, int] = {}
    tp = fp = fn = exact = 0
    mine: set[int | None] = set()
    for item in items:
        done = pipeline.ingest.article(cand(item.key, item.title, item.text, origin="feed"))
        with store.tx() as tx:
            row = tx.get(Article, done.article_id)
            assert row is not None
            twin = tx.article_by_text_hash(row.text_hash) if row.text_hash else None
        mine.add(row.id)
        if twin is not None and twin.id not in mine and row.duplicate_of is not None:
            # the summary is word for word an earlier full-text copy (a one-paragraph trim)
            exact += 1
            continue
        root = first.get(item.group)
        if root is None:
            first[item.group] = row.id
            fp += row.duplicate_of is not None
        elif row.duplicate_of == root:
            tp += 1
        else:
            fn += 1
            fp += row.duplicate_of is not None
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    generic = sum(1 for i in items if i.generic)
    print(
        f"held-out, feed-only items: {len(items)} items ({generic} under generic headlines)\n"
        f"  precision {precision:.3f}  recall {recall:.3f}  (false links {fp}, misses {fn}; "
        f"{exact} items were word for word an earlier full-text copy and linked to it)"
    )


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def tick(self) -> None:
        self.now += timedelta(seconds=30)

    def __call__(self) -> datetime:
        return self.now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["sweep", "report"])
    args = parser.parse_args()
    sweep() if args.what == "sweep" else report()


if __name__ == "__main__":
    main()
