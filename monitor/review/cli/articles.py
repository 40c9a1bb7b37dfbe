"""`monitor articles`: the article log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from monitor.review.cli.common import config_or_exit, err, out, stamp, store_or_exit
from monitor.review.cli.filters import (
    Json,
    Lang,
    Since,
    Source,
    StoryId,
    Topic,
    Until,
    emit_json,
    make_filters,
)
from monitor.storage import (
    Article,
)

articles_app = typer.Typer(help="The stored article log.")


@articles_app.callback(invoke_without_command=True)
def articles_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Include off-topic articles.")] = False,
    since: Since = None,
    until: Until = None,
    topic: Topic = None,
    source: Source = None,
    lang: Lang = None,
    story: StoryId = None,
    json_: Json = False,
) -> None:
    """List stored articles, newest first."""
    from monitor.review import records
    from monitor.storage.search import list_articles

    if ctx.invoked_subcommand:
        return
    filters = make_filters(
        since=since, until=until, topic=topic, source=source, lang=lang, story=story
    )
    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        listed = list_articles(tx, filters, relevant=None if all_ else True, limit=limit)
        if json_:
            emit_json([records.article(a) for a in listed])
            return
        table = Table("id", "fetched", "source", "lang", "story", "copy of", "title")
        for a in listed:
            table.add_row(
                str(a.id),
                stamp(a.fetched_at),
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
    json_: Json = False,
) -> None:
    """One article with where it was seen."""
    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        a = tx.get(Article, article_id)
        if a is None:
            err.print(f"no article {article_id}")
            raise typer.Exit(1)
        if json_:
            from monitor.review import records

            emit_json(records.article_detail(a, list(tx.sightings(article_id)), with_text=text))
            return
        fields = {
            "url": a.url,
            "title": a.title,
            "source": f"{a.source_name or ''} ({a.source})",
            "published": stamp(a.published_at),
            "fetched": stamp(a.fetched_at),
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
            out.print(f"{'seen at':>16}: {s.url} (feed {s.feed_id}, {stamp(s.seen_at)})")
        if text and a.text:
            out.print()
            out.print(a.text, markup=False)


def _via(a: Article) -> str | None:
    if a.aggregator is None:
        return None
    if a.aggregator_unresolved:
        return f"{a.aggregator} (unresolved: the url is the aggregator's link)"
    return f"{a.aggregator} (resolved to the publisher)"
