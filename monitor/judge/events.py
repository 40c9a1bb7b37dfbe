"""What a report says happened: the states its headline and lede report.

A story moves through states (announced, postponed, signed, approved, convicted, ...).
A headline or lede reports one when it uses one of the state's words in English or
Spanish for something done: "to sign", "will be held", "could be postponed", "did not
concede" are not done. Infinitives and futures ("firmar", "firmarán") are not listed,
nor are nouns that also name what is only planned ("the deal", "la firma del acuerdo").
"""

from __future__ import annotations

import re

from monitor.text import fold, sentences, tokens

# state -> the folded forms (words or phrases, comma-separated) that report it.
_STATE_FORMS: dict[str, str] = {
    # weak: news only while the story has no other state (see `WEAK`)
    "announced": """announce, announces, announced, unveils, unveiled, will meet, to meet,
        invites, invited, anuncia, anuncian, anuncio, anunciaron, se reunira, invito""",
    "confirmed": "confirms, confirmed, date set, confirma, confirman, confirmo, confirmaron",
    "postponed": """postpone, postpones, postponed, postponement, delays, delayed, put off,
        puts off, pushed back, pushes back, reschedule, reschedules, rescheduled, aplaza,
        aplazan, aplazo, aplazaron, aplazada, aplazado, aplazadas, aplazados, aplazamiento,
        pospone, posponen, pospuso, pospusieron, pospuesta, pospuesto, posterga, postergan,
        postergo, postergaron, postergada, postergado, postergacion, reprograma,
        reprogramo, reprogramaron, reprogramada, reprogramado""",
    "moved": """moved, moves, relocated, relocates, traslada, trasladan, traslado,
        trasladaron, trasladada, trasladado""",
    "cancelled": """cancel, cancels, cancelled, canceled, cancellation, called off,
        calls off, scraps, scrapped, cancela, cancelan, cancelo, cancelaron, cancelada,
        cancelado, canceladas, cancelados, cancelacion""",
    "suspended": """suspend, suspends, suspended, suspension, halts, halted, suspende,
        suspenden, suspendio, suspendieron, suspendida, suspendido""",
    "held": """met, meet at, held talks, after meeting, after white house meeting,
        se reunieron, se reunen, sostuvieron, tras su reunion""",
    "agreement": """agree, agrees, agreed, sign, signs, signed, reach deal, reaches deal,
        reached deal, reached a deal, reach agreement, reached agreement, strike deal,
        strikes deal, struck deal, seal deal, seals deal, sealed deal, acuerdan,
        acordaron, acordo, pactan, pactaron, firman, firmaron, firmo, suscriben,
        suscribieron""",
    "ended": """ends, ended, put an end, puts an end, pone fin, puso fin, ponen fin,
        termina, terminan, termino, terminaron, finaliza, finalizo""",
    "threat": "threatens, threatened, amenaza, amenazan, amenazo, amenazaron",
    "sanctions": """sanctions, sanctioned, sanciona, sancionan, sanciono, sancionaron,
        sancionada, sancionado, sancionados""",
    "imposed": "impose, imposes, imposed, slaps, slapped, impone, imponen, impuso, impusieron",
    "fined": "fined, multa, multan, multo, multaron, multada, multado",
    "lifted": "lift, lifts, lifted, levanta, levantan, levanto, levantaron",
    "decertified": "decertifies, decertified, descertifica, descertifico",
    "approved": """approve, approves, approved, passes, passed, clears, cleared, ratifies,
        ratified, aprueba, aprueban, aprobo, aprobaron, aprobada, aprobado, ratifica,
        ratifican, ratifico, ratificaron, avala, avalo""",
    "rejected": """reject, rejects, rejected, votes down, voted down, blocks, blocked,
        rechaza, rechazan, rechazo, rechazaron, rechazada, rechazado, tumba, tumbo""",
    "convicted": """convicts, convicted, sentences, sentenced, found guilty, jails, jailed,
        condena, condenan, condeno, condenaron, condenado, condenada, sentencia,
        sentencio""",
    "acquitted": "acquits, acquitted, absuelve, absuelven, absolvio, absuelto, absuelta",
    "upheld": "upholds, upheld",
    "overturned": "overturns, overturned, revoca, revoco, anula, anulo",
    "resigned": """resigns, resigned, steps down, stepped down, quits, renuncia, renuncio,
        dimite, dimitio""",
    "dismissed": """sack, sacks, sacked, dismisses, dismissed, ousts, ousted, despide,
        despiden, despidio, despidieron, destituye, destituyo, destituido, destituida""",
    "appointed": """appoints, appointed, names, named, nombra, nombran, nombro, nombrado,
        nombrada, designa, designan, designo, designado, designada""",
    "elected": "wins, won, elected, gana, ganan, gano, ganaron, electo, electa, elegido, elegida",
    "arrested": """arrests, arrested, detains, detained, captures, captured, detiene,
        detienen, detuvo, detuvieron, detenido, detenida, arresta, arresto, capturan,
        capturo, capturaron, capturado, capturada""",
    "charged": "charged, indicted, imputa, imputan, imputo, imputado, imputada",
    "extradited": """extradites, extradited, extradita, extraditan, extradito, extraditado,
        extraditada""",
    "expelled": """expel, expels, expelled, persona non grata, expulsa, expulsan, expulso,
        expulsaron, expulsado, expulsada""",
    "declared": "declare, declares, declared, declara, declaran, declaro, declararon, decreta",
    "evacuated": """evacuate, evacuates, evacuated, evacuation, evacua, evacuan, evacuo,
        evacuaron, evacuacion""",
    "deaths": """kills, killed, killing, dead, dies, died, death toll, muertos, muertes,
        muere, mueren, murio, murieron, fallecidos, fallecio, mata, mato""",
    # a level that moved: a rate, a price, a count ("death toll rises to 41")
    "lowered": """lowers, lowered, reduces, reduced, falls, fell, drops, dropped, declines,
        declined, recorta, recortan, recorto, reduce, reducen, redujo, cae, caen, cayo,
        cayeron, disminuye, disminuyo, desciende, descendio""",
    "raised": """raises, raised, hikes, hiked, extends, extended, widens, widened, expands,
        expanded, rises, rose, climbs, climbed, jumps, jumped, increases, increased, grows,
        grew, sube, suben, subio, subieron, eleva, elevan, elevo, extiende, extienden,
        extendio, aumenta, aumentan, aumento, crece, crecen, crecio, asciende, ascendio""",
    "kept": "keeps, kept, leaves unchanged, mantiene, mantienen, mantuvo",
    "challenged": """challenges, challenged, appeals, appealed, impugna, impugnan, impugno,
        apela, apelan, apelo""",
    "escalated": """escalates, escalated, intensifies, intensified, worsens, worsened,
        se intensifica, se intensifico, se agrava, se agravo, recrudece""",
    "resumed": """resumes, resumed, reopens, reopened, restores, restored, reanuda, reanudan,
        reanudo, reabre, reabren, reabrio, restablece, restablecio""",
}
WEAK = frozenset({"announced", "confirmed"})

