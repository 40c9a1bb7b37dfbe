"""Clauses of a news sentence that retell another event, and cutting them out.

News sentences carry the story so far in a clause: "Peru declared an emergency in six
districts, a day after a transport strike brought Lima to a standstill", "…, tras la
captura de Nicolás Maduro". When a brief already tells that event in a sentence of its
own, the clause is the same thing said twice. Cutting it is extractive compression: the
sentence keeps its own words in their order, a contiguous span is dropped and the end
punctuation restored, so every name and number left is one the report printed.

Only clauses that hang off the main clause are found here: a trailing one introduced by
"after", "following", "a day after", "tras", "un día después de"…, or a leading one
("A day after …, ", "Tras …, ") when what follows its comma reads as a clause. Whether a
clause may go (whether its content is said elsewhere) is for the caller to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COUNT = (
    r"(?:a|an|one|two|three|four|five|six|seven|several|a\s+few|"
    r"un|una|dos|tres|cuatro|cinco|seis|siete|unos|unas|pocos|pocas)"
)
_UNIT = (
    r"(?:day|days|hour|hours|week|weeks|month|months|"
    r"día|días|dia|dias|hora|horas|semana|semanas|mes|meses)"
)
_LEAD_IN = (
    r"(?:(?:just|only|barely|apenas|justo|solo|sólo)\s+)?"
    rf"(?:{_COUNT}\s+{_UNIT}\s+|(?:hours|days|weeks|shortly|soon|minutes)\s+)?"
)
_EN = r"(?:after|following)"
_ES = r"(?:después\s+de(?:\s+que)?|despues\s+de(?:\s+que)?|luego\s+de(?:\s+que)?|tras)"
_CONNECTOR = rf"(?P<connector>{_LEAD_IN}(?:{_EN}|{_ES})\s)"

# ", a day after …" / " — tras …" to the end of the sentence
_TRAILING = re.compile(rf"(?:,|\s[—–])\s+(?P<clause>{_CONNECTOR})", re.IGNORECASE)
# " a day after …" without a comma: only the forms that name a lapse of time, and a bare
# "after"/"tras" once the main clause is long enough to stand alone
_TRAILING_BARE = re.compile(rf"\s(?P<clause>{_CONNECTOR})", re.IGNORECASE)
_LEADING = re.compile(rf"^(?P<clause>{_CONNECTOR}[^,;:()\"“”«»]{{3,200}}),\s+", re.IGNORECASE)

_CLOSERS = "\"”»’'"
_ENDS = ".!?…"
MIN_KEPT_WORDS = 6  # what is left must still be a sentence
BARE_MIN_WORDS = 8  # before a comma-less "after …"


@dataclass(frozen=True)
class Clause:
    """A span of a sentence that retells another event: `text[start:end]`."""

    start: int
    end: int
    leading: bool
    content: int  # where its own words begin, after "a day after", "tras"

    def of(self, sentence: str) -> str:
        """What the clause says, without its connector: the part to find elsewhere."""
        return sentence[self.content : self.end].strip(" ,;:—–.")


def _balanced(text: str) -> bool:
    return (
        text.count('"') % 2 == 0
        and text.count("“") == text.count("”")
        and text.count("«") == text.count("»")
        and text.count("(") == text.count(")")
    )


def _words(text: str) -> list[str]:
    return text.split()


def _clause_like(rest: str) -> bool:
    """Whether what follows a leading clause reads as a sentence of its own: enough words,
    most of them running prose rather than a list of names."""
    words = _words(rest)
    if len(words) < MIN_KEPT_WORDS:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= len(words) // 3


# a clause that ends in who said it: cutting it would drop the attribution
_SAYS = re.compile(
    r",\s+(?:[\w.’'-]+\s+){0,5}(?:said|says|told|added|according|dijo|dice|afirmó|señaló|"
    r"informó|indicó|aseguró|explicó|según)\b",
    re.IGNORECASE,
)


def restating_clauses(sentence: str) -> list[Clause]:
    """The clauses of `sentence` that could retell another event, leading one first."""
    out: list[Clause] = []
    lead = _LEADING.match(sentence)
    if lead and _clause_like(sentence[lead.end() :]):
        out.append(Clause(0, lead.end(), True, lead.end("connector")))
    body = out[0].end if out else 0
    starts = {m.start(): m.end("connector") for m in _TRAILING.finditer(sentence, body)}
    for m in _TRAILING_BARE.finditer(sentence, body):
        if len(_words(sentence[body : m.start()])) >= BARE_MIN_WORDS:
            starts.setdefault(m.start(), m.end("connector"))
    for start in sorted(starts):
        if _SAYS.search(sentence, start) or not _balanced(sentence[:start]):
            continue
        out.append(Clause(start, len(sentence), False, starts[start]))
        break  # the first: it runs to the end of the sentence
    return out


def cut(sentence: str, clause: Clause) -> str | None:
    """`sentence` without `clause`, as a sentence; None when what is left would not be one
    (too short, a quotation cut open)."""
    if clause.leading:
        rest = sentence[clause.end :].lstrip()
        kept = rest[:1].upper() + rest[1:]
    else:
        head = sentence[: clause.start].rstrip(" ,;:—–-")
        kept = head if head.endswith(tuple(_ENDS)) else head + "."
    if not _balanced(kept) or len(_words(kept)) < MIN_KEPT_WORDS:
        return None
    return kept
