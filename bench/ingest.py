"""Ingest speed: a cold start and a breaking-news round, the monitor beside reader and rss2email.

    .venv/bin/python bench/ingest.py --feeds 300 --items 10 \\
        --monitor after=.venv/bin/python --monitor main=.venv/bin/python:/tmp/base \\
        --reader-python /tmp/reader-venv/bin/python --r2e-python /tmp/r2e-venv/bin/python

A loopback farm (its own process, four addresses 127.0.0.1-4, one port) serves `--feeds`
RSS feeds. Round 1, the cold start: every feed carries `--items` items, each linking an
article page of about 4 KB of Zipf-distributed prose; half of the articles are on the
topic, and one in ten is a wire copy of an article of another feed (its own first
sentence and site furniture). Round 2, breaking news, on the same database: feed i with
i % 10 == 0 gains 1-5 new items (new ETag), 1..7 answer 304 to the conditional request,
8..9 send the same body without validators.

Each `--monitor NAME=PYTHON[:SOURCE]` runs `PYTHON -m monitor run --once` (with SOURCE first
on PYTHONPATH, so another checkout's code runs on the same interpreter and packages);
each peer polls the same farm from its own database. Times are whole process runs,
start-up included; CPU is user + system of the process and its waited-for children; peak
RSS is the process's own and, "tree", with its children sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from email.utils import formatdate
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.farm import HOSTS, Peak, free_port, monitor_config, serve, set_round

# --- the farm (runs in its own process) ---------------------------------------

_round = 1
_ITEMS = 10
_LAST_MODIFIED = formatdate(1_769_000_000, usegmt=True)
# Items are dated in the hour before the farm started, so the rules' backfill window
# lets them alert: every article is evaluated by the rules, as in a real poll.
_EPOCH = int(time.time()) - 3600
VOCABULARY = 6000  # distinct words of the prose
TOPIC_LEAD = (
    "Colombian President Gustavo Petro and President Donald Trump met in Washington "
    "for talks on tariffs and drug policy"
)


def kind(i: int) -> str:
    r = i % 10
    return "new" if r == 0 else ("cond" if r <= 7 else "same")


def new_items(i: int) -> int:
    return 1 + (i // 10) % 5 if kind(i) == "new" else 0


def host_of(i: int) -> str:
    return HOSTS[i % len(HOSTS)]


@cache
def _words() -> tuple[list[str], list[float]]:
    """A vocabulary of pronounceable made-up words with Zipf weights (s = 1.1)."""
    rng = random.Random(5)
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < VOCABULARY:
        w = "".join(rng.choice(syllables) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        if w not in seen:
            seen.add(w)
            words.append(w)
    weights = [1 / (r + 1) ** 1.1 for r in range(VOCABULARY)]
    return words, weights


def topical(i: int, j: int) -> bool:
    return (i + j) % 2 == 0


def copied_from(i: int, j: int) -> tuple[int, int] | None:
    """One item in ten carries another feed's article (a wire copy)."""
    if (i * 7 + j) % 10 != 3 or i == 0:
        return None
    return (i - 1, j)


def prose(i: int, j: int) -> list[str]:
    """About 4 KB of sentences, fixed by (i, j)."""
    words, weights = _words()
    rng = random.Random(hashlib.sha256(f"{i}-{j}".encode()).digest())
    out = []
    size = 0
    while size < 4000:
        n = rng.randint(8, 24)
        sentence = " ".join(rng.choices(words, weights, k=n)).capitalize() + "."
        out.append(sentence)
        size += len(sentence) + 1
    return out


def article(i: int, j: int) -> tuple[str, str]:
    """(title, text) of item j of feed i."""
    src = copied_from(i, j) or (i, j)
    sentences = prose(*src)
    title = f"Report {src[0]}-{src[1]}: " + " ".join(sentences[0].split()[:5])
    if topical(*src):
        sentences[0] = f"{TOPIC_LEAD}, report {src[0]}-{src[1]}. " + sentences[0]
        title = f"Petro and Trump talks, report {src[0]}-{src[1]}"
    if src != (i, j):
        sentences.insert(0, f"From our partners at outlet {i}.")
    return title, " ".join(sentences)


def items_of(i: int, rnd: int) -> int:
    return _ITEMS + (new_items(i) if rnd >= 2 else 0)


