"""Dedup + grouping cost per article with 1,000 vs 100,000 stored articles, in one run.

    .venv/bin/python bench/scale.py                       # SQLite, 1,000 vs 100,000
    .venv/bin/python bench/scale.py --large 20000 --profile
    .venv/bin/python bench/scale.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test

Each store is filled quickly but with what ingest would have written: synthetic articles
made of real news sentences (WikiRef220, seeds) with light word changes, each with its
text, MinHash signature, LSH band and headline keys from `monitor.judge.copies`, a sighting,
grouped four to a story with a profile, facts, article views and term postings from
`monitor.judge.features` and `monitor.judge.stories`, and term document frequencies. Every stored
article is inside the 30-day windows: the worst case for the index. Rows go in through
`Tx.insert_rows`.

Then the same mix of new articles is ingested one by one through the real
`Ingest.article` into each store: 60% new texts, 25% syndicated copies of stored
articles, 15% feed-only items (headline and summary). The report is the time per
article at each size, their ratio, and the process's resident memory after each run.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete

from bench.syndicate import load_sources, make_variant
from monitor.collect.fetch import Fetcher
from monitor.collect.parsepool import ParsePool
from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.judge.copies import Copy, text_hash
from monitor.judge.features import features
from monitor.judge.stories import INDEX_TERMS, PROFILE_TERMS, _normalise, member_view
from monitor.pipeline import Pipeline
from monitor.storage import Article, ArticleBand, Feed, Sighting, Store, Story, migrate
from monitor.storage.migrate import ensure_schema
from monitor.storage.models import DOCS, BandTime, StoryTerm, TermCount
from monitor.text import sentences

NOW = datetime(2026, 2, 3, 12, tzinfo=UTC)
PER_STORY = 4
FEED = "https://feeds.example/scale.xml"
EVERY_WORD = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Synthetic:
    title: str
    text: str
    source: str


@cache
def _pool() -> tuple[list[str], list[str]]:
    """Real sentences of 8-60 words, and words to swap in."""
    pool = [x for s in load_sources() for x in sentences(s.text) if 8 <= len(x.split()) <= 60]
    words = sorted({w for s in pool[:3000] for w in s.split() if w.isalpha()})
    return pool, words


class Generator:
    """News-like texts from a pool of real sentences, each one its own text."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool, self.words = _pool()
        self.outlets = [f"outlet{i}.example" for i in range(60)]

    def _sentence(self) -> str:
        words = self.rng.choice(self.pool).split()
        for _ in range(max(1, len(words) // 12)):  # about one word in twelve changes
            words[self.rng.randrange(len(words))] = self.rng.choice(self.words)
        return " ".join(words)

    def article(self) -> Synthetic:
        paras = [
            " ".join(self._sentence() for _ in range(self.rng.randint(1, 3)))
            for _ in range(self.rng.randint(5, 9))
        ]
        title = " ".join(self._sentence().split()[: self.rng.randint(6, 12)])
        return Synthetic(title, "\n\n".join(paras), self.rng.choice(self.outlets))

    def copy_of(self, a: Synthetic) -> Synthetic:
        edits = self.rng.sample(["boilerplate", "headline", "dateline", "trim", "byline"], 3)
        from bench.syndicate import Source

        src = Source("x", "t", a.title, tuple(a.text.split("\n\n")))
        v = make_variant(self.rng, src, edits)
        return Synthetic(v.title, v.text, self.rng.choice(self.outlets))


def _article_row(i: int, a: Synthetic, copy: Copy, when: datetime, story_id: int) -> dict[str, Any]:
    return {
        "id": i,
        "url": f"https://{a.source}/a/{i}",
        "title": a.title,
        "source": a.source,
        "feed_id": 1,
        "published_at": when,
        "fetched_at": when,
        "language": "en",
        "relevant": True,
        "topics": ["all"],
        "text": a.text,
        "text_origin": "page",
        "text_hash": text_hash(a.text),
        "minhash": copy.signature.to_bytes(),
        "story_id": story_id,
        "aggregator_unresolved": False,
    }


def _rows(n: int, lo: int, hi: int, seed: int) -> dict[str, Any]:
    """Rows for articles lo..hi-1 (1-based ids) of an n-article store; runs in a worker."""
    gen = Generator(seed)
    out: dict[str, Any] = {
        "texts": [],
        "arts": [],
        "bands": [],
        "band_times": [],
        "sights": [],
        "stories": [],
        "terms": [],
        "df": Counter(),
    }
    views: dict[int, list[dict[str, Any]]] = {}
    for i in range(lo, hi):
        a = gen.article()
        out["texts"].append(a)
        when = NOW - timedelta(days=29) + timedelta(days=29) * (i / n)
        story_id = (i - 1) // PER_STORY + 1
        copy = Copy.of(a.title, a.text, "page")
        out["arts"].append(_article_row(i, a, copy, when, story_id))
        # when the keys were made lives in BandTime (0016): without it no key is in the window
        out["bands"].extend({"article_id": i, "band": k} for k in set(copy.index_keys()))
        out["band_times"].append({"article_id": i, "created_at": when})
        # the view grouping keeps of each article, compared with every new one
        view = member_view(features(a.title, a.text[:1500], when), {}, when, "en")
        views.setdefault(story_id, []).append(view)
        out["sights"].append(
            {
                "feed_id": 1,
                "entry_key": f"e{i}",
                "url": f"https://{a.source}/a/{i}",
                "article_id": i,
                "seen_at": when,
            }
        )
        if (i - 1) % PER_STORY:
            continue
        # the story's terms and facts from its first article's headline and opening
        feats = features(a.title, "\n\n".join(a.text.split("\n\n")[:3]))
        out["df"].update({t: PER_STORY for t in feats.counts})
        vec = _normalise({t: 1.0 + math.log(c) for t, c in feats.counts.items()}, PROFILE_TERMS)
        last = when + timedelta(hours=PER_STORY)
        out["stories"].append(
            {
                "id": story_id,
                "title": a.title,
                "first_seen": when,
                "last_seen": last,
                "profile": vec,
                "facts": sorted(feats.facts),
                "members": views[story_id],  # filled as the story's articles come
                "article_count": PER_STORY,
                "topics": ["all"],
            }
        )
        strongest = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
        out["terms"].extend(
            {"term": t, "story_id": story_id, "last_seen": last} for t, _ in strongest
        )
    return out


def build(url: str, n: int, seed: int, workers: int) -> list[Synthetic]:
    """Fill a fresh store with `n` articles inside the windows; returns their texts."""
    store = Store(url)
    ensure_schema(store)
    with store.tx() as tx:
        tx.add(Feed(url=FEED, configured=False))
    df: Counter[str] = Counter()
    texts: list[Synthetic] = []
    chunk = 1000  # a multiple of PER_STORY: a story's articles come in one chunk
    spans = [(lo, min(n + 1, lo + chunk)) for lo in range(1, n + 1, chunk)]
    with ProcessPoolExecutor(workers) as pool:
        futures = [pool.submit(_rows, n, lo, hi, seed * 100_003 + lo) for lo, hi in spans]
        for done, fut in enumerate(futures, 1):
            rows = fut.result()
            texts.extend(rows["texts"])
            df.update(rows["df"])
            with store.tx() as tx:
                tx.insert_rows(Story, rows["stories"])
                tx.insert_rows(Article, rows["arts"])
                tx.insert_rows(ArticleBand, rows["bands"])
                tx.insert_rows(BandTime, rows["band_times"])
                tx.insert_rows(Sighting, rows["sights"])
                tx.insert_rows(StoryTerm, rows["terms"])
            print(f"  {min(n, done * chunk)} of {n} stored", end="\r", flush=True)
    df[DOCS] = n  # every stored article was placed in a story
    with store.tx() as tx:
        # the schema's migrations leave a count of articles (the empty term): replaced here
        tx.session.execute(delete(TermCount))
        tx.insert_rows(TermCount, [{"term": t, "df": c} for t, c in df.items()])
    if store.backend == "postgresql":
        with store.engine.begin() as conn:  # ids were given: move the sequences past them
            for table in ("article", "story", "articleband", "sighting", "storyterm"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            conn.exec_driver_sql("ANALYZE")
    store.close()
    print()
    return texts


def workload(
    gen: Generator, stored: list[Synthetic], k: int, seed: int
) -> list[tuple[str, Synthetic]]:
    rng = random.Random(seed)
    out: list[tuple[str, Synthetic]] = []
    for _ in range(k):
        roll = rng.random()
        if roll < 0.6:
            out.append(("page", gen.article()))
        elif roll < 0.85:
            out.append(("page", gen.copy_of(rng.choice(stored[-2000:]))))
        else:
            a = gen.article()
            out.append(("feed", Synthetic(a.title, sentences(a.text)[0], a.source)))
    return out


# What `--phases` times (CPU, cumulative: an outer step includes the inner ones).
PHASES = (
    ("near copy", "monitor.judge.copies", "_near_copy"),
    ("  band hits, signatures", "monitor.storage.store", "Tx.near_candidates"),
    ("  candidate texts", "monitor.storage.store", "Tx.article_texts"),
    ("headline copy", "monitor.judge.copies", "_short_copy"),
    ("  headline keys", "monitor.storage.store", "Tx.band_matches"),
    ("index keys", "monitor.judge.copies", "index"),
    ("grouping", "monitor.judge.stories", "Grouper.place_article"),
    ("  term counts", "monitor.storage.store", "Tx.count_and_read"),
    ("  story lookup", "monitor.storage.store", "Tx._ranked_candidates"),
    ("  member views", "monitor.storage.store", "Tx.story_members"),
    ("  story terms", "monitor.storage.store", "Tx.set_story_terms"),
    ("rules", "monitor.alerting.rules", "RuleEngine.evaluate"),
    ("commit", "sqlalchemy.orm", "Session.commit"),
)


def time_phases() -> dict[str, float]:
    """Wrap each of PHASES to add its CPU seconds to the returned dict, by label."""
    import importlib

    spent: dict[str, float] = Counter()
    for label, module, name in PHASES:
        owner: Any = importlib.import_module(module)
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        inner = getattr(owner, attr)

        def timed(*args: Any, _f: Any = inner, _label: str = label, **kw: Any) -> Any:
            t = time.process_time()
            try:
                return _f(*args, **kw)
            finally:
                spent[_label] += time.process_time() - t

        setattr(owner, attr, timed)
    return spent


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure(
    url: str, items: list[tuple[str, Synthetic]], label: str, profile: bool
) -> tuple[float, float, dict[str, float]]:
    """Seconds per article, wall and CPU (on a shared machine the CPU time of this
    process moves less with the load), and with `profile` the cumulative seconds per
    article of each function."""
    cfg = parse_config(
        {
            "storage": {"url": url},
            "topics": [{"name": "all", "query": " OR ".join(f"{c}*" for c in EVERY_WORD)}],
            "rules": [{"name": "r", "channels": ["c"]}],
            "channels": [{"name": "c", "type": "console"}],
        }
    )
    store = Store(url)
    clock = [NOW]
    pipeline = Pipeline(cfg, store, Fetcher(), ParsePool(), clock=lambda: clock[0])
    kinds: Counter[str] = Counter()
    # CPU time: on a shared machine wall time charges other processes to whatever ran
    prof = cProfile.Profile(time.process_time) if profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    for j, (origin, a) in enumerate(items):
        clock[0] += timedelta(seconds=20)
        u = f"https://{a.source}/new/{label}/{j}"
        done = pipeline.ingest.article(
            Candidate(
                feed_id=1,
                entry_key=u,
                link=u,
                url=u,
                title=a.title,
                text=a.text,
                text_origin=origin,
                published=clock[0],
                author=None,
                source=a.source,
                source_name=None,
                language="en",
            )
        )
        kinds[done.kind] += 1
    if prof:
        prof.disable()
    per = (time.perf_counter() - started) / len(items)
    cpu = (time.process_time() - cpu_started) / len(items)
    store.close()
    print(
        f"  {label}: {per * 1000:.1f} ms per article (CPU {cpu * 1000:.1f} ms) {dict(kinds)}; "
        f"RSS {rss_kib() / 1024:.0f} MiB"
    )
    cumulative: dict[str, float] = {}
    if prof:
        stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
        for (path, line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
            where = f"{Path(path).name}:{line}({name})"
            cumulative[where] = cumulative.get(where, 0.0) + ct / len(items)
    return per, cpu, cumulative


def growth(small: dict[str, float], large: dict[str, float], top: int = 30) -> None:
    """The functions whose cost per article grew most from the small store to the large."""
    grown = sorted(large, key=lambda f: small.get(f, 0.0) - large[f])[:top]
    print(f"{'ms/article small':>16} {'large':>8} {'growth':>8}  function (cumulative, cProfile)")
    for f in grown:
        a, b = small.get(f, 0.0) * 1000, large[f] * 1000
        print(f"{a:16.2f} {b:8.2f} {b - a:+8.2f}  {f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--ingest", type=int, default=300)
    parser.add_argument("--url", help="PostgreSQL URL (a scratch database); default SQLite")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile both runs; print what grew"
    )
    parser.add_argument(
        "--phases", action="store_true", help="CPU ms per article of each ingest step, both runs"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes building the stores")
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the SQLite stores here once and reuse them next time (measured on a copy "
        "migrated to this code's schema)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = {}
        stores: dict[int, list[Synthetic]] = {}
        for size in (args.small, args.large):
            if args.url:
                urls[size] = _pg_schema(args.url, f"scale_{size}")
            elif args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                kept = args.keep / f"scale-{size}.db"
                if kept.exists():  # measure on a copy: ingest changes the store
                    shutil.copy(kept, f"{tmp}/scale-{size}.db")
                    urls[size] = f"sqlite:///{tmp}/scale-{size}.db"
                    _upgraded(urls[size])  # kept by older code: this code's schema
                    stores[size] = _stored_texts(urls[size])
                    continue
                urls[size] = f"sqlite:///{kept}"
            else:
                urls[size] = f"sqlite:///{tmp}/scale-{size}.db"
            started = time.perf_counter()
            stores[size] = build(urls[size], size, seed=size, workers=args.workers)
            print(f"built {size} articles in {time.perf_counter() - started:.0f}s")
            if args.keep and not args.url:
                shutil.copy(args.keep / f"scale-{size}.db", f"{tmp}/scale-{size}.db")
                urls[size] = f"sqlite:///{tmp}/scale-{size}.db"
        gen = Generator(seed=7)
        items_small = workload(gen, stores[args.small], args.ingest, seed=1)
        items_large = workload(gen, stores[args.large], args.ingest, seed=1)
        del stores
        spent = time_phases() if args.phases else None
        base = rss_kib()
        print(
            f"ingesting {args.ingest} articles into each store (RSS before {base / 1024:.0f} MiB)"
        )
        small, cpu_small, prof_small = measure(
            urls[args.small], items_small, f"{args.small} stored", args.profile
        )
        rss_small = rss_kib()
        at_small = dict(spent or {})
        large, cpu_large, prof_large = measure(
            urls[args.large], items_large, f"{args.large} stored", args.profile
        )
        rss_large = rss_kib()
        grown = (rss_large - rss_small) * 1024 / (args.large - args.small)
        print(
            f"ratio {large / small:.2f}x (large / small; CPU {cpu_large / cpu_small:.2f}x); "
            f"resident memory grew "
            f"{(rss_large - rss_small) / 1024:.1f} MiB = {grown:.0f} bytes per extra stored article"
        )
        if args.profile:
            growth(prof_small, prof_large)
        if spent is not None:
            print(f"{'CPU ms/article':<24} {args.small:>8} {args.large:>8}")
            for label, _m, _n in PHASES:
                a = at_small.get(label, 0.0)
                b = spent.get(label, 0.0) - a
                print(f"{label:<24} {a * 1000 / args.ingest:8.2f} {b * 1000 / args.ingest:8.2f}")


def _upgraded(url: str) -> None:
    store = Store(url)
    before = migrate.current(store)
    ensure_schema(store)
    if migrate.current(store) != before:
        # Hand back the pages the migration freed, as the daemon's first poll does
        # (`Store.compact_search`): left in the file's free list, they made the measured
        # ingest dearer (term counts 1.4 -> 1.8 ms per article at 100,000 stored).
        raw = store.engine.raw_connection()
        try:
            raw.driver_connection.executescript("PRAGMA incremental_vacuum")  # type: ignore[union-attr]
        finally:
            raw.close()
    store.close()


def _stored_texts(url: str, last: int = 2000) -> list[Synthetic]:
    """The newest stored articles, the ones the workload copies."""
    store = Store(url)
    with store.tx() as tx:
        rows = tx.articles(limit=last, newest_first=True)
        out = [Synthetic(a.title, a.text or "", a.source) for a in reversed(rows)]
    store.close()
    return out


def _pg_schema(url: str, schema: str) -> str:
    from urllib.parse import quote

    from sqlalchemy import create_engine, text

    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


if __name__ == "__main__":
    main()
