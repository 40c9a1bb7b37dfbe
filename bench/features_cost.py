"""CPU per report of `monitor.judge.features.features` on the development corpora.

Every report of the `tune` and `held` groups of `bench/score.py` (WikiRef left out) is
read by `features` once as a warm-up and then `--rounds` times; the best round's CPU
(`time.process_time`) per report is printed, with a hash of every reading (kinds, late
kinds, what they name, actors, facts, term counts) so two trees can be compared. Run two
trees alternately to compare them:

    PYTHONPATH=/tmp/base nice -n 5 .venv/bin/python bench/features_cost.py
    nice -n 5 .venv/bin/python bench/features_cost.py
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

if not any(Path(p).resolve() == Path(__file__).resolve().parents[1] for p in sys.path if p):
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.score import corpora
from monitor.judge.features import features


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    items = [
        item
        for group in ("tune", "held")
        for _, part in corpora(group, None, False, wikiref=False)
        for item in part
    ]
    digest = hashlib.sha256()
    for item in items:
        f = features(item.title, item.text, item.published)
        digest.update(
            repr(
                (
                    sorted(f.kinds),
                    f.kinds_head,
                    f.kinds_verb,
                    f.kinds_main,
                    sorted(getattr(f, "late_kinds", ())),
                    sorted(getattr(f, "late_told", ())),
                    sorted(f.actors),
                    sorted(f.named),
                    sorted(f.facts),
                    sorted(f.counts.items()),
                )
            ).encode()
        )
    best = float("inf")
    for _ in range(args.rounds):
        start = time.process_time()
        for item in items:
            features(item.title, item.text, item.published)
        best = min(best, time.process_time() - start)
    print(
        f"{len(items)} reports: {best / len(items) * 1000:.3f} ms a report (best of "
        f"{args.rounds}), digest {digest.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