STATES: dict[str, str] = {
    " ".join(form.split()): state
    for state, forms in _STATE_FORMS.items()
    for form in forms.split(",")
    if form.strip()
}
# The most words of a state's form starting with each word: only the words that start one
# are looked up, each once per possible phrase length.
_FORM_SPAN: dict[str, int] = {}
for _form in STATES:
    _head, *_rest = _form.split(" ")
    _FORM_SPAN[_head] = max(_FORM_SPAN.get(_head, 0), 1 + len(_rest))

# Words that, shortly before a state's word, make it not (yet) done: plans, forecasts,
# conditions, demands and denials. "to" is one unless a decision precedes it ("voted to").
_NOT_DONE = frozenset(
    """
    to will would could may might can should must shall expected likely set plans plan
    planned planning seek seeks seeking want wants wanted weighs weighing weigh considers
    considering consider mulls mulling prepares preparing ready threatens threatening
    threatened not no never t if whether seen eyes urges urged asks
    asked demands demanded calls unless
    va van iba podria podrian puede pueden preve preven planea planean evalua evaluan
    analiza analizan estudia estudian busca buscan quiere quieren amenaza amenazan amenazo
    pide piden pidio exige exigen exigio descarta descarto sin si para
    """.split()
)
_DECIDED = frozenset(
    """voted votes vote decided decides agreed agrees ordered orders moved opted chose
    chooses began begins started starts""".split()
)
_WINDOW = 3  # tokens before a state's word that can make it not done
# A denial reaches further, over the clause it introduces ("niega que la cumbre se cancele").
_DENIALS = frozenset("deny denies denied denying niega niegan nego desmiente desmintio".split())
_DENIAL_WINDOW = 8


