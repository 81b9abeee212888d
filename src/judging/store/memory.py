"""The in-memory event store: the same contract as SQLite and PostgreSQL, no database.

Appends are planned by the same pure `plan_group` as the SQL stores (positions,
versions, idempotency, the hash chain) and applied between two awaits, so they are
atomic and in commit order. Reads decode the stored JSON text like the SQL stores,
so callers never share a mutable `data` dict. Projection tracking uses a private
in-memory SQLite database (`SqlTracking.in_memory`).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import UTC, datetime

from judging.store.base import EventStore
from judging.store.errors import StoreError
from judging.store.events import RecordedEvent, StreamRow
from judging.store.hashing import GENESIS_HASH
from judging.store.notify import HeadWatch, follow_pages
from judging.store.planning import AppendRequest, plan_group
from judging.store.schema import StoredRow
from judging.store.sql_tracking import SqlTracking
from judging.store.tracking import ProjectionTracking


class MemoryEventStore(EventStore):
    """`EventStore` in this process's memory; gone when the process ends."""

    def __init__(self, tracking: SqlTracking, *, poll_interval: float = 1.0) -> None:
        self._tracking = tracking
        self._poll_interval = poll_interval
        self._rows: list[StoredRow] = []
        self._by_id: dict[uuid.UUID, StoredRow] = {}
        self._streams: dict[str, list[StoredRow]] = {}
        self._watch = HeadWatch()
        self._closed = False

    @classmethod
    async def open(cls, *, poll_interval: float = 1.0) -> MemoryEventStore:
        return cls(await SqlTracking.in_memory(), poll_interval=poll_interval)

    @property
    def tracking(self) -> ProjectionTracking:
        return self._tracking

    async def _submit(self, request: AppendRequest) -> list[RecordedEvent]:
        [outcome] = self._commit(request)
        if isinstance(outcome, StoreError):
            raise outcome
        return outcome

    def _commit(self, request: AppendRequest) -> list[list[RecordedEvent] | StoreError]:
        head = (len(self._rows), self._rows[-1].hash if self._rows else GENESIS_HASH)
        ids = (e.event_id for e in request.events)
        stored = {i: self._by_id[i] for i in ids if i in self._by_id}
        versions = {request.stream_id: len(self._streams.get(request.stream_id, ()))}
        plan = plan_group([request], head=head, stored=stored, versions=versions, now=_now())
        for row in plan.new_rows:
            self._rows.append(row)
            self._by_id[row.event_id] = row
            self._streams.setdefault(row.stream_id, []).append(row)
        self._watch.advance(len(self._rows))
        return plan.results()

    async def read_stream(
        self, stream_id: str, after_version: int = 0, up_to: int | None = None
    ) -> list[RecordedEvent]:
        rows = self._streams.get(stream_id, [])[after_version:]
        if up_to is not None:
            rows = [row for row in rows if row.position <= up_to]
        return [row.to_event() for row in rows]

    async def read_stream_rows(
        self, stream_id: str, after_version: int = 0, up_to: int | None = None
    ) -> list[StreamRow]:
        rows = self._streams.get(stream_id, [])[after_version:]
        return [
            StreamRow(row.position, row.stream_version, row.type, row.data, row.metadata, row.hash)
            for row in rows
            if up_to is None or row.position <= up_to
        ]

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return [row.to_event() for row in self._rows[after : after + limit]]

    async def head(self) -> int:
        return len(self._rows)

    def subscribe_pages(self, after: int = 0) -> AsyncGenerator[list[RecordedEvent], None]:
        return follow_pages(self._rows_after, self._watch, after, self._poll_interval)

    async def _rows_after(self, after: int, limit: int) -> list[StoredRow]:
        return self._rows[after : after + limit]

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._watch.close()
        await self._tracking.dispose()


def _now() -> datetime:
    return datetime.now(UTC)
