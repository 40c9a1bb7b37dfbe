"""Which step of grouping made each wrong pair: a merge, or a join.

Streams one labelled corpus through the real ingest path as `bench/score.py` does,
recording every placement. Each pair of articles with different labels that ends in one
story is counted once, at the step that first put them together: a merge of two stories,
an article joining a story of other events only (a first wrong join), or an article
joining a story that already held reports of its own event and others.

`--splits`: for each article kept out of a story holding reports of its own event, that
story's fit (the pair model's mean chance), each report's chance, and the rule of
`stories.distinct_event` that parted them (`stories.apart_rule`), or why the fit fell
short.

Usage:
  .venv/bin/python bench/attribute.py business5 [--splits] [NAME=VALUE ...]
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


def _split(
    tx: Any, key: str, placed_in: int, scored: list[tuple[float, Any, Any]], out: Any
) -> None:
    """Why the article `key` is not in each story holding reports of its own event."""
    gold, items, clusters = out["gold"], out["items"], out["clusters"]
    print(f"split {key} [{gold[key]}] {items[key].title!r}")
    for story_id, keys in sorted(clusters.items()):
        if story_id == placed_in or not any(gold[x] == gold[key] for x in keys):
            continue
        story = tx.get(stories.Story, story_id)
        views = stories.members(story)
        ats = {m["at"] for m in views}
        found = any({m["at"] for m in ms} == ats for _, _, ms in scored)
        if not scored:
            print(f"  story {story_id}: no candidates found at all")
            continue
        view = scored[0][1]
        rule = stories.apart_rule(view, views)
        each = ", ".join(f"{stories.same_story(view, m):.2f}" for m in views)
        print(
            f"  story {story_id} {sorted(keys)}: fit {stories.fit(view, views):.2f} "
            f"(reports {each}) rule {rule or '-'}{'' if found else ' (not a candidate)'}"
        )
        print(
            f"    kinds {sorted(view.get('kinds') or [])} vs reports' "
            + "; ".join(
                f"{sorted(m.get('kinds') or [])} {(view['at'] - m['at']) / 3600:+.0f}h"
                for m in views
            )
        )


def main() -> None:
    embed.ENABLED = False
    splits = "--splits" in sys.argv
    argv = [a for a in sys.argv if a != "--splits"]
    for assignment in argv[2:]:
        name, _, value = assignment.partition("=")
        module = stories if hasattr(stories, name) else features
        setattr(module, name, type(getattr(module, name))(value))
    ((label, items),) = score.corpora(argv[1], None, False, wikiref=False)[:1]
    gold = {i.id: i.label for i in items}
    by_id = {i.id: i for i in items}
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
        if splits:
            out = {"gold": gold, "items": by_id, "clusters": clusters}
            if any(gold[x] == gold[key] for s, k in clusters.items() if s != story for x in k):
                _split(tx, key, story, scored, out)
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
