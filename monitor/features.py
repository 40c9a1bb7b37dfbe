"""What grouping and development detection look at: weighted terms and salient facts.

English and Spanish coverage of one event share names, numbers and dates; a small alias
table maps the topic's key Spanish terms onto English ones so both land on the same terms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from monitor.text import fold, sentences, tokens

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our ours out over own said same says she should so some such than that
    the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours new one two also told year years week would could last first still since per
    via mr ms al algo algunos ante antes aqui asi aun bajo bien cada como con contra
    cual cuando de del desde donde dos el ella ellas ello ellos en entre era eran es esa
    esas ese eso esos esta estaba estan estar este esto estos fue fueron ha habia han
    hasta hay la las le les lo los mas me mi muy nada ni no nos o otra otro para pero
    poco por porque que quien se ser si sin sobre su sus tambien tan te tiene tienen
    todo todos tras un una uno unos y ya dijo segun sera solo durante mientras luego
    entonces ademas
    """.split()
)

# Spanish (folded) -> English term; multi-word keys are matched on joined tokens.
ALIASES: dict[str, str] = {
    "casa blanca": "white house",
    "estados unidos": "us",
    "ee uu": "us",
    "eeuu": "us",
    "eua": "us",
    "u s": "us",
    "united states": "us",
    "cumbre": "summit",
    "reunion": "meeting",
    "encuentro": "meeting",
    "narcotrafico": "drug trafficking",
    "drogas": "drugs",
    "droga": "drugs",
    "cocaina": "cocaine",
    "aranceles": "tariffs",
    "arancel": "tariff",
    "sanciones": "sanctions",
    "sancion": "sanction",
    "presidente": "president",
    "amenazas": "threats",
    "amenaza": "threat",
    "aplazada": "postponed",
    "aplazo": "postponed",
    "pospuesta": "postponed",
    "pospuso": "postponed",
    "acuerdo": "agreement",
    "acuerdos": "agreement",
    "colombiano": "colombian",
    "colombiana": "colombian",
    "colombianos": "colombian",
    "estadounidense": "american",
    "venezolano": "venezuelan",
    "enero": "january",
    "febrero": "february",
    "marzo": "march",
    "abril": "april",
    "mayo": "may",
    "junio": "june",
    "julio": "july",
    "agosto": "august",
    "septiembre": "september",
    "octubre": "october",
    "noviembre": "november",
    "diciembre": "december",
    "martes": "tuesday",
    "llamada": "call",
    "telefonica": "phone",
    "seguridad": "security",
    "antinarcoticos": "counternarcotics",
    "ataques": "strikes",
    "lanchas": "boats",
    "embarcaciones": "boats",
    "caribe": "caribbean",
    "pacifico": "pacific",
    "bogota": "bogota",
}
_MAX_ALIAS_WORDS = max(len(k.split()) for k in ALIASES)

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# A story's key facts move through states; a new state is news even with no new names.
STATES: dict[str, str] = {
    "postponed": "postponed",
    "postpone": "postponed",
    "delayed": "postponed",
    "rescheduled": "postponed",
    "aplazada": "postponed",
    "aplazado": "postponed",
    "aplazo": "postponed",
    "pospuesta": "postponed",
    "pospuso": "postponed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "called off": "cancelled",
    "cancelada": "cancelled",
    "cancelo": "cancelled",
    "suspendida": "cancelled",
    "agreed": "agreement",
    "agreement": "agreement",
    "accord": "agreement",
    "acordaron": "agreement",
    "pactaron": "agreement",
    "firmaron": "agreement",
    "signed": "agreement",
    "imposed": "imposed",
    "impuso": "imposed",
    "lifted": "lifted",
    "levanto": "lifted",
    "levantaron": "lifted",
}

_ENTITY = re.compile(
    r"\b[A-ZÁÉÍÓÚÑÜ][\w’'.-]*(?:\s+(?:de la|de los|del|de|of the|of)?\s*[A-ZÁÉÍÓÚÑÜ][\w’'.-]*)*"
)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:[,.]\d{3})+(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_DATE_EN = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_DATE_ES = re.compile(r"\b(\d{1,2})\s+de\s+([a-záéíóú]{4,10})\b", re.IGNORECASE)
_ENTITY_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "el",
        "la",
        "los",
        "las",
        "en",
        "but",
        "and",
        "in",
        "on",
        "he",
        "she",
        "it",
        "this",
        "that",
        "por",
        "para",
        "con",
        "un",
        "una",
        "si",
        "y",
        "de",
    }
)


