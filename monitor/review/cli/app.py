"""The root `monitor` command and its global options."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from monitor.review.cli import display
from monitor.review.cli.common import err, out, state

app = typer.Typer(
    help="Watch news feeds for one subject, keep a clean article log, alert on what is new.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Help texts are plain text: "[default: …]" and "[schedule]" are part of them, not markup.
    rich_markup_mode=None,
)


class LogFormat(StrEnum):
    auto = "auto"
    json = "json"
    text = "text"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("monitor")
    except PackageNotFoundError:
        from monitor import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        out.print(f"monitor {version()}", markup=False)
        raise typer.Exit()


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
        LogFormat,
        typer.Option(
            "--log-format",
            help="auto (text on a terminal, else JSON lines), json or text.",
            envvar="MONITOR_LOG_FORMAT",
        ),
    ] = LogFormat.auto,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    from monitor.service import logs

    display.configure((out, err))
    state.config = config
    state.verbose = verbose
    logs.setup(log_format.value, verbose=verbose)
