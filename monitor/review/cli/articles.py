"""`monitor articles`: the article log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from monitor.review.cli import display
from monitor.review.cli.common import config_or_exit, err, found, out, stamp, store_or_exit
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

if TYPE_CHECKING:
    from monitor.storage import Article

articles_app = typer.Typer(help="The stored article log.")


@articles_app.callback(invoke_without_command=True)
def articles_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="How many.")] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Include off-topic articles.")] = False,
    since: Since = None,
    until: Until = None,
    topic: Topic = None,
    source: Source = None,
    lang: Lang = None,
    story_id: StoryId = None,
    json_: Json = False,
) -> None:
    """List stored articles, newest first, with when they were published."""
    from monitor.review import records
    from monitor.storage.search import list_articles

    if ctx.invoked_subcommand:
        return
    filters = make_filters(
        since=since, until=until, topic=topic, source=source, lang=lang, story=story_id
    )
    store = store_or_exit(config_or_exit())
    room = display.width(out)
    with store.tx() as tx:
        listed = list_articles(tx, filters, relevant=None if all_ else True, limit=limit)
        if json_:
            emit_json([records.article(a) for a in listed])
            return
        if room >= display.WIDE:
            listing = display.table(
                "id", "published", "fetched", "source", "lang", "story", "copy of", "title"
            )
        elif room >= display.NARROW:
            listing = display.table("id", "published", "source", "lang", "story", "title")
        else:
            listing = display.table("id", "published", "source", "title")
        for a in listed:
            source = a.source_name or a.source
            story = str(a.story_id or "")
            if room >= display.WIDE:
                listing.add_row(
                    str(a.id),
                    stamp(a.published_at),
                    stamp(a.fetched_at),
                    source,
                    a.language or "",
                    story,
                    str(a.duplicate_of or ""),
                    a.title,
                )
                continue
            copy = f"(copy of {a.duplicate_of})" if a.duplicate_of else None
            title = display.lines(a.title, copy)
            if room >= display.NARROW:
                published = stamp(a.published_at)
                listing.add_row(str(a.id), published, source, a.language or "", story, title)
            else:
                published = stamp(a.published_at, stacked=True)
                where = display.lines(source, f"story {story}" if story else None)
                listing.add_row(str(a.id), published, where, title)
    empty = "no articles yet" if all_ else "no relevant articles yet (--all lists every article)"
    display.show(out, listing, err=err, empty=empty)


@articles_app.command("show")
def articles_show(
    article_id: int,
    text: Annotated[bool, typer.Option("--text", help="Print the full text.")] = False,
    json_: Json = False,
) -> None:
    """One article with where it was seen."""
    from monitor.storage import Article

    store = store_or_exit(config_or_exit())
    with store.tx() as tx:
        a = found(tx.get(Article, article_id), f"article {article_id}")
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
            "text from": _text_from(a),
            "via": _via(a),
        }
        for k, v in fields.items():
            if v not in (None, ""):
                out.print(f"{k:>16}: {v}", markup=False)
        for s in tx.sightings(article_id):
            out.print(
                f"{'seen at':>16}: {s.url} (feed {s.feed_id}, {stamp(s.seen_at)})", markup=False
            )
        if text and a.text:
            out.print()
            out.print(a.text, markup=False)


def _text_from(a: Article) -> str:
    """Where the stored text came from and, for the feed's, why the page gave none."""
    if a.text_origin != "feed":
        return "the article page"
    why = a.extraction_error or a.no_text_reason
    if why is None:
        return "the feed's title and summary"
    code = f" [{a.no_text_reason}]" if a.no_text_reason and a.extraction_error else ""
    return f"the feed's title and summary: the page gave no text ({why}){code}"


def _via(a: Article) -> str | None:
    if a.aggregator is None:
        return None
    if a.aggregator_unresolved:
        return f"{a.aggregator} (unresolved: the url is the aggregator's link)"
    return f"{a.aggregator} (resolved to the publisher)"
