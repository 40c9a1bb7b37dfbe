"""Compressed JSON columns on SQLite read back the values `json.loads` reads."""

from __future__ import annotations

import json
import random
import struct
import zlib
from typing import Any

from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from monitor.storage.models import PackedJSON, SharedPackedJSON


def _docs() -> list[Any]:
    rng = random.Random(11)
    floats = [struct.unpack("<d", rng.randbytes(8))[0] for _ in range(3000)]
    floats = [f for f in floats if f == f and abs(f) != float("inf")]
    floats += [rng.random() * 10 ** rng.randint(-30, 30) for _ in range(3000)]
    floats += [0.1, 0.30000000000000004, 5e-324, 2.2250738585072011e-308, -0.0, 1e300]
    views = [
        {
            "terms": {f"t{i}": rng.random() for i in range(40)},
            "names": {"name:petro": 0.71, "name:bogotá": 0.7},
            "at": 1767225600.123456,
            "lang": "es",
            "kinds": ["strike", "vote"],
            "ahead": [],
            "caused": None,
            "big": 12345678901234567890123456789,
            "quote": "“Petro” met 😀 at the café",
        }
        for _ in range(4)
    ]
    deep: list[Any] = []
    for _ in range(300):  # deeper than pydantic's parser goes
        deep = [deep]
    return [views, floats, deep, {"a": -0, "b": [1e5, 1e-7]}, [], {}, "text", 3, None]


def test_compressed_json_reads_back_what_json_loads_reads() -> None:
    lite = sqlite_dialect()
    for kind in (PackedJSON(), SharedPackedJSON()):
        write, read = kind.bind_processor(lite), kind.result_processor(lite, None)
        for doc in _docs():
            want = json.loads(json.dumps(doc))
            # written by the other type: a document this one wrote is kept, not read
            other = PackedJSON() if isinstance(kind, SharedPackedJSON) else SharedPackedJSON()
            got = read(other.bind_processor(lite)(doc))
            assert repr(got) == repr(want)
            assert repr(read(write(doc))) == repr(want)
        # a lone surrogate escape, which only `json.loads` reads
        assert read(zlib.compress(b'["\\ud800", 1.5]')) == ["\ud800", 1.5]
