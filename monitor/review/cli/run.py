"""Running the monitor: the daemon, one poll, check-config, the demo, the liveness probe."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from monitor.redact import redact as redact_text
from monitor.review.cli import display
from monitor.review.cli.app import app
from monitor.review.cli.common import ExitCode, config_or_exit, err, fail, out, state
from monitor.review.cli.serve import refuse_or_exit
from monitor.review.web.bind import ListenError

if TYPE_CHECKING:
    from monitor.config import RequestOptions


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
    # What start-up makes (modules, classes, the config, the app) lives as long as the
    # process: the collector is kept off while it is made, then told to leave it out of
    # every later pass, which would otherwise walk it all again to find no garbage.
    gc.disable()
    try:
        _run(once, due)
    finally:
        # once the app has started the collector is back on: freezing again here would take
        # the whole run's objects out of it for an in-process caller
        if not gc.isenabled():
            _started()


def _started() -> None:
    gc.freeze()
    gc.enable()


def _run(once: bool, due: bool) -> None:
    import asyncio

    from monitor.service.app import App
    from monitor.service.configcheck import load_config
    from monitor.storage import StorageError

    cfg = config_or_exit()
    if due and not once:
        fail(ExitCode.USAGE, "--due goes with --once: the daemon always polls what is due")
    if not once and cfg.web.enabled:
        refuse_or_exit(cfg.web.host, cfg.web.token)

    async def main() -> int:
        try:
            application = App(cfg)
            application.store.lock_instance()
            application.start()
        except StorageError as exc:
            err.print("[bold red]Database error:[/] ", end="")
            err.print(str(exc), markup=False)
            return ExitCode.DATABASE
        finally:
            _started()
        try:
            if once:
                with _failures_reported_once():
                    summary = await application.run_once(due_only=due)
                return _print_cycle(summary)
            from monitor.service.daemon import Daemon  # and its scheduler: not for --once

            daemon = Daemon(application, reload=lambda: load_config(state.config), hard_exit=True)
            await daemon.run()
        except ListenError as exc:
            err.print(f"web server: {exc}", markup=False)
            return ExitCode.FAILED
        finally:
            await application.aclose()
        return ExitCode.OK

    code = asyncio.run(main())
    # the store and the parse workers are closed: nothing is left for the heap's teardown
    state.exit_fast = once
    raise typer.Exit(code)


class _FeedFailureLogged(logging.Filter):
    """Drops the pipeline's per-feed failure warnings: `run --once` reports each failure."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING and record.msg == "feed %s failed: %s")


@contextmanager
def _failures_reported_once() -> Iterator[None]:
    pipeline_log = logging.getLogger("monitor.pipeline")
    quiet = _FeedFailureLogged()
    pipeline_log.addFilter(quiet)
    try:
        yield
    finally:
        pipeline_log.removeFilter(quiet)


def _print_cycle(summary: Any) -> ExitCode:
    """The poll's summary and each failed feed once, cause first; FAILED if every feed failed."""
    cycle, delivery = summary.cycle, summary.delivery
    out.print(
        f"Polled {len(cycle.feeds)} feeds: {cycle.total('new_entries')} new entries, "
        f"{cycle.total('relevant')} relevant ({cycle.total('duplicates')} duplicates), "
        f"{cycle.total('alerts')} alert events; delivered {delivery.delivered}, "
        f"retrying {delivery.retrying}, dead {delivery.dead}.",
        markup=False,
    )
    for f in cycle.failed:
        url = redact_text(f.url)
        out.print(f"  feed failed: {display.cause_first(f.error, url)} ({url})", markup=False)
    for e in delivery.errors:
        out.print(f"  delivery problem: {e}", markup=False)
    if cycle.feeds and len(cycle.failed) == len(cycle.feeds):
        err.print(f"every feed failed ({len(cycle.feeds)})", markup=False)
        return ExitCode.FAILED
    return ExitCode.OK


@app.command("check-config")
def check_config() -> None:
    """Validate the configuration and summarise it."""
    from monitor.alerting.rules import human
    from monitor.config import config_path
    from monitor.storage import redact

    cfg = config_or_exit()
    out.print("[green]OK[/] ", end="")
    out.print(str(config_path(state.config)), markup=False)
    out.print(f"storage: {redact(cfg.storage.url)}", markup=False)
    out.print(f"topics ({len(cfg.topics)}):")
    for t in cfg.topics:
        out.print(f"  {t.name}: {t.query}", markup=False)
    if request := _request_summary(cfg.fetch):
        out.print(f"requests: {request}", markup=False)
    out.print(f"feeds ({len(cfg.feeds)}):")
    for f in cfg.feeds:
        extra = f" every {display.span(f.interval)}" if f.interval else ""
        if request := _request_summary(f):
            extra += f" ({request})"
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


def _request_summary(options: RequestOptions) -> str:
    """Request options by name: header and cookie values are secrets, never printed."""
    parts = []
    if options.user_agent:
        parts.append(f"user_agent={options.user_agent!r}")
    if options.headers:
        parts.append("headers=" + ",".join(f"{k}=***" for k in options.headers))
    if options.cookies:
        parts.append("cookies=" + ",".join(f"{k}=***" for k in options.cookies))
    if options.cookie_file:
        parts.append(f"cookie_file={options.cookie_file}")
    if options.proxy:
        parts.append(f"proxy={redact_text(options.proxy)}")
    return " ".join(parts)


@app.command()
def demo(
    keep: Annotated[
        Path | None,
        typer.Option(
            help="Keep the demo database at this path, with a config beside it "
            "(PATH with .toml) to inspect it."
        ),
    ] = None,
) -> None:
    """Run the whole pipeline offline on the seed corpus and print the alerts."""
    import asyncio

    from monitor.demo.run import run_demo

    raise typer.Exit(asyncio.run(run_demo(out, keep, verbose=state.verbose)))


@app.command()
def healthcheck(
    port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            help="Port of /healthz [default: [service] health_port, else [web] port]",
        ),
    ] = None,
    host: Annotated[str | None, typer.Option(help="Host [default: [service] health_host]")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait.")] = 5.0,
) -> None:
    """Ask the running daemon's /healthz; exit 0 when healthy, 4 when not (Docker HEALTHCHECK)."""
    from monitor.service.liveness import probe

    if port is None or host is None:
        cfg = config_or_exit()
        service, web = cfg.service, cfg.web
        if service.health_port is None and web.enabled:  # the web server answers /healthz
            service = service.model_copy(update={"health_port": web.port, "health_host": web.host})
        port = port if port is not None else service.health_port
        host = host if host is not None else service.health_host
    if port is None:
        fail(
            ExitCode.USAGE,
            "no health port: set [service] health_port, enable [web], or pass --port",
        )
    ok, detail = probe(host, port, timeout)
    (out if ok else err).print(detail, markup=False)
    raise typer.Exit(ExitCode.OK if ok else ExitCode.FAILED)
