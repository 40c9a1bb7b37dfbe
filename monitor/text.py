"""Text normalisation shared by relevance, dedupe and grouping."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

# Letters that carry no decomposition, so NFKD alone would leave them alone.
_EXTRA_FOLDS_SOURCE = {
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
_EXTRA_FOLDS = str.maketrans(_EXTRA_FOLDS_SOURCE)


# Combining marks lie in planes 0-3 and 14: planes 4-13 are unassigned and 15-16 are
# private use, whose characters combine with nothing (tests/test_text.py scans them all).
MARK_PLANES = (range(0, 0x40000), range(0xE0000, 0xF0000))


def combining_marks(planes: tuple[range, ...] = MARK_PLANES) -> list[int]:
    """Code points with a combining class, in `planes`."""
    return [cp for plane in planes for cp in plane if unicodedata.combining(chr(cp))]


@cache
def _combining_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for combining marks inside and outside the BMP.

    Built on first non-ASCII input, in every process that folds (the daemon and each
    parse worker): scanning the planes that hold marks takes about 20 ms, the whole code
    space 60. They are kept apart because a character class reaching past the BMP makes
    re ten times slower.
    """
    marks = combining_marks()
    bmp = [cp for cp in marks if cp <= 0xFFFF]
    astral = [cp for cp in marks if cp > 0xFFFF]
    return _char_class(bmp), _char_class(astral)


