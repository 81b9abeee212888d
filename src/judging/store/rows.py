"""The one tuple an `events` row travels in, from the plan to either database.

A plan writes each new event straight into a `Row`, in the table's column order and
as SQLAlchemy's SQLite types store it: the event id as 32 hex digits, `recorded_at`
as naive UTC text with microseconds. SQLite binds it as it is; PostgreSQL gets the
rows as one JSON document and casts the id (the time goes as one parameter). No
per-event object is made on the way to the database: a `StoredRow` is made from a
`Row` only when something reads it (followers, verification, the memory store).
"""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, datetime

from judging.store.schema import StoredRow

# position, stream_id, stream_version, event id (hex), type, data, metadata,
# recorded_at (text), prev_hash, hash
Row = tuple[int, str, int, str, str, str, str, str, str, str]

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def time_text(moment: datetime) -> str:
    """`recorded_at` as a row holds it: naive UTC, microseconds."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


@functools.lru_cache(maxsize=256)
def parse_time(text: str) -> datetime:
    """A row's `recorded_at` text as an aware UTC datetime. Events written together
    share their time: most rows of a page parse nothing."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def parse_uuid(hex_digits: str) -> uuid.UUID:
    """32 hex digits as a UUID, without `UUID.__init__`'s parsing of every accepted
    spelling (three times the cost, once per event read)."""
    value = _new(uuid.UUID)
    _set(value, "int", int(hex_digits, 16))
    _set(value, "is_safe", _UNKNOWN_SAFETY)
    return value


_new, _set, _UNKNOWN_SAFETY = object.__new__, object.__setattr__, uuid.SafeUUID.unknown


def stored_row(row: Row) -> StoredRow:
    """The `StoredRow` of a row tuple (a row as SQLite returns it is one too)."""
    position, stream_id, version, event_id, type_, data, metadata, at, prev_hash, hash_ = row
    return StoredRow(
        position,
        stream_id,
        version,
        parse_uuid(event_id),
        type_,
        data,
        metadata,
        parse_time(at),
        prev_hash,
        hash_,
    )


def row_of(stored: StoredRow) -> Row:
    """The row tuple of a stored row (the rare path: an event id found stored)."""
    return (
        stored.position,
        stored.stream_id,
        stored.stream_version,
        stored.event_id.hex,
        stored.type,
        stored.data,
        stored.metadata,
        time_text(stored.recorded_at),
        stored.prev_hash,
        stored.hash,
    )
