"""Article extraction: the monitor's stored text against bare trafilatura, in one run.

    .venv/bin/python bench/extraction.py [--corpus DIR ...]

Default corpora: bench/corpus/extraction/ (labelled keeps and rejects, written by
bench/extraction_corpus.py) and the shared Spanish set ../shared/corpus/extraction-es/
(every page an article) when it is there. Both use the same gold.json layout: per URL the
page's `file`, `with` (segments the text must contain) and `without` (segments it must
not), and optionally `label` ("keep" or "reject", default keep).

Scores, as trafilatura's own evaluation counts them: a `with` segment found is a true
positive, one missing a false negative, a `without` segment found a false positive.
A page the extractor gives no text for finds no segment. Rejection is scored as a
classifier: precision and recall of "this page is not an article" against the labels.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# MONITOR_SRC=/path/to/another/checkout scores that checkout's extractor (a before/after).
sys.path.insert(0, os.environ.get("MONITOR_SRC") or str(Path(__file__).resolve().parents[1]))

from monitor.collect import extract as extract_module

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [
    ROOT / "bench" / "corpus" / "extraction",
    ROOT.parent / "shared" / "corpus" / "extraction-es",
]
LONG = 500  # an article with this much text must never be rejected


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    rejected_keeps: list[str] = field(default_factory=list)
    kept_rejects: list[str] = field(default_factory=list)
    right_rejects: int = 0
    seconds: float = 0.0

    def add(self, text: str | None, case: dict[str, object], name: str) -> None:
        folded = " ".join((text or "").split())
        for seg in case.get("with", []):  # type: ignore[attr-defined]
            if " ".join(str(seg).split()) in folded:
                self.tp += 1
            else:
                self.fn += 1
        for seg in case.get("without", []):  # type: ignore[attr-defined]
            if folded and " ".join(str(seg).split()) in folded:
                self.fp += 1
            else:
                self.tn += 1
        label = case.get("label", "keep")
        if text is None and label == "keep":
            self.rejected_keeps.append(name)
        elif text is None:
            self.right_rejects += 1
        elif label == "reject":
            self.kept_rejects.append(name)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rejection(self) -> tuple[float, float]:
        said = self.right_rejects + len(self.rejected_keeps)
        labelled = self.right_rejects + len(self.kept_rejects)
        precision = self.right_rejects / said if said else 1.0
        recall = self.right_rejects / labelled if labelled else 1.0
        return precision, recall


def bare(html: bytes, url: str) -> str | None:
    from trafilatura import extract

    return extract(
        html.decode("utf-8", "replace"), url=url, include_comments=False, deduplicate=False
    )


def monitor(html: bytes, url: str) -> str | None:
    read = getattr(extract_module, "read_page", None) or extract_module.extract_page
    outcome = read(html, url, "text/html; charset=utf-8")
    return outcome.text if isinstance(outcome, extract_module.Extracted) else None


def run(corpus: Path) -> None:
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    for case in gold.values():  # untimed first round: imports, stoplists, caches
        warm = (corpus / "pages" / case["file"]).read_bytes()
        monitor(warm, "https://example.org/a/b"), bare(warm, "https://example.org/a/b")
    scores = {"monitor": Score(), "trafilatura": Score()}
    long_rejected: list[str] = []
    for url, case in gold.items():
        html = (corpus / "pages" / case["file"]).read_bytes()
        texts = {}
        for name, fn in (("monitor", monitor), ("trafilatura", bare)):
            began = time.perf_counter()
            texts[name] = fn(html, url)
            scores[name].seconds += time.perf_counter() - began
            scores[name].add(texts[name], case, case["file"])
        # The article's length by the most generous reading: balanced trafilatura.
        gone = texts["monitor"] is None and case.get("label", "keep") == "keep"
        if gone and len(texts["trafilatura"] or "") >= LONG:
            long_rejected.append(case["file"])
    labels = [c.get("label", "keep") for c in gold.values()]
    print(
        f"\n{corpus.name}: {len(gold)} pages "
        f"({labels.count('keep')} articles, {labels.count('reject')} to reject)"
    )
    print(f"{'':12} {'P':>6} {'R':>6} {'F1':>6} {'rej. P':>7} {'rej. R':>7} {'ms/page':>8}")
    for name, s in scores.items():
        p, r, f = s.prf()
        rp, rr = s.rejection()
        ms = 1000 * s.seconds / len(gold)
        print(f"{name:12} {p:6.3f} {r:6.3f} {f:6.3f} {rp:7.3f} {rr:7.3f} {ms:8.1f}")
    for name, s in scores.items():
        if s.rejected_keeps:
            print(f"  {name} gave no text for articles: {', '.join(s.rejected_keeps)}")
        if s.kept_rejects:
            print(f"  {name} kept pages labelled reject: {', '.join(s.kept_rejects)}")
    print(
        f"  articles of >= {LONG} chars the monitor rejected: {len(long_rejected)} {long_rejected}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, action="append")
    args = ap.parse_args()
    for corpus in args.corpus or DEFAULT:
        if (corpus / "gold.json").exists():
            run(corpus)
        else:
            print(f"{corpus}: not found, skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
