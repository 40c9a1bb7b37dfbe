"""The breaking-news round of `bench/ingest.py` alone, repeated, from a kept cold start.

    .venv/bin/python bench/ingest.py --feeds 60 --items 10 --keep /tmp/keep60
    .venv/bin/python bench/breaking.py --db /tmp/keep60/monitor.db --runs 3 \\
        --monitor before=.venv/bin/python:/tmp/base --monitor after=.venv/bin/python

The cold start takes minutes; round 2 takes seconds. This serves `bench/ingest.py`'s farm
on the port and with the item dates the kept database was made with (both read from it),
switches it to round 2, and runs each monitor's `run --once` on a fresh copy of the
database, the monitors alternated, `--runs` times. `--profile P` records each run with
py-spy (the thread holding the GIL, workers included) as P.NAME.RUN.txt; `--env K=V`
adds to the monitors' environment (PYTHONPROFILEIMPORTTIME=1, say); `--output DIR`
keeps each run's output, `--keep DIR` each monitor's database after its last run (for
`bench/seal_replay.py --last N`).

`--in-process` also runs, beside each `run --once` and on another fresh copy, the round
inside one process as a daemon would: the app started first (Python, the imports, the
config, the schema check, the feed sync), then the round (`App.run_once`: poll, seal,
deliver) with the main process's CPU measured around the round alone; the parse
workers' CPU (their start included) is read after the app is closed. The peers' numbers in
`bench/ingest.py` are whole processes, start-up included; these are not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.farm import monitor_config, set_round
from bench.ingest import compile_package, timed, two_core_bound

ROOT = Path(__file__).resolve().parents[1]

# The round inside an already started process: what a daemon's poll pays.
IN_PROCESS = """
import asyncio, gc, json, resource, sys, time
gc.disable()  # as `run` does while the app starts
began = time.process_time()
from monitor.review.cli.run import _print_cycle
from monitor.service.app import App
from monitor.service.configcheck import load_config


async def main():
    app = App(load_config(sys.argv[1]))
    app.store.lock_instance()
    app.start()
    gc.freeze()
    gc.enable()
    start = time.process_time() - began
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    summary = await app.run_once()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    await app.aclose()
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (done.ru_utime + done.ru_stime) - (workers.ru_utime + workers.ru_stime)
    _print_cycle(summary)
    print(json.dumps({"start": start, "round": cpu, "wall": wall, "workers": used}))


asyncio.run(main())
"""


def farm_of(db: Path) -> tuple[list[str], int, int]:
    """The feed URLs, the farm's port and its epoch (item j of feed i is dated
    epoch + i + 60 j) that the database was polled with."""
    con = sqlite3.connect(db)
    urls = [str(r[0]) for r in con.execute("SELECT url FROM feed ORDER BY id")]
    row = con.execute("SELECT published_at FROM article WHERE url LIKE '%/a/0/0.html'").fetchone()
    con.close()
    if not urls or row is None:
        raise SystemExit(f"{db}: not a database of bench/ingest.py's farm")
    port = int(urls[0].split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    epoch = int(datetime.fromisoformat(str(row[0])).replace(tzinfo=UTC).timestamp())
    return urls, port, epoch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True, help="a cold start kept by --keep")
    ap.add_argument("--items", type=int, default=10, help="--items of the cold start")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--monitor", action="append", default=[], help="NAME=PYTHON[:SOURCE]")
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--env", action="append", default=[], help="K=V for the monitors")
    ap.add_argument("--output", type=Path)
    ap.add_argument("--keep", type=Path, help="keep each monitor's database after round 2")
    ap.add_argument(
        "--in-process",
        action="store_true",
        help="also run the round in an already started process (start-up not counted)",
    )
    args = ap.parse_args()
    urls, port, epoch = farm_of(args.db)
    monitors = [m.partition("=")[::2] for m in args.monitor] or [("monitor", sys.executable)]
    extra = dict(e.split("=", 1) for e in args.env)
    serve = (
        f"import asyncio, sys; sys.path.insert(0, {str(ROOT)!r}); import bench.ingest as b; "
        f"b._EPOCH = {epoch}; b._ITEMS = {args.items}; from bench.farm import serve; "
        f"asyncio.run(serve({port}, b.respond))"
    )
    farm = subprocess.Popen([sys.executable, "-c", serve], stdout=subprocess.PIPE, text=True)
    assert farm.stdout is not None
    try:
        if farm.stdout.readline().strip() != "ready":
            raise SystemExit("the farm did not start")
        set_round(port, 2)
        with tempfile.TemporaryDirectory() as tmp:
            specs = []
            for name, spec in monitors:
                python, _, source = spec.partition(":")
                python = os.path.abspath(python)
                env = {**os.environ, "MONITOR_LOG_FORMAT": "json", **extra}
                if source:
                    env["PYTHONPATH"] = os.path.abspath(source)
                compile_package(python, env)
                specs.append((name, python, env))
            os.chdir(tmp)  # so PYTHONPATH decides which checkout's code runs
            for k in range(args.runs):
                for name, python, env in specs:
                    db, cfg = Path(tmp) / f"{name}.db", Path(tmp) / f"{name}.toml"
                    shutil.copyfile(args.db, db)
                    monitor_config(cfg, db, urls, concurrency=64)
                    cmd = [python, "-m", "monitor", "-c", str(cfg), "run", "--once"]
                    if args.profile:
                        spy = ["py-spy", "record", "--subprocesses", "--gil", "--format", "raw"]
                        out = f"{args.profile}.{name}.{k}.txt"
                        cmd = [*spy, "-r", "250", "-o", out, "--", *cmd]
                    run = timed(cmd, env)
                    note = next((x for x in run.output.splitlines() if x.startswith("Polled")), "")
                    print(
                        f"{name} run {k}: wall {run.wall:.2f} s, CPU {run.cpu:.2f} s, main "
                        f"process CPU {run.main_cpu:.2f} s, 2-core bound "
                        f"{two_core_bound(run):.2f} s, peak RSS tree {run.tree / 1024:.0f} MiB"
                        f" | {note}",
                        flush=True,
                    )
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(db, args.keep / f"{name}.db")
                    if args.output:
                        args.output.mkdir(parents=True, exist_ok=True)
                        (args.output / f"{name}.{k}.txt").write_text(run.output, encoding="utf-8")
                    if args.in_process:
                        in_process(name, k, python, env, args.db, db, cfg)
    finally:
        farm.terminate()
        farm.wait()


def in_process(
    name: str, k: int, python: str, env: dict[str, str], kept: Path, db: Path, cfg: Path
) -> None:
    """The round in a process whose app has started (`IN_PROCESS`), on a fresh copy."""
    shutil.copyfile(kept, db)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    run = subprocess.run(
        [python, "-c", IN_PROCESS, str(cfg)], env=env, capture_output=True, text=True
    )
    if run.returncode != 0:
        raise SystemExit(f"{name}: the in-process round failed:\n{run.stderr[-3000:]}")
    lines = run.stdout.splitlines()
    got = json.loads(lines[-1])
    note = next((x for x in lines if x.startswith("Polled")), "")
    print(
        f"{name} in-process run {k}: start-up CPU {got['start']:.2f} s (not counted); the "
        f"round: main process CPU {got['round']:.2f} s, wall {got['wall']:.2f} s, parse "
        f"workers' CPU {got['workers']:.2f} s | {note}",
        flush=True,
    )


if __name__ == "__main__":
    main()
