"""Database tables. Plain rows: behaviour lives in the stages, queries in the store."""

from __future__ import annotations

import json
import struct
import threading
import zlib
from collections import OrderedDict
from datetime import UTC, datetime
from functools import cache
from typing import Any

from pydantic_core import from_json
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import AutoString, Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC on every backend, always read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class EpochSeconds(TypeDecorator[datetime]):
    """An aware UTC time stored as whole seconds since the epoch: 4 to 6 bytes a row on
    SQLite, where a DateTime is 26 characters, for tables with a row per index key."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC")
        return int(value.timestamp())

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromtimestamp(int(value), UTC)


def unpack_text(value: str | bytes | None) -> str | None:
    """A `PackedText` value as SQL reads it (a trigger, a raw query): the text itself."""
    if value is None or isinstance(value, str):
        return value
    return zlib.decompress(value).decode()


class PackedText(TypeDecorator[str]):
    """Text kept zlib-compressed on SQLite, for large documents (article texts, sent
    payloads): the column stays TEXT, and SQLite stores a BLOB in it as given. A row
    written before compression (TEXT) still reads back. PostgreSQL gets plain text,
    which its TOAST storage already compresses."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return zlib.compress(value.encode(), 6)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return unpack_text(value)


class PackedHash(TypeDecorator[str]):
    """A hex digest kept as its bytes on SQLite: half the size in the row and in its
    index (a sha256 is 32 bytes, not 64 characters). Reads give the hex string back; a
    value that is no lowercase hex digest (or empty), or one written before 0017, is stored and read
    as text. PostgreSQL keeps the text."""

    impl = AutoString
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        try:
            packed = bytes.fromhex(value)
        except ValueError:
            return value
        return packed if packed and packed.hex() == value else value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return value.hex() if isinstance(value, bytes) else value


