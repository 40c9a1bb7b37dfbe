"""CPU of reading and rewriting a story as placement does for each article joining it.

One transaction per cycle, as ingest runs it: the candidate lookup's read of the story's
members (`Tx.story_members`), the story's row (`Tx.get`), its members with the oldest
view replaced by a new article's, a new profile, the row written and committed. The
views and profiles are the largest stories' of a database kept after a cold start
(`bench/ingest.py --keep DIR`), so the documents are the farm's.

    .venv/bin/python bench/ingest.py --feeds 200 --items 10 --keep /tmp/keep
    PYTHONPATH=/tmp/base nice -n 5 .venv/bin/python bench/story_rewrite.py /tmp/keep/monitor.db
    nice -n 5 .venv/bin/python bench/story_rewrite.py /tmp/keep/monitor.db
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path, help="a database kept by bench/ingest.py --keep")
    ap.add_argument("--cycles", type=int, default=1500)
    args = ap.parse_args()

    import monitor
    from monitor.storage import Store, Story, migrate

    con = sqlite3.connect(args.db)
    rows = con.execute(
        "SELECT members, profile FROM story ORDER BY article_count DESC LIMIT 40"
    ).fetchall()
    con.close()
    views = [v for m, _ in rows for v in json.loads(zlib.decompress(m))]
    profiles = [json.loads(zlib.decompress(p)) for _, p in rows]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/monitor.db")
        migrate.upgrade(store)
        now = datetime(2026, 3, 2, tzinfo=UTC)
        with store.tx() as tx:
            made = Story(
                title="s", first_seen=now, last_seen=now, members=views[:10], profile=profiles[0]
            )
            sid = tx.add(made).id
            assert sid is not None
        t0 = time.process_time()
        for k in range(args.cycles):
            with store.tx() as tx:
                tx.story_members([sid])
                story = tx.get(Story, sid)
                assert story is not None and story.members is not None
                # a new article's view, as it comes from `member_view`: its own objects
                new = json.loads(json.dumps(views[(k + 10) % len(views)]))
                story.members = [*story.members[1:], new]
                story.profile = {**profiles[k % len(profiles)]}
                story.article_count += 1
                tx.add(story)
        spent = time.process_time() - t0
        store.close()
    print(f"code: {Path(monitor.__file__).parents[1]}")
    print(f"{1e6 * spent / args.cycles:.0f} µs of CPU per read and rewrite of a 10-member story")


if __name__ == "__main__":
    main()
