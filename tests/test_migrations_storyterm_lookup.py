"""Migration 0018 on a database at 0017 holding stories: the candidate lookup's index
holds the whole posting, the lookup finds the same stories, and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import inspect

from monitor.storage import Store, Story, migrate

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _indexes(store: Store) -> set[str]:
    return {str(ix["name"]) for ix in inspect(store.engine).get_indexes("storyterm")}


def _found(store: Store) -> list[list[int]]:
    since = NOW - timedelta(days=30)
    with store.tx() as tx:
        return [
            [s.id or 0 for s in tx.story_candidates(terms, since, limit=10, per_term=per_term)]
            for terms, per_term in ((["petro"], 4), (["petro", "odd", "even"], 4), (["odd"], 50))
        ]


def test_upgrade_from_0017_keeps_the_lookup(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0017")
        with store.tx() as tx:
            for i in range(1, 31):
                # stories three to a time: which of them a term's postings keep is the id's call
                seen = NOW - timedelta(days=40 if i <= 3 else i // 3)
                tx.session.add(Story(id=i, title=f"s{i}", first_seen=seen, last_seen=seen))
                tx.session.flush()
                tx.set_story_terms(i, ["petro", "odd" if i % 2 else "even"], seen)
        before = _found(store)
        # the two latest (4, 5), then two of the three a day older (6, 7, 8): the later
        # postings (higher id) on a tie
        assert before[0] == [8, 7, 5, 4]
        assert "ix_storyterm_term_last_seen" in _indexes(store)

        migrate.upgrade(store)
        assert "ix_storyterm_lookup" in _indexes(store)
        assert "ix_storyterm_term_last_seen" not in _indexes(store)
        assert _found(store) == before
        assert migrate.diffs(store) == []

        with store.engine.begin() as conn:
            cfg = migrate.alembic_config(store)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0017")
        assert "ix_storyterm_term_last_seen" in _indexes(store)
        assert "ix_storyterm_lookup" not in _indexes(store)
        assert _found(store) == before
    finally:
        store.close()
