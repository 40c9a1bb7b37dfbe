"""A hash of what the parse workers' text functions return on generated texts, to compare
two trees: the same hash means the same results on every text.

The texts are made to reach the corners the real corpora seldom do: numbers written every
way (thousands, decimals, times, ages, years, currencies, scales, other scripts' digits),
brackets and line breaks around them, dates in English and Spanish, alias phrases, state
forms and the verbs read only with what they act on, names, abbreviations, possessives and
accents. Each text goes through tokens, aliases, terms, key terms, facts, quantities,
states, the lede, sentences, the sentence facts, the grouping features and the copy keys.

    PYTHONPATH=/tmp/base nice -n 5 .venv/bin/python bench/analysis_equivalence.py
    nice -n 5 .venv/bin/python bench/analysis_equivalence.py
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

if not any(Path(p).resolve() == Path(__file__).resolve().parents[1] for p in sys.path if p):
    sys.path.append(str(Path(__file__).resolve().parents[1]))

_WORDS = """
cut cuts slashes held holds leaves left its the interest rates prices to will not denied niega
voted agreed Petro Trump Washington Casa Blanca Estados Unidos U.S. Mr. Dr. D.C. Jr. Colombia's
Petro’s The el la de del of of the May mayo Tuesday martes yesterday ayer next próximo aged
years old GMT a.m. p.m. per cent percent por ciento millones million bn m mil billion thousand
US$ $ € £ R$ S/ ( ) (Reuters) - — – : ; , . ... ! ? ¿ ¡ " “ ” ' « » BOGOTA Jan UPDATE 2-
Correction: Opinion: fines fine record million Bogotá Ñandú São ø æ İstanbul ﬁnance ℌ _under_
""".split()
_NUMBERS = """3 14 46 2019 2,219 2.219 2,8 3.5 12:30 0852 1.2.3 COVID-19 $38m $1.5bn 44 m 8.75%
49 % ٣ ١٢ 100 7 05""".split()
_GAPS = ((0.04, "\n"), (0.05, "\n\n"), (0.15, ". "), (0.2, ", "), (0.22, "  "), (1.0, " "))


def _text(rng: random.Random, vocab: list[str], n: int) -> str:
    out: list[str] = []
    for _ in range(n):
        if rng.random() < 0.2:
            word = rng.choice(_NUMBERS)
        else:
            word = rng.choice(vocab)
            if rng.random() < 0.15:
                word = word.capitalize()
            if rng.random() < 0.05:
                word = word.upper()
        out.append(word)
        r = rng.random()
        out.append(next(gap for share, gap in _GAPS if r < share))
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--texts", type=int, default=3000)
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":  # sets print in hash order
        os.execve(
            sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"}
        )

    import monitor
    from monitor.judge import events
    from monitor.judge import features as f
    from monitor.judge.copies import Copy, shingles
    from monitor.judge.developments import sentence_facts
    from monitor.text import sentences, tokens

    vocab = sorted(f.ALIASES) + sorted(events.STATES) + sorted(f.KEY_TERMS)
    vocab += sorted(f.KEY_PHRASES) + _WORDS
    rng = random.Random(args.seed)
    when = datetime(2026, 3, 4, 12, tzinfo=UTC)
    topic = f.TopicWords.of(["petro", "colombia*", "white house"])
    digest = hashlib.sha256()
    for _ in range(args.texts):
        title = _text(rng, vocab, rng.randint(1, 12))
        text = _text(rng, vocab, rng.randint(0, 120))
        toks = tokens(text)
        results = [
            toks,
            f._alias_tokens(toks),
            f._alias_tokens([" ".join(toks[:3]), *toks]),  # a token holding spaces
            f.terms(text),
            f.terms(text, topic.covers),
            f.key_terms(text),
            sorted(f.facts(text)),
            sorted(f.facts(f"{title}.\n{text}")),
            f.quantities(text),
            f.quantities(f"{title}.\n{text}"),
            events.states_in(text),
            events.lede(title, text),
            events.lede("", text, 1),
            sentences(text),
            sentence_facts(f"{title}.\n{text}"),
            f.features(title, text, when, topic),
            Copy.of(title, text, "page"),
            sorted(shingles(text)),
        ]
        digest.update(repr(results).encode())
    print(f"code: {Path(monitor.__file__).parents[1]}")
    print(f"{args.texts} texts (seed {args.seed}): digest {digest.hexdigest()}")


if __name__ == "__main__":
    main()
