"""Rules turn story events into alerts, and write the outbox rows in the same transaction.

Events: `new_story` when a story first matches a rule, `development` when an alerted story
gains an article that adds facts. While an alert is still open (nothing of it sent yet),
later articles of its story fold into it instead of raising alerts of their own.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from monitor.config import RuleConfig
from monitor.query import Document, Query
from monitor.storage import Alert, Article, Delivery, Story, Tx
from monitor.stories import Placement

log = logging.getLogger(__name__)

_NAMESPACE = uuid.UUID("5b0c1f4e-7a43-4c55-9d1e-0c8f6f1d2a77")


@dataclass(frozen=True)
class Rule:
    name: str
    topics: frozenset[str] | None
    query: Query | None
    events: frozenset[str]
    channels: tuple[str, ...]
    urgent: bool = False

    @classmethod
    def from_config(cls, cfg: RuleConfig) -> Rule:
        return cls(
            name=cfg.name,
            topics=frozenset(cfg.topics) if cfg.topics is not None else None,
            query=Query.parse(cfg.query) if cfg.query else None,
            events=frozenset(cfg.events),
            channels=tuple(cfg.channels),
            urgent=cfg.urgent,
        )

    def matched_terms(self, article: Article, doc: Document) -> list[str] | None:
        """The query terms that matched, or None when the rule does not apply."""
        if self.topics is not None and not self.topics & set(article.topics):
            return None
        if self.query is None:
            return []
        return self.query.matched_terms(doc) if self.query.matches(doc) else None


def alert_id(story: Story, rule: str, event: str, article_id: int | None = None) -> str:
    key = f"{story.id}|{story.first_seen.isoformat()}|{rule}|{event}|{article_id or ''}"
    return str(uuid.uuid5(_NAMESPACE, key))


class RuleEngine:
    def __init__(self, rules: list[RuleConfig]) -> None:
        self.rules = [Rule.from_config(r) for r in rules]

    def evaluate(
        self, tx: Tx, article: Article, doc: Document, placement: Placement, now: datetime
    ) -> list[Alert]:
        """Alerts created or extended by a new, non-duplicate article of `placement.story`."""
        story = placement.story
        assert story.id is not None and article.id is not None
        news = placement.development
        touched: list[Alert] = []
        for rule in self.rules:
            terms = rule.matched_terms(article, doc)
            if terms is None:
                continue
            history = tx.alerts_for(story.id, rule.name)
            open_alert = next((a for a in history if a.state == "open"), None)
            if open_alert is not None:
                # Not sent yet: the article joins it rather than raising another alert.
                open_alert.article_ids = [*open_alert.article_ids, article.id]
                open_alert.matched_terms = sorted(set(open_alert.matched_terms) | set(terms))
                if open_alert.event == "development" and news:
                    open_alert.new_information = _merge(open_alert.new_information, news.summary)
                touched.append(tx.add(open_alert))
                continue
            if not any(a.event == "new_story" for a in history):
                if "new_story" in rule.events:
                    touched.append(self._create(tx, rule, story, "new_story", article, terms, []))
                continue
            if news and "development" in rule.events:
                touched.append(
                    self._create(tx, rule, story, "development", article, terms, news.summary)
                )
        return touched

    def _create(
        self,
        tx: Tx,
        rule: Rule,
        story: Story,
        event: str,
        article: Article,
        terms: list[str],
        new_information: list[str],
    ) -> Alert:
        assert story.id is not None and article.id is not None
        alert = tx.add(
            Alert(
                id=alert_id(story, rule.name, event, article.id if event != "new_story" else None),
                story_id=story.id,
                rule=rule.name,
                event=event,
                article_id=article.id,
                article_ids=[article.id],
                matched_terms=sorted(set(terms)),
                new_information=new_information,
                urgent=rule.urgent,
            )
        )
        for channel in rule.channels:
            tx.add(Delivery(alert_id=alert.id, channel=channel))
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