def pack_signature(value: bytes) -> bytes:
    """A MinHash signature (`monitor.judge.copies.Signature.to_bytes`: a uint32 shingle
    count, then uint32 minima, little-endian) with each minimum in as many bits as the
    largest needs: minima of a few hundred random hashes are far below 2**32, so about
    26 bits do. Layout: the width (1 byte), the count (4), the number of minima (2),
    the minima's bits, and a zero byte if needed to make the length odd, which tells it
    from the plain layout (4 bytes a value: always even). Returned as is when no shorter.
    The bits are those of one integer, little-endian (no numpy in the main process).
    """
    if len(value) % 4:
        raise ValueError(f"not a MinHash signature: {len(value)} bytes")
    n = len(value) // 4 - 1
    if not 0 < n < 1 << 16:
        return value
    minima = struct.unpack_from(f"<{n}I", value, 4)
    width = max(minima).bit_length() or 1
    bits = 0
    for m in reversed(minima):
        bits = bits << width | m
    out = bytes([width]) + value[:4] + n.to_bytes(2, "little")
    out += bits.to_bytes((n * width + 7) // 8, "little")
    if len(out) % 2 == 0:
        out += b"\0"
    return out if len(out) < len(value) else value


def unpack_signature(value: bytes) -> bytes:
    """The signature `pack_signature` packed, byte for byte; a plain one as it is.

    The minima are moved to 32-bit lanes all at once, a few masked shifts of the one
    integer (`_spread`), not one at a time: a near-copy lookup at 100,000 stored articles
    reads about a hundred signatures."""
    if len(value) % 2 == 0:
        return value
    width, n = value[0], int.from_bytes(value[5:7], "little")
    bits = int.from_bytes(value[7 : 7 + (n * width + 7) // 8], "little")
    every, steps = _spread(n, width)
    bits &= every
    for keep, move, shift in steps:
        bits = bits & keep | (bits & move) << shift
    return value[1:5] + bits.to_bytes(4 * n, "little")


def packed_minima(value: bytes) -> tuple[int, int, int, int] | None:
    """(shingle count, number of minima, width, the minima as one integer: value i at
    bit width*i) of a signature as `pack_signature` stores it; None for the plain layout.
    A near-copy lookup compares candidates in this form, unpacking none of them."""
    if len(value) % 2 == 0:
        return None
    width, n = value[0], int.from_bytes(value[5:7], "little")
    bits = int.from_bytes(value[7 : 7 + (n * width + 7) // 8], "little")
    return int.from_bytes(value[1:5], "little"), n, width, bits


@cache
def _spread(n: int, width: int) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """For `n` values of `width` bits packed side by side: the mask of their bits, and the
    steps (keep, move, shift) that put value i at bit 32*i. Value i must move i*(32-width)
    bits; step b moves the values whose index has bit b set by 2**b*(32-width), highest b
    first, so that a moved group never reaches the next group, which moves too."""
    field = (1 << width) - 1
    at = [i * width for i in range(n)]
    steps = []
    for b in reversed(range(max(n - 1, 0).bit_length() if width < 32 else 0)):
        shift = (1 << b) * (32 - width)
        keep = move = 0
        for i in range(n):
            if i >> b & 1:
                move |= field << at[i]
                at[i] += shift
            else:
                keep |= field << at[i]
        steps.append((keep, move, shift))
    return (1 << n * width) - 1, tuple(steps)


class PackedSignature(TypeDecorator[bytes]):
    """MinHash signatures bit-packed on SQLite (`pack_signature`), a fifth smaller; a
    signature stored before 0017 reads back as it is. PostgreSQL keeps the bytes."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return pack_signature(bytes(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None or dialect.name != "sqlite":
            return value
        return unpack_signature(bytes(value))


def _loads(doc: str) -> Any:
    """`json.loads`, by pydantic's parser where it can: the same values (floats to the
    bit) in a third of the time. Grouping reads the member views of twenty candidate
    stories an article, and with many stories in the window few are read twice. What it
    refuses (a lone surrogate escape, deep nesting) `json.loads` reads."""
    try:
        return from_json(doc)
    except ValueError:
        return json.loads(doc)


class PackedJSON(TypeDecorator[Any]):
    """JSON kept zlib-compressed on SQLite, for large documents rewritten as they grow (a
    story's members and profile), stored like `PackedText`. Never for a column that SQL
    looks inside (`json_each`, LIKE): it sees bytes there. PostgreSQL gets plain JSON.

    The column stays JSON (the schema matches the migrations); on SQLite the processors
    replace JSON's own, which would serialise the compressed bytes again."""

    impl = JSON
    cache_ok = True
    hashable = False
    # Keep a document as JSON text when compressing does not make it smaller (short ones).
    only_smaller = False

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        only_smaller = self.only_smaller

        def process(value: Any) -> bytes | str | None:
            if value is None:
                return None
            doc = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            packed = zlib.compress(doc.encode(), 6)
            if only_smaller and len(packed) >= len(doc.encode()):
                return doc
            return packed

        return process

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: Any) -> Any:
            return None if value is None else _loads(unpack_text(value) or "null")

        return process


# Plain JSON values: such a dict item of a list, or a flat dict, reads back as it was.
_SCALARS = (str, int, float, bool, type(None))


class _Kept:
    """What `SharedPackedJSON` keeps: stored documents by their bytes (the value read or
    written), and dict items of lists by identity (the item kept with its JSON text,
    and whether that text reads back as the item). Bounded, least recently used out;
    one lock, as ingest and sealing run in threads."""

    def __init__(self, docs: int, items: int) -> None:
        self.max_docs, self.max_items = docs, items
        self.docs: OrderedDict[bytes | str, Any] = OrderedDict()
        self.items: OrderedDict[int, tuple[Any, str, bool]] = OrderedDict()
        self.lock = threading.Lock()

    def doc(self, raw: bytes | str) -> Any:
        """The value stored as `raw`, read or written before; `_MISSING` if not kept."""
        with self.lock:
            value = self.docs.get(raw, _MISSING)
            if value is not _MISSING:
                self.docs.move_to_end(raw)
            return value

    def keep_doc(self, raw: bytes | str, value: Any) -> None:
        with self.lock:
            self.docs[raw] = value
            self.docs.move_to_end(raw)
            while len(self.docs) > self.max_docs:
                self.docs.popitem(last=False)

    def item(self, item: Any) -> tuple[str, bool]:
        """An item's JSON text and whether it reads back as the item."""
        with self.lock:
            found = self.items.get(id(item))
            if found is not None and found[0] is item:
                self.items.move_to_end(id(item))
                return found[1], found[2]
        text, same = _dumps(item), _plain(item)
        with self.lock:
            self.items[id(item)] = (item, text, same)
            self.items.move_to_end(id(item))
            while len(self.items) > self.max_items:
                self.items.popitem(last=False)
        return text, same


def _plain(value: Any) -> bool:
    """Whether JSON reads `value` back equal and alike: dicts with text keys, lists and
    plain values only (no tuple, set or number key, which JSON would turn into others)."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(v) for v in value)
    return kind in _SCALARS


_MISSING = object()


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class SharedPackedJSON(PackedJSON):
    """`PackedJSON` for documents read and rewritten for every article that joins a story
    (its members and profile), shared instead of decoded and encoded again: on SQLite a
    document read or written lately is not unpacked again (the value written is the one
    read back), and a list's dict items written before are not encoded again. The bytes
    stored are the same. A value read or written must not be changed in place: new lists
    and dicts throughout, as `monitor.judge.stories` builds them."""

    cache_ok = True
    kept = _Kept(docs=128, items=256)

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        kept = self.kept

        def process(value: Any) -> bytes | None:
            if value is None:
                return None
            if type(value) is list:
                texts = [kept.item(v) if type(v) is dict else (_dumps(v), False) for v in value]
                doc = "[" + ",".join(t for t, _ in texts) + "]"
                same = all(s for _, s in texts)
            else:
                doc = _dumps(value)
                same = _plain(value)
            packed = zlib.compress(doc.encode(), 6)
            if same:
                kept.keep_doc(packed, value)
            return packed

        return process

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        kept = self.kept

        def process(value: Any) -> Any:
            if value is None:
                return None
            found = kept.doc(value)
            if found is not _MISSING:
                return found
            read = _loads(unpack_text(value) or "null")
            kept.keep_doc(value, read)
            return read

        return process


class ShortPackedJSON(PackedJSON):
    """`PackedJSON` for documents of a few hundred bytes (a timeline entry's details),
    each compressed only where that makes it smaller; both forms read back."""

    cache_ok = True
    only_smaller = True


class Feed(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    name: str | None = None
    title: str | None = None
    configured: bool = True  # False once removed from the config: kept for history
    status: str = "new"  # new | ok | failing | disabled
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    consecutive_failures: int = 0
    last_checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_success_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_check_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow, index=True)
    entries_seen: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)
    # Where the feed lives now, after a permanent redirect; `url` stays the config's key.
    fetch_url: str | None = None
    ttl: int | None = None  # minutes, from the feed's <ttl>: kept for polls that skip parsing
    # Recent entry arrival times (epoch seconds) and since when they were watched:
    # the publishing-rate estimate behind the adaptive interval.
    arrivals: list[float] = Field(default_factory=list, sa_column=Column(JSON))
    rate_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    check_interval: float | None = None  # seconds to the next check when it was planned
    interval_reason: str | None = None
    # A node polling the feed holds it until lease_until; an expired lease is free.
    lease_owner: str | None = None
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # What the last changed body's poll cut to stay within [entries] (None: nothing).
    last_cut: str | None = Field(default=None, sa_column=Column(Text))


class Article(SQLModel, table=True):
    """Every article the monitor looked at. Irrelevant ones keep no text."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)  # canonical
    title: str = ""
    # outlet identity (host); not indexed: it is matched as a suffix (LIKE '%.host')
    source: str = ""
    source_name: str | None = None  # outlet display name
    feed_id: int | None = Field(default=None, foreign_key="feed.id")
    published_at: datetime | None = Field(
        sa_type=UTCDateTime, default=None
    )  # no query filters on it
    fetched_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow, index=True)
    language: str | None = None
    author: str | None = None
    relevant: bool = Field(default=False, index=True)
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # zlib-compressed on SQLite (`PackedText`): read it through the models, or unpack_text
    text: str | None = Field(default=None, sa_column=Column(PackedText))
    # "page" when the article page was extracted, else "feed" (title and summary only)
    text_origin: str = "page"
    extraction_error: str | None = None
    # why the page gave no text, a code (`monitor.collect.extract`, `collect.resolve`)
    no_text_reason: str | None = None
    # The news aggregator or redirector the feed linked through ("google-news", …), and
    # whether its link could not be resolved to the publisher's, so `url` is still its.
    aggregator: str | None = None
    aggregator_unresolved: bool = False
    text_hash: str | None = Field(default=None, index=True, sa_type=PackedHash)  # bytes on SQLite
    minhash: bytes | None = Field(default=None, sa_column=Column(PackedSignature))
    duplicate_of: int | None = Field(default=None, foreign_key="article.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)


class Sighting(SQLModel, table=True):
    """A feed entry, mapped to the article it led to: one article seen at several places."""

    __table_args__ = (UniqueConstraint("feed_id", "entry_key"),)
    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feed.id")
    entry_key: str
    url: str  # the link as the feed gave it
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    seen_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)


class ArticleBand(SQLModel, table=True):
    """Near-duplicate index keys of recent articles: LSH bands of the text's MinHash
    signature and headline keys. Rows older than the window are pruned.

    Keyed (band, article) with no other index, WITHOUT ROWID on SQLite: the key is the
    row, so the lookup (band -> articles) reads one b-tree and each key is stored once.
    When the keys were made is kept once per article, in `BandTime` (an article's keys
    are all made at once): a time on each of its 60-odd keys was a fifth of the table.
    """

    __table_args__ = {"sqlite_with_rowid": False}
    band: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    article_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("article.id"),
            primary_key=True,
            autoincrement=False,
        )
    )


class BandTime(SQLModel, table=True):
    """When an article's near-duplicate keys (`ArticleBand`) were made: the window a
    lookup sees, and what pruning drops. Pruning by age scans this table, one row per
    article still in the window."""

    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id"), primary_key=True, autoincrement=False)
    )
    created_at: datetime = Field(sa_column=Column(EpochSeconds, nullable=False, default=utcnow))


class Story(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str
    first_seen: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)
    last_seen: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow, index=True)
    # term -> weight: the centroid used to match new articles
    profile: dict[str, float] = Field(default_factory=dict, sa_column=Column(SharedPackedJSON))
    # salient facts (entities, numbers, dates, state words) already covered by the story
    facts: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # what grouping compares a new article with: views of the story's latest articles
    # (monitor.judge.stories.member_view); None for a story from before 0009
    members: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(SharedPackedJSON))
    article_count: int = 0
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # Set when another story absorbed this one; its articles and timeline moved there,
    # its alerts stay here and resolve through this link.
    merged_into: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("story.id", name="fk_story_merged_into_story"),
            nullable=True,
            index=True,
        ),
    )


