"""Digests: one message per schedule slot with every story a rule matched since the last one.

The database decides: each digest rule keeps the last slot it handled (`DigestState`), so a
cheap periodic check sends a due digest exactly once, also after the daemon was down
across several slots (one digest covering all of them, not one per missed slot). The
digest's alert id is derived from the rule and the slot, and the alert, its outbox rows
and the new state are written in one transaction, so a crash or a second instance cannot
double it.

An article is stamped when its transaction starts and visible when it commits: one stamped
just before a slot may commit after that slot's digest ran. So each digest also looks back
`LATE_COMMITS` before its period and takes what no earlier digest of the rule carried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerting import silences
from monitor.alerting.cron import Schedule, zone
from monitor.alerting.enqueue import alert_id, enqueue
from monitor.alerting.rules import Rule
from monitor.config import RuleConfig
from monitor.judge.query import Document
from monitor.storage import Alert, Article, Conflict, DigestState, Store, Story, Tx

log = logging.getLogger(__name__)

# How long an article's transaction may run past its timestamp and still reach a digest.
LATE_COMMITS = timedelta(hours=1)


def digest_id(rule: str, slot: datetime) -> str:
    return alert_id("digest", "digest", rule, slot.isoformat())


@dataclass(frozen=True)
class DigestRule:
    rule: Rule
    schedule: Schedule
    send_empty: bool

    @classmethod
    def from_config(cls, cfg: RuleConfig, backfill: float | None) -> DigestRule:
        assert cfg.schedule is not None
        return cls(
            Rule.from_config(cfg, backfill), Schedule(cfg.schedule, cfg.timezone), cfg.send_empty
        )


class Digests:
    def __init__(self, rules: list[RuleConfig], backfill: float | None = None) -> None:
        self.rules = [DigestRule.from_config(r, backfill) for r in rules if r.schedule]

    def run_due(self, store: Store, now: datetime) -> list[Alert]:
        """Create the digests due at `now`; each rule in its own transaction.

        One node at a time; the slot kept per rule, not the lock, makes it once per slot.
        """
        if not self.rules:
            return []
        with store.singleton("digests") as mine:
            return self._run(store, now) if mine else []

    def _run(self, store: Store, now: datetime) -> list[Alert]:
        made: list[Alert] = []
        for d in self.rules:
            try:
                with store.tx() as tx:
                    alert = self._due(tx, d, now)
            except Conflict:  # another instance handled this slot first
                log.info("digest for rule %s already handled", d.rule.name)
                continue
            if alert is not None:
                made.append(alert)
        return made

    def _due(self, tx: Tx, d: DigestRule, now: datetime) -> Alert | None:
        name = d.rule.name
        slot = d.schedule.last_slot(now)
        state = tx.digest_state(name)
        if state is None:
            # First sight of the rule: its first digest covers from this slot on.
            tx.add(DigestState(rule=name, last_slot=slot, updated_at=now))
            return None
        if slot <= state.last_slot:
            return None
        since = state.last_slot
        by_story = self._matches(tx, d.rule, since, slot, now)
        state.last_slot, state.updated_at = slot, now
        if not by_story and not d.send_empty:
            state.last_alert_id = None
            tx.add(state)
            log.info("digest for rule %s: nothing new, nothing sent", name, extra={"rule": name})
            return None
        order = sorted(by_story, key=lambda sid: (_newest(by_story[sid]), sid), reverse=True)
        articles = [a for sid in order for a, _ in by_story[sid]]
        matches = {str(a.id): terms for sid in order for a, terms in by_story[sid]}
        alert = enqueue(
            tx,
            Alert(
                id=digest_id(name, slot),
                story_id=None,
                rule=name,
                event="digest",
                article_ids=[a.id for a in articles if a.id is not None],
                story_ids=order,
                matched_terms=sorted({t for terms in matches.values() for t in terms}),
                matches=matches,
                reasons=[
                    f"schedule {d.schedule.text!r} in {d.schedule.timezone}: slot "
                    f"{slot.astimezone(zone(d.schedule.timezone)).isoformat()}",
                    f"{len(order)} stories, {len(articles)} articles matched since the "
                    f"last digest ({since.isoformat()})",
                ]
                + (["send_empty: sent although nothing matched"] if not order else []),
                period_start=since,
                period_end=slot,
                created_at=now,
            ),
            d.rule.channels,
            send_at=now,
        )
        state.last_alert_id = alert.id
        tx.add(state)
        log.info(
            "digest for rule %s: %d stories",
            name,
            len(order),
            extra={"rule": name, "alert_id": alert.id, "stories": len(order)},
        )
        return alert

    def _matches(
        self, tx: Tx, rule: Rule, since: datetime, until: datetime, now: datetime
    ) -> dict[int, list[tuple[Article, list[str]]]]:
        feeds = tx.feed_names()
        found: dict[int, list[tuple[Article, list[str]]]] = {}
        carried = tx.digested_articles(rule.name, since - LATE_COMMITS)
        for a in tx.articles_fetched_between(since - LATE_COMMITS, until):
            assert a.story_id is not None
            if a.id in carried:
                continue
            doc = Document(f"{a.title}\n{a.text or ''}")
            terms = rule.admits(a, doc, feeds.get(a.feed_id) if a.feed_id else None)
            if terms is not None:
                found.setdefault(a.story_id, []).append((a, terms))
        if rule.min_outlets > 1:
            for story_id in list(found):
                if len(tx.story_outlets(story_id)) < rule.min_outlets:
                    del found[story_id]
        active = tx.silences(active_at=now)
        if active:
            for story_id in list(found):
                story = tx.get(Story, story_id)
                picked = [a for a, _ in found[story_id]]
                if story is not None and silences.matching(active, story, picked):
                    del found[story_id]
        return found


def _newest(items: list[tuple[Article, list[str]]]) -> datetime:
    return max(a.published_at or a.fetched_at for a, _ in items)
