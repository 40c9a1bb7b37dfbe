"""CPU per article of what a parse worker runs for it: page extraction, then analysis.

The pages are `bench/ingest.py`'s farm pages (feeds 0.., 10 items each), read in this
one process with the functions the parse pool sends to its workers
(`monitor.collect.extract.read_page`, then `monitor.judge.analysis.analyse` with the
farm's topic), after a warm-up pass so imports and first-use tables are not counted.
`--profile FILE` writes a cProfile of the measured pass; `--digest` prints a hash of
every result (text, title, dates, language, copy keys, grouping) to compare two trees.

    nice -n 5 .venv/bin/python bench/worker_cost.py --pages 300
    PYTHONPATH=/tmp/base nice -n 5 .venv/bin/python bench/worker_cost.py --pages 300

`--parts` times each part of the analysis alone, per relevant article. `--corpus-digest`
hashes the results on real text instead (`corpus_digest`), and times the analysis of its
pages and articles.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if not any(Path(p).resolve() == Path(__file__).resolve().parents[1] for p in sys.path if p):
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.ingest import article, page_body

_EPOCH = 1_765_000_000  # fixed, so two runs digest alike (the farm dates from its start)


def jobs(n: int) -> list[tuple[bytes, str, str, datetime]]:
    out = []
    for k in range(n):
        i, j = divmod(k, 10)
        title, _ = article(i, j)
        url = f"http://127.0.0.1:8000/a/{i}/{j}.html"
        published = datetime.fromtimestamp(_EPOCH + i + j * 60, tz=UTC)
        out.append((page_body(i, j), url, title, published))
    return out


def corpus_digest() -> None:
    """A hash of every result on real text: the extraction corpora's pages (extracted, then
    analysed) and the grouping corpora's articles (analysed), under a topic every text
    matches, so each gets its grouping features and sentence facts."""
    import tomllib

    import monitor
    from monitor.collect.extract import Extracted, read_page
    from monitor.judge.analysis import analyse
    from monitor.judge.relevance import TopicQuery

    root = Path(__file__).resolve().parent
    topics = (TopicQuery("any", "(the OR el OR la OR de OR a OR of)"),)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    digest = hashlib.sha256()
    pages = extracted = articles = 0
    read = spent = 0.0  # CPU time in `analyse`: the extracted pages', the articles'
    paths = sorted((root / "corpus/extraction/pages").iterdir()) + sorted(
        (root.parent / "../shared/corpus/extraction-es/pages").iterdir()
    )
    for path in paths:
        page = read_page(path.read_bytes(), f"https://example.com/a/{path.name}", None)
        digest.update(repr(page).encode())
        pages += 1
        if isinstance(page, Extracted):
            t0 = time.process_time()
            result = analyse(page.title or "", page.text, "page", topics, None, when)
            read += time.process_time() - t0
            extracted += 1
            digest.update(repr(result).encode())
    for path in sorted(root.glob("corpus/*.toml")):
        for item in tomllib.loads(path.read_text(encoding="utf-8")).get("articles", []):
            if "title" in item and "text" in item:
                t0 = time.process_time()
                result = analyse(item["title"], item["text"], "page", topics, None, when)
                spent += time.process_time() - t0
                digest.update(repr(result).encode())
                articles += 1
    print(f"code: {Path(monitor.__file__).parents[1]}")
    print(f"{pages} pages, {articles} articles: digest {digest.hexdigest()}")
    print(
        f"analysis: {1000 * read / max(extracted, 1):.2f} ms per page ({extracted} extracted), "
        f"{1000 * spent / max(articles, 1):.2f} ms per article"
    )


def parts(n: int, repeats: int = 3) -> None:
    """CPU per page of each part of `analyse`, each part run alone (best of `repeats`
    passes) over every page or over the pages that match the topic, as `analyse` runs it,
    without a profiler's weight on small calls. `features` holds the parts under it."""
    from collections.abc import Callable

    import monitor
    from monitor.collect.extract import Extracted, read_page
    from monitor.judge import features as f
    from monitor.judge.analysis import _matcher
    from monitor.judge.copies import Copy
    from monitor.judge.developments import sentence_facts
    from monitor.judge.query import Document
    from monitor.judge.relevance import TopicQuery

    matcher = _matcher(
        (TopicQuery("us-colombia", "(petro OR colombia*) AND (trump OR washington)"),)
    )
    pages: list[tuple[str, str, datetime]] = []
    for body, url, feed_title, published in jobs(n):
        page = read_page(body, url, "text/html; charset=utf-8")
        assert isinstance(page, Extracted), page
        pages.append((page.title or feed_title, page.text, published))
    found = [(t, x, p, matcher.match(Document(f"{t}\n{x}"), None)) for t, x, p in pages]
    relevant = [(t, x, p, matcher.words(m)) for t, x, p, m in found if m]
    every = [(t, x, p, f.TopicWords()) for t, x, p in pages]
    Part = Callable[[str, str, datetime, f.TopicWords], object]
    rows: list[tuple[str, list[tuple[str, str, datetime, f.TopicWords]], Part]] = [
        ("copy keys (`Copy.of`), every page", every, lambda t, x, p, w: Copy.of(t, x, "page")),
        (
            "relevance (`Document`, the query), every page",
            every,
            lambda t, x, p, w: matcher.match(Document(f"{t}\n{x}"), None),
        ),
        ("grouping features (`features`)", relevant, lambda t, x, p, w: f.features(t, x, p, w)),
        ("— event kinds", relevant, lambda t, x, p, w: f._event_kinds(t, x)),
        (
            "— `facts` of the whole text",
            relevant,
            lambda t, x, p, w: f.facts(("" if f._heading(t) else f"{t}.\n") + x),
        ),
        (
            "— quantities of the whole text",
            relevant,
            lambda t, x, p, w: f.quantity_facts(f"{t}.\n{x}"),
        ),
        (
            "— grouping terms, title and text",
            relevant,
            lambda t, x, p, w: (f.grouping_terms(x, w), f.grouping_terms(t, w)),
        ),
        (
            "— headline actors",
            relevant,
            lambda t, x, p, w: f.headline_actors(t, x.strip().split("\n\n", 1)[0]),
        ),
        ("— lede states", relevant, lambda t, x, p, w: f.lead_states(t, x)),
        (
            "— public bodies, headline and first paragraph",
            relevant,
            lambda t, x, p, w: f.bodies(t) | f.bodies(x.strip().split("\n\n", 1)[0]),
        ),
        (
            "— kinds told in the headline and first paragraph (`_told_kinds`)",
            relevant,
            lambda t, x, p, w: f._told_kinds(
                t, x.strip().split("\n\n", 1)[0], f.KINDS_LATE_ES or f.KINDS_ES
            ),
        ),
        ("— relative dates", relevant, lambda t, x, p, w: f.relative_dates(f"{t}.\n{x}", p.date())),
        (
            "sentence facts (`sentence_facts`)",
            relevant,
            lambda t, x, p, w: sentence_facts(f"{t}.\n{x}"),
        ),
    ]
    print(f"code: {Path(monitor.__file__).parents[1]}")
    print(f"{len(pages)} pages, {len(relevant)} match the topic; ms per page it is run on")
    for name, src, part in rows:
        best = float("inf")
        for _ in range(repeats):
            t0 = time.process_time()
            for title, text, published, words in src:
                part(title, text, published, words)
            best = min(best, time.process_time() - t0)
        print(f"| {name} | {1000 * best / len(src):.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--parts", action="store_true", help="time each part of the analysis alone")
    ap.add_argument("--digest", action="store_true")
    ap.add_argument(
        "--corpus-digest",
        action="store_true",
        help="digest the extraction corpora's pages and the grouping corpora's articles instead",
    )
    args = ap.parse_args()
    if (args.digest or args.corpus_digest) and os.environ.get("PYTHONHASHSEED") != "0":
        # sets print in hash order: the digest compares trees only with a fixed seed
        os.execve(
            sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"}
        )

    if args.corpus_digest:
        corpus_digest()
        return
    if args.parts:
        parts(args.pages)
        return
    import monitor
    from monitor.collect.extract import Extracted, read_page
    from monitor.judge.analysis import analyse
    from monitor.judge.relevance import TopicQuery

    topics = (TopicQuery("us-colombia", "(petro OR colombia*) AND (trump OR washington)"),)
    work = jobs(args.pages)

    def one(
        body: bytes, url: str, feed_title: str, published: datetime
    ) -> tuple[float, float, object]:
        t0 = time.process_time()
        page = read_page(body, url, "text/html; charset=utf-8")
        t1 = time.process_time()
        assert isinstance(page, Extracted), page
        result = analyse(page.title or feed_title, page.text, "page", topics, None, published)
        t2 = time.process_time()
        return t1 - t0, t2 - t1, (page, result)

    for job in work[:50]:  # warm-up: imports, stoplists, compiled regexes
        one(*job)

    prof = cProfile.Profile() if args.profile else None
    ext = ana = 0.0
    digest = hashlib.sha256()
    if prof:
        prof.enable()
    for job in work:
        e, a, res = one(*job)
        ext += e
        ana += a
        if args.digest:
            digest.update(repr(res).encode())
    if prof:
        prof.disable()
        prof.dump_stats(args.profile)
    n = len(work)
    print(f"code: {Path(monitor.__file__).parents[1]}")
    print(
        f"{n} pages: extraction {1000 * ext / n:.2f} ms, analysis {1000 * ana / n:.2f} ms, "
        f"total {1000 * (ext + ana) / n:.2f} ms per article"
    )
    if args.digest:
        print(f"digest {digest.hexdigest()}")


if __name__ == "__main__":
    main()
