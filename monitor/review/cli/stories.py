"""`monitor stories`: stories and their timelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from monitor.review.cli import display
from monitor.review.cli.common import config_or_exit, err, found, out, stamp, store_or_exit
from monitor.review.cli.filters import Json, Topic, emit_json, make_filters

if TYPE_CHECKING:
    from monitor.storage import Story, Tx

stories_app = typer.Typer(help="Stories: articles about one event, grouped.")


@stories_app.callback(invoke_without_command=True)
def stories_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="How many.")] = 50,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only stories active from then on (7d, 2026-02-01)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only stories begun before then (7d, 2026-02-01)."),
    ] = None,
    topic: Topic = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only stories with an article from this outlet.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Only stories with an article in this language.")
    ] = None,
    json_: Json = False,
) -> None:
    """List stories, most recently active first."""
    from monitor.review import records
    from monitor.review.headlines import story_headline
    from monitor.storage.search import list_stories

    if ctx.invoked_subcommand:
        return
    filters = make_filters(since=since, until=until, topic=topic, source=source, lang=lang)
    store = store_or_exit(config_or_exit())
    room = display.width(out)
    with store.tx() as tx:
        listed = list_stories(tx, filters, limit=limit)
        if json_:
            rows = []
            for s in listed:
                assert s.id is not None
                rows.append(
                    records.story(
                        s,
                        headline=story_headline(tx, s),
                        articles=len(tx.story_articles(s.id)),
                        outlets=tx.story_outlets(s.id),
                        alerts=len(tx.alerts_for_story(s.id)),
                    )
                )
            emit_json(rows)
            return
        if room >= display.WIDE:
            listing = display.table(
                "id", "headline", "articles", "outlets", "first seen", "last seen", "alerts"
            )
        else:
            listing = display.table("id", "headline", "coverage", "last seen", "alerts")
        for s in listed:
            assert s.id is not None
            alerts = str(len(tx.alerts_for_story(s.id)))
            headline = story_headline(tx, s)
            articles = len(tx.story_articles(s.id))
            outlets = len(tx.story_outlets(s.id))
            if room >= display.WIDE:
                first, last = stamp(s.first_seen), stamp(s.last_seen)
                listing.add_row(
                    str(s.id), headline, str(articles), str(outlets), first, last, alerts
                )
            else:
                coverage = display.lines(
                    display.count(articles, "article"), display.count(outlets, "outlet")
                )
                last = stamp(s.last_seen, stacked=room < display.NARROW)
                listing.add_row(str(s.id), headline, coverage, last, alerts)
    display.show(out, listing, err=err, empty="no stories yet")


@stories_app.command("show")
def stories_show(story_id: int, json_: Json = False) -> None:
    """One story: its timeline, articles, outlets and alerts."""
    from monitor.judge.storybrief import story_brief
    from monitor.review.cli.briefs import print_brief
    from monitor.storage import Story

    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        s = found(tx.get(Story, story_id), f"story {story_id}")
        if json_:
            emit_json(_story_json(tx, s))
            return
        if s.merged_into is not None:
            survivor = tx.resolve_story(story_id)
            assert survivor is not None and survivor.id is not None
            out.print(
                f"story {story_id} ({s.title}) was merged into story {survivor.id}", markup=False
            )
            s, story_id = survivor, survivor.id
        out.print(f"Story {s.id}: {s.title}", style="bold", markup=False)
        out.print(f"first seen {stamp(s.first_seen)}, last seen {stamp(s.last_seen)}", markup=False)
        out.print(f"outlets: {', '.join(tx.story_outlets(story_id))}", markup=False)
        merged = tx.story_family(story_id)[1:]
        if merged:
            out.print(f"merged from stories: {', '.join(map(str, merged))}")
        print_brief(out, story_brief(tx, story_id))
        wide = display.width(out) >= display.NARROW
        if wide:
            table = display.table("id", "published", "source", "lang", "title", "copy of")
        else:
            table = display.table("id", "published", "source", "title")
        for a in tx.story_articles(story_id):
            source = a.source_name or a.source
            if wide:
                table.add_row(
                    str(a.id),
                    stamp(a.published_at),
                    source,
                    a.language or "",
                    a.title,
                    str(a.duplicate_of or ""),
                )
            else:
                copy = f"(copy of {a.duplicate_of})" if a.duplicate_of else None
                title = display.lines(a.title, copy)
                table.add_row(str(a.id), stamp(a.published_at, stacked=True), source, title)
        display.show(out, table, err=err, empty="no articles in this story")
        for al in tx.alerts_for_story(story_id):
            said = _alert_headline(al.payload)
            extra = f": {said}" if said else ""
            origin = f" (story {al.story_id})" if al.story_id != story_id else ""
            out.print(f"alert {al.id} {al.event} rule={al.rule}{origin}{extra}", markup=False)


def _alert_headline(payload: str | None) -> str:
    """What a sent alert was headed, from the payload it went out with."""
    from monitor.alerting.outbox import message_from_payload

    if not payload:
        return ""
    try:
        return message_from_payload(payload).headline
    except (ValueError, KeyError, TypeError):
        return ""


def _story_json(tx: Tx, asked: Story) -> dict[str, Any]:
    """The story as `stories show` tells it; a merged story answers with the one it is in."""
    from monitor.judge.storybrief import story_brief
    from monitor.review import records
    from monitor.review.headlines import story_headline

    s = tx.resolve_story(asked.id) if asked.id is not None else None
    s = s or asked
    assert s.id is not None
    articles = list(tx.story_articles(s.id))
    alerts = list(tx.alerts_for_story(s.id))
    return {
        **records.story(
            s,
            headline=story_headline(tx, s),
            articles=len(articles),
            outlets=tx.story_outlets(s.id),
            alerts=len(alerts),
        ),
        "requested_id": asked.id,
        "merged_from": tx.story_family(s.id)[1:],
        "brief": story_brief(tx, s.id).to_dict(),
        "timeline": [records.event(e) for e in tx.story_events(s.id)],
        "articles": [records.article(a) for a in articles],
        "alerts": [records.alert(al, list(tx.deliveries(al.id))) for al in alerts],
    }
