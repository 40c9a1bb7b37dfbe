"""Fit the story-grouping pair model (`monitor.judge.stories.PAIR_WEIGHTS`) on tuning corpora.

    .venv/bin/python bench/fit_grouping.py                   # every tuning corpus, both models
    .venv/bin/python bench/fit_grouping.py --cv              # leave one corpus out, each in turn
    .venv/bin/python bench/fit_grouping.py --corpus tuning --corpus domains --no-embed
    .venv/bin/python bench/fit_grouping.py --residual  # main's weights kept; the new inputs fitted

Each corpus is streamed in publication order into a fresh SQLite store the way ingest
does it: the article is stored, its view is made with the document frequencies known at
that moment (`sketch`, which embeds the headline and lede when the `embed` extra is
installed), leaving out the words of the shipped topic for the articles it matches, then
its terms are counted. Every pair of articles published within the grouping window (30
days) is one example: the pair model's inputs (`pair_features`, the later article first,
plus the embedding cosine) and whether the labels call them one story. WikiRef220's
labels are topics over months, coarser than a story, so from its "fit" half (every other
text of each topic) only pairs across topics are taken, as negatives.

Two logistic regressions with an L2 penalty are fitted by Newton's method, with and
without the embedding input (the model used when the extra is absent), each corpus
weighing the same in the fit however many pairs it has. `--cv` fits on all corpora but
one and reports the pairwise precision/recall/F1 of the pair model at 0.5 on the one left
out: how the model does on a kind of news it was not fitted on.

Only tuning corpora are read: `heldout.toml`, `business.toml`, `business2.toml`,
`business3.toml`, `business4.toml`, `heldout5.toml`, the held-out stories of
`developments.toml` and WikiRef220's held-out half never are.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.score import (
    DOMAINS,
    LABELLED,
    NO_DATE,
    SAMEDAY,
    SHIPPED_TOPICS,
    TUNING,
    Item,
    load_developments,
    load_labelled,
    load_wikiref,
)
from monitor.config import TopicConfig
from monitor.judge import embed
from monitor.judge.features import features
from monitor.judge.query import Document
from monitor.judge.relevance import Topics
from monitor.judge.stories import PAIR_INPUTS, embedding_alike, pair_features, sketch
from monitor.storage import Article, Store, migrate

# name -> (loader, negatives only)
CORPORA: dict[str, tuple[Callable[[], list[Item]], bool]] = {
    "labelled": (lambda: load_labelled("all", path=LABELLED), False),
    "tuning": (lambda: load_labelled("all", path=TUNING), False),
    "domains": (lambda: load_labelled("all", path=DOMAINS), False),
    "sameday": (lambda: load_labelled("all", path=SAMEDAY), False),
    "developments": (lambda: load_developments("tuning"), False),
    "wikiref": (lambda: load_wikiref(part="fit"), True),
    # the same half with pairs within a topic as positives: topics as story chains
    "wikiref_all": (lambda: load_wikiref(part="fit"), False),
}
DEFAULT = ("labelled", "tuning", "domains", "developments", "wikiref")
WINDOW = timedelta(days=30)
NAMES = (*PAIR_INPUTS, "embedding")


def views(items: list[Item]) -> list[dict[str, Any]]:
    """Each item's view as ingest makes it, in publication order."""
    ordered = sorted(items, key=lambda i: (i.published or NO_DATE, i.id))
    topics = Topics([TopicConfig(**t) for t in SHIPPED_TOPICS])
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/fit.db")
        migrate.upgrade(store)
        for item in ordered:
            published = item.published or NO_DATE
            with store.tx() as tx:
                article = tx.add(
                    Article(
                        url=f"http://bench.test/{item.id}",
                        title=item.title,
                        published_at=published,
                        fetched_at=published + timedelta(hours=1),
                        language=item.language,
                        relevant=True,
                        text=item.text,
                    )
                )
                words = topics.words(topics.match(Document(f"{item.title}\n{item.text}")))
                feats = features(item.title, item.text, published, words)
                view = sketch(tx, article, feats).view
                tx.count_terms(feats.counts)
            out.append({"item": item, "view": view, "at": published})
        store.close()
    return out


