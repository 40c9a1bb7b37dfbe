"""Development detection: what an article adds to the story it joins, and saying so.

News is told up front. An article is a development when its headline or first sentence
reports something the story's earlier reports did not (what they said is read more
widely: states from their headline and first two sentences, figures and dates from all
of their text):

- a state the story had not reached, told as done: postponed, cancelled, signed,
  approved, convicted, resigned, sanctions imposed... (`events.STATES`). "Announced" and
  "confirmed" are not news by themselves: a story is reported because something was
  announced, and confirming what was reported ("Ribera confirms Almada's exit") adds
  nothing;
- a quantity the story did not have, compared by value, so that "2,8 millones" is
  "2.8 million" and "nearly 49%" is 48.9% (years, times, ages, figures in parentheses
  and bare counts under ten are left out);
- a date the story did not have ("rescheduled for May 14").

Names are not enough: a rewrite quotes other people, and a translation names the same
institutions differently ("Banco de la República" for "Colombia's central bank"). Facts
further down are background as often as news. Opinion, analysis, explainers, profiles,
recaps and timelines are not developments whatever they retell, and a correction note
or a wire label ("UPDATE 2-") is not part of what a report says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from monitor.judge.events import WEAK, headline, lede, states_in
from monitor.judge.features import (
    MONTHS,
    Quantity,
    facts,
    lead_states,
    parse_quantity_fact,
    quantities,
    quantity_facts,
)
from monitor.text import sentences

NEWS_SENTENCES = 1  # the headline and this many sentences carry a report's news
SMALL_COUNT = 10  # bare whole numbers below this ("3 people", "No. 1") are no news alone
MAX_OTHER_FACTS = 12  # other new facts listed after the news itself

# Pieces about a story rather than news of it, by the label their headline carries.
_NOT_NEWS_LABEL = (
    r"opinion|opinión|column|columna|editorial|analysis|análisis|commentary|comment|"
    r"view|perspective|tribuna|explainer|explained|explicador|fact check|q&a|profile|"
    r"perfil|recap|resumen|timeline|cronología|cronologia|in pictures|en fotos|"
    r"what we know(?: so far)?|lo que se sabe|claves|las claves|key facts"
)
_NOT_NEWS = re.compile(
    rf"^\s*(?:{_NOT_NEWS_LABEL})\b"  # "Opinion: ...", "Explainer | ...", "Claves de ..."
    rf"|[:|—–]\s*(?:a |an |the )?(?:{_NOT_NEWS_LABEL})\s*$"  # "...: what we know"
    r"|^\s*(?:who is|who are|quién es|quien es|quiénes son|quienes son)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Development:
    facts: list[str]  # the news first (states, dates, quantities), then other new facts
    summary: list[str]  # what is new, for a reader: facts, then the sentences carrying them


def is_opinion(title: str) -> bool:
    """A piece about the story rather than news of it: opinion, analysis, explainer,
    profile, recap, timeline."""
    return bool(_NOT_NEWS.search(headline(title)))


# A story's figures are read again for every article joining it: each stored fact is
# parsed once (a Quantity is immutable).
_parsed_fact = lru_cache(maxsize=4096)(parse_quantity_fact)


def _known_quantities(known: Iterable[str]) -> list[Quantity]:
    """The story's figures. A story stored before figures were kept with their scale has
    only its numbers ("2.8" of "2.8 million"): each stands for itself at any scale."""
    known = list(known)
    legacy = not any(f.startswith("qty:") for f in known)
    out = []
    for f in known:
        if f.startswith(("qty:", "num:")):
            q = _parsed_fact(f)
            if q is None:
                continue
            out.append(q)
            if legacy:
                out += [replace(q, value=q.value * 10**e, unit=q.unit * 10**e) for e in (3, 6, 9)]
    return out


def _newsworthy(q: Quantity) -> bool:
    if q.aside or q.year:
        return False
    return q.percent or q.unit < 1 or q.value >= SMALL_COUNT


def news_in_lede(title: str, text: str, known: set[str]) -> list[str]:
    """What the headline and lede report that the story did not have: new states,
    dates and quantities, as facts ('state:postponed', 'date:05-14', 'qty:41')."""
    known_states = {f[6:] for f in known if f.startswith("state:")}
    top = lede(title, text, NEWS_SENTENCES)
    states = states_in(top) - known_states - WEAK
    dates = {f for f in facts(top) if f.startswith("date:")} - known
    seen = _known_quantities(known)
    figures: list[str] = []
    for q in quantities(top):
        if _newsworthy(q) and not any(q.matches(k) for k in seen) and q.fact not in figures:
            figures.append(q.fact)
            seen.append(q)  # "41 dead ... the 41 victims" is one figure
    return [*(f"state:{s}" for s in sorted(states)), *sorted(dates), *figures]


def development_facts(
    new_facts: Iterable[str], known: Iterable[str], limit: int = MAX_OTHER_FACTS
) -> list[str]:
    """The article's other new facts, for the reader: a name counts as new only if none
    of its words is part of a known name, so "Petro" after "Gustavo Petro" adds nothing."""
    known_words = {w for f in known if f.startswith("ent:") for w in f[4:].split()}
    new = sorted(set(new_facts))
    return [
        f
        for f in new
        if not f.startswith(("state:", "key:"))
        and not (f.startswith("ent:") and set(f[4:].split()) & known_words)
    ][:limit]


def detect(
    title: str,
    text: str,
    article_facts: set[str],
    known: Iterable[str],
    sentences_read: StatedFacts | None = None,
) -> Development | None:
    """What the article adds to a story that already had `known`, or None.

    `sentences_read` is `sentence_facts(f"{title}.\n{text}")` when it was made already."""
    known = set(known)
    if is_opinion(title):
        return None
    news = news_in_lede(title, text, known)
    if not news:
        return None
    others = [f for f in development_facts(article_facts - known, known) if f not in news]
    found = news + [f for f in others if f.startswith(("date:", "ent:"))]
    summary = summarise_news(found, f"{title}.\n{text}", sentences_read=sentences_read)
    return Development(facts=found, summary=summary)


def describe_fact(fact: str) -> str:
    """A fact as a reader would say it: 'ent:white house' -> 'white house'."""
    kind, _, value = fact.partition(":")
    if kind == "date":
        month, day = value.split("-")
        names = [k for k, v in MONTHS.items() if v == int(month) and len(k) > 3]
        return f"{names[0].capitalize()} {int(day)}" if names else value
    if kind == "state":
        return f"({value})"
    if kind == "qty":
        return _describe_quantity(value)
    return value


def _describe_quantity(value: str) -> str:
    """'2800000' -> '2.8 million', '8.75%' -> '8.75%', '26500' -> '26,500'."""
    percent = "%" if value.endswith("%") else ""
    try:
        number = Decimal(value.rstrip("%"))
    except InvalidOperation:
        return value
    for exponent, word in ((9, "billion"), (6, "million")):
        if abs(number) >= Decimal(10) ** exponent:
            scaled = (number / Decimal(10) ** exponent).normalize()
            return f"{format(scaled, 'f')} {word}{percent}"
    if number == number.to_integral_value():
        return f"{int(number):,}{percent}"
    return f"{format(number.normalize(), 'f')}{percent}"


def _sentence_facts(sentence: str) -> set[str]:
    return (
        facts(sentence)
        | quantity_facts(sentence)
        | {f"state:{s}" for s in lead_states("", sentence)}
    )


StatedFacts = tuple[tuple[int, str, frozenset[str]], ...]


def sentence_facts(text: str) -> StatedFacts:
    """The sentences of the text that state facts: (position, sentence, facts), as
    `summarise_news` reads them."""
    out = []
    for i, sentence in enumerate(sentences(text)):
        stated = _sentence_facts(sentence)
        if stated:
            out.append((i, sentence, frozenset(stated)))
    return tuple(out)


def summarise_news(
    new_facts: list[str],
    text: str,
    *,
    names: int = 10,
    quotes: int = 3,
    sentences_read: StatedFacts | None = None,
) -> list[str]:
    """What a development adds, for a reader: its new facts, then the sentences carrying them.

    Single words already inside a new multi-word name are left out ("cartagena" stays,
    "working" goes when "joint counternarcotics working group" is listed).
    """
    ents = [f[4:] for f in new_facts if f.startswith("ent:")]
    multi = [e for e in ents if " " in e]
    covered = {w for e in multi for w in e.split()}
    kept = multi + [e for e in ents if " " not in e and e not in covered]
    items = [describe_fact(f) for f in new_facts if f.startswith("state:")]
    items += [describe_fact(f) for f in new_facts if f.startswith("date:")]
    items += kept[:names]
    items += [describe_fact(f) for f in new_facts if f.startswith("key:")][:5]
    items += [describe_fact(f) for f in new_facts if f.startswith(("qty:", "num:"))][:5]
    wanted = set(new_facts)
    scored: list[tuple[int, int, str]] = []
    read = sentences_read if sentences_read is not None else sentence_facts(text)
    for i, sentence, stated in read:
        hits = len(stated & wanted)
        if hits:
            scored.append((-hits, i, sentence.strip()))
    best = sorted(scored)[:quotes]
    items += [f"“{s}”" for _, _, s in sorted(best, key=lambda x: x[1])]
    return items
