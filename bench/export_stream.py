"""`monitor export` on a large log: peak memory and time of the command.

Builds a database at the current schema with N relevant articles (about 700 characters
of text each, every tenth a copy of an earlier one, in 1,000 stories), written in bulk
straight through the driver, then runs `monitor export` as a child process under
/usr/bin/time and reports its peak RSS and wall time. The search index is not filled
(export does not read it).

    .venv/bin/python bench/export_stream.py --articles 1000000
    .venv/bin/python bench/export_stream.py --articles 1000000 \\
        --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_export

A PostgreSQL URL names a database this script may empty: its tables are dropped first.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.storage import Store, migrate  # noqa: E402

T0 = datetime(2026, 1, 1)
WORDS = (
    "petro trump colombia bogota washington summit tariffs drug policy minister talks "
    "agreement meeting president delegation officials cooperation sanctions venezuela "
    "oil exports migration border trade coffee flowers analysts government congress"
).split()
COLUMNS = (
    "id, url, title, source, source_name, fetched_at, published_at, language, relevant, "
    "topics, text, text_origin, aggregator_unresolved, duplicate_of, story_id"
)


def sentences(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(n)]


def rows(n: int, stories: int) -> Iterator[tuple[object, ...]]:
    rng = random.Random(1)
    pool = sentences(rng, 2000)
    for i in range(1, n + 1):
        copy = i > 10 and i % 10 == 0
        when = T0 + timedelta(seconds=30 * i)  # written as SQLAlchemy writes it, to the µs
        yield (
            i,
            f"https://outlet{i % 300}.example/news/{i}",
            f"Article {i}: " + pool[i % 2000][:60],
            f"outlet{i % 300}.example",
            f"Outlet {i % 300}",
            when.strftime("%Y-%m-%d %H:%M:%S.%f"),
            when.strftime("%Y-%m-%d %H:%M:%S.%f"),
            "es" if i % 3 == 0 else "en",
            True,
            json.dumps(["us-colombia"]),
            " ".join(rng.choice(pool) for _ in range(7)),
            "page",
            False,
            i - 7 if copy else None,
            1 + i % stories,
        )


def load_sqlite(path: str, n: int, stories: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executemany(
        "INSERT INTO story (id, title, first_seen, last_seen, profile, facts, article_count, "
        "topics) VALUES (?, ?, ?, ?, '{}', '[]', 0, '[\"us-colombia\"]')",
        [(s, f"Story {s}", str(T0), str(T0)) for s in range(1, stories + 1)],
    )
    marks = ", ".join("?" * len(COLUMNS.split(",")))
    batch: list[tuple[object, ...]] = []
    for row in rows(n, stories):
        batch.append(row)
        if len(batch) == 50_000:
            conn.executemany(f"INSERT INTO article ({COLUMNS}) VALUES ({marks})", batch)
            batch = []
    conn.executemany(f"INSERT INTO article ({COLUMNS}) VALUES ({marks})", batch)
    conn.commit()
    conn.close()


def load_postgres(store: Store, n: int, stories: int) -> None:
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany(
            "INSERT INTO story (id, title, first_seen, last_seen, profile, facts, "
            "article_count, topics) VALUES (%s, %s, %s, %s, '{}', '[]', 0, '[\"us-colombia\"]')",
            [(s, f"Story {s}", T0, T0) for s in range(1, stories + 1)],
        )
        with cur.copy(f"COPY article ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows(n, stories):
                copy.write_row(row)
        cur.execute("SELECT setval(pg_get_serial_sequence('article', 'id'), %s)", (n,))
        cur.execute("ANALYZE article")
        raw.commit()
    finally:
        raw.close()


def measure(config: Path, *args: str) -> tuple[int, float, float, int]:
    """(peak RSS in KiB, wall seconds, CPU seconds, lines written) of one `monitor export`."""
    out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    cmd = ["/usr/bin/time", "-f", "%M %e %U %S", sys.executable, "-m", "monitor", "-c", str(config)]
    proc = subprocess.run(
        [*cmd, "export", *args, "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    rss, wall, user, system = proc.stderr.strip().splitlines()[-1].split()
    with out.open("rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    out.unlink()
    return int(rss), float(wall), float(user) + float(system), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--url", help="PostgreSQL database to use [a new SQLite file]")
    parser.add_argument("--keep", type=Path, help="Directory for the SQLite file [temporary]")
    parser.add_argument(
        "--reuse", action="store_true", help="Measure the database a previous run left"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    url = args.url or f"sqlite:///{work / 'export.db'}"
    store = Store(url)
    if args.reuse:
        load = 0.0
    elif store.backend == "postgresql":
        with store.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        Path(make_url(url).database or "").unlink(missing_ok=True)
    if not args.reuse:
        migrate.upgrade(store)
        started = time.perf_counter()
        if store.backend == "postgresql":
            load_postgres(store, args.articles, args.stories)
        else:
            load_sqlite(make_url(url).database or "", args.articles, args.stories)
        load = time.perf_counter() - started
    store.close()
    config = work / "bench.toml"
    config.write_text(
        f'[storage]\nurl = "{url}"\n[[topics]]\nname = "us-colombia"\nquery = "petro"\n',
        encoding="utf-8",
    )
    # the newer half of the articles (30 s apart)
    half = (T0 + timedelta(seconds=15 * args.articles)).strftime("%Y-%m-%dT%H:%M")
    print(f"{args.articles:,} articles loaded into {store.backend} in {load:.0f} s", flush=True)
    for label, extra in (
        ("export (jsonl)", []),
        ("export --with-text", ["--with-text"]),
        ("export --format csv --with-text", ["--format", "csv", "--with-text"]),
        (f"export --topic us-colombia --since {half}", ["--topic", "us-colombia", "--since", half]),
    ):
        rss, wall, cpu, lines = measure(config, *extra)
        print(
            f"{label:52} peak RSS {rss / 1024:6.1f} MiB  wall {wall:6.1f} s  "
            f"CPU {cpu:6.1f} s  {lines:,} lines",
            flush=True,
        )


if __name__ == "__main__":
    main()
