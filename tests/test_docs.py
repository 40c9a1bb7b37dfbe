"""The developer documents describe the code as it is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "monitor"
DESIGN = ROOT / "docs" / "design.md"
_MAP = re.compile(r"<!-- module-map.*?-->\n(.*?)<!-- /module-map -->", re.S)


def _purpose(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def module_map() -> str:
    """The module map as docs/design.md should carry it: one line per module or package."""
    lines = ["| module | what it is for |", "| --- | --- |"]
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts or path.name == "__main__.py":
            continue
        name = str(rel.parent if path.name == "__init__.py" else rel.with_suffix(""))
        if name == "monitor":
            continue
        purpose = _purpose(path).replace("|", "\\|")
        lines.append(f"| `{name}{'/' if path.name == '__init__.py' else ''}` | {purpose} |")
    return "\n".join(lines) + "\n"


def test_design_module_map_lists_every_module() -> None:
    found = _MAP.search(DESIGN.read_text(encoding="utf-8"))
    assert found, "docs/design.md has no module map"
    expected = module_map()
    assert found.group(1) == expected, "docs/design.md's module map is stale; it should be:\n" + (
        expected
    )


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts and p.stat().st_size and not _purpose(p)
    ]
    assert not missing, f"modules without a purpose line: {missing}"
