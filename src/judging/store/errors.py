"""What an append can be refused for."""

from __future__ import annotations

import uuid

from judging.store.events import AnyVersion


class StoreError(Exception):
    """Base class of the event store's errors."""


class WrongExpectedVersion(StoreError):
    """The stream is not at the version the caller expected (optimistic concurrency)."""

    def __init__(self, stream_id: str, expected: int | AnyVersion, actual: int) -> None:
        super().__init__(f"stream {stream_id!r} is at version {actual}, expected {expected!r}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class EventIdConflict(StoreError):
    """An event id is already stored with a different content (or in a different batch)."""

    def __init__(
        self, event_id: uuid.UUID, reason: str = "stored with a different content"
    ) -> None:
        super().__init__(f"event {event_id} {reason}")
        self.event_id = event_id
        self.reason = reason


class StoreClosed(StoreError):
    """The store was closed while the operation was pending."""


class CheckpointConflict(StoreError):
    """A projection's checkpoint is not where the applying transaction expected it."""


class ChainBroken(StoreError):
    """A row read from the database does not continue the hash chain: never applied."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"the event log is broken at position {position}: {reason}")
        self.position = position
        self.reason = reason


class LockLost(StoreError):
    """A projection's lock was lost while it was being applied (its session ended)."""
