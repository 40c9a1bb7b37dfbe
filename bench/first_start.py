"""A first `run --once` on a new database: the start alone, the monitors alternated.

    .venv/bin/python bench/first_start.py --runs 10 \\
        --monitor before=.venv/bin/python:/tmp/base --monitor after=.venv/bin/python

Each run makes a new SQLite database (the config of `bench/ingest.py`, with no feeds), so
what is timed is what every cold start pays before its first fetch: Python's start, the
imports, the config check, the schema made, the parse pool and the store closed again.
The order of the monitors is swapped every run. Prints each run's CPU (the process and
its children) and the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.farm import monitor_config
from bench.ingest import compile_package, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--monitor", action="append", default=[], help="NAME=PYTHON[:SOURCE]")
    args = ap.parse_args()
    monitors = [m.partition("=")[::2] for m in args.monitor] or [("monitor", sys.executable)]
    specs = []
    for name, spec in monitors:
        python, _, source = spec.partition(":")
        env = {**os.environ, "MONITOR_LOG_FORMAT": "json"}
        if source:
            env["PYTHONPATH"] = os.path.abspath(source)
        python = os.path.abspath(python)
        compile_package(python, env)
        specs.append((name, python, env))
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in specs}
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # so PYTHONPATH decides which checkout's code runs
        for k in range(args.runs):
            for name, python, env in specs if k % 2 == 0 else specs[::-1]:
                db, cfg = Path(tmp) / f"{name}.{k}.db", Path(tmp) / f"{name}.toml"
                monitor_config(cfg, db, [], concurrency=64)
                run = timed([python, "-m", "monitor", "-c", str(cfg), "run", "--once"], env)
                cpu[name].append(run.cpu)
                print(f"{name} run {k}: CPU {run.cpu:.3f} s, wall {run.wall:.3f} s", flush=True)
    for name, times in cpu.items():
        print(f"{name}: median CPU {statistics.median(times):.3f} s over {len(times)} runs")


if __name__ == "__main__":
    main()
