"""The values the event store takes and gives: new events, recorded events, versions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from judging.store.hashing import HashInput, canonical, chained_digest

if TYPE_CHECKING:
    from judging.store.schema import StoredRow  # keeps data and metadata as stored text


class AnyVersion(Enum):
    """Sentinel type: append without checking the stream's current version."""

    ANY = "any"

    def __repr__(self) -> str:
        return "ANY"


ANY: Final = AnyVersion.ANY
NO_STREAM: Final = 0

ExpectedVersion = int | Literal[AnyVersion.ANY]


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append; `event_id` makes retries idempotent."""

    event_id: uuid.UUID
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as stored: its place in the log, in its stream, and in the hash chain."""

    position: int
    stream_id: str
    stream_version: int
    event_id: uuid.UUID
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime
    prev_hash: str
    hash: str

    def hash_input(self) -> HashInput:
        """The hashed fields, data and metadata re-serialized canonically."""
        return hash_input(self, canonical(self.data).decode(), canonical(self.metadata).decode())

    def digest_after(self, prev_digest: bytes) -> bytes:
        """Its raw digest chained after `prev_digest`, data and metadata re-serialized."""
        return chained_digest(prev_digest, self, canonical(self.data), canonical(self.metadata))


class StreamRow(NamedTuple):
    """A stream's event as a fold reads it: where it is, what it is, its data and
    metadata as the stored JSON text, and its chain hash.

    What loading a board, time travel or the command path's cache of a contest needs
    of each of a long stream's events, and no more: a `RecordedEvent` also parses the
    event id and the time, and decodes the data and metadata into dicts long before
    the fold reaches them (a read of a 200,000-event stream: about 5 us per event as
    `RecordedEvent`s, 1 as these). The fold decodes `data` just before it folds the
    event (`bulk_fold.follow_all`), and `metadata` only if it reads it.
    """

    position: int
    stream_version: int
    type: str
    data: str
    metadata: str
    hash: str


class _Recording:
    """`RecordedEvent`'s slots, in its order, without its frozen `__setattr__`: an
    instance is filled with plain attribute stores, then becomes a `RecordedEvent`."""

    __slots__ = tuple(f.name for f in fields(RecordedEvent))

    def __init__(
        self,
        position: int,
        stream_id: str,
        stream_version: int,
        event_id: uuid.UUID,
        type_: str,
        data: dict[str, Any],
        metadata: dict[str, Any],
        recorded_at: datetime,
        prev_hash: str,
        hash_: str,
    ) -> None:
        self.position = position
        self.stream_id = stream_id
        self.stream_version = stream_version
        self.event_id = event_id
        self.type = type_
        self.data = data
        self.metadata = metadata
        self.recorded_at = recorded_at
        self.prev_hash = prev_hash
        self.hash = hash_
        self.__class__ = RecordedEvent  # type: ignore[assignment]


assert _Recording.__slots__ == RecordedEvent.__slots__, "the same layout, or no class change"

# `RecordedEvent(...)` at a third of the cost, for the store's hot paths (once per event
# appended or read), positional only: the frozen dataclass's `__init__` goes through
# `object.__setattr__` per field, `_Recording`'s through its slots directly. What it
# returns is an ordinary, equal, still frozen `RecordedEvent`.
recorded_event: Final[
    Callable[
        [int, str, int, uuid.UUID, str, dict[str, Any], dict[str, Any], datetime, str, str],
        RecordedEvent,
    ]
] = _Recording  # type: ignore[assignment]


def hash_input(event: RecordedEvent | StoredRow, data_json: str, metadata_json: str) -> HashInput:
    """The one list of an event's hashed fields, data and metadata as canonical text."""
    return HashInput(
        position=event.position,
        stream_id=event.stream_id,
        stream_version=event.stream_version,
        event_id=str(event.event_id),
        type=event.type,
        data_json=data_json,
        metadata_json=metadata_json,
        recorded_at=event.recorded_at,
    )
