"""A stored story's or alert's brief: its reports, milestones and what was sent about it,
read from the store and briefed by `judge/briefs.py`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

from monitor.judge.briefs import Brief, Milestone, Report, build_brief
from monitor.judge.stories import article_time
from monitor.storage import Alert, Article, StoryEvent, Tx

T = TypeVar("T")


def article_outlet(article: Article) -> str:
    """An article's outlet as a reader knows it."""
    return article.source_name or article.source or ""


def reports_of(
    articles: Iterable[Article], outlet: Callable[[Article], str] = article_outlet
) -> list[Report]:
    """Stored articles as reports; `outlet` names an article's outlet as payloads do."""
    return [
        Report(
            id=a.id,
            title=a.title or "",
            text=a.text or "",
            url=a.url,
            outlet=outlet(a),
            published=article_time(a),
            language=a.language,
            copy_of=a.duplicate_of,
        )
        for a in articles
        if a.id is not None
    ]


_MERGED = re.compile(r"^merged with story (\d+)")


def milestones_of(tx: Tx, story_id: int) -> list[Milestone]:
    """The story's timeline events as milestones; a merge names the story it took in by
    that story's title, not by our id for it."""
    events = list(tx.story_events(story_id))
    return _milestones(events, _merged_titles(tx, events))


def _merged_titles(tx: Tx, events: Sequence[StoryEvent]) -> dict[int, str]:
    """The titles, as they are now, of the stories merged in, by id."""
    merged = [m for e in events if e.kind == "merge" and (m := _MERGED.match(e.summary))]
    return tx.story_titles(int(m.group(1)) for m in merged) if merged else {}


def _milestones(events: Sequence[StoryEvent], titles: dict[int, str]) -> list[Milestone]:
    out = []
    for e in events:
        title = ""
        if e.kind == "merge":
            m = _MERGED.match(e.summary)
            absorbed = titles.get(int(m.group(1))) if m else None
            title = absorbed if absorbed is not None else e.summary.partition(": ")[2]
        out.append(Milestone(e.kind, e.at, e.article_id, title))
    return out


class StoryReads:
    """The articles and milestones of the stories a run of messages is about, read once
    in one transaction. Each message checks by ids alone that the story still has the same
    articles and events, and reads them again when not; a row read before is not read
    again within a transaction in any case (the session keeps it as first loaded), so the
    rows kept are those a fresh read would give."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self._articles: dict[int, tuple[list[int], list[Article]]] = {}
        self._events: dict[int, tuple[list[int], list[StoryEvent]]] = {}
        self._milestones: dict[int, tuple[list[StoryEvent], dict[int, str], list[Milestone]]] = {}
        self._made: dict[tuple[object, ...], tuple[list[Article], Any]] = {}
        self._listed: dict[int, tuple[list[tuple[str, int, int]], Sequence[Article], set[int]]] = {}

    def kept(self, rows: list[Article], make: Callable[..., T], *args: object) -> T:
        """`make(rows, *args)`, made once while `rows` is the list of articles kept here for
        a story and `args` the same objects."""
        at = (id(rows), make, *args)
        made = self._made.get(at)
        if made is None or made[0] is not rows:
            made = (rows, make(rows, *args))
            self._made[at] = made
        return cast(T, made[1])

    def articles(self, story_id: int) -> list[Article]:
        ids = self.tx.story_article_ids(story_id)
        kept = self._articles.get(story_id)
        if kept is None or kept[0] != ids:
            rows = list(self.tx.story_articles(story_id))
            kept = ([a.id for a in rows if a.id is not None], rows)
            self._articles[story_id] = kept
        return kept[1]

    def milestones(self, story_id: int) -> list[Milestone]:
        ids = self.tx.story_event_ids(story_id)
        kept = self._events.get(story_id)
        if kept is None or kept[0] != ids:
            rows = list(self.tx.story_events(story_id))
            kept = ([e.id for e in rows if e.id is not None], rows)
            self._events[story_id] = kept
        events = kept[1]
        titles = _merged_titles(self.tx, events)
        made = self._milestones.get(story_id)
        if made is None or made[0] is not events or made[1] != titles:
            made = (events, titles, _milestones(events, titles))
            self._milestones[story_id] = made
        return made[2]

    def listed(self, story_id: int, sent: Sequence[Alert], articles: Sequence[Article]) -> set[int]:
        """`_listed`, made once while the sent alerts, their payloads and the story's
        articles are the same: every alert being sealed about a story (none of them sent)
        is measured against the same ones."""
        # by the payloads' hashes: holding the payloads would keep each sent alert's
        # whole listing in memory for the pass (the session lets unchanged rows go)
        key = [(a.id, len(a.payload or ""), hash(a.payload)) for a in sent]
        kept = self._listed.get(story_id)
        if kept is None or kept[1] is not articles or kept[0] != key:
            kept = (key, articles, _listed(story_id, sent, articles))
            self._listed[story_id] = kept
        return set(kept[2])


def _payload_urls(payload: str | None, story_id: int) -> set[str]:
    """The URLs of the story's articles a sent payload listed."""
    if not payload:
        return set()
    try:
        body = json.loads(payload)
    except ValueError:
        return set()
    if not isinstance(body, dict):
        return set()
    urls: set[str] = set()
    digest = body.get("event") == "digest"
    for s in [body.get("story"), *(body.get("stories") or [])]:
        if not isinstance(s, dict) or (digest and s.get("id") != story_id):
            continue
        for a in s.get("articles") or []:
            if isinstance(a, dict) and isinstance(a.get("url"), str):
                urls.add(a["url"])
    return urls


