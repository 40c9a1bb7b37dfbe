"""Exact and near-duplicate detection: one wire story carried by many outlets.

Exact copies share a hash of their normalised text. Near copies (other boilerplate, a
changed headline, a trimmed paragraph) are found with MinHash over word 3-grams and LSH
band keys kept in the database, so the index survives restarts and is bounded by a window.
Texts too short to shingle fall back to headline similarity.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

from monitor.text import tokens

NUM_PERM = 128
ROWS = 3  # rows per band: 42 bands of 3 rows find pairs above ~0.3 Jaccard reliably
BANDS = NUM_PERM // ROWS
SHINGLE = 3
NEAR_THRESHOLD = 0.4  # estimated Jaccard of word 3-grams that makes a copy
MIN_SHINGLES = 30  # below this a text is too short for MinHash to mean much
TITLE_THRESHOLD = 92.0
_SEED = 7


def text_hash(text: str) -> str:
    """Hash of the folded word sequence: punctuation and case do not make a copy new."""
    return hashlib.sha256(" ".join(tokens(text)).encode()).hexdigest()


def shingles(text: str) -> set[bytes]:
    toks = tokens(text)
    if len(toks) < SHINGLE:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i : i + SHINGLE]).encode() for i in range(len(toks) - SHINGLE + 1)}


@dataclass(frozen=True)
class Signature:
    values: np.ndarray  # NUM_PERM uint32 minimum hashes
    size: int  # number of distinct shingles

    def to_bytes(self) -> bytes:
        return struct.pack("<I", self.size) + self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        (size,) = struct.unpack_from("<I", data)
        return cls(np.frombuffer(data, dtype="<u4", offset=4).copy(), size)

    def similarity(self, other: Signature) -> float:
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def bands(self) -> list[int]:
        """One signed 64-bit key per band, salted with the band number."""
        keys = []
        for b in range(BANDS):
            chunk = self.values[b * ROWS : (b + 1) * ROWS].astype("<u4").tobytes()
            digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    @property
    def usable(self) -> bool:
        return self.size >= MIN_SHINGLES


_TEMPLATE = MinHash(
    num_perm=NUM_PERM, seed=_SEED, scheme="affine32"
)  # permutations are costly to draw


def signature(text: str) -> Signature:
    sh = shingles(text)
    mh = MinHash(
        num_perm=NUM_PERM, seed=_SEED, scheme="affine32", permutations=_TEMPLATE.permutations
    )
    if sh:
        mh.update_batch(list(sh))
    return Signature(mh.hashvalues.astype(np.uint32), len(sh))


def titles_match(a: str, b: str) -> bool:
    ta, tb = " ".join(tokens(a)), " ".join(tokens(b))
    if not ta or not tb:
        return False
    return fuzz.token_set_ratio(ta, tb) >= TITLE_THRESHOLD and min(len(ta), len(tb)) >= 20