class StoryTerm(SQLModel, table=True):
    """Inverted index from a story's strongest terms to the story: candidate lookup.

    `last_seen` copies the story's, so a lookup reads only the postings of stories
    still inside the grouping window, however many older stories share the term. The
    lookup index holds the whole posting in the lookup's order (term, last_seen, id) and
    its story_id: the lookup reads no table row.
    """

    __table_args__ = (
        Index("ix_storyterm_term", "term", "story_id", unique=True),
        Index("ix_storyterm_lookup", "term", "last_seen", "id", "story_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    term: str
    story_id: int = Field(foreign_key="story.id", index=True)
    last_seen: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)


class StoryEvent(SQLModel, table=True):
    """One dated entry of a story's timeline: how it started, what each development added."""

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    # the article's publication time; not indexed: timelines are read by story, whose
    # index serves the sort of its few events
    at: datetime = Field(sa_type=UTCDateTime)
    kind: str  # first_report | development | merge
    summary: str = Field(sa_column=Column(Text, nullable=False))
    # zlib-compressed on SQLite where that is smaller (`ShortPackedJSON`)
    details: list[str] = Field(default_factory=list, sa_column=Column(ShortPackedJSON))


DOCS = ""  # the TermCount row counting the articles counted, as no term is empty


class TermCount(SQLModel, table=True):
    """Document frequency of terms over relevant articles, for TF-IDF weights.

    WITHOUT ROWID on SQLite: the term is the key, not stored again in an index."""

    __table_args__ = {"sqlite_with_rowid": False}

    term: str = Field(primary_key=True)
    df: int = 0


class Alert(SQLModel, table=True):
    """One alert per story, rule and event (per development article for developments).

    An alert stays `open` while nothing of it has been sent: articles arriving meanwhile
    fold into it. The first delivery attempt seals it and freezes its payload, so
    every retry sends the same body. A digest covers several stories (`story_ids`) and
    has no `story_id`; a silenced alert is kept, with state `silenced`, and never sent.
    """

    id: str = Field(primary_key=True)  # stable: receivers drop repeats by it
    # None for alerts about no single story: health alerts, quiet-hours bundles
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    rule: str = Field(index=True)
    event: str  # new_story | development | repeat | spike | digest
    article_id: int | None = Field(default=None, foreign_key="article.id")
    article_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    story_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON))  # digests
    period_start: datetime | None = Field(default=None, sa_type=UTCDateTime)  # digests
    period_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    matched_terms: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # article id -> the rule's query terms that matched in it
    matches: dict[str, list[str]] = Field(default_factory=dict, sa_column=Column(JSON))
    # why it fired: thresholds met, timers applied, digest slot
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    new_information: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    state: str = Field(default="open", index=True)  # open | sealed | silenced
    silence_id: int | None = None
    payload: str | None = Field(default=None, sa_column=Column(PackedText))
    created_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow, index=True)
    sealed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    urgent: bool = False  # delivered even in a channel's quiet hours


