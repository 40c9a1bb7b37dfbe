"""The import graph of the package: no module reaches itself again, config stands alone.

Read from the source with `ast`, so imports inside functions and under TYPE_CHECKING
count too: a cycle hidden in a function is still two concerns that cannot be read apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (`from pkg import mod` counts as mod)."""
    mods = modules()

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {owner(a.name) for a in node.names if a.name.startswith("monitor")}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package
                    for _ in range(node.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                if base.split(".")[0] != "monitor":
                    continue
                for a in node.names:
                    full = f"{base}.{a.name}"
                    deps.add(full if full in mods else owner(base))
        graph[name] = {d for d in deps if d is not None and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read_from_the_source() -> None:
    graph = import_graph()
    assert "monitor.judge.copies" in graph["monitor.ingest"]
    assert "monitor.storage.models" in graph["monitor.storage"]  # from a package's __init__
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_back() -> None:
    assert cycles(import_graph()) == []


def test_config_imports_nothing_of_ours() -> None:
    assert import_graph()["monitor.config"] == set()


def test_redaction_imports_nothing_of_ours_and_no_stage_reaches_the_service_for_it() -> None:
    """Every layer masks secrets with monitor.redact, which stands alone."""
    graph = import_graph()
    assert graph["monitor.redact"] == set()
    users = {name for name, deps in graph.items() if "monitor.service.logs" in deps}
    users -= {"monitor.alerting.channels.console"}  # follows the log format, masks nothing
    assert all(n.startswith(("monitor.service", "monitor.review.cli")) for n in users), users


def test_only_storage_imports_database_libraries() -> None:
    """Callers handle StorageError; none needs SQLAlchemy or a driver to catch errors."""
    database = {"sqlalchemy", "sqlmodel", "sqlite3", "psycopg", "alembic"}
    for name, path in modules().items():
        if name == "monitor.storage" or name.startswith("monitor.storage."):
            continue
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
        assert not imported & database, f"{name} imports {sorted(imported & database)}"