# Capitalised words that are titles or calendar words, not names.
_NOT_NAMES = frozenset(
    """
    president presidente minister ministro secretary senator general state states monday
    tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves
    viernes sabado domingo neither however meanwhile
    """.split()
)


def _alias_tokens(toks: list[str]) -> list[str]:
    """Replace alias phrases (longest first) by their English term."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        for n in range(min(_MAX_ALIAS_WORDS, len(toks) - i), 0, -1):
            key = " ".join(toks[i : i + n])
            if key in ALIASES:
                out.extend(ALIASES[key].split())
                i += n
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def _stem(tok: str) -> str:
    if tok.isdigit() or len(tok) <= 4:
        return tok
    for suffix in ("ies", "es", "s"):
        if tok.endswith(suffix) and len(tok) - len(suffix) >= 4:
            return tok[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return tok


def terms(text: str) -> list[str]:
    """Content terms: aliased, lightly stemmed, stopwords and short words dropped."""
    toks = _alias_tokens(tokens(text))
    return [_stem(t) for t in toks if t not in STOPWORDS and (len(t) > 2 or t.isdigit())]


def _norm_entity(raw: str) -> str | None:
    words = [w for w in (" ".join(tokens(w)) for w in raw.split()) if w]
    while words and (words[0] in _ENTITY_STOP or words[0] in STOPWORDS):
        words = words[1:]
    while words and (words[-1] in _ENTITY_STOP or words[-1] in STOPWORDS):
        words = words[:-1]
    if not words:
        return None
    key = " ".join(_alias_tokens(" ".join(words).split()))
    if len(key) < 3 or key in STOPWORDS or key in MONTHS or key.isdigit():
        return None
    return key


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \t\"“«'(")
    return not before or before[-1] in ".!?:\n—–-•"


def entities(text: str) -> set[str]:
    """Proper names: capitalised runs, and their single words seen mid-sentence.

    A capitalised word at a sentence start is not a name by itself ("Quedaron", "The"),
    so single words count only where nothing but a name would be capitalised.
    """
    found: set[str] = set()
    for m in _ENTITY.finditer(text):
        raw = m.group(0)
        words = raw.split()
        at_start = _sentence_start(text, m.start())
        whole = _norm_entity(raw) if len(words) > 1 else None
        if whole is not None:
            found.add(whole)
        if whole is not None and whole != " ".join(tokens(raw)):
            continue  # an aliased phrase ("Casa Blanca") is one name, not two words
        for i, w in enumerate(words):
            if (i > 0 or not at_start) and w[:1].isupper():
                single = _norm_entity(w)
                if single is not None and single not in _NOT_NAMES:
                    found.add(single)
    return found


def facts(text: str) -> set[str]:
    """Salient facts: named entities, numbers, dates and story states, language-neutral."""
    found = {f"ent:{e}" for e in entities(text)}
    for m in _DATE_EN.finditer(text):
        month = MONTHS.get(m.group(1).lower())
        if month and 1 <= int(m.group(2)) <= 31:
            found.add(f"date:{month:02d}-{int(m.group(2)):02d}")
    for m in _DATE_ES.finditer(text):
        month = MONTHS.get(ALIASES.get(fold(m.group(2)), ""))
        if month and 1 <= int(m.group(1)) <= 31:
            found.add(f"date:{month:02d}-{int(m.group(1)):02d}")
    for m in _NUMBER.finditer(text):
        num = re.sub(r"[,.](?=\d{3}\b)", "", m.group(0))
        if len(num) > 1:  # single digits are counts and list items, not facts
            found.add(f"num:{num}")
    folded = " ".join(tokens(text))
    for word, state in STATES.items():
        if re.search(rf"\b{word}\b", folded):
            found.add(f"state:{state}")
    return found


@dataclass
class Features:
    counts: Counter[str]  # term frequencies (title counted twice)
    facts: set[str] = field(default_factory=set)


def features(title: str, text: str) -> Features:
    counts = Counter(terms(text))
    for t in terms(title):
        counts[t] += 2
    found = facts(f"{title}.\n{text}")
    # Names and dates read the same in English and Spanish: they carry across languages.
    for f in found:
        if f.startswith(("ent:", "date:")):
            counts[f] += 1
    return Features(counts=counts, facts=found)


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
    items += [describe_fact(f) for f in new_facts if f.startswith("num:")][:5]
    scored: list[tuple[int, int, str]] = []
    for i, sentence in enumerate(sentences(text)):
        hits = len(facts(sentence) & set(new_facts))
        if hits:
            scored.append((-hits, i, sentence.strip()))
    best = sorted(scored)[:quotes]
    items += [f"“{s}”" for _, _, s in sorted(best, key=lambda x: x[1])]
    return items
