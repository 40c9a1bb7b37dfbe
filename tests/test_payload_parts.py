"""Sent payloads with their large parts stored once (migration 0015): what the models read
back is the exact text sealed, on both backends, across an upgrade and a downgrade."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import MetaData, inspect, text
from sqlmodel import select

from monitor.alerting.outbox import seal
from monitor.storage import Alert, Article, Store, Story, migrate
from monitor.storage.payloads import pack, unpack

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
HOSTILE = 'Petro en Cúcuta {"$part": "0"} @ 東京 </script> \\u0000 "'


def _story(store: Store, n: int = 40) -> int:
    with store.tx() as tx:
        story = tx.add(Story(title="Frontera", first_seen=T0, last_seen=T0))
        assert story.id is not None
        for i in range(n):
            tx.add(
                Article(
                    url=f"https://news{i % 7}.example/{i}",
                    title=f"{HOSTILE} {i}",
                    source=f"news{i % 7}.example",
                    relevant=True,
                    story_id=story.id,
                    published_at=T0 + timedelta(minutes=i),
                    fetched_at=T0 + timedelta(minutes=i),
                    text=f"Cúcuta y Ureña reabren la frontera {i}. El paso abre a las {i} horas.",
                )
            )
        return story.id


def _seal(store: Store, story_id: int, ids: list[str]) -> dict[str, str]:
    """Seal one alert per id about the story; the payloads as sealed."""
    sealed: dict[str, str] = {}
    with store.tx() as tx:
        for alert_id in ids:
            tx.add(
                Alert(
                    id=alert_id, story_id=story_id, rule=alert_id, event="new_story", created_at=T0
                )
            )
    with store.tx() as tx:
        for alert_id in ids:
            alert = tx.session.get(Alert, alert_id)
            assert alert is not None
            seal(tx, alert, T0 + timedelta(hours=1))
            tx.session.flush()
            assert alert.payload is not None
            sealed[alert_id] = alert.payload
    return sealed


def _raw(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, payload FROM alert")).all()
    return {
        str(i): zlib.decompress(p).decode() if isinstance(p, bytes) else str(p) for i, p in rows
    }


def _read(store: Store) -> dict[str, str | None]:
    with store.tx() as tx:
        return {a.id: a.payload for a in tx.session.exec(select(Alert)).all()}


def test_parts_are_stored_once_and_payloads_read_back_exactly(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store)
        story_id = _story(store)
        sealed = _seal(store, story_id, ["a", "b", "c"])
        body = json.loads(sealed["a"])
        assert len(body["story"]["articles"]) == 40
        assert any(a["title"].startswith(HOSTILE) for a in body["story"]["articles"])
        raw = _raw(store)
        # stored as a reference to shared parts, each part once for the three alerts
        assert all(raw[i].startswith("@") and len(raw[i]) < len(sealed[i]) / 3 for i in sealed)
        with store.engine.connect() as conn:
            parts = conn.execute(text("SELECT count(*) FROM payloadpart")).scalar_one()
        assert 1 <= parts <= 2
        assert _read(store) == sealed
        # a retry re-reads the sealed alert and sends the same body
        with store.tx() as tx:
            alert = tx.session.get(Alert, "b")
            assert alert is not None and alert.state == "sealed"
            assert json.dumps(seal(tx, alert, T0).to_dict(), ensure_ascii=False) == sealed["b"]
        # a change to another column leaves the stored form as it was
        with store.tx() as tx:
            alert = tx.session.get(Alert, "c")
            assert alert is not None
            alert.urgent = True
        assert _raw(store)["c"] == raw["c"] and _read(store) == sealed
    finally:
        store.close()


def test_pack_keeps_a_payload_it_could_not_give_back() -> None:
    articles = [{"url": f"https://x/{i}", "title": "t" * 40} for i in range(40)]
    full = json.dumps({"id": "x", "story": {"articles": articles}}, ensure_ascii=False)
    stored, parts = pack(full)
    assert stored.startswith("@") and len(parts) == 1
    assert unpack(stored, parts) == full
    for odd in [
        json.dumps({"story": {"articles": articles}}, indent=1),  # not as the outbox writes
        json.dumps({"story": {"articles": {"$part": "0"}}, "x": articles}),  # a fake reference
        '["not", "an", "object"]',
        "{not json",
    ]:
        assert pack(odd) == (odd, {})


def test_upgrade_from_0014_keeps_old_payloads_and_downgrade_writes_them_in_full(
    db_url: str,
) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "0014")
        old = MetaData()
        old.reflect(store.engine, only=["alert"])
        plain = json.dumps({"id": "old", "event": "new_story", "story": {"title": "Ureña"}})
        with store.engine.begin() as conn:
            conn.execute(
                old.tables["alert"]
                .insert()
                .values(
                    id="old",
                    rule="r",
                    event="new_story",
                    article_ids=[],
                    story_ids=[],
                    matched_terms=[],
                    matches={},
                    reasons=[],
                    new_information=[],
                    state="sealed",
                    payload=zlib.compress(plain.encode(), 6)
                    if store.backend == "sqlite"
                    else plain,
                    created_at=T0.replace(tzinfo=None),
                    urgent=False,
                )
            )
        migrate.upgrade(store)
        assert migrate.diffs(store) == []
        assert _read(store) == {"old": plain}
        sealed = _seal(store, _story(store), ["a", "b"])
        assert _raw(store)["a"].startswith("@")
        with store.engine.begin() as conn:
            cfg = migrate.alembic_config(store)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0014")
        assert _raw(store) == {"old": plain, **sealed}
        assert "payloadpart" not in inspect(store.engine).get_table_names()
        migrate.upgrade(store)
        assert _read(store) == {"old": plain, **sealed}
    finally:
        store.close()
