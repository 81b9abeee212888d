"""The event store port: what the service and the projections code against."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator, Sequence

from judging.store.errors import StoreClosed
from judging.store.events import ANY, ExpectedVersion, NewEvent, RecordedEvent, StreamRow
from judging.store.notify import one_by_one
from judging.store.planning import AppendRequest
from judging.store.tracking import ProjectionTracking


class EventStore(ABC):
    """An append-only, hash-chained log of events with a dense global position.

    The port every adapter (SQLite, PostgreSQL, in memory) implements. `append` is
    shared: refused once closed, the request checked (`AppendRequest.of`: no repeated
    event id), nothing to do for no events; an adapter commits in `_submit`.
    """

    _closed: bool

    @property
    @abstractmethod
    def tracking(self) -> ProjectionTracking:
        """Checkpoints, locks and transactions of the persisted projections (no engine)."""

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: ExpectedVersion = ANY,
    ) -> list[RecordedEvent]:
        """Append atomically; a retry of a stored batch returns the original events.

        `data` and `metadata` must be JSON values (dicts, lists, str, int, float, bool,
        None): the returned events carry the caller's own dicts (not copies), which
        equal what a read returns.

        Raises `WrongExpectedVersion` when `expected_version` is an int (0 = the
        stream must not exist yet) other than the stream's version, and
        `EventIdConflict` when an event id is stored with another content.
        """
        if self._closed:
            raise StoreClosed("the store is closed")
        request = AppendRequest.of(stream_id, events, expected_version)
        if not events:
            return []
        return await self._submit(request)

    @abstractmethod
    async def _submit(self, request: AppendRequest) -> list[RecordedEvent]:
        """Commit one checked request; its recorded events (the stored ones on a retry),
        carrying the caller's own dicts (`GroupPlan.results`)."""

    @abstractmethod
    async def read_stream(
        self, stream_id: str, after_version: int = 0, up_to: int | None = None
    ) -> list[RecordedEvent]:
        """The stream's events with a version above `after_version`, in order; with
        `up_to`, only those at a log position at or below it (time travel reads no
        further than where it goes)."""

    @abstractmethod
    async def read_stream_rows(
        self, stream_id: str, after_version: int = 0, up_to: int | None = None
    ) -> list[StreamRow]:
        """`read_stream`'s events as a fold reads them (`StreamRow`: position, version,
        type, data as stored JSON text, hash), without the rest of each event."""

    @abstractmethod
    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        """Up to `limit` events with a position above `after`, in order."""

    def subscribe(self, after: int = 0) -> AsyncIterator[RecordedEvent]:
        """Every event after `after`, in order, once; then new ones as they commit."""
        return one_by_one(self.subscribe_pages(after))

    @abstractmethod
    def subscribe_pages(self, after: int = 0) -> AsyncGenerator[list[RecordedEvent], None]:
        """`subscribe`, the events handed out as the pages the store reads them in (a
        catching-up follower takes hundreds at a time, not one). Never an empty list;
        a list may be shared with other followers and is never to be changed."""

    @abstractmethod
    async def head(self) -> int:
        """The last position (0 for an empty log)."""

    @abstractmethod
    async def close(self) -> None:
        """Finish pending appends, stop subscriptions, release the database."""