def examples(items: list[Item], negatives_only: bool) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (the embedding cosine last, NaN without one) and labels of every pair."""
    seen = views(items)
    xs, ys = [], []
    for j, later in enumerate(seen):
        for earlier in seen[:j]:
            if later["at"] - earlier["at"] > WINDOW:
                continue
            same = later["item"].label == earlier["item"].label
            if same and negatives_only:
                continue
            alike = embedding_alike(later["view"], earlier["view"])
            xs.append(
                (
                    *pair_features(later["view"], earlier["view"]),
                    np.nan if alike is None else alike,
                )
            )
            ys.append(float(same))
    return np.array(xs), np.array(ys)


def load(name: str, cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    tag = "embed" if embed.available() else "plain"
    path = cache / f"{name}-{tag}.pickle" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as f:
            got: tuple[np.ndarray, np.ndarray] = pickle.load(f)
        return got
    loader, negatives_only = CORPORA[name]
    got = examples(loader(), negatives_only)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            pickle.dump(got, f)
    return got


# main's weights over the first nine inputs and its bias (`--residual` keeps them)
MAIN = (23.62, 3.99, 8.33, 2.07, 2.23, -1.89, 7.11, 1.01, 7.24)
MAIN_BIAS = -2.13


def fit(
    x: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray,
    l2: float,
    rounds: int = 60,
    residual: bool = False,
) -> np.ndarray:
    """Weighted logistic regression weights (the last one the bias), by Newton's method;
    the bias is not penalised. `residual`: main's weights stay fixed on the first nine
    inputs and only the others and a change of bias are fitted."""
    offset = np.zeros(len(x))
    if residual:
        offset = x[:, : len(MAIN)] @ np.array(MAIN) + MAIN_BIAS
        x = x.copy()
        x[:, : len(MAIN)] = 0.0
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.full(len(w), l2)
    penalty[-1] = 0.0
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + offset, -30, 30)))
        grad = x.T @ (weight * (p - y)) + penalty * w
        hess = (x.T * (weight * p * (1 - p))) @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    if residual:
        w[: len(MAIN)] = MAIN
        w[-1] += MAIN_BIAS
    return w


def chance(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(np.hstack([x, np.ones((len(x), 1))]) @ w, -30, 30)))


def weights_for(parts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Every corpus weighs the same in the fit: its pairs share the mean pair count."""
    mean = sum(len(y) for _, y in parts) / len(parts)
    return np.concatenate([np.full(len(y), mean / len(y)) for _, y in parts])


def columns(x: np.ndarray, with_embedding: bool, drop: set[str]) -> np.ndarray:
    keep = [
        i for i, n in enumerate(NAMES) if n not in drop and (with_embedding or i < len(NAMES) - 1)
    ]
    out = x.copy()
    out[:, [i for i in range(x.shape[1]) if i not in keep]] = 0.0
    return out if with_embedding else out[:, :-1]


def scores(p: np.ndarray, y: np.ndarray, cut: float = 0.5) -> tuple[float, float, float]:
    hit = p >= cut
    tp = float((hit & (y == 1)).sum())
    precision = tp / max(1, int(hit.sum()))
    recall = tp / max(1, int((y == 1).sum()))
    return precision, recall, 2 * precision * recall / ((precision + recall) or 1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    ap.add_argument("--no-embed", action="store_true", help="fit as if the extra were absent")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty (per unit of corpus weight)")
    ap.add_argument("--drop", action="append", default=[], choices=NAMES, help="leave an input out")
    ap.add_argument("--cv", action="store_true", help="leave one corpus out, each in turn")
    ap.add_argument("--cache", type=Path, help="keep each corpus's pairs here between runs")
    ap.add_argument(
        "--residual", action="store_true", help="keep main's weights, fit only the new inputs"
    )
    args = ap.parse_args()
    embed.ENABLED = not args.no_embed
    names = args.corpus or list(DEFAULT)
    data = {}
    for name in names:
        data[name] = load(name, args.cache)
        x, y = data[name]
        print(f"{name}: {len(y)} pairs, {int(y.sum())} in one story")
    with_embedding = embed.available()
    drop = set(args.drop)
    models = [(False, "PAIR_WEIGHTS", "PAIR_BIAS")]
    if with_embedding:
        models.append((True, "PAIR_WEIGHTS_EMBED", "PAIR_BIAS_EMBED"))
    for use_embedding, weights_name, bias_name in models:
        label = "with the embedding" if use_embedding else "without the embedding"
        if args.cv:
            print(f"leave one corpus out, {label} (pairs within the window, chance >= 0.5):")
            for out in names:
                rest = [data[n] for n in names if n != out]
                w = fit(
                    np.vstack([columns(x, use_embedding, drop) for x, _ in rest]),
                    np.concatenate([y for _, y in rest]),
                    weights_for(rest),
                    args.l2,
                    residual=args.residual,
                )
                x, y = data[out]
                p = chance(columns(x, use_embedding, drop), w)
                if y.sum():
                    pp, pr, pf = scores(p, y)
                    print(f"  {out:<13} P={pp:.3f} R={pr:.3f} F1={pf:.3f}")
                else:
                    print(f"  {out:<13} false joins {float((p >= 0.5).mean()):.4f} of {len(y)}")
        parts = [data[n] for n in names]
        w = fit(
            np.vstack([columns(x, use_embedding, drop) for x, _ in parts]),
            np.concatenate([y for _, y in parts]),
            weights_for(parts),
            args.l2,
            residual=args.residual,
        )
        print(f"fitted on all, {label}:")
        inputs = NAMES if use_embedding else NAMES[:-1]
        for name, value in zip((*inputs, "bias"), w, strict=True):
            print(f"  {name:<14} {value:7.2f}")
        print(f"{weights_name} = ({', '.join(f'{v:.2f}' for v in w[:-1])})")
        print(f"{bias_name} = {w[-1]:.2f}")


if __name__ == "__main__":
    main()
