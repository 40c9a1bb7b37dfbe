"""Exact and near-duplicate detection: one wire story carried by many outlets.

Exact copies share a hash of their normalised text. Near copies (other boilerplate, a
changed headline, a trimmed paragraph) are found with MinHash over word 3-grams and LSH
band keys kept in the database, so the index survives restarts and is bounded by a window.
LSH only proposes candidates; a candidate is a copy when most of the shorter text's
shingles are in the longer one (containment), so a copy cut to half its length still is one.
Texts too short to shingle fall back to headline similarity with a guard for generic
headlines. The constants are chosen by `bench/neardup.py` (see bench/README.md).

`Copy.of` sketches an incoming article once; `find_original` looks it up among stored
articles, and `index` makes it findable by later copies, both inside the ingest transaction.
"""

from __future__ import annotations

import hashlib
import operator
import struct
import sys
from array import array
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, cached_property
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from monitor.text import sentences, tokens, tokens_once

if TYPE_CHECKING:
    import numpy as np

    from monitor.config import StoriesConfig
    from monitor.storage import Article, Tx

# numpy is imported only to make a signature, which the parse workers do. The store is
# imported on first use too: the parse workers make a text's `Copy` and never read the
# database.

NUM_PERM = 128
SHINGLE = 3  # words per shingle
ROWS = 2  # rows per band: 64 bands of 2 rows propose pairs down to ~0.2 Jaccard
CONTAINMENT = 0.35  # share of the shorter text's shingles found in the longer one
FOREIGN_SENTENCE = 0.15  # a sentence sharing fewer of its shingles is foreign to the original
FOREIGN_MAX = 0.25  # a text with more of its shingles in foreign sentences is no copy...
WHOLLY_INSIDE = 0.9  # ...unless the stored text lies (almost) wholly inside it
MIN_SHINGLES = 30  # below this a text is too short for MinHash to mean much
TITLE_THRESHOLD = 85.0  # rapidfuzz token_sort_ratio of folded headlines
TITLE_MIN_WORDS = 4  # informative headline words needed before a headline alone decides
TITLE_ALONE_THRESHOLD = 95.0  # and how close it must be then
SUMMARY_CONTAINMENT = 0.5  # word pairs of the shorter summary found in the other
SUMMARY_MIN_SHINGLES = 5  # a summary shorter than this cannot tell two items apart
NEAR_BATCH = 8  # near-copy candidates whose text is read at a time
ESTIMATE_SLACK = 0.25  # how far a MinHash containment estimate may fall below the true one
LEDE = 600  # characters of a stored text that a feed summary usually repeats
_SEED = 7

# Headline words that say what kind of page it is, not what happened.
GENERIC_WORDS = frozenset(
    """
    live update updates latest news breaking briefing brief digest roundup round up what we
    know so far today day week morning evening night world national international top stories
    story headlines noticias del dia ultima hora en vivo directo minuto resumen las los el la de
    y the a an of in on and at for to is are this
    """.split()
)


def text_hash(text: str) -> str:
    """Hash of the folded word sequence: punctuation and case do not make a copy new."""
    return _hash_of(tokens(text))


def _hash_of(toks: list[str]) -> str:
    return hashlib.sha256(" ".join(toks).encode()).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    return _shingles_of(tokens(text), size)


def _shingles_of(toks: list[str], size: int) -> set[bytes]:
    if len(toks) < size:
        return {" ".join(toks).encode()} if toks else set()
    # Each word encoded once; a shingle is `size` neighbouring words joined by spaces.
    words = [t.encode() for t in toks]
    return {b" ".join(run) for run in zip(*(words[k:] for k in range(size)), strict=False)}


def _word_shingles(toks: Sequence[str], size: int = SHINGLE) -> set[tuple[str, ...]]:
    """The shingles as tuples of words: the same sets as `_shingles_of` (no token holds
    a space, so two tuples differ exactly when their joined words do), made without
    encoding and joining, for the texts verified against each other."""
    if len(toks) < size:
        return {tuple(toks)} if toks else set()
    return set(zip(*(toks[k:] for k in range(size)), strict=False))


