"""`monitor feeds`: configured feeds, their health, adding one, OPML in and out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from monitor.redact import redact
from monitor.review.cli import display
from monitor.review.cli.common import (
    ExitCode,
    config_or_exit,
    err,
    fail,
    found,
    out,
    stamp,
    state,
    store_or_exit,
)
from monitor.review.cli.filters import Json, emit_json

feeds_app = typer.Typer(help="Configured feeds and their health.")


@feeds_app.callback(invoke_without_command=True)
def feeds_list(ctx: typer.Context, json_: Json = False) -> None:
    """List feeds: status, failures, last success, next check, interval and why, last error."""
    if ctx.invoked_subcommand:
        return
    store = store_or_exit(config_or_exit())
    wide = display.width(out) >= display.WIDE
    with store.tx() as tx:
        if json_:
            from monitor.review import records

            emit_json([records.feed(f) for f in tx.feeds()])
            return
        if wide:
            listing = display.table(
                "id", "name", "url", "status", "last success", "next check", "every", "error"
            )
        else:  # name, URL and error share a column; dates above times
            listing = display.table("id", "feed", "status", "last success", "next check", "every")
        for f in tx.feeds():
            shown, moved = redact(f.url), redact(f.fetch_url) if f.fetch_url else None
            url = shown if moved is None else f"{shown} → {moved}"
            name = f.name or f.title or ""
            error = display.cause_first(f.last_error, shown, moved)
            status = f.status if f.configured else "removed"
            if f.consecutive_failures:
                failures = display.count(f.consecutive_failures, "failure")
                status += f" ({failures})" if wide else f"\n{failures}"
            polled = f.status != "disabled" and f.configured
            nxt = stamp(f.next_check_at, stacked=not wide) if polled else "—"
            last = stamp(f.last_success_at, stacked=not wide)
            every = display.span(f.check_interval)
            if wide:
                reason = f": {f.interval_reason}" if f.interval_reason else ""
                listing.add_row(str(f.id), name, url, status, last, nxt, every + reason, error)
            else:
                feed = display.lines(name, Text(url, style="dim"), Text(error, style="red"))
                listing.add_row(str(f.id), feed, status, last, nxt, every)
    display.show(
        out,
        listing,
        err=err,
        empty="no feeds in the database yet: `monitor run --once` polls the configured feeds",
    )


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
    import asyncio

    from monitor.collect.discover import DiscoveryError, discover
    from monitor.collect.entries import storable
    from monitor.collect.parsepool import ParsePool
    from monitor.config import ConfigError, config_path
    from monitor.review.configedit import append_feed
    from monitor.service.app import build_fetcher

    cfg = config_or_exit()
    path = config_path(state.config)
    known = {f.url for f in cfg.feeds}
    if url in known:
        fail(ExitCode.USAGE, f"{redact(url)} is already configured in {path}")

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
        fail(ExitCode.FAILED, redact(str(exc)))
    feed = found.feed
    # The feed's own title becomes its name: as long as an OPML import would take.
    remote_title = storable(feed.title)[:200] if feed.title else None
    title = f'"{remote_title}"' if remote_title else "(untitled)"
    out.print(
        f"Found {found.format_name} feed {title} at {redact(found.url)} "
        f"({len(feed.entries)} entries; by {found.found_by}).",
        markup=False,
    )
    if found.url in known:
        fail(ExitCode.USAGE, f"{redact(found.url)} is already configured in {path}")
    try:
        append_feed(path, found.url, name=name or remote_title, interval=interval, topics=topic)
    except ConfigError as exc:
        err.print("[bold red]Not added[/] — the configuration file is unchanged:")
        for p in exc.problems:
            err.print(f"  {p}", markup=False)
        raise typer.Exit(ExitCode.USAGE) from None
    out.print(f"Added it to {path}.", markup=False)
    out.print(
        "A running daemon picks it up when it reloads its configuration: send it SIGHUP "
        "(systemctl reload monitor, or kill -HUP <pid>).",
        markup=False,
    )


@feeds_app.command("show")
def feeds_show(feed_id: int, json_: Json = False) -> None:
    """One feed: where it is, its health, its schedule and what the server told us."""
    from monitor.storage import Feed, utcnow

    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        f = found(tx.get(Feed, feed_id), f"feed {feed_id}")
        resolved, unresolved = tx.aggregator_counts(feed_id)
    if json_:
        from monitor.review import records

        links = {"resolved": resolved, "unresolved": unresolved}
        emit_json({**records.feed_detail(f), "aggregator_links": links})
        return
    now = utcnow()
    polled = f.status != "disabled" and f.configured
    status = f.status if f.configured else f"{f.status}, removed from the configuration"
    if f.consecutive_failures:
        status += f", {display.count(f.consecutive_failures, 'failure')} in a row"
    lease = None
    if f.lease_owner and f.lease_until and display.local(f.lease_until) > now:
        lease = f"{f.lease_owner} until {stamp(f.lease_until)}"
    hints = "; ".join(
        part
        for part in (
            f"ttl {display.span(f.ttl * 60)}" if f.ttl else "",
            f"ETag {f.etag}" if f.etag else "",
            f"Last-Modified {f.last_modified}" if f.last_modified else "",
        )
        if part
    )
    shown, moved = redact(f.url), redact(f.fetch_url) if f.fetch_url else None
    title = f.name or f.title or shown
    out.print(f"Feed {f.id}: {title}", style="bold", markup=False)
    display.facts(
        out,
        [
            ("url", shown),
            ("moved to", moved),
            ("feed title", f.title if f.title and f.title != f.name else None),
            ("status", status),
            ("last error", display.cause_first(f.last_error, shown, moved)),
            ("last cut", f.last_cut),
            ("last checked", _at(f.last_checked_at, now)),
            ("last success", _at(f.last_success_at, now)),
            ("next check", _at(f.next_check_at, now) if polled else "not polled"),
            (
                "interval",
                display.span(f.check_interval)
                + (f" ({f.interval_reason})" if f.interval_reason else ""),
            ),
            ("entries seen", f.entries_seen),
            ("aggregator links", _resolved(resolved, unresolved)),
            (
                "rate from",
                f"{len(f.arrivals or [])} recent entries"
                + (f" since {stamp(f.rate_since)}" if f.rate_since else ""),
            ),
            ("server hints", hints),
            ("leased by", lease),
            ("added", stamp(f.created_at)),
        ],
    )


def _resolved(resolved: int, unresolved: int) -> str | None:
    """How many of the feed's aggregator links (Google News, …) led to the publisher."""
    total = resolved + unresolved
    if not total:
        return None
    return f"{resolved} of {total} resolved to the publisher ({unresolved} unresolved)"


