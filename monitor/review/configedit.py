"""Edits to the configuration file's text that keep everything else, comments included."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from monitor.config import Config, ConfigError, parse_config
from monitor.service.configcheck import check_config


def _toml_string(value: str) -> str:
    # A JSON string with only these escapes is a valid TOML basic string once DEL, which
    # JSON leaves bare, is escaped too. "${" becomes "$${" so text from a feed (a title)
    # is never read as an environment variable.
    text = json.dumps(value.replace("${", "$${"), ensure_ascii=False)
    return text.replace("\x7f", "\\u007f")


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


@dataclass(frozen=True)
class NewFeed:
    url: str
    name: str | None = None
    interval: str | None = None
    topics: list[str] | None = None


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
    return append_feeds(path, [NewFeed(url, name, interval, topics)])


def append_feeds(path: Path, feeds: list[NewFeed], *, comment: str | None = None) -> Config:
    """Append one [[feeds]] block per feed, after a `# comment` line if given, in one
    atomic write; as `append_feed`, all of it is valid or nothing is written."""
    text = path.read_text(encoding="utf-8")
    current = _load(text, str(path))
    known = {f.url for f in current.feeds}
    for feed in feeds:
        if feed.url in known:
            raise ConfigError([f"{path}: feeds: {feed.url} is already configured"])
        known.add(feed.url)
    separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    blocks = "\n".join(feed_block(f.url, f.name, f.interval, f.topics) for f in feeds)
    note = "".join(f"# {_comment_safe(line)}\n" for line in (comment or "").splitlines())
    new_text = text + separator + note + blocks
    label = "the new feed" if len(feeds) == 1 else "the new feeds"
    updated = _load(new_text, f"{path} (with {label})")
    _replace(path, new_text)
    return updated


def _comment_safe(line: str) -> str:
    # TOML comments allow tabs but no other control character
    return "".join(c for c in line if c == "\t" or (c >= " " and c != "\x7f"))


def _load(text: str, source: str) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{source}: not valid TOML: {exc}"]) from None
    return check_config(parse_config(data, source), source)


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