def _char_class(cps: list[int]) -> re.Pattern[str]:
    ranges: list[str] = []
    start = prev = cps[0]
    for cp in [*cps[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        ranges.append(re.escape(chr(start)) + (f"-{re.escape(chr(prev))}" if prev > start else ""))
        start = prev = cp
    return re.compile("[" + "".join(ranges) + "]+")


_EXTRA_CHARS = re.compile("[" + "".join(_EXTRA_FOLDS_SOURCE) + "]")


def _astral(s: str) -> bool:
    """Whether `s` holds a character past the BMP. UTF-16 spends four bytes on each of
    those and two on every other code point (a lone surrogate too, passed through), so
    the length says it. `max(s) > "\\uffff"` said the same at 60 times the cost, a third
    of folding a non-ASCII text; the near-copy check folds each candidate's text."""
    return len(s.encode("utf-16-le", "surrogatepass")) > 2 * len(s)


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Bogotá' -> 'bogota'."""
    if text.isascii():
        return text.lower()
    # Decompose before case folding so compatibility letters such as 'ℌ' end up lower-case,
    # and again after, because case folding can produce undecomposed sequences.
    s = unicodedata.normalize("NFKD", text).casefold()
    if not unicodedata.is_normalized("NFKD", s):
        s = unicodedata.normalize("NFKD", s)
    bmp_marks, astral_marks = _combining_res()
    s = bmp_marks.sub("", s)
    if _astral(s):
        s = astral_marks.sub("", s)
    if _EXTRA_CHARS.search(s):
        s = s.translate(_EXTRA_FOLDS)
    return s


# A possessive "'s" carries nothing for matching and would break phrase adjacency
# ("Petro's government" should match "petro government").
# The lookbehind sits after the quote so it is only tried where a quote matched.
_POSSESSIVE = re.compile(r"['’]s\b(?<=[^\W_]['’]s)")
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Folded word tokens, split on word boundaries (letters and digits)."""
    return list(_tokens(text))


@lru_cache(maxsize=4)
def _tokens(text: str) -> tuple[str, ...]:
    """`tokens`, kept for the last few texts: an article's text, and each of its
    sentences, is read by several of its facts in turn."""
    return tokens_once(text)


def tokens_once(text: str) -> tuple[str, ...]:
    """`tokens` of a text read once (a stored near-copy candidate's), not kept: kept,
    the candidates of one lookup (about seven at 100,000 stored articles) would push the
    incoming article's texts out of the few `tokens` keeps."""
    s = fold(text)
    if "'" in s or "’" in s:
        s = _POSSESSIVE.sub("", s)
    if "_" in s:
        s = s.replace("_", " ")
    return tuple(_WORD.findall(s))


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations (folded, without the dot) after which a full stop does not end a sentence.
_ABBREVIATIONS = _wordset(
    """
    mr mrs ms dr drs prof sr sra srta sres dra lic ing gral gen col cap sgt lt gov sen rep
    st av avda dept nro num pag pp vol fig inc ltd co corp jr ee uu vs approx
    jan feb apr aug sep sept oct nov dec ene abr dic
    """
)
# Candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"([.!?…]+[\"'”’»)\]]*)\s+(?=[\"'“‘«(\[¿¡]*([^\W_]))")
# Extracted article text puts each paragraph, heading and list item on its own line, and a
# heading has no full stop to end it, so every line break ends a sentence.
_PARAGRAPH = re.compile(r"\s*\n\s*")
_LAST_WORD = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)\.$")


def sentences(text: str, limit: int | None = None) -> list[str]:
    """Split news prose into sentences; line breaks always split, full stops only when
    they do not end an abbreviation or initial. With `limit`, the first `limit` only (the
    rest of the text is not read)."""
    out: list[str] = []
    for block in _PARAGRAPH.split(text):
        if limit is not None and len(out) >= limit:
            break
        start = 0
        for m in _BOUNDARY.finditer(block):
            end = m.end(1)
            if m.group(2).islower() or not _is_boundary(block, m.start(1), end):
                continue
            piece = block[start:end].strip()
            if piece:
                out.append(piece)
                if limit is not None and len(out) >= limit:
                    return out
            start = m.end()
        piece = block[start:].strip()
        if piece:
            out.append(piece)
    return out if limit is None else out[:limit]


def _is_boundary(block: str, punct_start: int, punct_end: int) -> bool:
    if block[punct_start] != ".":
        return True
    if punct_end - punct_start > 1 and block[punct_start + 1] != ".":
        return True
    lw = _LAST_WORD.search(block, max(0, punct_start - 40), punct_start + 1)
    if lw is None:
        return True
    word = lw.group(1)
    if "." in word:  # initialisms such as U.S. or D.C.
        return False
    if len(word) == 1:  # initials: "Donald J. Trump"
        return False
    return fold(word) not in _ABBREVIATIONS


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _wordset(
        """the and of to in is that it was for on with as he she by at from his her have has
        are were be been this which not but they their will would said an or who after about
        than more also its had there what when"""
    ),
    "es": _wordset(
        """el la los las de del que y en un una es por con para se su sus al lo como mas pero
        fue ha este esta entre sobre tambien sin cuando muy hay ya son desde porque segun
        donde le les hasta todo ese eso asi"""
    ),
    "pt": _wordset(
        """o os a as do da dos das de que e em no na nos nas um uma e por com para se seu sua
        ao nao mais mas foi como tambem entre sobre pelo pela sao ele ela isso esta ja ate
        quando muito"""
    ),
    "fr": _wordset(
        """le la les de des du un une et est en que qui dans pour pas sur au aux avec ce cette
        il elle ne se par plus sont ete mais ou leur nous vous ont aussi tout comme"""
    ),
    "de": _wordset(
        """der die das und ist nicht ein eine zu den dem von mit sich des auf fur im auch es
        an als wird werden wurde hat sie er nach bei aus oder aber noch wie uber dass einen
        einer sind"""
    ),
    "it": _wordset(
        """il lo la i gli le di del della dei che e un una per non con sono da nel nella al
        alla si anche come piu ma ha questo questa essere stato tra sul sulla delle degli
        ancora"""
    ),
}
LANGUAGES = frozenset(_STOPWORDS)
_MIN_HITS = 4
_MAX_TOKENS = 3000


def guess_language(text: str) -> str | None:
    """ISO 639-1 code from stopword counts ('en', 'es', 'pt', 'fr', 'de', 'it'), or None."""
    counts = Counter(tokens(text[:30000])[:_MAX_TOKENS])
    if not counts:
        return None
    scores = sorted(
        ((sum(counts[w] for w in ws if w in counts), lang) for lang, ws in _STOPWORDS.items()),
        reverse=True,
    )
    (best, lang), (second, _) = scores[0], scores[1]
    # Related languages share many stopwords; ask for a clear lead as well as enough hits.
    if best < _MIN_HITS or best < second * 1.2 + 1:
        return None
    return lang
