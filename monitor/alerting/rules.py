"""Rules turn story events into alerts, and write the outbox rows in the same transaction.

Events: `new_story` when a story first matches a rule (once it has `min_outlets`
outlets), `development` when an alerted story gains an article that adds facts,
`repeat` when a story is still gaining coverage `repeat_interval` after its last
message, and `spike` when a story gains `spike.outlets` outlets within `spike.within`.

Timers are delivery times on the outbox rows: the first alert of a story waits
`group_wait` so the first outlets arrive together; a development waits until
`group_interval` has passed since the previous message. While an alert is still open
(nothing of it sent yet), later articles of its story fold into it instead of raising
alerts of their own; copies arriving within `fold_window` of the first alert join its
record even once it went out. Copies of an article count as outlets. Articles older than the
backfill window are stored but raise nothing. Digest rules (`schedule`) raise nothing
here: `monitor.alerting.digests` collects their matches at each slot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerting.enqueue import alert_id as stable_id
from monitor.alerting.enqueue import enqueue
from monitor.config import RuleConfig, SourcesConfig
from monitor.judge.developments import Development, describe_fact
from monitor.judge.query import Document, Query
from monitor.judge.stories import Placement
from monitor.storage import Alert, Article, Story, Tx
from monitor.storage.alerts import AlertMark

log = logging.getLogger(__name__)

_GROUPED = ("new_story", "development", "repeat")  # events that fold articles and pace


def human(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _host_matches(host: str, pattern: str) -> bool:
    pattern = pattern.lower().removeprefix("www.")
    host = host.lower().removeprefix("www.")
    return host == pattern or host.endswith("." + pattern)


@dataclass(frozen=True)
class Sources:
    allow: tuple[str, ...] | None
    deny: tuple[str, ...]

    @classmethod
    def from_config(cls, cfg: SourcesConfig | None) -> Sources | None:
        if cfg is None:
            return None
        allow = tuple(cfg.allow) if cfg.allow is not None else None
        return cls(allow, tuple(cfg.deny))

    @staticmethod
    def _listed(names: tuple[str, ...], host: str, feed: str | None) -> str | None:
        for n in names:
            if _host_matches(host, n) or (feed is not None and n.lower() == feed.lower()):
                return n
        return None

    def refuses(self, host: str, feed: str | None) -> str | None:
        """Why the outlet is not admitted, or None."""
        if (hit := self._listed(self.deny, host, feed)) is not None:
            return f"source {host} denied by {hit!r}"
        if self.allow is not None and self._listed(self.allow, host, feed) is None:
            return f"source {host} not in the allow list"
        return None


@dataclass(frozen=True)
class Rule:
    name: str
    topics: frozenset[str] | None
    query: Query | None
    events: frozenset[str]
    channels: tuple[str, ...]
    group_wait: float = 0.0
    group_interval: float = 0.0
    fold_window: float = 0.0
    repeat_interval: float | None = None
    min_outlets: int = 1
    languages: frozenset[str] | None = None
    sources: Sources | None = None
    spike_outlets: int | None = None
    spike_within: float | None = None
    backfill: float | None = None
    digest: bool = False
    urgent: bool = False

    @classmethod
    def from_config(cls, cfg: RuleConfig, backfill: float | None = None) -> Rule:
        return cls(
            name=cfg.name,
            topics=frozenset(cfg.topics) if cfg.topics is not None else None,
            query=Query.parse(cfg.query) if cfg.query else None,
            events=frozenset(cfg.events),
            channels=tuple(cfg.channels),
            group_wait=cfg.group_wait,
            group_interval=cfg.group_interval,
            fold_window=cfg.fold_window,
            repeat_interval=cfg.repeat_interval,
            min_outlets=cfg.min_outlets,
            languages=frozenset(x.lower() for x in cfg.languages) if cfg.languages else None,
            sources=Sources.from_config(cfg.sources),
            spike_outlets=cfg.spike.outlets if cfg.spike else None,
            spike_within=cfg.spike.within if cfg.spike else None,
            backfill=cfg.effective_backfill(backfill),
            digest=cfg.schedule is not None,
            urgent=cfg.urgent,
        )

    def matched_terms(self, article: Article, doc: Document) -> list[str] | None:
        """The query terms that matched, or None when the rule does not apply."""
        if self.topics is not None and not self.topics & set(article.topics):
            return None
        if self.query is None:
            return []
        return self.query.matched_terms(doc) if self.query.matches(doc) else None

    def refuses(self, article: Article, feed_name: str | None) -> str | None:
        """Why this rule does not alert on the article (language, source, age), or None."""
        if self.languages is not None and (article.language or "").lower() not in self.languages:
            return f"language {article.language or 'unknown'} not in {sorted(self.languages)}"
        if self.sources is not None and (why := self.sources.refuses(article.source, feed_name)):
            return why
        if self.backfill is not None:
            seen = article.published_at or article.fetched_at
            if article.fetched_at - seen > timedelta(seconds=self.backfill):
                return f"older than the backfill window ({human(self.backfill)})"
        return None

    def admits(self, article: Article, doc: Document, feed_name: str | None) -> list[str] | None:
        """The matched terms when the rule alerts on this article, else None."""
        terms = self.matched_terms(article, doc)
        if terms is None or self.refuses(article, feed_name) is not None:
            return None
        return terms


def alert_id(story: Story, rule: str, event: str, article_id: int | None = None) -> str:
    assert story.id is not None
    return stable_id("rule", story.id, story.first_seen.isoformat(), rule, event, article_id or "")


def _when(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC")


class RuleEngine:
    def __init__(self, rules: list[RuleConfig], backfill: float | None = None) -> None:
        self.rules = [Rule.from_config(r, backfill) for r in rules]

    def evaluate(
        self, tx: Tx, article: Article, doc: Document, placement: Placement, now: datetime
    ) -> list[Alert]:
        """Alerts created or extended by a new, non-duplicate article of `placement.story`."""
        return self._apply(tx, article, doc, placement.story, placement.development, now)

    def evaluate_copy(
        self, tx: Tx, article: Article, doc: Document, story: Story, now: datetime
    ) -> list[Alert]:
        """A copy of an article already in `story`: one more outlet, nothing new to say."""
        return self._apply(tx, article, doc, story, None, now)

    def _apply(
        self,
        tx: Tx,
        article: Article,
        doc: Document,
        story: Story,
        news: Development | None,
        now: datetime,
    ) -> list[Alert]:
        assert story.id is not None and article.id is not None
        rules = [r for r in self.rules if not r.digest]
        if not rules:
            return []
        # only a rule's sources look at the feed's name: no read for rules without them
        by_source = article.feed_id and any(r.sources is not None for r in rules)
        feed_name = tx.feed_name(article.feed_id) if by_source and article.feed_id else None
        touched: list[Alert] = []
        for rule in rules:
            terms = rule.matched_terms(article, doc)
            if terms is None:
                continue
            refused = rule.refuses(article, feed_name)
            if refused is not None:
                log.debug(
                    "rule %s skips article %s: %s",
                    rule.name,
                    article.id,
                    refused,
                    extra={"rule": rule.name, "article_id": article.id, "story_id": story.id},
                )
                continue
            history = tx.alert_marks(story.id, rule.name)
            if rule.spike_outlets is not None:
                spike = self._spike(tx, rule, story, article, terms, history, now)
                if spike is not None:
                    touched.append(spike)
            grouped = [a for a in history if a.event in _GROUPED]
            open_mark = next((a for a in grouped if a.state == "open"), None)
            # folded only while still open: an alert the outbox has sealed meanwhile was
            # built without this article, which then takes the path of a sent alert's
            if open_mark is not None:
                claimed, open_alert = tx.fold_open(open_mark.id, article.id, terms)
                if claimed and open_alert is not None:
                    touched.append(self._fold(tx, open_alert, terms, news))
                    continue
                if open_alert is not None:  # as the outbox left it
                    grouped = [AlertMark.of(open_alert) if a is open_mark else a for a in grouped]
            if not any(a.event == "new_story" for a in grouped):
                if "new_story" in rule.events:
                    created = self._new_story(tx, rule, story, article, terms, now)
                    if created is not None:
                        touched.append(created)
                continue
            recorded = None if news else self._late_copy(tx, rule, grouped, article, terms, now)
            if recorded is not None:
                touched.append(recorded)
                continue
            last = max(grouped, key=lambda a: a.sealed_at or a.created_at)
            last_at = last.sealed_at or last.created_at
            if news and "development" in rule.events:
                send_at = max(now, last_at + timedelta(seconds=rule.group_interval))
                said = (describe_fact(f).strip("()") for f in news.facts[:8])
                reasons = [f"new facts: {', '.join(said)}"]
                if send_at > now:
                    reasons.append(
                        f"group_interval {human(rule.group_interval)}: the previous message "
                        f"went out {_when(last_at)}, so this one waits until {_when(send_at)}"
                    )
                touched.append(
                    self._create(
                        tx,
                        rule,
                        story,
                        "development",
                        article,
                        terms,
                        send_at,
                        now,
                        reasons=reasons,
                        new_information=news.summary,
                    )
                )
            elif rule.repeat_interval is not None and now - last_at >= timedelta(
                seconds=rule.repeat_interval
            ):
                reasons = [
                    f"repeat_interval {human(rule.repeat_interval)}: the story is still gaining "
                    f"coverage and the last message went out {_when(last_at)}"
                ]
                touched.append(
                    self._create(
                        tx, rule, story, "repeat", article, terms, now, now, reasons=reasons
                    )
                )
        return touched

    def _fold(self, tx: Tx, alert: Alert, terms: list[str], news: Development | None) -> Alert:
        """Not sent yet: the article joins the open alert rather than raising another.
        `Tx.fold_open` appended it to the alert's articles and matches; the terms and
        the new information, bounded by the rule's query and the story's facts, are
        kept here."""
        matched = sorted(set(alert.matched_terms) | set(terms))
        if matched != alert.matched_terms:
            alert.matched_terms = matched
        if alert.event == "development" and news:
            alert.new_information = _merge(alert.new_information, news.summary)
        return tx.add(alert)

    def _late_copy(
        self,
        tx: Tx,
        rule: Rule,
        grouped: list[AlertMark],
        article: Article,
        terms: list[str],
        now: datetime,
    ) -> Alert | None:
        """Within `fold_window` of a story's first alert, a copy (or an article adding
        nothing) arriving after that alert went out joins its record: a short group_wait
        sends the first report at once, and the outlets that follow are counted on it,
        not sent as a second alert. The message already sent stays as it was."""
        mark = next((a for a in grouped if a.event == "new_story"), None)
        window = timedelta(seconds=rule.fold_window)
        if mark is None or not rule.fold_window or now - mark.created_at > window:
            return None
        first = tx.get(Alert, mark.id)
        assert article.id is not None and first is not None
        if article.id not in first.article_ids:
            first.article_ids = [*first.article_ids, article.id]
            first.matches = {**(first.matches or {}), str(article.id): sorted(set(terms))}
        return tx.add(first)

    def _new_story(
        self, tx: Tx, rule: Rule, story: Story, article: Article, terms: list[str], now: datetime
    ) -> Alert | None:
        assert story.id is not None
        outlets = tx.story_outlets(story.id)
        if len(outlets) < rule.min_outlets:
            log.debug(
                "story %s has %d of %d outlets for rule %s",
                story.id,
                len(outlets),
                rule.min_outlets,
                rule.name,
                extra={"story_id": story.id, "rule": rule.name},
            )
            return None
        reasons = []
        if rule.min_outlets > 1:
            reasons.append(
                f"min_outlets {rule.min_outlets} met: {len(outlets)} outlets ({', '.join(outlets)})"
            )
        send_at = now + timedelta(seconds=rule.group_wait)
        if rule.group_wait:
            reasons.append(
                f"group_wait {human(rule.group_wait)}: held until {_when(send_at)} so more "
                "outlets arrive together"
            )
        return self._create(
            tx, rule, story, "new_story", article, terms, send_at, now, reasons=reasons
        )

    def _spike(
        self,
        tx: Tx,
        rule: Rule,
        story: Story,
        article: Article,
        terms: list[str],
        history: list[AlertMark],
        now: datetime,
    ) -> Alert | None:
        assert story.id is not None and rule.spike_outlets and rule.spike_within
        window = timedelta(seconds=rule.spike_within)
        if any(a.event == "spike" and now - a.created_at < window for a in history):
            return None  # once per window
        fresh = sorted(
            src for src, at in tx.story_outlet_arrivals(story.id).items() if now - at <= window
        )
        if len(fresh) < rule.spike_outlets:
            return None
        reasons = [
            f"spike: {len(fresh)} new outlets within {human(rule.spike_within)} "
            f"(threshold {rule.spike_outlets}): {', '.join(fresh)}"
        ]
        return self._create(tx, rule, story, "spike", article, terms, now, now, reasons=reasons)

    def _create(
        self,
        tx: Tx,
        rule: Rule,
        story: Story,
        event: str,
        article: Article,
        terms: list[str],
        send_at: datetime,
        now: datetime,
        *,
        reasons: list[str],
        new_information: list[str] | None = None,
    ) -> Alert:
        assert story.id is not None and article.id is not None
        alert = enqueue(
            tx,
            Alert(
                id=alert_id(story, rule.name, event, article.id if event != "new_story" else None),
                story_id=story.id,
                rule=rule.name,
                event=event,
                article_id=article.id,
                article_ids=[article.id],
                matched_terms=sorted(set(terms)),
                matches={str(article.id): sorted(set(terms))},
                reasons=reasons,
                new_information=new_information or [],
                created_at=now,
                urgent=rule.urgent,
            ),
            rule.channels,
            send_at=send_at,
        )
        log.info(
            "%s alert for story %s",
            event,
            story.id,
            extra={
                "alert_id": alert.id,
                "story_id": story.id,
                "article_id": article.id,
                "rule": rule.name,
            },
        )
        return alert


def _merge(old: list[str], new: list[str]) -> list[str]:
    return old + [x for x in new if x not in old]
