"""Every key point of every development corpus of the latest brief round, with each corpus's
facts and pairs, under the code's own settings: two trees' outputs diffed show what a
change does to the briefs, corpus by corpus.

    PYTHONPATH=. .venv/bin/python bench/key_points.py > /tmp/after.txt
"""

from __future__ import annotations

from pathlib import Path

from bench import brief_quality as bq

CORPUS = Path(__file__).resolve().parent / "corpus"


def main() -> int:
    for name in bq.ROUNDS[max(bq.ROUNDS)]["development"]:
        corpus, facts = CORPUS / f"{name}.toml", CORPUS / f"{name}_facts.toml"
        sc = bq.score(corpus, facts)
        print(f"== {name} facts {sc.carried}/{sc.total} pairs {sc.repeats}")
        for story, reports in bq.load_stories(corpus).items():
            for point in bq.brief_of(reports).key_points:
                print(story, "|", point)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