def _done(toks: list[str], start: int) -> bool:
    if any(toks[j] in _DENIALS for j in range(max(0, start - _DENIAL_WINDOW), start)):
        return False
    for j in range(max(0, start - _WINDOW), start):
        tok = toks[j]
        if tok not in _NOT_DONE:
            continue
        if tok == "to" and j > 0 and toks[j - 1] in _DECIDED:
            continue
        return False
    return True


# Verbs too common in other senses to list alone ("landslides cut the highway", "holds
# talks"), read as a state only with what they act on: rates, prices, taxes, output.
_LEVEL = r"(?:(?:its|the|their|key|benchmark|main|policy|interest|lending|overnight|\w+s) ){0,3}"
_OBJECT = r"(?:rates?|interest|prices?|fares|taxes|tax|tariffs?|duties|forecast|output|jobs)\b"
_GUARDED = tuple(
    # the verbs as a set too: a text without any of them is not searched
    (
        frozenset(verbs.split()),
        re.compile(rf"\b(?:{'|'.join(verbs.split())}) {_LEVEL}{_OBJECT}"),
        state,
    )
    for verbs, state in (
        ("cut cuts slashes slashed trims trimmed", "lowered"),
        ("holds held leaves left", "kept"),
    )
)


def states_in(text: str) -> set[str]:
    """The states `text` reports as done."""
    toks = tokens(text)
    found: set[str] = set()
    words = set(toks)
    joined = " ".join(toks)
    for verbs, pattern, guarded in _GUARDED:
        # a match starts with one of the verbs as a whole word
        for m in pattern.finditer(joined) if not verbs.isdisjoint(words) else ():
            if _done(toks, joined.count(" ", 0, m.start())):
                found.add(guarded)
    # Only the words that start a state's form are looked at (tokens hold no spaces).
    heads = _FORM_SPAN.keys() & words
    i = 0
    for j in [k for k, tok in enumerate(toks) if tok in heads] if heads else ():
        if j < i:  # inside the form just read
            continue
        i = j
        for n in range(min(_FORM_SPAN[toks[i]], len(toks) - i), 0, -1):
            state = STATES.get(" ".join(toks[i : i + n]))
            if state is not None:
                if _done(toks, i):
                    found.add(state)
                i += n
                break
        else:
            i += 1
    return found


# Labels that open a headline but say nothing about the event: wire version and
# correction markers ("UPDATE 2-", "CORRECTED-", "ACTUALIZACIÓN:").
_LABEL = re.compile(
    r"^\s*(?:(?:update|updated|corrected|correction|refile|refiled|breaking|urgent|"
    r"exclusive|actualizacion|actualizado|correccion|rectificacion|fe de erratas|urgente|"
    r"ultima hora|exclusiva)\s*\d*\s*[-:|—–]\s*)+",
    re.IGNORECASE,
)
# A paragraph that only says what an earlier version got wrong.
_CORRECTION_NOTE = re.compile(
    r"^\s*[(\[]?\s*(?:corrects?\b|correction\b|clarification\b|an earlier version\b|"
    r"this (?:story|article) has been (?:corrected|updated)|fe de erratas\b|"
    r"correccion\b|aclaracion\b|rectificacion\b|en una version anterior\b)",
    re.IGNORECASE,
)


