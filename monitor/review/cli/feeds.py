"""`monitor feeds`: configured feeds, their health, adding one."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import typer
from rich.table import Table

from monitor.config import ConfigError, config_path
from monitor.review.cli.common import config_or_exit, err, found, out, stamp, state, store_or_exit
from monitor.review.cli.filters import Json, emit_json
from monitor.storage import (
    Feed,
)

feeds_app = typer.Typer(help="Configured feeds and their health.")


@feeds_app.callback(invoke_without_command=True)
def feeds_list(ctx: typer.Context, json_: Json = False) -> None:
    """List feeds: status, failures, last success, next check, interval and why, last error."""
    if ctx.invoked_subcommand:
        return
    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        if json_:
            from monitor.review import records

            emit_json([records.feed(f) for f in tx.feeds()])
            return
        table = Table(
            "id", "name", "url", "status", "fails", "last success", "next", "every", "why", "error"
        )
        for f in tx.feeds():
            url = f.url if f.fetch_url is None else f"{f.url} → {f.fetch_url}"
            table.add_row(
                str(f.id),
                f.name or f.title or "",
                url,
                f.status if f.configured else "removed",
                str(f.consecutive_failures),
                stamp(f.last_success_at),
                "—" if f.status == "disabled" or not f.configured else stamp(f.next_check_at),
                _duration(f.check_interval),
                f.interval_reason or "",
                (f.last_error or "")[:80],
            )
    out.print(table)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f}s"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="A site's homepage or a feed URL.")],
    name: Annotated[str | None, typer.Option(help="Display name [default: none]")] = None,
    interval: Annotated[
        str | None, typer.Option(help="Check interval, e.g. 10m [default: [schedule]]")
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="Only these topics (repeatable).")
    ] = None,
) -> None:
    """Find the feed at URL, check that it parses, and add it to the config file."""
    from monitor.collect.discover import DiscoveryError, discover
    from monitor.collect.parsepool import ParsePool
    from monitor.review.configedit import append_feed
    from monitor.service.app import build_fetcher

    cfg = config_or_exit()
    path = config_path(state.config)
    known = {f.url for f in cfg.feeds}
    if url in known:
        err.print(f"{url} is already configured in {path}", markup=False)
        raise typer.Exit(1)

    async def find() -> Any:
        fetcher = build_fetcher(cfg)
        parser = ParsePool(1, cfg.fetch.parse_timeout)
        try:
            return await discover(url, fetcher, parser)
        finally:
            await fetcher.aclose()
            await parser.aclose()

    try:
        found = asyncio.run(find())
    except DiscoveryError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    feed = found.feed
    title = f'"{feed.title}"' if feed.title else "(untitled)"
    out.print(
        f"Found {found.format_name} feed {title} at {found.url} "
        f"({len(feed.entries)} entries; by {found.found_by}).",
        markup=False,
    )
    if found.url in known:
        err.print(f"{found.url} is already configured in {path}", markup=False)
        raise typer.Exit(1)
    try:
        append_feed(path, found.url, name=name or feed.title, interval=interval, topics=topic)
    except ConfigError as exc:
        err.print("[bold red]Not added[/] — the configuration file is unchanged:")
        for p in exc.problems:
            err.print(f"  {p}", markup=False)
        raise typer.Exit(2) from None
    out.print(f"Added it to {path}.", markup=False)
    out.print(
        "A running daemon picks it up when it reloads its configuration: send it SIGHUP "
        "(systemctl reload monitor, or kill -HUP <pid>).",
        markup=False,
    )


@feeds_app.command("show")
def feeds_show(feed_id: int, json_: Json = False) -> None:
    """One feed in full."""
    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        f = found(tx.get(Feed, feed_id), f"feed {feed_id}")
        if json_:
            from monitor.review import records

            emit_json(records.feed_detail(f))
            return
        for k, v in f.model_dump().items():
            if k == "arrivals":
                v = f"{len(v or [])} kept"
            out.print(f"{k:>22}: {v}", markup=False)


@feeds_app.command("enable")
def feeds_enable(feed_id: int) -> None:
    """Poll a feed again that was disabled (for example after a 410 Gone)."""
    from monitor.storage import utcnow

    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        f = found(tx.get(Feed, feed_id), f"feed {feed_id}")
        was = f.status
        f.status, f.consecutive_failures = "new", 0
        f.next_check_at = utcnow()
        f.interval_reason = "enabled by hand"
        tx.add(f)
    out.print(f"feed {feed_id} was {was}; it is checked at the next poll", markup=False)
