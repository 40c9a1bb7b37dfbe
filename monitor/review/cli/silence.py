"""`monitor silence`: alerts kept, not sent."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from monitor.review.cli.common import config_or_exit, err, out, stamp, store_or_exit
from monitor.review.cli.filters import Json, emit_json

silence_app = typer.Typer(help="Silences: alerts for a story or a query are kept, not sent.")


@silence_app.command("add")
def silence_add(
    story: Annotated[int | None, typer.Option("--story", help="Story id.")] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Topic query, e.g. 'venezuela AND maduro'.")
    ] = None,
    for_: Annotated[str, typer.Option("--for", help="How long: 2h, 2d, 1w.")] = "1d",
    comment: Annotated[str, typer.Option("--comment", help="Why.")] = "",
) -> None:
    """Hold back alerts for a story or for stories matching a query, for a while.

    A silence for the same story or query that is still running is extended instead.
    """
    from monitor.alerting import silences
    from monitor.config import parse_duration
    from monitor.storage import utcnow

    try:
        duration = parse_duration(for_)
    except ValueError as exc:
        err.print(f"--for: {exc}", markup=False)
        raise typer.Exit(2) from None
    store = store_or_exit(config_or_exit())
    try:
        with store.tx() as tx:
            done = silences.add(
                tx, now=utcnow(), duration=duration, story_id=story, query=query, comment=comment
            )
    except silences.SilenceError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    s, was = done.silence, stamp(done.was_until)
    if done.outcome == "extended":
        message = (
            f"silence {s.id} already held back {silences.describe(s)} until {was} UTC: "
            f"extended it to {stamp(s.expires_at)} UTC; no second silence added"
        )
    elif done.outcome == "covered":
        message = (
            f"silence {s.id} already holds back {silences.describe(s)} until {was} UTC, "
            "as long as asked or longer: nothing changed"
        )
    else:
        message = f"silence {s.id}: {silences.describe(s)} until {stamp(s.expires_at)} UTC"
    out.print(message, markup=False)


@silence_app.command("list")
def silence_list(
    all_: Annotated[bool, typer.Option("--all", help="Include expired silences.")] = False,
    json_: Json = False,
) -> None:
    """Silences, active ones (or all with --all)."""
    from monitor.alerting import silences
    from monitor.storage import utcnow

    now = utcnow()
    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        if json_:
            from monitor.review import records

            emit_json(
                [
                    records.silence(s, silences.state(s, now))
                    for s in tx.silences(active_at=None if all_ else now)
                ]
            )
            return
        table = Table("id", "silences", "comment", "created", "expires", "state")
        for s in tx.silences(active_at=None if all_ else now):
            target = f"story {s.story_id}" if s.story_id is not None else f"query {s.query}"
            table.add_row(
                str(s.id),
                target,
                s.comment,
                stamp(s.created_at),
                stamp(s.expires_at),
                silences.state(s, now),
            )
    out.print(table)


@silence_app.command("expire")
def silence_expire(silence_id: int) -> None:
    """End a silence now: alerts due from now on are delivered again."""
    from monitor.alerting import silences
    from monitor.storage import utcnow

    store = store_or_exit(config_or_exit())
    try:
        with store.tx() as tx:
            s = silences.expire(tx, silence_id, utcnow())
    except silences.SilenceError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    out.print(f"silence {s.id} expired ({silences.describe(s)})", markup=False)
