"""The values the event store takes and gives: new events, recorded events, versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Literal

from judging.store.hashing import HashInput, canonical

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


_SETTERS: tuple[Any, ...] = tuple(
    vars(RecordedEvent)[f.name].__set__ for f in fields(RecordedEvent)
)
assert len(_SETTERS) == 10, "recorded_event sets every field of RecordedEvent"


def recorded_event(
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
    *,
    _new: Any = object.__new__,
    _cls: type[RecordedEvent] = RecordedEvent,
    _set: tuple[Any, ...] = _SETTERS,
) -> RecordedEvent:
    """`RecordedEvent(...)` at about half the cost, for the store's hot paths (once per
    event appended or read): the frozen dataclass's `__init__` goes through
    `object.__setattr__` per field; this sets the slots through their descriptors. The
    result is an ordinary, equal, still frozen `RecordedEvent`."""
    event = _new(_cls)
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = _set
    s0(event, position)
    s1(event, stream_id)
    s2(event, stream_version)
    s3(event, event_id)
    s4(event, type_)
    s5(event, data)
    s6(event, metadata)
    s7(event, recorded_at)
    s8(event, prev_hash)
    s9(event, hash_)
    result: RecordedEvent = event
    return result


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
