"""What `docker build` sees of this repository: .dockerignore applied, the build stage's COPYs.

No Docker engine runs here, so the tests rebuild the build stage's inputs by hand: the
files .dockerignore lets into the context, narrowed to what the Dockerfile copies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "deploy" / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"


def ignore_patterns() -> list[str]:
    patterns = []
    for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            patterns.append(line)
    return patterns


def _regex(pattern: str) -> re.Pattern[str]:
    """Docker's pattern syntax (Go filepath.Match plus `**`) as a regular expression."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out.append("[" + pattern[i + 1 : end].replace("!", "^", 1) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def ignored(path: str, patterns: list[str] | None = None) -> bool:
    """Whether .dockerignore keeps `path` (relative, with /) out of the build context.

    As in Docker: the last matching pattern wins, `!` lets a path back in, and a pattern
    matching a directory covers everything below it."""
    patterns = ignore_patterns() if patterns is None else patterns
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        regex = _regex(pattern.strip("/"))
        if any(regex.fullmatch(p) for p in prefixes):
            result = not negate
    return result


def build_stage_copies() -> list[str]:
    """The sources of the build stage's COPY instructions (paths in the build context)."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    stages: list[list[str]] = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0].upper() == "FROM":
            stages.append([])
        elif words[0].upper() == "COPY" and not any(w.startswith("--from") for w in words):
            stages[-1].extend(w for w in words[1:-1] if not w.startswith("--"))
    return stages[0]


def stage_build_context(dest: Path) -> list[str]:
    """Copy into `dest` what the build stage copies, as .dockerignore lets it through.

    Returns the context paths copied (relative, with /)."""
    patterns = ignore_patterns()
    copied: list[str] = []
    for source in build_stage_copies():
        src = ROOT / source
        files = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(ROOT).as_posix()
            if ignored(rel, patterns):
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(rel)
    return copied
