"""`monitor alerts`: alerts and their delivery."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from monitor.review.cli import display
from monitor.review.cli.common import (
    ExitCode,
    alert_by_id,
    config_or_exit,
    err,
    fail,
    out,
    stamp,
    store_or_exit,
)
from monitor.review.cli.filters import Json, emit_json

if TYPE_CHECKING:
    from monitor.judge.briefs import Brief
    from monitor.storage import Alert, Tx

alerts_app = typer.Typer(help="Alerts and their delivery state.")


class DeliveryStatus(StrEnum):
    pending = "pending"
    held = "held"
    bundled = "bundled"
    delivered = "delivered"
    dead = "dead"
    silenced = "silenced"


def _print_alerts(status: DeliveryStatus | None, limit: int, json_: bool = False) -> None:
    store = store_or_exit(config_or_exit())
    room = display.width(out)
    with store.tx() as tx:
        if json_:
            from monitor.review import records

            emit_json(
                [
                    records.alert(al, list(tx.deliveries(al.id)))
                    for al in tx.alerts(status=status.value if status else None, limit=limit)
                ]
            )
            return
        if room >= display.WIDE:
            listing = display.table(
                "id", "created", "event", "rule", "story", "state", "deliveries"
            )
        else:  # event, rule and state share a column
            listing = display.table("id", "created", "event", "story", "deliveries")
        for al in tx.alerts(status=status.value if status else None, limit=limit):
            deliveries = "\n".join(f"{d.channel}: {d.status}" for d in tx.deliveries(al.id))
            story = (
                str(al.story_id)
                if al.story_id is not None
                else f"{len(al.story_ids)} stories"
                if al.story_ids
                else "—"
            )
            if room >= display.WIDE:
                listing.add_row(
                    al.id[:8], stamp(al.created_at), al.event, al.rule, story, al.state, deliveries
                )
            else:
                event = display.lines(al.event, f"rule {al.rule}", al.state)
                created = stamp(al.created_at, stacked=room < display.NARROW)
                listing.add_row(al.id[:8], created, event, story, deliveries)
    empty = f"no alerts with a {status.value} delivery" if status is not None else "no alerts yet"
    display.show(out, listing, err=err, empty=empty)


_STATUS_HELP = "Only alerts with a delivery in this state."
_LIMIT_HELP = "How many, newest first."


@alerts_app.callback(invoke_without_command=True)
def alerts_default(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help=_LIMIT_HELP)] = 50,
    status: Annotated[DeliveryStatus | None, typer.Option(help=_STATUS_HELP)] = None,
    json_: Json = False,
) -> None:
    """List alerts, newest first, with delivery state per channel."""
    if ctx.invoked_subcommand:
        return
    _print_alerts(status, limit, json_)


@alerts_app.command("list")
def alerts_list(
    limit: Annotated[int, typer.Option(min=1, help=_LIMIT_HELP)] = 50,
    status: Annotated[DeliveryStatus | None, typer.Option(help=_STATUS_HELP)] = None,
    json_: Json = False,
) -> None:
    """List alerts, newest first, with delivery state per channel."""
    _print_alerts(status, limit, json_)


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
        fail(ExitCode.USAGE, "give an alert id or --dead")
    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        if alert_id is not None:
            al = alert_by_id(tx, alert_id)
            rows = list(tx.deliveries(al.id))
        else:
            rows = list(tx.deliveries_by_status("dead"))
        if channel is not None:
            rows = [d for d in rows if d.channel == channel]
        count = requeue(tx, rows, utcnow())
    out.print(f"re-queued {count} deliveries")
    if alert_id is not None and count == 0:
        fail(ExitCode.FAILED, "nothing to re-queue: its deliveries are delivered, held or bundled")


@alerts_app.command("show")
def alerts_show(alert_id: str, json_: Json = False) -> None:
    """One alert explained: rule, event, matched terms per article, why it fired, deliveries."""
    from monitor.alerting import silences
    from monitor.judge.briefs import readable
    from monitor.review.cli.briefs import print_brief
    from monitor.storage import Article, Silence, Story

    cfg = config_or_exit()
    store = store_or_exit(cfg)
    with store.tx() as tx:
        al = alert_by_id(tx, alert_id)
        if json_:
            from monitor.review import records

            deliveries = [
                (d, list(tx.delivery_attempts(d.id)))
                for d in tx.deliveries(al.id)
                if d.id is not None
            ]
            emit_json(records.alert_detail(al, deliveries))
            return
        out.print(f"[bold]Alert {al.id}[/]")
        out.print(f"rule {al.rule}, event {al.event}, state {al.state}", markup=False)
        if al.story_id is not None:
            story = tx.get(Story, al.story_id)
            title = story.title if story else "(gone)"
            out.print(f"story {al.story_id}: {title}", markup=False)
        else:
            out.print(f"stories {', '.join(map(str, al.story_ids)) or 'none'}", markup=False)
            if al.period_start and al.period_end:
                period = f"period {stamp(al.period_start)} to {stamp(al.period_end)}"
                out.print(period, markup=False)
        out.print(f"created {stamp(al.created_at)}, sealed {stamp(al.sealed_at)}", markup=False)
        out.print("why it fired:")
        reasons = list(al.reasons or []) or ["the rule matched (no thresholds or timers)"]
        for r in reasons:
            out.print(f"  - {readable(r)}", markup=False)
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
        brief = _brief(tx, al, cfg.briefs.timeline_lines)
        if brief is not None:
            out.print("brief" + (" (as sent)" if al.payload else " (as it stands)") + ":")
            print_brief(out, brief, story_id=al.story_id)
        elif al.new_information:
            out.print(f"new information: {', '.join(al.new_information)}", markup=False)
        out.print("deliveries:")
        for d in tx.deliveries(al.id):
            when = (
                f"next attempt {stamp(d.next_attempt_at)}"
                if d.status == "pending"
                else f"held until {stamp(d.next_attempt_at)} (quiet hours)"
                if d.status == "held"
                else f"last attempt {stamp(d.last_attempt_at)}"
            )
            out.print(
                f"  {d.channel}: {d.status}, {display.count(d.attempts, 'attempt')}, {when}"
                + (f", sent in bundle {d.bundle_id}" if d.bundle_id else "")
                + (f", status {d.last_status}" if d.last_status is not None else "")
                + (f", error: {d.last_error}" if d.last_error else ""),
                markup=False,
            )
            assert d.id is not None
            for n, attempt in enumerate(tx.delivery_attempts(d.id), start=1):
                answer = "delivered" if attempt.ok else "failed"
                out.print(
                    f"    attempt {n} at {stamp(attempt.at)}: {answer}"
                    + (f", status {attempt.status}" if attempt.status is not None else "")
                    + (f", {attempt.error}" if attempt.error else ""),
                    markup=False,
                )
        if al.payload:
            out.print_json(json.dumps(json.loads(al.payload)))


def _brief(tx: Tx, al: Alert, timeline_lines: int) -> Brief | None:
    """The brief the alert went out with, or would go out with if sealed now."""
    from monitor.alerting.outbox import message_from_payload
    from monitor.judge.storybrief import alert_brief

    if al.payload:
        try:
            return message_from_payload(al.payload).brief
        except (ValueError, KeyError, TypeError):
            return None
    return alert_brief(tx, al, timeline_cap=timeline_lines)
