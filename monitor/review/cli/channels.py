"""`monitor channels`: configured channels and a test send."""

from __future__ import annotations

from typing import Annotated

import typer

from monitor.redact import redact as redact_text
from monitor.review.cli import display
from monitor.review.cli.common import ExitCode, config_or_exit, err, fail, out

channels_app = typer.Typer(help="Alert channels: what is configured, and a test send.")


@channels_app.callback(invoke_without_command=True)
def channels_list(ctx: typer.Context) -> None:
    """List the configured channels."""
    if ctx.invoked_subcommand:
        return
    cfg = config_or_exit()
    table = display.table("name", "type", "target", "quiet hours")
    for c in cfg.channels:
        target = getattr(c, "url", None) or getattr(c, "smtp", None)
        targets = [target] if target else list(getattr(c, "urls", []))
        table.add_row(
            c.name,
            c.type,
            ", ".join(redact_text(t) for t in targets),
            f"{c.quiet_hours} {c.timezone}" if c.quiet_hours else "—",
        )
    display.show(out, table, err=err, empty="no channels configured")


@channels_app.command("test")
def channels_test(name: Annotated[str, typer.Argument(help="The channel to send to.")]) -> None:
    """Send a clearly marked test message through one channel and report what happened."""
    import asyncio

    from monitor.alerting.outbox import channel_test_message
    from monitor.service.app import build_channel

    cfg = config_or_exit()
    conf = next((c for c in cfg.channels if c.name == name), None)
    if conf is None:
        known = ", ".join(c.name for c in cfg.channels) or "none"
        fail(ExitCode.NOT_FOUND, f"no channel {name!r} (known: {known})")

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
        fail(ExitCode.FAILED, redact_text(problem))
    out.print(f"[green]OK[/] {name}: test message accepted")
