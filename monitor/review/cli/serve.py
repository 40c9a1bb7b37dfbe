"""`monitor serve`: the pages, the JSON API and /metrics, without polling anything."""

from __future__ import annotations

from typing import Annotated

import typer

from monitor.review.cli.app import app
from monitor.review.cli.common import ExitCode, config_or_exit, err, out, store_or_exit


def refuse_or_exit(host: str, token: str | None) -> None:
    """Exit 2 before anything starts when `host` is not loopback and no token is set."""
    from monitor.review.web.bind import refuse_open_bind

    reason = refuse_open_bind(host, token)
    if reason is not None:
        err.print(reason, markup=False)
        raise typer.Exit(ExitCode.USAGE)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [default: [web] host, 127.0.0.1]")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port [default: [web] port, 8080]", min=0, max=65535),
    ] = None,
) -> None:
    """Serve the story pages, the JSON API (/api/) and /metrics; read-only unless a request
    carries [web] token. `monitor run` serves them too when [web] enabled = true."""
    from monitor.review.web import create_app
    from monitor.review.web.bind import ListenError, listen
    from monitor.review.web.server import serve_forever

    cfg = config_or_exit()
    host = host if host is not None else cfg.web.host
    port = port if port is not None else cfg.web.port
    refuse_or_exit(host, cfg.web.token)
    store = store_or_exit(cfg)
    try:
        sock = listen(host, port)
    except ListenError as exc:
        err.print(str(exc), markup=False)
        store.close()
        raise typer.Exit(ExitCode.FAILED) from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    access = "actions allowed with the token" if cfg.web.token else "read-only"
    out.print(f"serving on http://{shown}:{bound}/ ({access}); Ctrl-C stops", markup=False)
    try:
        serve_forever(create_app(store, token=cfg.web.token), sock)
    finally:
        store.close()
