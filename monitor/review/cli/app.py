"""The root `monitor` command and its global options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from monitor.review.cli.common import err, state

app = typer.Typer(
    help="Watch news feeds for one subject, keep a clean article log, alert on what is new.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
