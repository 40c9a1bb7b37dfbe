"""A pytest plugin that runs the brief tests with a grid row's settings (`-p bench.row_tests`).

`BRIEF_ROW` names a row of `bench/brief_quality.py`'s GRID55; the values in which it differs
from the grid's first row (main's settings) are set on the modules before any test runs, so
a row whose settings fail an existing test is known before the rule picks (UNPICKABLE53).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    name = os.environ.get("BRIEF_ROW")
    if not name:
        return
    sys.path.insert(0, str(ROOT / "bench"))
    import brief_quality

    from monitor.judge import briefs, sentences

    rows = dict(brief_quality.GRID55)
    first = brief_quality.GRID55[0][1]
    for k, v in rows[name].items():
        if first.get(k) != v:
            module, _, attr = k.rpartition(".")
            setattr(sentences if module == "sentences" else briefs, attr, v)
    briefs.clear_readings()