@cache
def feed_body(i: int, rnd: int) -> bytes:
    host = host_of(i)
    items = []
    for j in reversed(range(items_of(i, rnd))):
        title, text = article(i, j)
        items.append(
            f"<item><title>{title}</title><link>http://{host}:{{port}}/a/{i}/{j}.html</link>"
            f"<guid isPermaLink='false'>ingest-{i}-{j}</guid>"
            f"<pubDate>{formatdate(_EPOCH + i + j * 60, usegmt=True)}</pubDate>"
            f"<description>{text[:200]}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Farm feed {i}</title><link>http://{host}:{{port}}/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def page_body(i: int, j: int) -> bytes:
    title, text = article(i, j)
    sentences = text.split(". ")
    per = math.ceil(len(sentences) / 8)
    paragraphs = "".join(
        "<p>" + ". ".join(sentences[k : k + per]) + ".</p>" for k in range(0, len(sentences), per)
    )
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="og:type" content="article"></head><body>'
        f"<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<aside>Most read: one, two, three</aside><footer>(c) outlet {i}</footer></body></html>"
    ).encode()


def respond(path: str, headers: dict[str, str], port: int) -> tuple[int, dict[str, str], bytes]:
    if path.startswith("/_round/"):
        global _round
        _round = int(path.rsplit("/", 1)[1])
        return 200, {}, b"ok"
    if path.startswith("/feed/"):
        i = int(path[len("/feed/") : -len(".xml")])
        k = kind(i)
        rnd = _round if k == "new" else 1
        body = feed_body(i, rnd).replace(b"{port}", str(port).encode())
        out = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if k != "same":
            etag = f'"{i}-{rnd}"'
            out["ETag"] = etag
            out["Last-Modified"] = _LAST_MODIFIED
            if headers.get("if-none-match") == etag:
                return 304, out, b""
        return 200, out, body
    if path.startswith("/a/"):
        _, _, i, j = path.split("/")
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page_body(int(i), int(j[:-5]))
    return 404, {}, b"not found"


# --- the driver -----------------------------------------------------------------


class MainCpu(Peak):
    """Peak RSS, and the CPU seconds of the process itself (its workers not counted):
    the serial part, which bounds the wall time on two cores."""

    def __init__(self, pid: int) -> None:
        self.main_cpu = 0.0
        self._tick = os.sysconf("SC_CLK_TCK")
        super().__init__(pid)

    def _rss(self, pid: int) -> int:
        if pid == self.pid:
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                self.main_cpu = (int(fields[11]) + int(fields[12])) / self._tick
            except (OSError, IndexError, ValueError):
                pass
        return super()._rss(pid)


@dataclass
class Run:
    wall: float
    cpu: float  # the process and its waited-for children
    main_cpu: float  # the process alone
    rss: int  # KiB, the process
    tree: int  # KiB, with its children
    output: str