class DigestState(SQLModel, table=True):
    """The last digest slot handled per rule, so a restart neither skips nor repeats one."""

    rule: str = Field(primary_key=True)
    last_slot: datetime = Field(sa_type=UTCDateTime)
    last_alert_id: str | None = None  # None when the slot had nothing to send
    updated_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)


class Silence(SQLModel, table=True):
    """Alerts for a story, or for stories matching a query, are recorded but not sent."""

    id: int | None = Field(default=None, primary_key=True)
    story_id: int | None = None
    query: str | None = None
    comment: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Delivery(SQLModel, table=True):
    """The outbox: one row per alert and channel, written with the alert."""

    __table_args__ = (UniqueConstraint("alert_id", "channel"),)
    id: int | None = Field(default=None, primary_key=True)
    alert_id: str = Field(foreign_key="alert.id", index=True)
    channel: str
    # pending | held (quiet hours) | bundled (sent inside bundle_id) | delivered | dead
    # | silenced
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow, index=True)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status: int | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)
    bundle_id: str | None = None  # the quiet-hours bundle alert that carried this one
    # when it last entered the queue (creation or `alerts retry`); max_age counts from here
    queued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HealthCondition(SQLModel, table=True):
    """One operational condition the monitor watches in itself, and its current episode.

    An episode starts when the condition is first seen and ends when it clears; its
    alerts' ids derive from the key and the episode number, so a crash cannot double them.
    """

    key: str = Field(primary_key=True)  # e.g. "feed_failing:3", "outbox_backlog"
    kind: str
    active: bool = False
    episode: int = 0
    since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cleared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    detail: str | None = Field(default=None, sa_column=Column(Text))


class DeliveryAttempt(SQLModel, table=True):
    """One try at sending a delivery and what the channel answered, for `alerts show`."""

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="delivery.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    ok: bool
    status: int | None = None  # the receiver's status code, when it gave one
    error: str | None = Field(default=None, sa_column=Column(Text))


class PayloadPart(SQLModel, table=True):
    """A large part of sent payloads (a story's article list, a brief's timeline), kept
    once: every alert sealed about one story at one time carries the same copy. Content-
    addressed and never changed, so a payload that names it reads back exactly."""

    hash: str = Field(primary_key=True)  # sha256 of the part's JSON, hex
    body: str = Field(sa_column=Column(PackedText, nullable=False))
