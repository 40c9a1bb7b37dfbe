"""Whether two checkouts seal the same briefs: both poll one `bench/ingest.py` farm (the
cold start, then the breaking-news round), and the briefs of every alert they sealed are
compared.

    .venv/bin/python bench/sealed_briefs.py --before /tmp/base --feeds 60

Each monitor runs `python -m monitor run --once` on this interpreter with its checkout
first on PYTHONPATH, from an empty directory, with its own database in `--keep` (a
temporary directory if not given). Exit status 0 when the briefs are the same (with
`--cut N`: once the other side's timelines are cut to N lines as alerts cut them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.farm import free_port, set_round  # noqa: E402
from bench.ingest import host_of, monitor_config  # noqa: E402


def sealed(db: Path) -> Counter[str]:
    """Each sealed alert's event and brief, as JSON. Read through the models: payloads
    are stored compressed and with their large lists kept apart (migrations 0013, 0015)."""
    from sqlmodel import select

    from monitor.storage import Alert, Store

    store = Store(f"sqlite:///{db}")
    try:
        with store.tx() as tx:
            alerts = tx.session.exec(select(Alert)).all()
            return Counter(
                json.dumps([a.event, json.loads(a.payload).get("brief")], sort_keys=True)
                for a in alerts
                if a.payload is not None
            )
    finally:
        store.close()


def cut(before: Counter[str], lines: int) -> tuple[Counter[str], int]:
    """`before`'s briefs with their timelines cut as an alert's are (the first entry and
    the latest, `lines` in all, the rest counted in `timeline_omitted`), and how many were
    longer: what a checkout that caps alert timelines should seal instead."""
    out: Counter[str] = Counter()
    longer = 0
    for key, n in before.items():
        event, brief = json.loads(key)
        if isinstance(brief, dict):
            timeline = brief.get("timeline") or []
            omitted = max(0, len(timeline) - lines)
            if omitted:
                longer += n
                brief["timeline"] = [timeline[0], *timeline[len(timeline) - lines + 1 :]]
            brief["timeline_omitted"] = omitted
        out[json.dumps([event, brief], sort_keys=True)] += n
    return out, longer


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", required=True, help="the other checkout")
    ap.add_argument("--feeds", type=int, default=60)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--keep", type=Path, help="where the databases are written and kept")
    ap.add_argument(
        "--cut",
        type=int,
        help="also compare with the other checkout's timelines cut to this many lines",
    )
    args = ap.parse_args()
    port = free_port()
    serve = ["--serve", str(port), "--feeds", str(args.feeds), "--items", str(args.items)]
    farm = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "ingest.py"), *serve],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert farm.stdout is not None
    if farm.stdout.readline().strip() != "ready":
        raise SystemExit("the farm did not start")
    urls = [f"http://{host_of(i)}:{port}/feed/{i}.xml" for i in range(args.feeds)]
    briefs: dict[str, Counter[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        os.chdir(tmp)  # `python -m` puts the working directory first on sys.path
        try:
            for name, source in (("before", os.path.abspath(args.before)), ("this", str(ROOT))):
                db = out / f"{name}.db"
                for old in out.glob(f"{name}.db*"):
                    old.unlink()
                cfg = out / f"{name}.toml"
                monitor_config(cfg, db, urls, concurrency=64)  # as bench/ingest.py
                env = {**os.environ, "PYTHONPATH": source, "MONITOR_LOG_FORMAT": "json"}
                for rnd in (1, 2):
                    set_round(port, rnd)
                    run = subprocess.run(
                        [sys.executable, "-m", "monitor", "-c", str(cfg), "run", "--once"],
                        env=env,
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    polled = [x for x in run.stdout.splitlines() if x.startswith("Polled")]
                    print(f"{name} round {rnd}: {' '.join(polled)}")
                briefs[name] = sealed(db)
        finally:
            farm.terminate()
            farm.wait()
    before, this = briefs["before"], briefs["this"]
    same = before == this
    print(
        f"{sum(before.values())} and {sum(this.values())} sealed alerts; briefs "
        + ("the same" if same else f"differ: {len(before - this)} and {len(this - before)}")
    )
    if not same and args.cut:
        expected, longer = cut(before, args.cut)
        same = expected == this
        print(
            f"with the other checkout's timelines cut to {args.cut} lines ({longer} were "
            "longer): briefs "
            + ("the same" if same else f"differ: {len(expected - this)} and {len(this - expected)}")
        )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
