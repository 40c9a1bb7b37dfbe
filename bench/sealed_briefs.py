"""Whether two checkouts seal the same briefs: both poll one `bench/ingest.py` farm (the
cold start, then the breaking-news round), and the briefs of every alert they sealed are
compared.

    .venv/bin/python bench/sealed_briefs.py --before /tmp/base --feeds 60

Each monitor runs `python -m monitor run --once` on this interpreter with its checkout
first on PYTHONPATH, from an empty directory, with its own database in `--keep` (a
temporary directory if not given). Exit status 0 when the briefs are the same.
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
    """Each sealed alert's event and brief, as JSON; read through the store, which
    unpacks payloads (compressed on SQLite, their shared parts stored apart)."""
    from sqlmodel import col, select

    from monitor.storage import Alert, Store

    store = Store(f"sqlite:///{db}")
    try:
        with store.tx() as tx:
            rows = tx.session.exec(select(Alert).where(col(Alert.payload).is_not(None))).all()
            return Counter(
                json.dumps([a.event, json.loads(a.payload or "{}").get("brief")], sort_keys=True)
                for a in rows
            )
    finally:
        store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", required=True, help="the other checkout")
    ap.add_argument("--feeds", type=int, default=60)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--keep", type=Path, help="where the databases are written and kept")
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
                monitor_config(cfg, db, urls, concurrency=64)  # as bench/ingest.py polls
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
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