def headline(title: str) -> str:
    """The headline without wire labels ("UPDATE 1-", "CORRECTED-", "Fe de erratas:")."""
    folded = fold(title)
    m = _LABEL.match(folded)
    if m is None:
        return title
    return title[m.end() :] if len(folded) == len(title) else folded[m.end() :]


def body(text: str) -> str:
    """The text without an opening correction note."""
    paragraphs = text.strip().split("\n")
    while paragraphs and (not paragraphs[0].strip() or _CORRECTION_NOTE.match(fold(paragraphs[0]))):
        paragraphs = paragraphs[1:]
    return "\n".join(paragraphs)


# "BOGOTA, Jan 20 (Reuters) -": the place and day of filing, not part of the news.
# A wire dateline with its date: "Bogotá, Jan 5 (Andean Dispatch) — ", "MADRID, 3 de mayo —
# ". Read alone (DATELINE_WIDE 0), it misses a dateline without a date, one naming its
# province or country and one with the date after the country.
_DATELINE = re.compile(
    r"^[A-ZÁÉÍÓÚÑ][\w .'’/-]{0,40}?,\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+(?:de\s+)?[a-záéíóú]{3,10})"
    r"\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s*"
)

# A capitalised place's dateline, its date optional, as briefs read it (briefs' sentences
# use it too): "WASHINGTON (Andes Wire) — ", "BOGOTÁ, Jan 5 (Andean Dispatch) – ",
# "MANIZALES, 6 feb (ANS) – ", "BOGOTÁ, 20 sep (Agencia Continental). ", "SANTA MARTA. ",
# "MADRID.- ", "HELLÍN (Albacete), 17 abr (…) — ", "TULTEPEC, Estado de México (…) — ",
# "VALLADOLID, España, 5 oct (…) — ".
DATELINE = re.compile(
    r"^[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .'’-]{2,40}"
    r"(?:\s*\([A-ZÁÉÍÓÚÑ][^()]{1,30}\)(?=,))?"  # the province: " (Albacete)"
    # ", Mexico", ", España", ", Fla.", ", Estado de México"
    r"(?:,\s*[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+\.?"
    r"(?:\s+(?:de\s+|del\s+)?[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+)?(?=[,\s]))?"
    r"(?:,\s*(?:[A-Za-zé]{3,10}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-zé]{3,10}\.?)(?:,\s*\d{4})?)?"
    r"(?:\s*\([^()]{1,40}\))?\s*(?:[—–]|--|-|\.-|:|\.)\s+"
)
# 1: a lede's first sentence loses the dateline DATELINE reads too, when what follows it
# opens with a capital (as briefs take it), before the dated one (_DATELINE) is tried:
# "VALLADOLID, España, 5 oct (…) — ", "HELLÍN (Albacete), …" and "TULTEPEC, Estado de
# México (…) — " stay in the lede the states and developments read. 0: the dated one only.
DATELINE_WIDE = 0

LEDE_SENTENCES = 2  # a report's news is in its headline and its first sentences


def strip_dateline(sentence: str) -> str:
    """The sentence without its opening dateline (DATELINE_WIDE: either pattern's)."""
    if DATELINE_WIDE:
        stripped = DATELINE.sub("", sentence, count=1)
        if stripped != sentence and stripped[:1].isupper():
            return stripped
    return _DATELINE.sub("", sentence, count=1)


def lede(title: str, text: str, first_sentences: int = LEDE_SENTENCES) -> str:
    """Headline and first sentences, labels and correction notes left out."""
    first = sentences(body(text), first_sentences)
    if first:
        first[0] = strip_dateline(first[0])
    return "\n".join([headline(title), *first]) if title else "\n".join(first)


def lede_states(title: str, text: str) -> set[str]:
    """States the headline or the first two sentences report as done."""
    return states_in(lede(title, text))
