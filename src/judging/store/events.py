"""The values the event store takes and gives: new events, recorded events, versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Final, Literal

from judging.store.hashing import HashInput, canonical


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
        return HashInput(
            position=self.position,
            stream_id=self.stream_id,
            stream_version=self.stream_version,
            event_id=str(self.event_id),
            type=self.type,
            data_json=canonical(self.data).decode(),
            metadata_json=canonical(self.metadata).decode(),
            recorded_at=self.recorded_at,
        )