def sent_reports(
    tx: Tx,
    story_id: int,
    *,
    exclude: str | None = None,
    articles: Sequence[Article] | None = None,
    reads: StoryReads | None = None,
) -> set[int] | None:
    """Ids of the story's articles listed in alerts about it that went out (any rule,
    digests included), or None when none went out. An alert created but not sent does
    not count: what it would have said is still news for the next one. `articles`: the
    story's articles, when the caller has read them; `reads`: where what they listed is
    kept for the rest of the transaction."""
    family = tx.story_family(story_id)
    sent = [a for a in tx.sent_alerts(family) if a.id != exclude]
    if not sent:
        return None
    if articles is None:
        articles = list(tx.story_articles(story_id))
    if reads is not None:
        return reads.listed(story_id, sent, articles)
    return _listed(story_id, sent, articles)


def _listed(
    story_id: int,
    sent: Iterable[Alert],
    articles: Iterable[Article],
) -> set[int]:
    """Ids of the articles that the sent alerts' payloads listed."""
    urls: set[str] = set()
    for alert in sent:
        urls |= _payload_urls(alert.payload, story_id)
    return {a.id for a in articles if a.url in urls and a.id is not None}


def story_brief(
    tx: Tx,
    story_id: int,
    *,
    outlet: Callable[[Article], str] = article_outlet,
    timeline_cap: int | None = None,
) -> Brief:
    """The brief of a story as it stands (a merged story: its survivor's), for the CLI,
    exports and the web UI: headline, key points, what changed since the last alert sent
    about it (none when none was sent), timeline (all of it unless `timeline_cap`: a
    digest's). Raises LookupError for no such story."""
    story = tx.resolve_story(story_id)
    if story is None or story.id is None:
        raise LookupError(f"no story {story_id}")
    return build_brief(
        reports_of(tx.story_articles(story.id), outlet),
        milestones_of(tx, story.id),
        known=sent_reports(tx, story.id),
        fallback=story.title,
        timeline_cap=timeline_cap,
    )


def alert_brief(
    tx: Tx,
    alert: Alert,
    *,
    outlet: Callable[[Article], str] = article_outlet,
    articles: Sequence[Article] | None = None,
    reads: StoryReads | None = None,
    timeline_cap: int | None = None,
) -> Brief | None:
    """The brief of an alert about one story, from the story as it stands now (sealing
    freezes it in the alert's payload); None for an alert about no single story.
    `articles`: the story's (its survivor's, if merged) articles, when the caller has
    read them; `reads`: where the caller keeps the milestones of the stories it briefs;
    `timeline_cap`: the most timeline entries listed (`build_brief`).

    What changed is measured against the alerts about the story that went out; when none
    did, against the story as it was before this alert's first article."""
    if alert.story_id is None:
        return None
    story = tx.resolve_story(alert.story_id)
    if story is None or story.id is None:
        return None
    if articles is None:
        articles = list(tx.story_articles(story.id))
    if reads is not None and isinstance(articles, list):
        reports = reads.kept(articles, reports_of, outlet)
    else:
        reports = reports_of(articles, outlet)
    # a new story's brief says nothing of what changed, so what was sent is not read: in a
    # large story every sent payload lists hundreds of articles
    new = alert.event == "new_story"
    known = (
        None
        if new
        else sent_reports(tx, story.id, exclude=alert.id, articles=articles, reads=reads)
    )
    if known is None and not new:
        mine = set(alert.article_ids or [])
        first = min(((r.published, r.id) for r in reports if r.id in mine), default=None)
        if first is not None:
            known = {r.id for r in reports if (r.published, r.id) < first and r.id not in mine}
    return build_brief(
        reports,
        reads.milestones(story.id) if reads is not None else milestones_of(tx, story.id),
        event=alert.event,
        trigger=alert.article_id if alert.event == "development" else None,
        known=known,
        fallback=story.title,
        timeline_cap=timeline_cap,
    )
