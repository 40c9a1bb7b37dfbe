"""The configuration checked against the code that will use it; how the program reads it.

`monitor.config` checks structure and names and imports nothing of ours. Here the rest:
queries parse, digest schedules and time zones are known, channel templates compile and
render every kind of message, Apprise is installed and knows each URL, an SMTP login
goes over TLS. Problems name file, key and reason, like the structural ones, and nothing
starts until all are fixed.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from monitor.alerting.cron import to_cron, zone
from monitor.config import (
    CHANNEL_FORMATS,
    ChannelConfig,
    Config,
    ConfigError,
    RequestOptions,
    Syntax,
    config_path,
    read_config,
)
from monitor.judge.query import Query, QueryError


def load_config(path: str | Path | None = None) -> Config:
    """Read the configuration file and check all of it; raises ConfigError."""
    return check_config(read_config(path), str(config_path(path)))


def check_config(cfg: Config, source: str = "<config>") -> Config:
    """`cfg` if every value its code reads is usable, else ConfigError naming each one."""
    found = problems(cfg)
    if found:
        raise ConfigError([f"{source}: {p}" for p in found])
    return cfg


def problems(cfg: Config) -> list[str]:
    out = [f"{key}: {why}" for key, why in _syntax_problems(cfg, "")]
    for i, ch in enumerate(cfg.channels):
        out += _channel_problems(i, ch)
    out += _request_problems("fetch", cfg.fetch)
    for i, feed in enumerate(cfg.feeds):
        out += _request_problems(f"feeds[{i}]", feed)
    return out


def _request_problems(key: str, options: RequestOptions) -> list[str]:
    """A cookie file that reads as cookies.txt; a SOCKS proxy only with socksio installed."""
    found: list[str] = []
    if options.cookie_file is not None:
        from monitor.collect.fetch import load_cookie_file

        try:
            load_cookie_file(options.cookie_file)
        except ValueError as exc:
            found.append(f"{key}.cookie_file: {exc}")
    if options.proxy and options.proxy.lower().startswith("socks"):
        try:
            import socksio  # noqa: F401
        except ImportError:
            found.append(
                f"{key}.proxy: SOCKS proxies need the socksio package: pip install 'monitor[socks]'"
            )
    return found


def _query(text: str) -> None:
    try:
        Query.parse(text)
    except QueryError as exc:
        raise ValueError(f"malformed query: {exc}") from None


_CHECKS: dict[str, Callable[[str], object]] = {
    "query": _query,
    "schedule": to_cron,
    "timezone": zone,
}


def _syntax_problems(model: BaseModel, prefix: str) -> Iterator[tuple[str, str]]:
    """Every value marked with `Syntax` in the model tree, checked by its kind's parser."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = f"{prefix}.{name}" if prefix else name
        kind = _syntax_of(field.annotation, field.metadata)
        for sub, item in _items(key, value):
            if isinstance(item, BaseModel):
                yield from _syntax_problems(item, sub)
            elif kind is not None and isinstance(item, str):
                try:
                    _CHECKS[kind](item)
                except ValueError as exc:
                    yield sub, str(exc)


def _items(key: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield f"{key}[{i}]", item
    elif isinstance(value, dict):
        for k, item in value.items():
            yield f"{key}.{k}", item
    elif value is not None:
        yield key, value


def _syntax_of(annotation: Any, metadata: list[Any]) -> str | None:
    for m in metadata:
        if isinstance(m, Syntax):
            return m.kind
    for arg in typing.get_args(annotation):
        if isinstance(arg, Syntax):
            return arg.kind
        if (kind := _syntax_of(arg, [])) is not None:
            return kind
    return None


def _channel_problems(i: int, ch: ChannelConfig) -> list[str]:
    """Templates that compile and render every kind of message; Apprise installed if used."""
    found: list[str] = []
    formats = CHANNEL_FORMATS[ch.type]
    if ch.template_dir is not None and not Path(ch.template_dir).is_dir():
        found.append(f"channels[{i}].template_dir: not a directory: {ch.template_dir}")
        return found
    for fmt, path in ch.templates.items():
        if fmt not in formats:
            used = ", ".join(formats) or "none (it sends JSON)"
            found.append(
                f"channels[{i}].templates.{fmt}: a {ch.type} channel does not use a {fmt} "
                f"template (it uses: {used})"
            )
        elif not Path(path).is_file():
            found.append(f"channels[{i}].templates.{fmt}: no such file: {path}")
    if found:
        return found
    if formats:  # a webhook renders nothing: no Jinja2 to load for it
        from monitor.alerting.channels.render import TemplateProblem, template_set

        try:
            found += [f"channels[{i}] template {p}" for p in template_set(ch, None).check(formats)]
        except TemplateProblem as exc:
            found.append(f"channels[{i}] template {exc}")
    if ch.type == "apprise":
        from monitor.alerting.channels.apprise import apprise_problems

        found += [f"channels[{i}].urls: {p}" for p in apprise_problems(list(ch.urls))]
    if ch.type == "email":
        from monitor.alerting.channels.email import smtp_problems

        found += [
            f"channels[{i}].smtp: {p}" for p in smtp_problems(ch.smtp, ch.allow_insecure_auth)
        ]
    return found
