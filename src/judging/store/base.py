"""The event store port: what the service and the projections code against."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from judging.store.events import ANY, ExpectedVersion, NewEvent, RecordedEvent
from judging.store.tracking import ProjectionTracking


class EventStore(Protocol):
    """An append-only, hash-chained log of events with a dense global position."""

    @property
    def tracking(self) -> ProjectionTracking:
        """Checkpoints, locks and transactions of the persisted projections (no engine)."""
        ...

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: ExpectedVersion = ANY,
    ) -> list[RecordedEvent]:
        """Append atomically; a retry of a stored batch returns the original events.

        Raises `WrongExpectedVersion` when `expected_version` is an int (0 = the
        stream must not exist yet) other than the stream's version, and
        `EventIdConflict` when an event id is stored with another content.
        """
        ...

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events with a version above `after_version`, in order."""
        ...

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        """Up to `limit` events with a position above `after`, in order."""
        ...

    def subscribe(self, after: int = 0) -> AsyncIterator[RecordedEvent]:
        """Every event after `after`, in order, once; then new ones as they commit."""
        ...

    async def head(self) -> int:
        """The last position (0 for an empty log)."""
        ...

    async def close(self) -> None:
        """Finish pending appends, stop subscriptions, release the database."""
        ...
