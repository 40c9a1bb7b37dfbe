"""Edits to the configuration file's text that keep everything else, comments included."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

from monitor.config import Config, ConfigError, parse_config


def _toml_string(value: str) -> str:
    # A JSON string with only these escapes is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def feed_block(
    url: str, name: str | None = None, interval: str | None = None, topics: list[str] | None = None
) -> str:
    lines = ["[[feeds]]"]
    if name:
        lines.append(f"name = {_toml_string(name)}")
    lines.append(f"url = {_toml_string(url)}")
    if interval:
        lines.append(f"interval = {_toml_string(interval)}")
    if topics:
        lines.append("topics = [" + ", ".join(_toml_string(t) for t in topics) + "]")
    return "\n".join(lines) + "\n"


def append_feed(
    path: Path,
    url: str,
    *,
    name: str | None = None,
    interval: str | None = None,
    topics: list[str] | None = None,
) -> Config:
    """Append a [[feeds]] block; the new text must be a valid config or nothing is written.

    Raises ConfigError (with file and reason) for a duplicate feed or a result that
    would not load. The file is replaced atomically, keeping its permissions.
    """
    text = path.read_text(encoding="utf-8")
    current = _load(text, str(path))
    if any(f.url == url for f in current.feeds):
        raise ConfigError([f"{path}: feeds: {url} is already configured"])
    separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    new_text = text + separator + feed_block(url, name, interval, topics)
    updated = _load(new_text, f"{path} (with the new feed)")
    _replace(path, new_text)
    return updated


def _load(text: str, source: str) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{source}: not valid TOML: {exc}"]) from None
    return parse_config(data, source)


def _replace(path: Path, text: str) -> None:
    st = path.stat()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # Owner and group too: a service may read its config only through its group
        # (deploy/README.md), and root editing it must not take that away.
        if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError as exc:
                raise ConfigError(
                    [f"{path}: cannot keep its owner and group (edit it as its owner): {exc}"]
                ) from None
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
