"""Which step of grouping made each wrong pair: a merge, or a join.

Streams one labelled corpus through the real ingest path as `bench/score.py` does,
recording every placement. Each pair of articles with different labels that ends in one
story is counted once, at the step that first put them together: a merge of two stories,
an article joining a story of other events only (a first wrong join), or an article
joining a story that already held reports of its own event and others.

Usage:
  .venv/bin/python bench/attribute.py business5 [NAME=VALUE ...]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score

import monitor.judge.embed as embed
import monitor.judge.features as features
import monitor.judge.stories as stories


def _why(best: tuple[float, Any, Any]) -> str:
    """What rule 3 read of the join: the article's kinds, and each report's kinds and words."""
    _, view, story_members = best
    head = "headline" if view.get("kind_head") else "lede"
    told = "; ".join(
        f"{sorted(m.get('kinds') or [])} {stories.cosine(view['terms'], m['terms']):.2f}"
        for m in story_members
    )
    return f"    kinds {sorted(view.get('kinds') or [])} ({head}) vs reports: {told}"


def main() -> None:
    embed.ENABLED = False
    for assignment in sys.argv[2:]:
        name, _, value = assignment.partition("=")
        module = stories if hasattr(stories, name) else features
        setattr(module, name, type(getattr(module, name))(value))
    ((label, items),) = score.corpora(sys.argv[1], None, False, wikiref=False)[:1]
    gold = {i.id: i.label for i in items}
    clusters: dict[int, set[str]] = {}
    counts = {"merge": 0, "first wrong join": 0, "join into a mixed story": 0}
    place = stories.Grouper.place
    join_fit = stories.join_fit
    scored: list[tuple[float, Any, Any]] = []

    def judging(view: Any, story_members: Any) -> float:
        fit = join_fit(view, story_members)
        scored.append((fit, view, story_members))
        return fit

    def recording(self: stories.Grouper, tx: Any, article: Any, *args: Any) -> Any:
        scored.clear()
        placed = place(self, tx, article, *args)
        key, story = article.url.rsplit("/", 1)[1], placed.story.id
        assert story is not None  # placed stories are stored
        for gone in placed.merged or []:
            a, b = clusters.pop(gone, set()), clusters.setdefault(story, set())
            wrong = sum(gold[x] != gold[y] for x in a for y in b)
            counts["merge"] += wrong
            if wrong:
                print(f"merge {sorted({gold[x] for x in a})} into {sorted({gold[x] for x in b})}")
        members = clusters.setdefault(story, set())
        wrong = sum(gold[x] != gold[key] for x in members)
        if wrong:
            mixed = any(gold[x] == gold[key] for x in members)
            counts["join into a mixed story" if mixed else "first wrong join"] += wrong
            print(f"join {key} into {sorted({gold[x] for x in members})} at {placed.score:.2f}")
            print(_why(max(scored, key=lambda s: s[0])))
        members.add(key)
        return placed

    stories.join_fit = judging
    stories.Grouper.place = recording  # type: ignore[method-assign,assignment]
    score.show(score.score(label, items, None, None, None), None, False)
    print(counts)


if __name__ == "__main__":
    main()
