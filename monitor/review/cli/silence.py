"""`monitor silence`: alerts kept, not sent."""

from __future__ import annotations

from typing import Annotated

import typer

from monitor.review.cli import display
from monitor.review.cli.common import (
    ExitCode,
    config_or_exit,
    err,
    fail,
    found,
    out,
    stamp,
    store_or_exit,
)
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
    from monitor.storage import Story, utcnow

    try:
        duration = parse_duration(for_)
    except ValueError as exc:
        fail(ExitCode.USAGE, f"--for: {exc}")
    store = store_or_exit(config_or_exit(), create=story is None)
    try:
        with store.tx() as tx:
            if story is not None and query is None:
                found(tx.get(Story, story), f"story {story}")
            done = silences.add(
                tx, now=utcnow(), duration=duration, story_id=story, query=query, comment=comment
            )
    except silences.SilenceError as exc:
        fail(ExitCode.USAGE, str(exc))
    s, was = done.silence, stamp(done.was_until)
    if done.outcome == "extended":
        message = (
            f"silence {s.id} already held back {silences.describe(s)} until {was}: "
            f"extended it to {stamp(s.expires_at)}; no second silence added"
        )
    elif done.outcome == "covered":
        message = (
            f"silence {s.id} already holds back {silences.describe(s)} until {was}, "
            "as long as asked or longer: nothing changed"
        )
    else:
        message = f"silence {s.id}: {silences.describe(s)} until {stamp(s.expires_at)}"
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
    room = display.width(out)
    wide = room >= display.WIDE
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
        if wide:
            listing = display.table("id", "silences", "comment", "created", "expires", "state")
        else:
            listing = display.table("id", "silences", "expires", "state")
        for s in tx.silences(active_at=None if all_ else now):
            target = f"story {s.story_id}" if s.story_id is not None else f"query {s.query}"
            state = silences.state(s, now)
            if wide:
                listing.add_row(
                    str(s.id), target, s.comment, stamp(s.created_at), stamp(s.expires_at), state
                )
            else:
                expires = stamp(s.expires_at, stacked=room < display.NARROW)
                listing.add_row(str(s.id), display.lines(target, s.comment), expires, state)
    empty = "no silences" if all_ else "no active silences (--all lists expired ones too)"
    display.show(out, listing, err=err, empty=empty)


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
        fail(ExitCode.NOT_FOUND, str(exc))
    out.print(f"silence {s.id} expired ({silences.describe(s)})", markup=False)
