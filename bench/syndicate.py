"""Syndicated-copy variants of real news texts, and hard negatives, for near-duplicate tuning.

Sources: the WikiRef220 texts (`../shared/corpus/wikiref220/`, topic = file name without its
number), the two seed articles and the demo articles (`seeds/`). Each source text yields
copies the way outlets re-run wire stories: boilerplate header or footer, a rewritten
headline, a changed byline, a trimmed ending, an inserted dateline, a paragraph dropped or
added, light word edits, usually several at once. Hard negatives are different texts on the
same topic. Short (feed-only) items are a title and a one- or two-sentence summary, with
generic-title negatives ("Live updates").

Everything is seeded: the same seed gives the same sets. Source texts are split by text into
a tuning set and a held-out report set, so no source text appears in both.

    .venv/bin/python bench/syndicate.py            # prints a summary of both sets
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIKIREF = ROOT.parent / "shared" / "corpus" / "wikiref220"
SEEDS = ROOT / "seeds"
DEMO_ARTICLES = ROOT / "monitor" / "demo" / "corpus" / "articles"
SEED = 2026

OUTLETS = [
    "Potomac Daily",
    "Caribbean Courier",
    "Heartland Sentinel",
    "Capitol Brief",
    "Southern Cone Review",
    "The Morning Ledger",
    "Gulf Coast Times",
    "Andean Post",
]
AGENCIES = ["Reuters", "AP", "AFP", "Andes Wire", "EFE"]
CITIES = ["BOGOTÁ", "WASHINGTON", "LONDON", "PARIS", "KUALA LUMPUR", "ATHENS", "SEOUL", "MIAMI"]
HEADERS = [
    "Advertisement",
    "Listen to this article · 4 min",
    "Subscribe to our newsletter for the day's top stories.",
    "{outlet} | World | {date}",
    "Share on Facebook Share on X Share by email",
]
FOOTERS = [
    "Follow {outlet} on X, Facebook and Instagram for the latest world news.",
    "This article originally appeared on {agency}. All rights reserved.",
    "Copyright 2026 {agency}. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Reporting by {name}; Editing by {name2}",
    "Read more: the latest on this story at {outlet}.",
    "Have a news tip? Contact the {outlet} newsroom at tips@example.org.",
]
NAMES = ["Mariana Restrepo", "John Carter", "Ana Lucía Gómez", "Peter Hall", "Sofia Reyes"]
HEADLINE_PREFIXES = ["UPDATE 1-", "UPDATE 2-", "WRAPUP 1-", "EXCLUSIVE-", "ANALYSIS-", ""]
EDITS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "percent": "per cent",
    "U.S.": "US",
    "Monday": "on Monday",
    "however": "but",
    "about": "around",
    "more than": "over",
    "because": "as",
    "government": "administration",
    "officials": "authorities",
}
GENERIC_TITLES = [
    "Live updates",
    "Noticias del día",
    "World news in brief",
    "Morning briefing",
    "What we know so far",
    "Latest news",
]


@dataclass(frozen=True)
class Source:
    key: str  # file name: identifies the source text
    topic: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Variant:
    source: str  # Source.key it copies
    title: str
    text: str
    edits: tuple[str, ...]  # which transformations made it


@dataclass(frozen=True)
class ShortItem:
    key: str
    group: str  # items of one group are copies of each other
    title: str
    text: str
    generic: bool = False


@dataclass
class Split:
    name: str
    sources: list[Source] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    short: list[ShortItem] = field(default_factory=list)
    # (a, b, text): the opening of one text and of another on its topic, run together
    compilations: list[tuple[Source, Source, str]] = field(default_factory=list)

    def negative_pairs(self) -> list[tuple[Source, Source]]:
        """Different texts on the same topic: what must not be called a copy."""
        by_topic: dict[str, list[Source]] = defaultdict(list)
        for s in self.sources:
            by_topic[s.topic].append(s)
        return [
            (a, b)
            for group in by_topic.values()
            for i, a in enumerate(group)
            for b in group[i + 1 :]
        ]


def _topic(name: str) -> str:
    stem = name.removesuffix(".txt")
    stem = re.sub(r"\s*\(\d+\)$", "", stem)
    return re.sub(r"\.\d+$", "", stem)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def load_sources() -> list[Source]:
    out: list[Source] = []
    for path in sorted(WIKIREF.glob("*.txt")):
        raw = path.read_bytes().decode("cp1252", errors="replace")
        paras = _paragraphs(raw)
        if len(paras) < 3:
            continue
        out.append(Source(path.name, _topic(path.name), paras[0], tuple(paras[1:])))
    for path in sorted(SEEDS.glob("*.txt")):
        paras = _paragraphs(path.read_text(encoding="utf-8"))
        title = re.sub(r"^.*?UTC \d{4}: #\s*", "", paras[0]) if "UTC" in paras[0] else ""
        body = paras[1:] if title else paras
        out.append(Source(path.name, "us-colombia", title or body[0][:80], tuple(body)))
    for path in sorted(DEMO_ARTICLES.glob("*.txt")):
        if (SEEDS / path.name).exists():  # the demo ships its own copy of each seed
            continue
        paras = _paragraphs(path.read_text(encoding="utf-8"))
        # syndicated copies in the demo corpus are copies, not independent texts
        if path.stem in ("petro-summit-date-set", "petro-trump-meeting-feb3") or (
            path.stem.endswith("-syndicated")
        ):
            continue
        out.append(Source(path.name, "us-colombia", path.stem.replace("-", " "), tuple(paras)))
    return _drop_corpus_copies(out)


def _drop_corpus_copies(sources: list[Source]) -> list[Source]:
    """WikiRef220 carries a few texts twice; a repeated text is no negative for its twin."""
    seen: dict[str, Source] = {}
    kept: list[Source] = []
    for s in sources:
        lead = re.sub(r"\W+", " ", s.text.lower())[:400]
        digest = hashlib.sha1(lead.encode()).hexdigest()
        if digest in seen:
            continue
        seen[digest] = s
        kept.append(s)
    return kept


# transformations: each takes (rng, title, paragraphs) and returns new ones


def _boilerplate(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    outlet, agency = rng.choice(OUTLETS), rng.choice(AGENCIES)
    fill = {
        "outlet": outlet,
        "agency": agency,
        "date": "February 3, 2026",
        "name": rng.choice(NAMES),
        "name2": rng.choice(NAMES),
    }
    if rng.random() < 0.5:
        paras = [rng.choice(HEADERS).format(**fill), *paras]
    for footer in rng.sample(FOOTERS, rng.randint(1, 2)):
        paras = [*paras, footer.format(**fill)]
    return title, paras


def _headline(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    words = title.split()
    if len(words) > 4 and rng.random() < 0.5:
        cut = rng.randint(len(words) // 2, len(words) - 1)
        words = words[:cut]
    elif len(words) > 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return rng.choice(HEADLINE_PREFIXES) + " ".join(words), paras


def _byline(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    line = f"By {rng.choice(NAMES)}, {rng.choice(OUTLETS)}"
    if paras and paras[0].startswith("By "):
        return title, [line, *paras[1:]]
    return title, [line, *paras]


def _trim(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    keep = max(1, round(len(paras) * rng.uniform(0.5, 0.8)))
    return title, paras[:keep]


def _dateline(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    if not paras:
        return title, paras
    first = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) — {paras[0]}"
    return title, [first, *paras[1:]]


def _drop_paragraph(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    if len(paras) < 4:
        return title, paras
    i = rng.randrange(1, len(paras))
    return title, paras[:i] + paras[i + 1 :]


def _add_paragraph(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    extra = (
        f"{rng.choice(OUTLETS)} has contacted officials for further comment and will update "
        "this story as more information becomes available. Readers can find earlier "
        "coverage and background on the events described here in our archive."
    )
    i = rng.randint(1, max(1, len(paras)))
    return title, [*paras[:i], extra, *paras[i:]]


def _word_edits(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    out = []
    for p in paras:
        for old, new in EDITS.items():
            if old in p and rng.random() < 0.5:
                p = p.replace(old, new, 1)
        words = p.split()
        # a typo or a dropped word in about one word in forty
        for _ in range(len(words) // 40):
            j = rng.randrange(len(words))
            if rng.random() < 0.5:
                words[j] = words[j][::-1] if len(words[j]) > 3 else words[j]
            else:
                words[j] = ""
        out.append(" ".join(w for w in words if w))
    return title, out


FILLERS = ["also", "further", "reportedly", "then", "now", "still", "indeed", "later"]


def _rewrite(rng: random.Random, title: str, paras: list[str]) -> tuple[str, list[str]]:
    """A subeditor's pass: a share of the sentences get words swapped, cut or added.

    Each touched sentence loses a word about every fifth, so copies keep only 30–70% of
    their word 3-grams, the overlap wire copies are seen with.
    """
    share = rng.uniform(0.3, 0.8)
    out = []
    for p in paras:
        sentences = re.split(r"(?<=[.!?])\s+", p)
        edited = []
        for sent in sentences:
            words = sent.split()
            if len(words) > 6 and rng.random() < share:
                for j in range(rng.randrange(3), len(words), rng.randint(4, 6)):
                    roll = rng.random()
                    if roll < 0.4:
                        words[j] = ""
                    elif roll < 0.7:
                        words[j] = rng.choice(FILLERS) + " " + words[j]
                    elif j + 1 < len(words):
                        words[j], words[j + 1] = words[j + 1], words[j]
            edited.append(" ".join(w for w in words if w))
        out.append(" ".join(edited))
    return title, out


TRANSFORMS = {
    "boilerplate": _boilerplate,
    "headline": _headline,
    "byline": _byline,
    "trim": _trim,
    "dateline": _dateline,
    "drop_paragraph": _drop_paragraph,
    "add_paragraph": _add_paragraph,
    "word_edits": _word_edits,
    "rewrite": _rewrite,
}


def make_variant(rng: random.Random, source: Source, edits: list[str]) -> Variant:
    title, paras = source.title, list(source.paragraphs)
    for name in edits:
        title, paras = TRANSFORMS[name](rng, title, paras)
    return Variant(source.key, title, "\n\n".join(paras), tuple(edits))


def _variants_for(rng: random.Random, source: Source, per_source: int) -> list[Variant]:
    names = list(TRANSFORMS)
    out = [make_variant(rng, source, [name]) for name in names]  # each edit alone
    for _ in range(per_source):
        edits = rng.sample(names, rng.randint(2, 5))
        edits.sort(key=names.index)  # trims and drops after additions read naturally
        out.append(make_variant(rng, source, edits))
    # the hard cases the monitor must still catch: boilerplate, new headline, half the text
    out.append(make_variant(rng, source, ["boilerplate", "headline", "dateline", "trim"]))
    out.append(make_variant(rng, source, ["boilerplate", "headline", "trim", "rewrite"]))
    return out


def _first_sentences(text: str, n: int) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(parts[:n])


def _short_items(rng: random.Random, sources: list[Source]) -> list[ShortItem]:
    """Feed-only items: copies share a (lightly edited) title and the lede."""
    items: list[ShortItem] = []
    for s in sources:
        lede = _first_sentences(s.paragraphs[0], rng.randint(1, 2))
        items.append(ShortItem(f"{s.key}#0", s.key, s.title, lede))
        title = s.title
        if rng.random() < 0.5:
            title = rng.choice(["UPDATE 1-", "", "Breaking: "]) + title
        words = title.split()
        if len(words) > 5 and rng.random() < 0.4:  # a desk shortens the headline a little
            del words[rng.randrange(1, len(words))]
            title = " ".join(words)
        summary = lede if rng.random() < 0.6 else _first_sentences(s.paragraphs[0], 1)
        items.append(ShortItem(f"{s.key}#1", s.key, title, summary))
    for i, s in enumerate(sources):
        # a generic headline over a different text each time: never one item
        lede = _first_sentences(s.paragraphs[-1], 2)
        title = GENERIC_TITLES[i % len(GENERIC_TITLES)]
        items.append(ShortItem(f"{s.key}#g", f"generic-{i}", title, lede, generic=True))
    return items


def _compilations(rng: random.Random, sources: list[Source]) -> list[tuple[Source, Source, str]]:
    """A round-up: two paragraphs of one report and two of another. A new article."""
    by_topic: dict[str, list[Source]] = defaultdict(list)
    for s in sources:
        by_topic[s.topic].append(s)
    out = []
    for s in sources:
        others = [o for o in by_topic[s.topic] if o.key != s.key and len(o.paragraphs) >= 3]
        if len(s.paragraphs) >= 4 and others:
            o = rng.choice(others)
            out.append((s, o, "\n\n".join([*s.paragraphs[:2], *o.paragraphs[:2]])))
    return out


def build(seed: int = SEED, per_source: int = 4) -> tuple[Split, Split]:
    """The tuning split and the held-out report split, by source text within each topic."""
    rng = random.Random(seed)
    sources = load_sources()
    by_topic: dict[str, list[Source]] = defaultdict(list)
    for s in sources:
        by_topic[s.topic].append(s)
    tuning, report = Split("tuning"), Split("held-out")
    for topic in sorted(by_topic):
        group = sorted(by_topic[topic], key=lambda s: s.key)
        rng.shuffle(group)
        for i, s in enumerate(group):
            (tuning if i % 2 == 0 else report).sources.append(s)
    for split in (tuning, report):
        for s in split.sources:
            split.variants.extend(_variants_for(rng, s, per_source))
        split.short = _short_items(rng, split.sources)
        split.compilations = _compilations(rng, split.sources)
    return tuning, report


def main() -> None:
    for split in build():
        topics = {s.topic for s in split.sources}
        print(
            f"{split.name}: {len(split.sources)} source texts in {len(topics)} topics, "
            f"{len(split.variants)} copies, {len(split.negative_pairs())} same-topic "
            f"negative pairs, {len(split.compilations)} round-ups, {len(split.short)} short items"
        )


if __name__ == "__main__":
    main()