def _at(dt: datetime | None, now: datetime) -> str:
    if dt is None:
        return "never"
    return f"{stamp(dt)} ({display.until(dt, now)})"


@feeds_app.command("enable")
def feeds_enable(feed_id: int) -> None:
    """Poll a feed again that was disabled (for example after a 410 Gone)."""
    from monitor.storage import Feed, utcnow

    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        f = found(tx.get(Feed, feed_id), f"feed {feed_id}")
        was = f.status
        f.status, f.consecutive_failures = "new", 0
        f.next_check_at = utcnow()
        f.interval_reason = "enabled by hand"
        tx.add(f)
    out.print(f"feed {feed_id} was {was}; it is checked at the next poll", markup=False)


@feeds_app.command("import")
def feeds_import(
    file: Annotated[Path, typer.Argument(help="An OPML file, as feed readers export it.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; change nothing.")
    ] = False,
) -> None:
    """Add the feeds of an OPML file to the config file; those already there are skipped.

    A feed in a folder (category) named like a topic is restricted to that topic; other
    folders are ignored. Comments and layout of the config file are kept.
    """
    from datetime import UTC, datetime

    from monitor.collect.entries import canonical_url
    from monitor.config import ConfigError, config_path
    from monitor.review.configedit import NewFeed, append_feeds
    from monitor.review.opml import OPMLError, parse

    cfg = config_or_exit()
    path = config_path(state.config)
    try:
        outlines = parse(file.read_bytes())
    except OSError as exc:
        err.print(f"cannot read {file}: {exc.strerror}", markup=False)
        raise typer.Exit(1) from None
    except OPMLError as exc:
        err.print(f"{file}: {exc}; nothing was imported", markup=False)
        raise typer.Exit(1) from None
    topics = {t.name.casefold(): t.name for t in cfg.topics}
    known = {canonical_url(f.url): f.url for f in cfg.feeds}
    adding: dict[str, NewFeed] = {}
    skipped: list[tuple[str, str]] = []
    ignored: dict[str, None] = {}
    for o in outlines:
        key = canonical_url(o.url)
        if not _is_web_url(o.url):
            skipped.append((o.url, "not an http(s) URL"))
        elif key in known:
            skipped.append((o.url, f"already configured as {known[key]}"))
        elif key in adding:
            skipped.append((o.url, "listed twice in the file"))
        else:
            chosen = [topics[c.casefold()] for c in o.categories if c.casefold() in topics]
            ignored.update((c, None) for c in o.categories if c.casefold() not in topics)
            adding[key] = NewFeed(o.url, o.title[:200] or None, topics=list(dict.fromkeys(chosen)))
    new = list(adding.values())
    if dry_run or not new:
        verb = "Would add" if dry_run else "Added"
        out.print(f"{verb} {_feeds(len(new))} from {file} to {path}.", markup=False)
    else:
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        try:
            append_feeds(path, new, comment=f"Imported from {file.name} on {when}")
        except ConfigError as exc:
            err.print("[bold red]Nothing imported[/] — the configuration file is unchanged:")
            for p in exc.problems:
                err.print(f"  {p}", markup=False)
            raise typer.Exit(2) from None
        out.print(f"Added {_feeds(len(new))} from {file} to {path}:", markup=False)
    for f in new:
        only = f" (topics: {', '.join(f.topics)})" if f.topics else ""
        out.print(f"  + {f.name or '(untitled)'}: {redact(f.url)}{only}", markup=False)
    if skipped:
        out.print(f"Skipped {_feeds(len(skipped))}:", markup=False)
        for url, why in skipped:
            out.print(f"  - {redact(url)}: {redact(why)}", markup=False)
    if ignored:
        out.print(
            f"Folders that name no topic were ignored: {', '.join(ignored)} "
            f"(topics: {', '.join(topics.values())})",
            markup=False,
        )
    if new and not dry_run:
        out.print(
            "A running daemon picks them up when it reloads its configuration: send it "
            "SIGHUP (systemctl reload monitor, or kill -HUP <pid>).",
            markup=False,
        )


@feeds_app.command("export")
def feeds_export(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file [default: standard output]"),
    ] = None,
) -> None:
    """Write the configured feeds as OPML 2.0, for a feed reader or another monitor."""
    import os
    import sys
    import tempfile
    from urllib.parse import urlsplit

    from monitor.config import config_path
    from monitor.review.opml import ExportFeed, render

    cfg = config_or_exit()
    feeds = [
        ExportFeed(f.url, f.name or urlsplit(f.url).hostname or f.url, tuple(f.topics or ()))
        for f in cfg.feeds
    ]
    text = render(feeds, title=f"news-monitor feeds ({config_path(state.config).name})")
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    tmp: str | None = None
    try:  # a whole file or none: an interrupted export never leaves half of one
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if redact(text) == text:  # as a new file would be, not mkstemp's 0600
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        # else: feed URLs with credentials stay readable by their owner only
        os.replace(tmp, output)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        err.print(f"cannot write {output}: {exc.strerror or exc}", markup=False)
        raise typer.Exit(1) from None
    err.print(f"Wrote {_feeds(len(feeds))} to {output}.", markup=False)


def _feeds(n: int) -> str:
    return f"{n} feed" if n == 1 else f"{n} feeds"


def _is_web_url(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
