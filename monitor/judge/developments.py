"""Development detection: what an article adds to the story it joins, and saying so.

An article is a development when it brings enough facts the story did not have (names,
numbers, dates, the topic's key terms) or reports, in its headline or lede, a state the
story had not reached (announced, confirmed, postponed, cancelled, held, agreement;
threat, sanctions). Copies, rewrites and opinion pieces restating the facts are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from monitor.judge.features import MONTHS, facts, lead_states
from monitor.text import sentences

MIN_NEW_FACTS = 3  # names, numbers, dates or key terms an article must add
OPINION_FACTOR = 2  # an opinion piece must add twice as many, and its verbs are no news

_OPINION = re.compile(
    r"^\s*(opinion|opinión|column|columna|editorial|analysis|análisis|commentary|"
    r"comment|view|perspective|tribuna)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Development:
    facts: list[str]  # the new facts, states first
    summary: list[str]  # what is new, for a reader: facts, then the sentences carrying them


def is_opinion(title: str) -> bool:
    return bool(_OPINION.match(title))


def development_facts(
    new_facts: Iterable[str], known: Iterable[str], minimum: int = MIN_NEW_FACTS
) -> list[str]:
    """The new facts, if they are enough to call the article a development; else [].

    A name counts as new only if none of its words is part of a known name, so
    "Petro" after "Gustavo Petro" or "White House" after "House" adds nothing.
    """
    known_words = {w for f in known if f.startswith("ent:") for w in f[4:].split()}
    new = sorted(set(new_facts))
    states = [f for f in new if f.startswith("state:")]
    others = [
        f
        for f in new
        if not f.startswith("state:")
        and not (f.startswith("ent:") and set(f[4:].split()) & known_words)
    ]
    if states or len(others) >= minimum:
        return states + others
    return []


def detect(
    title: str, text: str, article_facts: set[str], known: Iterable[str]
) -> Development | None:
    """What the article adds to a story that already had `known`, or None."""
    known = set(known)
    new = article_facts - known
    minimum = MIN_NEW_FACTS
    if is_opinion(title):
        new = {f for f in new if not f.startswith("state:")}
        minimum *= OPINION_FACTOR
    news = development_facts(new, known, minimum)
    if not news:
        return None
    return Development(facts=news, summary=summarise_news(news, f"{title}.\n{text}"))


def describe_fact(fact: str) -> str:
    """A fact as a reader would say it: 'ent:white house' -> 'white house'."""
    kind, _, value = fact.partition(":")
    if kind == "date":
        month, day = value.split("-")
        names = [k for k, v in MONTHS.items() if v == int(month) and len(k) > 3]
        return f"{names[0].capitalize()} {int(day)}" if names else value
    if kind == "state":
        return f"({value})"
    return value


def _sentence_facts(sentence: str) -> set[str]:
    return facts(sentence) | {f"state:{s}" for s in lead_states("", sentence)}


def summarise_news(
    new_facts: list[str], text: str, *, names: int = 10, quotes: int = 3
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
    items += [describe_fact(f) for f in new_facts if f.startswith("num:")][:5]
    wanted = set(new_facts)
    scored: list[tuple[int, int, str]] = []
    for i, sentence in enumerate(sentences(text)):
        hits = len(_sentence_facts(sentence) & wanted)
        if hits:
            scored.append((-hits, i, sentence.strip()))
    best = sorted(scored)[:quotes]
    items += [f"“{s}”" for _, _, s in sorted(best, key=lambda x: x[1])]
    return items