def compile_package(python: str, env: dict[str, str]) -> None:
    """Byte-compile the `monitor` package this interpreter and environment import."""
    where = subprocess.run(
        [python, "-c", "import monitor, os; print(os.path.dirname(monitor.__file__))"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", where], env=env, check=True)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    with tempfile.TemporaryFile() as out:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        peak = MainCpu(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        peak.stop()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[:3]} failed:\n{text[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, peak.main_cpu or cpu, usage.ru_maxrss, peak.tree_kib, text)


READER_SCRIPT = """
import sys
from reader import make_reader
db, urls_file, mode = sys.argv[1], sys.argv[2], sys.argv[3]
reader = make_reader(db)
if mode == "add":
    for url in open(urls_file).read().split():
        reader.add_feed(url, exist_ok=True)
reader.update_feeds(workers=16, scheduled=False)
print(reader.get_entry_counts().total)
"""

R2E_CONFIG = """[DEFAULT]
to = reader@example.invalid
from = monitor@example.invalid
use-8bit = True
[feed.f{i}]
url = {url}
"""


def r2e_files(tmp: Path, urls: list[str]) -> tuple[Path, Path]:
    cfg, data = tmp / "r2e.cfg", tmp / "r2e.json"
    head, feed = R2E_CONFIG.split("[feed.f{i}]")
    text = head + "".join(("[feed.f{i}]" + feed).format(i=i, url=u) for i, u in enumerate(urls))
    cfg.write_text(text, encoding="utf-8")
    return cfg, data


def db_bytes(db: Path) -> tuple[int, int, int]:
    """File bytes (WAL checkpointed), stored text bytes (UTF-8, uncompressed), articles."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    text, n = 0, 0
    for (value,) in con.execute("SELECT text FROM article"):
        n += 1
        if isinstance(value, bytes):  # zlib-compressed at rest since migration 0014
            text += len(zlib.decompress(value))
        elif value is not None:
            text += len(value.encode())
    con.close()
    return db.stat().st_size, text, n


def db_breakdown(db: Path) -> list[tuple[str, int]]:
    """Bytes of pages per table and index (SQLite's dbstat), largest first."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
    ).fetchall()
    con.close()
    return [(str(name), int(size)) for name, size in rows]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=300)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument(
        "--monitor",
        action="append",
        default=[],
        help="NAME=PYTHON[:SOURCE], repeatable; default: this checkout",
    )
    ap.add_argument("--reader-python")
    ap.add_argument("--r2e-python")
    ap.add_argument(
        "--profile",
        type=Path,
        help="record the monitors' cold starts with py-spy (the thread holding the GIL, "
        "workers included) as collapsed stacks PROFILE.NAME.txt",
    )
    ap.add_argument(
        "--profile-round",
        type=int,
        choices=(1, 2),
        default=1,
        help="the round --profile records: 1, the cold start, or 2, breaking news",
    )
    ap.add_argument(
        "--dbstat",
        action="store_true",
        help="print each monitor's database bytes per table and index after the cold start",
    )
    ap.add_argument(
        "--keep",
        type=Path,
        help="copy each monitor's database to KEEP/NAME.db after its cold start",
    )
    ap.add_argument(
        "--no-compile",
        action="store_true",
        help="leave each monitor's source as it is; by default its modules are byte-compiled "
        "first, as installing a package does (the peers' were when pip installed them), "
        "since with PYTHONDONTWRITEBYTECODE set every run would compile them again",
    )
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    global _ITEMS
    _ITEMS = args.items
    if args.serve:
        asyncio.run(serve(args.serve, respond))
        return
    monitors = [m.partition("=")[::2] for m in args.monitor] or [("monitor", sys.executable)]
    monitors = [(name, _absolute(spec)) for name, spec in monitors]
    if args.reader_python:
        args.reader_python = os.path.abspath(args.reader_python)
    if args.r2e_python:
        args.r2e_python = os.path.abspath(args.r2e_python)

    port = free_port()
    farm = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(port),
            "--feeds",
            str(args.feeds),
            "--items",
            str(args.items),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert farm.stdout is not None
    if farm.stdout.readline().strip() != "ready":
        raise SystemExit("the farm did not start")
    n = args.feeds
    urls = [f"http://{host_of(i)}:{port}/feed/{i}.xml" for i in range(n)]
    cold_items = n * args.items
    breaking = sum(new_items(i) for i in range(n))
    rows: list[tuple[str, str, Run, str]] = []
    breakdowns: dict[str, list[tuple[str, int]]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            # `python -m monitor` puts the working directory first on sys.path: run
            # from an empty one, so PYTHONPATH decides which checkout's code runs.
            os.chdir(tmpdir)
            for name, spec in monitors:
                python, _, source = spec.partition(":")
                env = {**os.environ, "MONITOR_LOG_FORMAT": "json"}
                if source:
                    env["PYTHONPATH"] = source
                if not args.no_compile:
                    compile_package(python, env)
                cfg, db = tmpdir / f"{name}.toml", tmpdir / f"{name}.db"
                monitor_config(cfg, db, urls, concurrency=64)
                cmd = [python, "-m", "monitor", "-c", str(cfg), "run", "--once"]
                for rnd in (1, 2):
                    set_round(port, rnd)
                    spy: list[str] = []
                    if args.profile and rnd == args.profile_round:
                        # --gil: each process's thread holding the GIL, so threads
                        # waiting for it are not counted as working
                        spy = ["py-spy", "record", "--subprocesses", "--gil", "--format", "raw"]
                        spy += ["-r", "250", "-o", f"{args.profile}.{name}.txt", "--"]
                    run = timed(spy + cmd, env)
                    note = next((x for x in run.output.splitlines() if x.startswith("Polled")), "")
                    if rnd == 1:
                        size, text, count = db_bytes(db)
                        note += (
                            f" {count} articles, database {size / 1e6:.1f} MB, "
                            f"{size / max(count, 1) / 1024:.1f} KiB/article, "
                            f"{size / max(text, 1):.1f}x its stored text"
                        )
                        if args.dbstat:
                            breakdowns[name] = db_breakdown(db)
                        if args.keep:
                            args.keep.mkdir(parents=True, exist_ok=True)
                            shutil.copyfile(db, args.keep / f"{name}.db")
                    rows.append((name, f"round {rnd}", run, note))
            if args.reader_python:
                urls_file = tmpdir / "urls.txt"
                urls_file.write_text("\n".join(urls), encoding="utf-8")
                script = tmpdir / "reader_poll.py"
                script.write_text(READER_SCRIPT, encoding="utf-8")
                db = tmpdir / "reader.sqlite"
                for rnd, mode in ((1, "add"), (2, "update")):
                    set_round(port, rnd)
                    run = timed([args.reader_python, str(script), str(db), str(urls_file), mode])
                    note = f"{run.output.strip()} entries stored"
                    rows.append(("reader 16 workers", f"round {rnd}", run, note))
            if args.r2e_python:
                rcfg, rdata = r2e_files(tmpdir, urls)
                r2e = Path(args.r2e_python).with_name("r2e")
                for rnd in (1, 2):
                    set_round(port, rnd)
                    run = timed([str(r2e), "-c", str(rcfg), "-d", str(rdata), "run", "--no-send"])
                    rows.append(("rss2email", f"round {rnd}", run, ""))
    finally:
        farm.terminate()
        farm.wait()

    print(
        f"{n} feeds. Round 1 (cold start): {cold_items} new items, every page about 4 KB. "
        f"Round 2 (breaking news): {sum(kind(i) == 'new' for i in range(n))} feeds "
        f"with {breaking} new items, the rest 304 or the same body.\n"
    )
    print(
        "| tool | round | wall (s) | CPU (s) | main process CPU (s) | 2-core bound (s) "
        "| feeds/s (wall) | feeds/s (2-core bound) | new articles/s (2-core bound) "
        "| peak RSS (MiB) | peak RSS tree (MiB) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, rnd, run, _ in rows:
        fresh = cold_items if rnd == "round 1" else breaking
        bound = two_core_bound(run)
        print(
            f"| {name} | {rnd} | {run.wall:.1f} | {run.cpu:.1f} | {run.main_cpu:.1f} "
            f"| {bound:.1f} | {n / run.wall:.0f} | {n / bound:.0f} | {fresh / bound:.0f} "
            f"| {run.rss / 1024:.0f} | {run.tree / 1024:.0f} |"
        )
    print()
    peers = [
        (run.wall, two_core_bound(run))
        for name, rnd, run, _ in rows
        if rnd == "round 2" and name in PEERS
    ]
    for name, rnd, run, note in rows:
        if note:
            print(f"- {name} {rnd}: {note}")
        if peers and rnd == "round 2" and name not in PEERS:
            wall = min(w for w, _ in peers) / run.wall
            bound = min(b for _, b in peers) / two_core_bound(run)
            print(
                f"- {name} breaking-news round against the best peer: {wall:.2f}x by wall "
                f"time, {bound:.2f}x by the 2-core bound"
            )
    for name, breakdown in breakdowns.items():
        total = sum(size for _, size in breakdown)
        print(f"\n{name}: database pages after the cold start (dbstat), {total / 1e6:.2f} MB\n")
        print("| table or index | KB | share |\n| --- | ---: | ---: |")
        for table_, size in breakdown:
            print(f"| {table_} | {size / 1e3:.0f} | {size / total:.0%} |")


def two_core_bound(run: Run) -> float:
    """The least wall time the run's work could take on two idle cores: the process's
    own CPU is serial, the work of its workers can run beside it."""
    return max(run.main_cpu, run.cpu / 2)


PEERS = ("reader 16 workers", "rss2email")


def _absolute(spec: str) -> str:
    """PYTHON[:SOURCE] with both made absolute (the runs change directory)."""
    python, sep, source = spec.partition(":")
    return os.path.abspath(python) + (sep + os.path.abspath(source) if source else "")


if __name__ == "__main__":
    main()
