"""A hash of what the parse workers' text functions return on generated texts, to compare
two trees: the same hash means the same results on every text.

The texts are made to reach the corners the real corpora seldom do: numbers written every
way (thousands, decimals, times, ages, years, currencies, scales, other scripts' digits),
brackets and line breaks around them, dates in English and Spanish, alias phrases, state
forms and the verbs read only with what they act on, names, abbreviations, possessives and
accents. Each text goes through tokens, aliases, terms, key terms, facts, quantities,
states, the lede, sentences, the sentence facts, the grouping features and the copy keys.
A second set of headlines and paragraphs is made of the event kinds' words, in odd case,
with the characters a case-blind pattern reads as ASCII letters, accents, hyphens and
digits, and goes through the event kinds (a second digest). A third set mixes the public
bodies' names in and goes through the bodies read and the grouping features (the late and
told kinds too).

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
# Words and phrases the event kinds' patterns read, and words beside them that change the
# reading (a drug's trial, shares' crash, a structure's collapse, hit by, a bond sale).
_KIND_WORDS = [
    w.strip()
    for w in """
quarterly, first-quarter, third quarter, half-year, full year, earnings, profit, profits,
net loss, revenue, results, recall, recalled, strike, strikes, walkout, walk-outs, stoppage,
interest rates, rate cut, rate hike, borrowing costs, monetary policy, payrolls, jobs report,
unemployment, hiring, employers added, GDP, economy grew, inflation, consumer prices, CPI,
price index, retail sales, consumer spending, court, judges, ruling, ruled, verdict, lawsuit,
trial, trials, acquires, acquired, takeover, merger, buyout, bids, offer for, to buy,
purchase, IPO, IPOs, listing, debut, went public, job cuts, layoffs, lay off, redundancies,
cut 1,200 jobs, cutting 300 jobs, fire, fires, blaze, explosion, blast furnace, blast, leak,
spill, outage, crash, crashes, derailed, derailment, OPEC+, output cuts, production quotas,
steps down, stepping down, resigns, resignation, ousted, successor, to succeed, appoints,
names new chief, tariffs, sanctions, anti-dumping, fined, fine of, penalty, penalties,
copper output, production fell, produced 4.5 million tonnes, quits, departure, top job,
boss to leave, hires, hired, names Ana Ruiz as, new CFO, chairwoman, price growth, prices
rose, held its key rates, lowered rates, rate rises, jobs data, employment figures, unveils,
rolls out, launches, launched probe, launches bid, fines, record fine, £42 million fine,
raises its prices, price hikes, cash injection, capital raising, rights issue, placement,
placing, rescue deal, bailout, bail-out, lifeline, state aid, government loan, lends,
recapitalisation, recapitalized, raised $500 million from, secures €2bn in, probes,
investigates, investigation, inquiry, in-depth review, antitrust review, phase 3 trial,
late-stage, clinical, drug trial, main goal, primary endpoint, patients, placebo, shares
crash, stocks, markets, collapse, collapsed, cave-in, caved in, rockfall, rock fall, tunnel,
roof, mine, of the bridge, bond sale, debt offering, sells $1bn of notes, issued bonds, opens
investigation, to investigate, will close, closure of, plant closures, raising bills, record
high, hits record, all-time high, highest since, 52-week low, review, investigations, sales
rise, like-for-like sales, trading update, upgrades its outlook, cut guidance, beats
forecasts, missed expectations, hit by, strike-hit, affected by the, -hit, compensate,
compensation, redress, orders customers to refund, wins approval, gets FDA green light,
regulators clear, approved, drug approval for, licenses drug to, licensing deal, pays $50m
upfront, after, amid, over, citing, due to, because of, ;, says, blames, blamed,
CMA review casts, Inquiry into,
""".replace("\n", " ").split(",")
    if w.strip()
]
# Public bodies' names and short forms (`features.BODIES`), in the case they are read in
# and not, and words that hold them ("fed up", "Fedex", "secs").
_BODY_WORDS = """
ECB, BCE, ecb, European Central Bank, banco central europeo, BoE, BOE, boe, Bank of England,
Fed, fed, FED, Federal Reserve, reserva federal, Fedex, fed up, BoJ, Bank of Japan, Banco de
Japón, banco de japon, SNB, Swiss National Bank, Bank of Canada, Banco de Canadá, RBA, RBNZ,
RBI, Reserve Bank of Australia, reserve bank of new zealand, Reserve Bank of India, PBOC,
PBoC, People's Bank of China, peoples bank of china, Banco Popular de China, Riksbank, Norges
Bank, Banco de España, banco de espana, Bank of Spain, Banxico, Bank of Mexico, Banco de
México, Bundesbank, SEC, sec, secs, Securities and Exchange Commission, CFTC, FCA, PRA,
CMA, FTC, DOJ, Justice Department, Department of Justice, Commodity Futures Trading
Commission, Financial Conduct Authority, Prudential Regulation Authority, Competition and
Markets Authority, Federal Trade Commission, European Commission, Comisión Europea, comision
europea, Ofgem, OFWAT, ofcom, CNMC, CNMV, Comisión Nacional de los Mercados y la Competencia,
comisión nacional del mercado de valores, FDA, Food and Drug Administration, EMA, ema,
European Medicines Agency, Agencia Europea del Medicamento, EPA, Environmental Protection
Agency, FERC, Federal Energy Regulatory Commission, NHTSA, FAA, Federal Aviation
Administration, BaFin, ESMA, OPEC, OPEC+, OPEP, IEA, AIE, International Energy Agency,
Agencia Internacional de la Energía, IMF, FMI, International Monetary Fund, Fondo Monetario
Internacional, World Bank, Banco Mundial, WTO, OMC, World Trade Organization, world trade
organisation, Organización Mundial del Comercio, central bank, nuevo presidente, nueva
consejera delegada, cese del director, destituido, renuncia como, tariffs, sanctions
""".replace("\n", " ").split(",")
# Case changes and lookalikes a case-blind pattern reads as ASCII letters (Turkish dotted
# and dotless i, the long s, the Kelvin sign), accents, hyphens, digits.
_KIND_TWISTS = (
    str.upper,
    str.capitalize,
    str.title,
    str.swapcase,
    lambda w: w.replace("i", "\u0130"),
    lambda w: w.replace("i", "\u0131"),
    lambda w: w.replace("s", "\u017f"),
    lambda w: w.replace("k", "\u212a"),
    lambda w: w.replace("I", "\u0130").replace("K", "\u212a"),
    lambda w: w.replace("e", "é"),
    lambda w: w.replace(" ", "-"),
    lambda w: w + "-",
    lambda w: "-" + w,
    lambda w: w + "s",
    lambda w: w[:-1],
    lambda w: w + "2",
    lambda w: "3" + w,
    lambda w: w.replace("a", "à"),
)


def _kind_text(rng: random.Random, vocab: list[str], n: int) -> str:
    out: list[str] = []
    for _ in range(n):
        word = rng.choice(_KIND_WORDS if rng.random() < 0.6 else vocab)
        if rng.random() < 0.3:
            word = rng.choice(_KIND_TWISTS)(word)
        out.append(word)
        r = rng.random()
        out.append(next(gap for share, gap in _GAPS if r < share))
    return "".join(out)


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
    # Headlines and first paragraphs thick with the kinds' words, twisted: the event kinds
    # of each, and where they were read.
    kinds = hashlib.sha256()
    for _ in range(args.texts):
        title = _kind_text(rng, vocab, rng.randint(1, 14))
        text = _kind_text(rng, vocab, rng.randint(0, 60))
        results = [
            f._event_kinds(title, text),
            f._event_kinds("", title),
            f._event_kinds(title, ""),
            f._event_kinds(text, title),
        ]
        kinds.update(repr([sorted(r.kinds) + list(r[1:]) for r in results]).encode())
    # Headlines and first paragraphs of the kinds' words and public bodies' names, twisted:
    # the bodies each names, and the grouping features (with the late and told kinds).
    named = hashlib.sha256()
    body_vocab = [w.strip() for w in _BODY_WORDS if w.strip()] + _KIND_WORDS
    for _ in range(args.texts):
        title = _kind_text(rng, body_vocab, rng.randint(1, 14))
        text = _kind_text(rng, body_vocab, rng.randint(0, 60))
        results = [
            sorted(f.bodies(title)),
            sorted(f.bodies(text)),
            sorted(f.bodies(f"{title}\n{text}")),
            f.features(title, text, when, topic),
            f.features("", f"{title}\n\n{text}", when, topic),
        ]
        named.update(repr(results).encode())
    print(f"code: {Path(monitor.__file__).parents[1]}")
    print(f"{args.texts} texts (seed {args.seed}): digest {digest.hexdigest()}")
    print(f"{args.texts} kind texts (seed {args.seed}): digest {kinds.hexdigest()}")
    print(f"{args.texts} body texts (seed {args.seed}): digest {named.hexdigest()}")


if __name__ == "__main__":
    main()
