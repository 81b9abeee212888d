"""The tables as SQLAlchemy Core sees them (created by `migrations/`, never here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
import sqlalchemy as sa

from judging.store.events import RecordedEvent, hash_input, recorded_event
from judging.store.hashing import HashInput, chained_digest


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite: the rowid itself

events = sa.Table(
    "events",
    metadata,
    sa.Column("position", POSITION, primary_key=True, autoincrement=False),
    sa.Column("stream_id", sa.Text(), nullable=False),
    sa.Column("stream_version", sa.Integer(), nullable=False),
    sa.Column("event_id", sa.Uuid(), nullable=False, unique=True),
    sa.Column("type", sa.Text(), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
    sa.Column("metadata", sa.Text(), nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.UniqueConstraint("stream_id", "stream_version"),
)

log_head = sa.Table(
    "log_head",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("position", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

HEAD_ID = 1


@dataclass(slots=True)
class StoredRow:
    """One `events` row as stored, data and metadata still as their JSON text.

    Internal to the store and never changed after it is made; not `frozen` because a
    frozen dataclass costs three times as much to build, once per appended event.
    """

    position: int
    stream_id: str
    stream_version: int
    event_id: uuid.UUID
    type: str
    data: str
    metadata: str
    recorded_at: datetime
    prev_hash: str
    hash: str

    def hash_input(self) -> HashInput:
        return hash_input(self, self.data, self.metadata)

    def digest_after(self, prev_digest: bytes) -> bytes:
        """Its raw digest chained after `prev_digest`, from its stored text as it is
        (what a follower checks of every row it reads)."""
        return chained_digest(prev_digest, self, self.data.encode(), self.metadata.encode())

    def to_event(self) -> RecordedEvent:
        return recorded_event(  # positional: this runs once per event read
            self.position,
            self.stream_id,
            self.stream_version,
            self.event_id,
            self.type,
            orjson.loads(self.data),
            orjson.loads(self.metadata),
            self.recorded_at,
            self.prev_hash,
            self.hash,
        )
