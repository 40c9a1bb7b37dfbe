"""`monitor search` and `monitor query test`: finding stored articles by words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from monitor.review.cli.app import app
from monitor.review.cli.common import ExitCode, config_or_exit, err, out, stamp, store_or_exit
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
    from monitor.judge.query import QueryError
    from monitor.storage import Article

query_app = typer.Typer(help="Topic and rule queries tried on the stored articles.")

MATCH_STYLE = "bold reverse"


def query_error(query: str, exc: QueryError) -> typer.Exit:
    """Say what is wrong with a query and where, and give the exit status for it."""
    err.print(f"bad query: {exc}", markup=False)
    err.print(f"  {query}", markup=False, highlight=False)
    err.print("  " + " " * min(exc.position, len(query)) + "^", markup=False)
    return typer.Exit(ExitCode.USAGE)


def _headline(rank: int, a: Article) -> Text:
    line = Text(f"{rank:>3}. ", style="bold")
    line.append(a.title or "(untitled)", style="bold")
    return line


def _meta(a: Article) -> Text:
    parts = [
        f"article {a.id}",
        stamp(a.published_at or a.fetched_at),
        a.source_name or a.source,
        a.language or "",
        f"story {a.story_id}" if a.story_id else "",
        f"copy of {a.duplicate_of}" if a.duplicate_of else "",
    ]
    return Text("     " + " · ".join(p for p in parts if p), style="dim")


def _snippet(segments: tuple[tuple[str, bool], ...]) -> Text:
    line = Text("     ")
    for piece, hit in segments:
        line.append(piece, style=MATCH_STYLE if hit else None)
    return line


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, (…), prefix*.')],
    since: Since = None,
    until: Until = None,
    topic: Topic = None,
    source: Source = None,
    lang: Lang = None,
    story: StoryId = None,
    limit: Annotated[int, typer.Option(help="How many.", min=1, max=1000)] = 20,
    after: Annotated[
        str | None, typer.Option(help="Continue after the previous page (its cursor).")
    ] = None,
    json_: Json = False,
) -> None:
    """Search the stored articles, best match first, with the matching words shown.

    The query language is the topics': `petro AND (trump OR "white house") NOT opinion`,
    `bogot*`; case and accents do not matter.
    """
    from monitor.judge.query import QueryError
    from monitor.storage.search import CursorError, search_articles

    filters = make_filters(
        since=since, until=until, topic=topic, source=source, lang=lang, story=story
    )
    store = store_or_exit(config_or_exit())
    try:
        with store.tx() as tx:
            try:
                hits, cursor = search_articles(tx, query, filters, limit=limit, after=after)
            except CursorError as exc:
                err.print(f"--after: {exc.message}", markup=False)
                raise typer.Exit(ExitCode.USAGE) from None
            except QueryError as exc:
                raise query_error(query, exc) from None
            articles = {a.id: a for a in tx.articles_by_ids(h.article_id for h in hits)}
    finally:
        store.close()
    if json_:
        emit_json(
            [
                {
                    **_article_json(articles[h.article_id]),
                    "rank": h.rank,
                    "snippet": [{"text": t, "match": m} for t, m in h.snippet],
                }
                for h in hits
                if h.article_id in articles
            ]
        )
        if cursor:
            err.print(f"more: --after {cursor}", markup=False)
        return
    if not hits:
        out.print("no stored article matches", markup=False)
        return
    for n, h in enumerate(hits, start=1):
        a = articles.get(h.article_id)
        if a is None:
            continue
        out.print(_headline(n, a))
        out.print(_meta(a))
        if h.snippet:
            out.print(_snippet(h.snippet))
        out.print(Text("     " + a.url, style="dim"))
    if cursor:
        out.print(f"more: monitor search … --after {cursor}", markup=False)


def _article_json(a: Article) -> dict[str, Any]:
    from monitor.review import records

    return records.article(a)


@query_app.command("test")
def query_test(
    query: Annotated[str, typer.Argument(help="A topic or rule query to try.")],
    since: Annotated[
        str, typer.Option("--since", help="Articles first seen from then on (7d, 2026-02-01).")
    ] = "30d",
    until: Until = None,
    topic: Topic = None,
    source: Source = None,
    lang: Lang = None,
    story: StoryId = None,
    limit: Annotated[int, typer.Option(help="How many matches to list.", min=1)] = 50,
    json_: Json = False,
) -> None:
    """Which stored articles a topic or rule query would have matched, before it goes in
    the config: the query is evaluated as the monitor evaluates topics, on each article's
    title and text (off-topic articles keep only their title)."""
    from monitor.alerting.outbox import iso
    from monitor.config import TopicConfig
    from monitor.judge.query import Document, Query, QueryError
    from monitor.judge.relevance import Topics
    from monitor.storage.search import article_batches

    try:
        parsed = Query.parse(query)
    except QueryError as exc:
        raise query_error(query, exc) from None
    topics = Topics([TopicConfig(name="query", query=query)])
    filters = make_filters(
        since=since, until=until, topic=topic, source=source, lang=lang, story=story
    )
    store = store_or_exit(config_or_exit())
    checked = 0
    matched: list[dict[str, Any]] = []
    counts = {"on_topic": 0, "off_topic": 0, "title_only": 0}
    try:
        for batch in article_batches(store, filters, relevant=None):
            for a in batch:
                checked += 1
                doc = Document(f"{a.title}\n{a.text or ''}")
                if not topics.match(doc):
                    continue
                counts["on_topic" if a.relevant else "off_topic"] += 1
                counts["title_only"] += a.text is None
                if len(matched) < limit:
                    matched.append(
                        {
                            **_article_json(a),
                            "matched_terms": parsed.matched_terms(doc),
                            "text_kept": a.text is not None,
                        }
                    )
    finally:
        store.close()
    total = counts["on_topic"] + counts["off_topic"]
    if json_:
        emit_json(
            {
                "query": str(parsed),
                "since": iso(filters.since),
                "until": iso(filters.until),
                "checked": checked,
                "matched": total,
                "on_topic": counts["on_topic"],
                "off_topic": counts["off_topic"],
                "title_only": counts["title_only"],
                "articles": matched,
            }
        )
        return
    out.print(f"query: {parsed}", markup=False)
    window = f"since {stamp(filters.since)}" if filters.since else "of all time"
    out.print(
        f"matched {total} of {checked} stored articles {window} UTC: {counts['on_topic']} "
        f"already on a topic, {counts['off_topic']} off-topic now",
        markup=False,
    )
    if counts["title_only"]:
        out.print(
            f"{counts['title_only']} of them matched on the title alone: off-topic articles "
            "and those past [storage] keep_text_days keep no text, so a query on words of "
            "the text can match more of them than shown",
            markup=False,
        )
    for m in matched:
        line = Text(f"{m['id']:>7} ", style="bold")
        line.append(m["fetched_at"][:16].replace("T", " ") + " ")
        line.append(f"{m['source_name'] or m['source']}: ", style="dim")
        line.append(m["title"] or "(untitled)")
        line.append(f"  [{', '.join(m['matched_terms'])}]", style="dim")
        if not m["relevant"]:
            line.append("  (off-topic now)", style="yellow")
        out.print(line)
    if total > len(matched):
        out.print(f"… and {total - len(matched)} more (--limit)", markup=False)
