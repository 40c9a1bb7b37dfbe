"""The `monitor` command."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from monitor.config import Config, ConfigError, config_path, load_config
from monitor.service.logs import redact as redact_text
from monitor.storage import (
    Alert,
    Article,
    Feed,
    Silence,
    StorageError,
    Store,
    Story,
    Tx,
    redact,
)

app = typer.Typer(
    help="Watch news feeds for one subject, keep a clean article log, alert on what is new.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stories_app = typer.Typer(help="Stories: articles about one event, grouped.")
articles_app = typer.Typer(help="The stored article log.")
alerts_app = typer.Typer(help="Alerts and their delivery state.")
feeds_app = typer.Typer(help="Configured feeds and their health.")
channels_app = typer.Typer(help="Alert channels: what is configured, and a test send.")
app.add_typer(stories_app, name="stories")
app.add_typer(articles_app, name="articles")
app.add_typer(alerts_app, name="alerts")
app.add_typer(feeds_app, name="feeds")
app.add_typer(channels_app, name="channels")

# Piped output is read by scripts and grep: no 80-column truncation there.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 240)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    config: Path | None = None
    verbose: bool = False


state = State()


@app.callback()
def _main(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="Config file [default: $MONITOR_CONFIG or config/monitor.toml]"
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
    log_format: Annotated[
        str,
        typer.Option(
            "--log-format",
            help="auto (text on a terminal, else JSON lines), json or text.",
            envvar="MONITOR_LOG_FORMAT",
        ),
    ] = "auto",
) -> None:
    from monitor.service import logs

    state.config = config
    state.verbose = verbose
    if log_format not in ("auto", "json", "text"):
        err.print(f"unknown --log-format {log_format!r}: use auto, json or text")
        raise typer.Exit(2)
    logs.setup(log_format, verbose=verbose)


def _config() -> Config:
    from monitor.service import logs

    try:
        cfg = load_config(state.config)
        logs.register_secrets(logs.config_secrets(cfg))
        return cfg
    except ConfigError as exc:
        err.print("[bold red]Configuration error[/] — nothing was started:")
        for p in exc.problems:
            err.print(f"  {logs.redact(p)}", markup=False)
        raise typer.Exit(2) from None


def _store(cfg: Config) -> Store:
    try:
        from monitor.storage.migrate import ensure_schema

        store = Store(cfg.storage.url)
        ensure_schema(store, auto_migrate=cfg.storage.auto_migrate)
        return store
    except StorageError as exc:
        err.print(f"[bold red]Database error:[/] {exc}")
        raise typer.Exit(1) from None


T = TypeVar("T")


def _found(row: T | None, what: str) -> T:
    """The row a `show` command asked for, or exit 1 saying it does not exist."""
    if row is None:
        err.print(f"no {what}")
        raise typer.Exit(1)
    return row


def _alert(tx: Tx, alert_id: str) -> Alert:
    """An alert by its id or a unique prefix of it, as the listings show it."""
    return _found(tx.get(Alert, alert_id) or tx.alert_by_prefix(alert_id), f"alert {alert_id}")


def _when(dt: Any) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if dt else "—"


# running


@app.command()
def run(
    once: Annotated[
        bool, typer.Option("--once", help="Poll every feed once, deliver, and exit.")
    ] = False,
    due: Annotated[
        bool,
        typer.Option(
            "--due",
            help="With --once: poll only the feeds whose next check has come (for cron).",
        ),
    ] = False,
) -> None:
    """Run the monitor: as a daemon, or once with --once."""
    from monitor.service.app import App

    cfg = _config()
    if due and not once:
        err.print("--due goes with --once: the daemon always polls what is due")
        raise typer.Exit(2)

    async def main() -> int:
        try:
            application = App(cfg)
            application.store.lock_instance()
            application.start()
        except StorageError as exc:
            err.print(f"[bold red]Database error:[/] {exc}")
            return 1
        try:
            if once:
                summary = await application.run_once(due_only=due)
                _print_cycle(summary)
            else:
                from monitor.service.daemon import Daemon  # and its scheduler: not for --once

                await Daemon(application, reload=lambda: load_config(state.config)).run()
        finally:
            await application.aclose()
        return 0

    raise typer.Exit(asyncio.run(main()))


def _print_cycle(summary: Any) -> None:
    cycle, delivery = summary.cycle, summary.delivery
    out.print(
        f"Polled {len(cycle.feeds)} feeds: {cycle.total('new_entries')} new entries, "
        f"{cycle.total('relevant')} relevant ({cycle.total('duplicates')} duplicates), "
        f"{cycle.total('alerts')} alert events; delivered {delivery.delivered}, "
        f"retrying {delivery.retrying}, dead {delivery.dead}."
    )
    for f in cycle.failed:
        out.print(f"  feed failed: {f.url}: {f.error}", markup=False)
    for e in delivery.errors:
        out.print(f"  delivery problem: {e}", markup=False)


@app.command("check-config")
def check_config() -> None:
    """Validate the configuration and summarise it."""
    from monitor.alerting.rules import human

    cfg = _config()
    out.print(f"[green]OK[/] {config_path(state.config)}")
    out.print(f"storage: {redact(cfg.storage.url)}", markup=False)
    out.print(f"topics ({len(cfg.topics)}):")
    for t in cfg.topics:
        out.print(f"  {t.name}: {t.query}", markup=False)
    out.print(f"feeds ({len(cfg.feeds)}):")
    for f in cfg.feeds:
        extra = f" every {int(f.interval)}s" if f.interval else ""
        out.print(f"  {f.name or '-'}: {redact_text(f.url)}{extra}", markup=False)
    out.print(f"rules ({len(cfg.rules)}):")
    for r in cfg.rules:
        when = (
            f"digest {r.schedule!r} {r.timezone}"
            if r.schedule
            else f"events={','.join(r.events)} group_wait={human(r.group_wait)}"
        )
        out.print(
            f"  {r.name}: {when} channels={','.join(r.channels)}"
            + (f" min_outlets={r.min_outlets}" if r.min_outlets > 1 else "")
            + (f" query={r.query}" if r.query else ""),
            markup=False,
        )
    out.print(f"channels ({len(cfg.channels)}):")
    for c in cfg.channels:
        target = getattr(c, "url", None) or getattr(c, "smtp", None)
        where = f" {redact_text(target)}" if target else ""
        out.print(f"  {c.name}: {c.type}{where}", markup=False)


@app.command()
def demo(
    keep: Annotated[Path | None, typer.Option(help="Keep the demo database at this path.")] = None,
) -> None:
    """Run the whole pipeline offline on the seed corpus and print the alerts."""
    from monitor.demo.run import run_demo

    raise typer.Exit(asyncio.run(run_demo(out, keep)))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    with_text: Annotated[bool, typer.Option("--with-text", help="Include article text.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File [stdout]")] = None,
    stories: Annotated[
        bool, typer.Option("--stories", help="Stories and their timelines instead of articles.")
    ] = False,
) -> None:
    """Write the stored relevant articles (or stories with --stories), one per line."""
    from monitor.review import export as exporter

    if fmt not in ("jsonl", "csv"):
        err.print(f"unknown format {fmt!r}: use jsonl or csv")
        raise typer.Exit(2)
    store = _store(_config())

    def write(fh: Any) -> int:
        if stories:
            return exporter.write_stories(store, fh, fmt=fmt)
        return exporter.write(store, fh, fmt=fmt, with_text=with_text)

    if output is None:
        write(sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = write(fh)
        err.print(f"wrote {n} {'stories' if stories else 'articles'} to {output}")


# inspecting


@stories_app.callback(invoke_without_command=True)
def stories_list(
    ctx: typer.Context, limit: Annotated[int, typer.Option(help="How many.")] = 50
) -> None:
    """List stories, most recently active first."""
    if ctx.invoked_subcommand:
        return
    store = _store(_config())
    with store.tx() as tx:
        table = Table("id", "title", "articles", "outlets", "first seen", "last seen", "alerts")
        for s in tx.stories(limit):
            assert s.id is not None
            alerts = len(tx.alerts_for_story(s.id))
            table.add_row(
                str(s.id),
                s.title,
                str(len(tx.story_articles(s.id))),
                str(len(tx.story_outlets(s.id))),
                _when(s.first_seen),
                _when(s.last_seen),
                str(alerts),
            )
    out.print(table)


@stories_app.command("show")
def stories_show(story_id: int) -> None:
    """One story: its timeline, articles, outlets and alerts."""
    store = _store(_config())
    with store.tx() as tx:
        s = _found(tx.get(Story, story_id), f"story {story_id}")
        if s.merged_into is not None:
            survivor = tx.resolve_story(story_id)
            assert survivor is not None and survivor.id is not None
            out.print(
                f"story {story_id} ({s.title}) was merged into story {survivor.id}", markup=False
            )
            s, story_id = survivor, survivor.id
        out.print(f"Story {s.id}: {s.title}", style="bold", markup=False)
        out.print(f"first seen {_when(s.first_seen)}, last seen {_when(s.last_seen)}")
        out.print(f"outlets: {', '.join(tx.story_outlets(story_id))}", markup=False)
        merged = tx.story_family(story_id)[1:]
        if merged:
            out.print(f"merged from stories: {', '.join(map(str, merged))}")
        timeline = Table("date", "kind", "what", "article", title="Timeline")
        for e in tx.story_events(story_id):
            what = e.summary + (f" — {'; '.join(e.details)}" if e.details else "")
            timeline.add_row(_when(e.at), e.kind, what, str(e.article_id or ""))
        out.print(timeline)
        table = Table("id", "published", "source", "lang", "title", "copy of")
        for a in tx.story_articles(story_id):
            table.add_row(
                str(a.id),
                _when(a.published_at),
                a.source_name or a.source,
                a.language or "",
                a.title,
                str(a.duplicate_of or ""),
            )
        out.print(table)
        for al in tx.alerts_for_story(story_id):
            extra = f": {', '.join(al.new_information)}" if al.new_information else ""
            origin = f" (story {al.story_id})" if al.story_id != story_id else ""
            out.print(f"alert {al.id} {al.event} rule={al.rule}{origin}{extra}", markup=False)


@articles_app.callback(invoke_without_command=True)
def articles_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Include off-topic articles.")] = False,
) -> None:
    """List stored articles, newest first."""
    if ctx.invoked_subcommand:
        return
    store = _store(_config())
    with store.tx() as tx:
        table = Table("id", "fetched", "source", "lang", "story", "copy of", "title")
        for a in tx.articles(relevant=None if all_ else True, limit=limit, newest_first=True):
            table.add_row(
                str(a.id),
                _when(a.fetched_at),
                a.source_name or a.source,
                a.language or "",
                str(a.story_id or ""),
                str(a.duplicate_of or ""),
                a.title,
            )
    out.print(table)


@articles_app.command("show")
def articles_show(
    article_id: int,
    text: Annotated[bool, typer.Option("--text", help="Print the full text.")] = False,
) -> None:
    """One article with where it was seen."""
    store = _store(_config())
    with store.tx() as tx:
        a = tx.get(Article, article_id)
        if a is None:
            err.print(f"no article {article_id}")
            raise typer.Exit(1)
        fields = {
            "url": a.url,
            "title": a.title,
            "source": f"{a.source_name or ''} ({a.source})",
            "published": _when(a.published_at),
            "fetched": _when(a.fetched_at),
            "language": a.language,
            "author": a.author,
            "relevant": a.relevant,
            "topics": ", ".join(a.topics),
            "story": a.story_id,
            "copy of": a.duplicate_of,
            "text from": a.text_origin,
            "extraction error": a.extraction_error,
            "via": _via(a),
        }
        for k, v in fields.items():
            if v not in (None, ""):
                out.print(f"{k:>16}: {v}", markup=False)
        for s in tx.sightings(article_id):
            out.print(f"{'seen at':>16}: {s.url} (feed {s.feed_id}, {_when(s.seen_at)})")
        if text and a.text:
            out.print()
            out.print(a.text, markup=False)


def _via(a: Article) -> str | None:
    if a.aggregator is None:
        return None
    if a.aggregator_unresolved:
        return f"{a.aggregator} (unresolved: the url is the aggregator's link)"
    return f"{a.aggregator} (resolved to the publisher)"


def _print_alerts(status: str | None, limit: int) -> None:
    store = _store(_config())
    with store.tx() as tx:
        table = Table("id", "created", "event", "rule", "story", "state", "deliveries")
        for al in tx.alerts(status=status, limit=limit):
            deliveries = ", ".join(f"{d.channel}:{d.status}" for d in tx.deliveries(al.id))
            story = (
                str(al.story_id)
                if al.story_id is not None
                else f"{len(al.story_ids)} stories"
                if al.story_ids
                else "—"
            )
            table.add_row(
                al.id[:8], _when(al.created_at), al.event, al.rule, story, al.state, deliveries
            )
    out.print(table)


_STATUS_HELP = "Only alerts with a delivery in this state: pending, held, bundled, delivered, dead."


@alerts_app.callback(invoke_without_command=True)
def alerts_default(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    status: Annotated[str | None, typer.Option(help=_STATUS_HELP)] = None,
) -> None:
    """List alerts, newest first, with delivery state per channel."""
    if ctx.invoked_subcommand:
        return
    _print_alerts(status, limit)


@alerts_app.command("list")
def alerts_list(
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    status: Annotated[str | None, typer.Option(help=_STATUS_HELP)] = None,
) -> None:
    """List alerts, newest first, with delivery state per channel."""
    _print_alerts(status, limit)


@alerts_app.command("retry")
def alerts_retry(
    alert_id: Annotated[
        str | None, typer.Argument(help="Alert id (or its first characters).")
    ] = None,
    dead: Annotated[bool, typer.Option("--dead", help="Re-queue every dead delivery.")] = False,
    channel: Annotated[str | None, typer.Option(help="Only deliveries to this channel.")] = None,
) -> None:
    """Re-queue dead (or waiting) deliveries: the running daemon sends them at its next sweep."""
    from monitor.alerting.outbox import requeue
    from monitor.storage import utcnow

    if (alert_id is None) == (not dead):
        err.print("give an alert id or --dead")
        raise typer.Exit(2)
    store = _store(_config())
    with store.tx() as tx:
        if alert_id is not None:
            al = _alert(tx, alert_id)
            rows = list(tx.deliveries(al.id))
        else:
            rows = list(tx.deliveries_by_status("dead"))
        if channel is not None:
            rows = [d for d in rows if d.channel == channel]
        count = requeue(tx, rows, utcnow())
    out.print(f"re-queued {count} deliveries")
    if alert_id is not None and count == 0:
        err.print("nothing to re-queue: its deliveries are delivered, held or bundled")
        raise typer.Exit(1)


@alerts_app.command("show")
def alerts_show(alert_id: str) -> None:
    """One alert explained: rule, event, matched terms per article, why it fired, deliveries."""
    from monitor.alerting import silences

    store = _store(_config())
    with store.tx() as tx:
        al = _alert(tx, alert_id)
        out.print(f"[bold]Alert {al.id}[/]")
        out.print(f"rule {al.rule}, event {al.event}, state {al.state}", markup=False)
        if al.story_id is not None:
            story = tx.get(Story, al.story_id)
            title = story.title if story else "(gone)"
            out.print(f"story {al.story_id}: {title}", markup=False)
        else:
            out.print(f"stories {', '.join(map(str, al.story_ids)) or 'none'}", markup=False)
            if al.period_start and al.period_end:
                out.print(f"period {_when(al.period_start)} to {_when(al.period_end)} UTC")
        out.print(f"created {_when(al.created_at)}, sealed {_when(al.sealed_at)}")
        out.print("why it fired:")
        reasons = list(al.reasons or []) or ["the rule matched (no thresholds or timers)"]
        for r in reasons:
            out.print(f"  - {r}", markup=False)
        if al.silence_id is not None:
            s = tx.get(Silence, al.silence_id)
            if s is not None:
                out.print(f"silenced by {s.id}: {silences.describe(s)}", markup=False)
        out.print("matched:")
        matches = al.matches or {str(i): list(al.matched_terms) for i in al.article_ids}
        for key, terms in matches.items():
            a = tx.get(Article, int(key))
            where = f"{a.source_name or a.source}: {a.title}" if a else "(gone)"
            said = ", ".join(terms) if terms else "(topic only, the rule has no query)"
            out.print(f"  article {key} ({where}): {said}", markup=False)
        if al.new_information:
            out.print(f"new information: {', '.join(al.new_information)}", markup=False)
        out.print("deliveries:")
        for d in tx.deliveries(al.id):
            when = (
                f"next attempt {_when(d.next_attempt_at)}"
                if d.status == "pending"
                else f"held until {_when(d.next_attempt_at)} UTC (quiet hours)"
                if d.status == "held"
                else f"last attempt {_when(d.last_attempt_at)}"
            )
            out.print(
                f"  {d.channel}: {d.status}, {d.attempts} attempts, {when}"
                + (f", sent in bundle {d.bundle_id}" if d.bundle_id else "")
                + (f", status {d.last_status}" if d.last_status is not None else "")
                + (f", error: {d.last_error}" if d.last_error else ""),
                markup=False,
            )
            assert d.id is not None
            for n, attempt in enumerate(tx.delivery_attempts(d.id), start=1):
                answer = "delivered" if attempt.ok else "failed"
                out.print(
                    f"    attempt {n} at {_when(attempt.at)}: {answer}"
                    + (f", status {attempt.status}" if attempt.status is not None else "")
                    + (f", {attempt.error}" if attempt.error else ""),
                    markup=False,
                )
        if al.payload:
            out.print_json(json.dumps(json.loads(al.payload)))


@channels_app.callback(invoke_without_command=True)
def channels_list(ctx: typer.Context) -> None:
    """List the configured channels."""
    if ctx.invoked_subcommand:
        return
    cfg = _config()
    table = Table("name", "type", "target", "quiet hours")
    for c in cfg.channels:
        target = getattr(c, "url", None) or getattr(c, "smtp", None)
        targets = [target] if target else list(getattr(c, "urls", []))
        table.add_row(
            c.name,
            c.type,
            ", ".join(redact_text(t) for t in targets),
            f"{c.quiet_hours} {c.timezone}" if c.quiet_hours else "—",
        )
    out.print(table)


@channels_app.command("test")
def channels_test(name: Annotated[str, typer.Argument(help="The channel to send to.")]) -> None:
    """Send a clearly marked test message through one channel and report what happened."""
    from monitor.alerting.outbox import channel_test_message
    from monitor.service.app import build_channel

    cfg = _config()
    conf = next((c for c in cfg.channels if c.name == name), None)
    if conf is None:
        known = ", ".join(c.name for c in cfg.channels) or "none"
        err.print(f"no channel {name!r} (known: {known})")
        raise typer.Exit(2)

    async def send() -> str | None:
        channel = build_channel(cfg, conf)
        try:
            await asyncio.wait_for(channel.send(channel_test_message(name)), conf.timeout + 5)
        except TimeoutError:
            return f"no answer within {conf.timeout + 5:g}s"
        except Exception as exc:
            status = getattr(exc, "status", None)
            return (f"status {status}: " if status else "") + str(exc)
        finally:
            await channel.aclose()
        return None

    problem = asyncio.run(send())
    if problem is not None:
        err.print(f"[bold red]FAILED[/] {name}: ", end="")
        err.print(redact_text(problem), markup=False)
        raise typer.Exit(1)
    out.print(f"[green]OK[/] {name}: test message accepted")


silence_app = typer.Typer(help="Silences: alerts for a story or a query are kept, not sent.")
app.add_typer(silence_app, name="silence")


@silence_app.command("add")
def silence_add(
    story: Annotated[int | None, typer.Option("--story", help="Story id.")] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Topic query, e.g. 'venezuela AND maduro'.")
    ] = None,
    for_: Annotated[str, typer.Option("--for", help="How long: 2h, 2d, 1w.")] = "1d",
    comment: Annotated[str, typer.Option("--comment", help="Why.")] = "",
) -> None:
    """Hold back alerts for a story or for stories matching a query, for a while."""
    from monitor.alerting import silences
    from monitor.config import parse_duration
    from monitor.storage import utcnow

    try:
        duration = parse_duration(for_)
    except ValueError as exc:
        err.print(f"--for: {exc}", markup=False)
        raise typer.Exit(2) from None
    store = _store(_config())
    try:
        with store.tx() as tx:
            s = silences.add(
                tx, now=utcnow(), duration=duration, story_id=story, query=query, comment=comment
            )
    except silences.SilenceError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    out.print(
        f"silence {s.id}: {silences.describe(s)} until {_when(s.expires_at)} UTC", markup=False
    )


@silence_app.command("list")
def silence_list(
    all_: Annotated[bool, typer.Option("--all", help="Include expired silences.")] = False,
) -> None:
    """Silences, active ones (or all with --all)."""
    from monitor.alerting import silences
    from monitor.storage import utcnow

    now = utcnow()
    store = _store(_config())
    with store.tx() as tx:
        table = Table("id", "silences", "comment", "created", "expires", "state")
        for s in tx.silences(active_at=None if all_ else now):
            target = f"story {s.story_id}" if s.story_id is not None else f"query {s.query}"
            table.add_row(
                str(s.id),
                target,
                s.comment,
                _when(s.created_at),
                _when(s.expires_at),
                silences.state(s, now),
            )
    out.print(table)


@silence_app.command("expire")
def silence_expire(silence_id: int) -> None:
    """End a silence now: alerts due from now on are delivered again."""
    from monitor.alerting import silences
    from monitor.storage import utcnow

    store = _store(_config())
    try:
        with store.tx() as tx:
            s = silences.expire(tx, silence_id, utcnow())
    except silences.SilenceError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    out.print(f"silence {s.id} expired ({silences.describe(s)})", markup=False)


@feeds_app.callback(invoke_without_command=True)
def feeds_list(ctx: typer.Context) -> None:
    """List feeds: status, failures, last success, next check, interval and why, last error."""
    if ctx.invoked_subcommand:
        return
    store = _store(_config())
    with store.tx() as tx:
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
                _when(f.last_success_at),
                "—" if f.status == "disabled" or not f.configured else _when(f.next_check_at),
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

    cfg = _config()
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
def feeds_show(feed_id: int) -> None:
    """One feed in full."""
    store = _store(_config())
    with store.tx() as tx:
        f = _found(tx.get(Feed, feed_id), f"feed {feed_id}")
        for k, v in f.model_dump().items():
            if k == "arrivals":
                v = f"{len(v or [])} kept"
            out.print(f"{k:>22}: {v}", markup=False)


@feeds_app.command("enable")
def feeds_enable(feed_id: int) -> None:
    """Poll a feed again that was disabled (for example after a 410 Gone)."""
    from monitor.storage import utcnow

    store = _store(_config())
    with store.tx() as tx:
        f = _found(tx.get(Feed, feed_id), f"feed {feed_id}")
        was = f.status
        f.status, f.consecutive_failures = "new", 0
        f.next_check_at = utcnow()
        f.interval_reason = "enabled by hand"
        tx.add(f)
    out.print(f"feed {feed_id} was {was}; it is checked at the next poll", markup=False)


def main() -> None:
    app()


# service: schema migrations

db_app = typer.Typer(help="Database schema migrations (Alembic).")
app.add_typer(db_app, name="db")


def _plain_store() -> Store:
    try:
        return Store(_config().storage.url)
    except StorageError as exc:
        err.print(f"[bold red]Database error:[/] {exc}")
        raise typer.Exit(1) from None


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply pending migrations (`monitor run` does this on start unless auto_migrate = false)."""
    from monitor.storage import migrate

    store = _plain_store()
    try:
        before, after = migrate.upgrade(store, revision)
    except StorageError as exc:
        err.print(f"[bold red]Database error:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        store.close()
    if before == after:
        out.print(f"schema already at {after}")
    else:
        out.print(f"schema upgraded from {before or 'nothing'} to {after}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the database and the one this version expects."""
    from monitor.storage import migrate

    store = _plain_store()
    try:
        rev = migrate.current(store)
    except StorageError as exc:
        err.print(f"[bold red]Database error:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        store.close()
    head = migrate.head()
    state_ = "up to date" if rev == head else "upgrade needed: monitor db upgrade"
    out.print(f"{rev or 'none'} (head {head}, {state_})")


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Option("--message", "-m", help="What the change is.")],
) -> None:
    """Autogenerate the next numbered migration from the models (for developers)."""
    from monitor.storage import migrate

    store = _plain_store()
    try:
        rev = migrate.revision(store, message)
    finally:
        store.close()
    out.print(f"wrote revision {rev} in {migrate.MIGRATIONS / 'versions'}")


@app.command()
def healthcheck(
    port: Annotated[
        int | None, typer.Option(help="Port of /healthz [default: [service] health_port]")
    ] = None,
    host: Annotated[str | None, typer.Option(help="Host [default: [service] health_host]")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait.")] = 5.0,
) -> None:
    """Ask the running daemon's /healthz; exit 0 when healthy (for Docker HEALTHCHECK)."""
    from monitor.service.liveness import probe

    if port is None or host is None:
        service = _config().service
        port = port if port is not None else service.health_port
        host = host if host is not None else service.health_host
    if port is None:
        err.print("no health port: set [service] health_port or pass --port")
        raise typer.Exit(2)
    ok, detail = probe(host, port, timeout)
    (out if ok else err).print(detail, markup=False)
    raise typer.Exit(0 if ok else 1)


@app.command()
def backup(path: Annotated[Path, typer.Argument(help="New file to write the backup to.")]) -> None:
    """Back up the database: SQLite online (safe while running); PostgreSQL via pg_dump."""
    from monitor.storage.backup import backup_sqlite, pg_dump_command

    store = _store(_config())
    try:
        if store.backend != "sqlite":
            out.print("PostgreSQL is backed up with its own tool; run:", markup=False)
            out.print(f"  {pg_dump_command(store, path)}", markup=False)
            out.print("and restore with pg_restore --dbname=… --clean FILE", markup=False)
            return
        try:
            pages = backup_sqlite(store, path)
        except (OSError, ValueError, sqlite3.Error) as exc:
            err.print(f"[bold red]Backup failed:[/] {exc}")
            raise typer.Exit(1) from None
        out.print(f"backed up {pages} pages to {path}")
    finally:
        store.close()


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A `monitor export --with-text` JSONL file.")],
) -> None:
    """Load an exported article log (e.g. moving from SQLite to PostgreSQL)."""
    from monitor.judge.relevance import Topics
    from monitor.storage.transfer import import_rows, read_jsonl

    try:
        with file.open(encoding="utf-8") as fh:
            rows = read_jsonl(fh)
    except (OSError, ValueError) as exc:
        err.print(f"[bold red]Cannot read {file}:[/] {exc}", markup=True)
        raise typer.Exit(2) from None
    if rows and "text" not in rows[0]:
        err.print("the export has no article text: export again with --with-text")
        raise typer.Exit(2)
    cfg = _config()
    store = _store(cfg)
    try:
        report = import_rows(store, rows, Topics(cfg.topics))
    finally:
        store.close()
    out.print(
        f"imported {report.articles} articles ({report.duplicates} copies) in "
        f"{report.stories} stories; {report.skipped} already stored"
    )
