"""How many stories of the brief corpora have no key point from their first report's lede
(round 45): the story's first event then is told, if at all, only in a later key point's
clause.

Usage:
  .venv/bin/python bench/first_lede.py                    # the development corpora
  .venv/bin/python bench/first_lede.py --setting "+ first lede 3"  # with a row of a grid
  .venv/bin/python bench/first_lede.py heldout45 tuning   # these corpora
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from brief_quality import (
    DEVELOPMENT55,
    GRID55,
    ROOT,
    brief_of,
    configure,
    load_stories,
)

from monitor.judge import briefs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", help="by name (none: round 50's development)")
    parser.add_argument("--setting", help="a row of GRID55, by its name")
    args = parser.parse_args()
    if args.setting:
        configure(dict(GRID55)[args.setting])
    seen: list[Any] = []
    select = briefs._select

    def record(pool: Any, wanted: int, space: Any, centroid: Any, avoid: Any = ()) -> Any:
        out = select(pool, wanted, space, centroid, avoid)
        if not avoid:
            seen.append(out)
        return out

    briefs._select = record  # type: ignore[assignment]
    stories = missing = 0
    for name in args.corpora or DEVELOPMENT55:
        for story, reports in load_stories(ROOT / "bench" / "corpus" / f"{name}.toml").items():
            briefs.clear_readings()
            seen.clear()
            brief_of(reports)
            first = reports[0].id
            origins = [k.origin or k for k in seen[-1]] if seen else []
            stories += 1
            if not any(o.report.id == first and o.position == 0 for o in origins):
                missing += 1
                print(f"{name:<10} {story}")
    print(f"\n{missing} of {stories} stories: no key point from the first report's lede")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