def containment(a: AbstractSet[Hashable], b: AbstractSet[Hashable]) -> float:
    """Share of the smaller set inside the larger one."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def _u32(data: bytes) -> array[int]:
    """Little-endian uint32s as an array."""
    values = array("I", data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _le(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array("I", values)
        values.byteswap()
    return values.tobytes()


# Per 32-bit lane of a signature read as one integer: the low 31 bits, and the top bit.
_LANE_LOW = int.from_bytes(b"\xff\xff\xff\x7f" * NUM_PERM, "little")
_LANE_HIGH = int.from_bytes(b"\x00\x00\x00\x80" * NUM_PERM, "little")


def _containment(j: float, size: int, other: int) -> float:
    small = min(size, other)
    if small == 0:
        return 0.0
    return min(1.0, j * (size + other) / (1.0 + j) / small)


@cache
def _lane_masks(n: int, width: int) -> tuple[int, int]:
    """For `n` values of `width` bits side by side: each lane's low width-1 bits, and
    each lane's top bit."""
    low = high = 0
    for i in range(n):
        low |= ((1 << width - 1) - 1) << i * width
        high |= 1 << (i * width + width - 1)
    return low, high


@dataclass(frozen=True)
class Signature:
    """Made with numpy (`signature_of`, in the parse workers) but held as a plain array:
    the daemon reads, compares and bands signatures without importing numpy."""

    values: array[int]  # NUM_PERM uint32 minimum hashes
    size: int  # number of distinct shingles

    def to_bytes(self) -> bytes:
        return struct.pack("<I", self.size) + _le(self.values)

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        (size,) = struct.unpack_from("<I", data)
        return cls(_u32(data[4:]), size)

    @cached_property
    def _lanes(self) -> int:
        return int.from_bytes(self.values.tobytes(), "little")

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        n = len(self.values)
        if n != NUM_PERM or len(other.values) != n:
            return float(sum(map(operator.eq, self.values, other.values))) / n
        # Equal values, counted 32 bits at a time in one integer: a lookup at 100,000
        # stored articles estimates about 90 candidates, and a loop over 128 values each
        # was most of that cost. A lane of v is non-zero iff its top bit ends up set here;
        # the addition cannot carry out of a lane.
        v = self._lanes ^ other._lanes
        differ = ((((v & _LANE_LOW) + _LANE_LOW) | v) & _LANE_HIGH).bit_count()
        return float(n - differ) / n

    def containment(self, other: Signature) -> float:
        """Estimated containment, from the Jaccard estimate and both set sizes."""
        return _containment(self.similarity(other), self.size, other.size)

    def bands(self, rows: int = ROWS) -> list[int]:
        """One signed 64-bit key per band, salted with the band number and its width."""
        keys = []
        for b in range(len(self.values) // rows):
            chunk = _le(self.values[b * rows : (b + 1) * rows])
            digest = hashlib.blake2b(bytes([b, rows]) + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    @property
    def usable(self) -> bool:
        return self.size >= MIN_SHINGLES


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations h -> a*h + b mod 2^32 (a odd), drawn once, as datasketch
    2's "affine32" scheme draws them for this seed: stored signatures stay comparable."""
    import numpy as np

    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer: spreads the input hashes before the permutations."""
    import numpy as np

    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature_of(sh: set[bytes]) -> Signature:
    """The MinHash signature of a shingle set: datasketch's `MinHash(scheme="affine32")`
    made here with numpy alone, since importing datasketch imports scipy (about 55 MB
    in each process that makes signatures)."""
    import numpy as np

    values = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    if sh:
        a, b = _permutations()
        # each shingle's SHA-1 read as little-endian uint32s: the first of each five is its hash
        digests = b"".join([hashlib.sha1(x).digest() for x in sh])
        hashes = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)
        hv = _fmix32(hashes.reshape(-1, 1))
        values = np.minimum(values, (hv * a + b).min(axis=0))
    return Signature(_u32(values.astype("<u4").tobytes()), len(sh))


def signature(text: str, size: int = SHINGLE) -> Signature:
    return signature_of(shingles(text, size))


def foreign_share(text: str, old: set[bytes], size: int = SHINGLE) -> float:
    """Share of the text's shingles in sentences the stored text has (almost) none of.

    A subeditor's rewrite leaves every sentence partly matching; a round-up that runs half
    of one report and half of another has whole sentences and paragraphs that match nothing.
    """
    return _foreign_share(text, old, lambda sentence: shingles(sentence, size))


def _foreign_share(
    text: str, old: AbstractSet[Hashable], shingle: Callable[[str], AbstractSet[Hashable]]
) -> float:
    total = foreign = 0
    for sentence in sentences(text):
        sh = shingle(sentence)
        total += len(sh)
        if len(sh & old) < FOREIGN_SENTENCE * len(sh):
            foreign += len(sh)
    return foreign / total if total else 0.0


def is_copy(
    new_text: str,
    new: set[tuple[str, ...]],
    old: set[tuple[str, ...]],
    threshold: float = CONTAINMENT,
) -> bool:
    """The verdict on an LSH candidate `old` for the incoming text.

    Most of the shorter text's shingles must be in the longer one. A text with much
    material of its own (half a wire story plus half of another) is a new article,
    unless the stored one lies wholly inside it: a fuller version of a trimmed copy.
    """
    if containment(new, old) < threshold:
        return False
    inside = len(new & old) / len(old) if old else 0.0
    if inside >= WHOLLY_INSIDE:
        return True
    return _foreign_share(new_text, old, lambda t: _word_shingles(tokens(t))) <= FOREIGN_MAX


# Wire desks prefix re-runs ("UPDATE 1-", "Breaking:"); the prefix says nothing of the story.
_TITLE_PREFIXES = frozenset("update updated wrapup breaking exclusive analysis corrected".split())


def _title_words(title: str) -> list[str]:
    words = tokens(title)
    while words and (words[0] in _TITLE_PREFIXES or (words[0].isdigit() and len(words) > 1)):
        words = words[1:]
    return words


def informative_words(title: str) -> list[str]:
    return [t for t in _title_words(title) if t not in GENERIC_WORDS and not t.isdigit()]


def title_keys(title: str) -> list[int]:
    """Index keys for a headline: its pairs of neighbouring informative words.

    Headlines that a desk shortened or reordered a little still share a pair, so these
    keys find candidates for the headline comparison without scanning recent articles.
    They live in the band table, salted apart from the text bands.
    """
    words = informative_words(title)
    pairs = {" ".join(sorted(words[i : i + 2])) for i in range(len(words) - 1)}
    if len(words) == 1:
        pairs = {words[0]}
    keys = []
    for pair in sorted(pairs):
        digest = hashlib.blake2b(b"title\x00" + pair.encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def title_similarity(a: str, b: str) -> float:
    return _title_ratio(_title_words(a), " ".join(_title_words(b)))


def _title_ratio(words: list[str], other: str) -> float:
    """`title_similarity` of a headline's words and another's words joined."""
    ta = " ".join(words)
    if not ta or not other:
        return 0.0
    return float(fuzz.token_sort_ratio(ta, other))


def short_copy(
    title_a: str,
    text_a: str,
    title_b: str,
    text_b: str,
    *,
    title_threshold: float = TITLE_THRESHOLD,
) -> bool:
    """Two feed-only items (headline and summary) are one item.

    The headlines must match. When both carry a summary, the summaries must overlap
    too, so two different items under one headline ("Live updates", "Noticias del día")
    stay apart; without summaries only a specific headline decides.
    """
    if title_similarity(title_a, title_b) < title_threshold:
        return False
    sa, sb = shingles(text_a, 2), shingles(text_b, 2)
    if len(sa) >= SUMMARY_MIN_SHINGLES and len(sb) >= SUMMARY_MIN_SHINGLES:
        return containment(sa, sb) >= SUMMARY_CONTAINMENT
    return len(informative_words(title_a)) >= TITLE_MIN_WORDS and title_similarity(
        title_a, title_b
    ) >= max(title_threshold, TITLE_ALONE_THRESHOLD)


@dataclass(frozen=True)
class Copy:
    """What dedupe knows of one incoming article: its hash, shingles, signature and index keys."""

    title: str
    text: str
    hash: str | None  # of the folded words; None for an article without text
    signature: Signature
    bands: list[int]
    title_keys: list[int]
    short: bool  # headline and summary only: compared by headline

    @classmethod
    def of(cls, title: str, text: str, origin: str) -> Copy:
        toks = tokens(text)
        sig = signature_of(_shingles_of(toks, SHINGLE))
        return cls(
            title=title,
            text=text,
            hash=_hash_of(toks) if text else None,
            signature=sig,
            bands=sig.bands() if sig.usable else [],
            title_keys=title_keys(title),
            short=origin == "feed" or not sig.usable,
        )

    @cached_property
    def shingles(self) -> set[tuple[str, ...]]:
        """Made again (as word tuples) when a near-copy candidate is verified: kept, they
        would be most of the memory of a poll's waiting articles, and most articles have
        no candidate."""
        return _word_shingles(tokens(self.text))

    def index_keys(self) -> list[int]:
        """Keys that let later copies find this one: headline keys and text bands."""
        return self.title_keys + self.bands


# Lookups among stored articles, inside the ingest transaction.


@dataclass(frozen=True)
class Windows:
    """How long stored articles stay findable as originals, and how alike a near copy is."""

    near: float  # seconds an article's text is found by its bands
    title: float  # seconds a feed-only item is found by its headline
    threshold: float  # containment that makes a near copy

    @classmethod
    def from_config(cls, cfg: StoriesConfig) -> Windows:
        return cls(
            cfg.near_duplicate_window,
            cfg.near_duplicate_title_window,
            cfg.near_duplicate_threshold,
        )

    @property
    def longest(self) -> float:
        return max(self.near, self.title)


def find_original(
    tx: Tx, copy: Copy, windows: Windows, now: datetime, *, relevant: bool
) -> Article | None:
    """The first stored copy of this article's text, if there is one.

    Exact copies are found by text hash forever; near copies by LSH band keys among
    articles indexed within the near window, verified by shingle containment; feed-only
    items (only when the article is `relevant`) by headline and summary within the
    title window.
    """
    found: Article | None = None
    if copy.hash:
        found = tx.article_by_text_hash(copy.hash)
    if found is None and copy.signature.usable:
        found = _near_copy(tx, copy, now - timedelta(seconds=windows.near), windows.threshold)
    if found is None and relevant:
        # A pair is compared by headline when either side is only a headline and summary.
        found = _short_copy(tx, copy, now - timedelta(seconds=windows.title))
    # Copies always point at the first copy, never at another copy.
    while found is not None and found.duplicate_of is not None:
        from monitor.storage import Article  # the parse workers, which analyse, need no storage

        found = tx.get(Article, found.duplicate_of)
    return found


def signed(article: Article, copy: Copy) -> None:
    """Give the article its text's signature before its row is first written, so
    `index` need not update the row for it."""
    if copy.signature.usable:
        article.minhash = copy.signature.to_bytes()


def index(tx: Tx, article: Article, copy: Copy, now: datetime) -> None:
    """Make the article findable by later copies: text bands, and headline keys."""
    assert article.id is not None
    if copy.signature.usable:
        packed = copy.signature.to_bytes()
        if article.minhash != packed:
            article.minhash = packed
            tx.add(article)
    tx.add_bands(article.id, copy.index_keys(), now)


def prune(tx: Tx, windows: Windows, now: datetime) -> int:
    """Drop index rows older than both windows; the articles stay.

    Exact-URL and exact-text dedup read the article table, so they keep working forever.
    """
    return tx.prune_bands(now - timedelta(seconds=windows.longest))


class StoredEstimates:
    """`Signature.containment` of one signature against signatures as the store keeps
    them (`Tx.near_candidates`), to the bit the same estimates. A packed one (SQLite,
    `packed_minima`) is compared packed: this signature is packed once for each width met,
    a lane of it too wide for that width marked unequal; unpacking a hundred candidates
    cost more than comparing them."""

    def __init__(self, signature: Signature) -> None:
        from monitor.storage.models import packed_minima, unpack_signature

        self.signature = signature
        self._parts = packed_minima
        self._unpack = unpack_signature
        self._by_width: dict[int, tuple[int, int]] = {}

    def _packed(self, width: int) -> tuple[int, int]:
        """This signature in `width`-bit lanes, and the top bit of each lane it overflows."""
        found = self._by_width.get(width)
        if found is None:
            field, values = (1 << width) - 1, self.signature.values
            packed = wide = 0
            for i in reversed(range(len(values))):
                packed = packed << width | values[i] & field
                if values[i] > field:
                    wide |= 1 << (i * width + width - 1)
            found = self._by_width[width] = (packed, wide)
        return found

    def containment(self, stored: bytes) -> float:
        parts = self._parts(stored)
        n = len(self.signature.values)
        if parts is None or parts[1] != n or n != NUM_PERM:
            return self.signature.containment(Signature.from_bytes(self._unpack(stored)))
        size, _, width, bits = parts
        packed, wide = self._packed(width)
        low, high = _lane_masks(n, width)
        v = (bits ^ packed) | wide  # as in `similarity`: a lane is non-zero iff unequal
        differ = ((((v & low) + low) | v) & high).bit_count()
        return _containment(float(n - differ) / n, self.signature.size, size)


def _near_copy(tx: Tx, copy: Copy, since: datetime, threshold: float) -> Article | None:
    stored = tx.near_candidates(copy.bands, since)
    # The MinHash estimate is cheap; only plausible candidates have their text read,
    # the likeliest first, and none once the estimates fall well below the best copy.
    estimate = StoredEstimates(copy.signature).containment
    estimates = sorted(
        ((estimate(blob), a) for a, blob in stored.items()), key=lambda ea: (-ea[0], ea[1])
    )
    likely = [(e, a) for e, a in estimates if e >= threshold * 0.5]
    best: tuple[float, int] | None = None
    found: int | None = None
    for start in range(0, len(likely), NEAR_BATCH):
        batch = likely[start : start + NEAR_BATCH]
        if best is not None and batch[0][0] < best[0] - ESTIMATE_SLACK:
            break
        # Only the texts are read: the row of the one found is loaded at the end.
        for cand_id, text in tx.article_texts(a for _, a in batch):
            theirs = _word_shingles(tokens_once(text))
            if not is_copy(copy.text, copy.shingles, theirs, threshold):
                continue
            score = containment(copy.shingles, theirs)
            if best is None or (score, -cand_id) > best:
                best, found = (score, -cand_id), cand_id
    if found is None:
        return None
    from monitor.storage import Article  # the parse workers, which analyse, need no storage

    return tx.get(Article, found)


def _short_copy(tx: Tx, copy: Copy, since: datetime) -> Article | None:
    hits = tx.band_matches(copy.title_keys, since, limit=50)
    # Two full texts: their shingles decided already, so a full text reads only the
    # headline-and-summary items among the candidates (most of them are full texts).
    heads = tx.article_titles((a for a, _ in hits), unsketched=not copy.short)
    # `short_copy` asks first that the headlines match: the candidates whose headline
    # does not (most of them) are passed over before their text is read, and a row is
    # loaded only for the one found, the first by id as before.
    words = " ".join(_title_words(copy.title))
    titles = {
        i: title
        for i, title in heads
        if _title_ratio(_title_words(title), words) >= TITLE_THRESHOLD
    }
    for cand_id, text in tx.article_texts(titles):
        if short_copy(titles[cand_id], text[:LEDE], copy.title, copy.text[:LEDE]):
            from monitor.storage import Article  # the parse workers need no storage

            return tx.get(Article, cand_id)
    return None
