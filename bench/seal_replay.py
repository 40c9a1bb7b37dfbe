"""The cost of sealing alone: every sealed alert's message built again from a database kept
by `bench/ingest.py --keep` (its deliveries put back to pending first, so what changed is
measured as it was when the alerts were sealed, before any went out).

    .venv/bin/python bench/seal_replay.py DB [--out FILE] [--last N]

`--last N` replays only the N alerts sealed last (a breaking-news round's, from a
database kept by `bench/breaking.py --keep`), only their deliveries put back. Prints the
messages built, the CPU time, and how many briefs equal the ones sealed. Run it
with another checkout first on PYTHONPATH to time that checkout's sealing on the same data.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--out", type=Path, help="each message's brief, one JSON line")
    ap.add_argument("--last", type=int, help="only the N alerts sealed last")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="replay N times in this process, the briefs' readings and story states"
        " forgotten before each (the lexicons and the outlets' suffix list loaded once);"
        " prints each replay's CPU time",
    )
    args = ap.parse_args()
    from sqlmodel import col, select

    from monitor.alerting import outbox
    from monitor.storage import Alert, Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "replay.db"
        shutil.copy(args.db, db)
        with sqlite3.connect(db) as con:
            last = ""
            if args.last:
                last = (
                    " WHERE alert_id IN (SELECT id FROM alert WHERE payload IS NOT NULL"
                    f" ORDER BY sealed_at DESC, created_at DESC, id DESC LIMIT {args.last})"
                )
            con.execute("UPDATE delivery SET status = 'pending'" + last)
            wanted = [
                str(r[0])
                for r in con.execute(
                    "SELECT id FROM alert WHERE payload IS NOT NULL"
                    " ORDER BY sealed_at DESC, created_at DESC, id DESC"
                    + (f" LIMIT {args.last}" if args.last else "")
                )
            ]
        store = Store(f"sqlite:///{db}")
        reads_type = getattr(sys.modules["monitor.judge.storybrief"], "StoryReads", None)
        from monitor.judge import briefs

        times: list[float] = []
        for _ in range(args.repeat):
            briefs.clear_readings()
            lines: list[str] = []
            same = 0
            start = time.process_time()
            with store.tx() as tx:
                alerts = tx.session.exec(
                    select(Alert)
                    .where(col(Alert.payload).is_not(None), col(Alert.id).in_(wanted))
                    .order_by(col(Alert.created_at), col(Alert.id))
                ).all()
                reads = reads_type(tx) if reads_type is not None else None
                for a in alerts:
                    extra = (reads,) if reads is not None else ()
                    msg = outbox.build_message(tx, a, datetime.now(UTC), *extra)
                    brief = msg.brief.to_dict() if msg.brief is not None else None
                    same += json.loads(a.payload or "{}").get("brief") == brief
                    lines.append(json.dumps([a.id, a.event, brief], sort_keys=True))
            times.append(time.process_time() - start)
        store.close()
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    cpu = " ".join(f"{t:.3f}" for t in times)
    print(f"{len(lines)} messages, {cpu} s CPU; {same} briefs equal to the sealed ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
