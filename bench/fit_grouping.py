"""Fit the story-grouping pair model (`monitor.judge.stories.PAIR_WEIGHTS`) on labelled corpora.

    .venv/bin/python bench/fit_grouping.py                  # labelled.toml + tuning.toml
    .venv/bin/python bench/fit_grouping.py --corpus labelled --check tuning

Each corpus is streamed in publication order into a fresh SQLite store the way ingest
does it: the article is stored, its view is made with the document frequencies known at
that moment (`sketch`), leaving out the words of the shipped topic
for the articles it matches, then its terms are counted. Every pair of
articles published within the grouping window (30 days) is one example: the pair model's
inputs (`pair_features`, the later article first) and whether the labels call them one
story. A logistic regression with a small L2 penalty is fitted by Newton's method and its
weights are printed, ready for `monitor/stories.py`. `--check` reports, on another
corpus, the pairwise precision and recall of the fitted model at a few cut-offs (pairs
only; `bench/score.py` measures the grouping itself).

Only the tuning corpora are meant for fitting; `bench/corpus/heldout.toml` is not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.score import LABELLED, SHIPPED_TOPICS, TUNING, Item, load_labelled
from monitor.config import TopicConfig
from monitor.judge.features import features
from monitor.judge.query import Document
from monitor.judge.relevance import Topics
from monitor.judge.stories import pair_features, sketch
from monitor.storage import Article, Store, migrate

CORPORA = {"labelled": LABELLED, "tuning": TUNING}
WINDOW = timedelta(days=30)
NAMES = (
    "words",
    "names",
    "headline",
    "dates",
    "numbers",
    "log_days",
    "cross_words",
    "cross",
    "on_day_ahead",
)


def views(items: list[Item]) -> list[dict[str, Any]]:
    """Each item's view as ingest makes it, in publication order."""
    ordered = sorted(items, key=lambda i: (i.published, i.id))
    topics = Topics([TopicConfig(**t) for t in SHIPPED_TOPICS])
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/fit.db")
        migrate.upgrade(store)
        for item in ordered:
            assert item.published is not None
            with store.tx() as tx:
                article = tx.add(
                    Article(
                        url=f"http://bench.test/{item.id}",
                        title=item.title,
                        published_at=item.published,
                        fetched_at=item.published + timedelta(hours=1),
                        language=item.language,
                        relevant=True,
                        text=item.text,
                    )
                )
                words = topics.words(topics.match(Document(f"{item.title}\n{item.text}")))
                feats = features(item.title, item.text, item.published, words)
                view = sketch(tx, article, feats).view
                tx.count_terms(feats.counts)
            out.append({"item": item, "view": view})
        store.close()
    return out


def examples(items: list[Item]) -> tuple[np.ndarray, np.ndarray]:
    seen = views(items)
    xs, ys = [], []
    for j, later in enumerate(seen):
        for earlier in seen[:j]:
            if later["item"].published - earlier["item"].published > WINDOW:
                continue
            xs.append(pair_features(later["view"], earlier["view"]))
            ys.append(float(later["item"].label == earlier["item"].label))
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01, rounds: int = 50) -> np.ndarray:
    """Logistic regression weights (the last one the bias), by Newton's method."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x.T * (p * (1 - p))) @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    ap.add_argument("--check", choices=sorted(CORPORA), help="pairwise scores on this corpus")
    args = ap.parse_args()
    xs, ys = [], []
    for name in args.corpus or sorted(CORPORA):
        x, y = examples(load_labelled("all", path=CORPORA[name]))
        print(f"{name}: {len(y)} pairs, {int(y.sum())} in one story")
        xs.append(x)
        ys.append(y)
    w = fit(np.vstack(xs), np.concatenate(ys))
    for name, value in zip((*NAMES, "bias"), w, strict=True):
        print(f"  {name:<12} {value:7.2f}")
    print(f"PAIR_WEIGHTS = ({', '.join(f'{v:.2f}' for v in w[:-1])})")
    print(f"PAIR_BIAS = {w[-1]:.2f}")
    if args.check:
        x, y = examples(load_labelled("all", path=CORPORA[args.check]))
        p = 1.0 / (1.0 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))
        for cut in (0.3, 0.4, 0.5, 0.6):
            hit = p >= cut
            tp = float((hit & (y == 1)).sum())
            precision = tp / max(1, hit.sum())
            recall = tp / max(1, (y == 1).sum())
            print(f"  {args.check} pairs, chance >= {cut}: P={precision:.3f} R={recall:.3f}")


if __name__ == "__main__":
    main()
