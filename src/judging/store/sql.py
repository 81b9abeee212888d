"""The event store on SQLAlchemy: SQLite and PostgreSQL share all of it but `Backend`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import queries
from judging.store.backend import Backend, Listener
from judging.store.committer import GroupCommitter
from judging.store.errors import StoreClosed
from judging.store.events import ANY, ExpectedVersion, NewEvent, RecordedEvent
from judging.store.notify import HeadWatch
from judging.store.planning import AppendRequest, Outcome, PreparedEvent, plan_group

SUBSCRIBE_PAGE = 500


class SqlEventStore:
    """`EventStore` over one SQLAlchemy async engine."""

    def __init__(
        self, engine: AsyncEngine, backend: Backend, *, poll_interval: float = 1.0
    ) -> None:
        self._engine = engine
        self._backend = backend
        self._poll_interval = poll_interval
        self._watch = HeadWatch()
        self._committer = GroupCommitter(self._commit_group)
        self._listener: Listener | None = None
        self._listen_lock = asyncio.Lock()
        self._closed = False

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: ExpectedVersion = ANY,
    ) -> list[RecordedEvent]:
        if self._closed:
            raise StoreClosed("the store is closed")
        if len({e.event_id for e in events}) != len(events):
            raise ValueError("a batch must not repeat an event id")
        if not events:
            return []
        prepared = tuple(PreparedEvent.of(e) for e in events)
        rows = await self._committer.submit(AppendRequest(stream_id, prepared, expected_version))
        return [row.to_event() for row in rows]

    async def _commit_group(self, requests: list[AppendRequest]) -> list[Outcome]:
        async with self._backend.writer(self._engine).begin() as conn:
            head = await queries.lock_head(conn)
            ids = [e.event_id for r in requests for e in r.events]
            stored = await queries.stored_by_id(conn, ids)
            versions = await queries.stream_versions(conn, sorted({r.stream_id for r in requests}))
            plan = plan_group(requests, head=head, stored=stored, versions=versions, now=_now())
            if plan.new_rows:
                await queries.insert_rows(conn, plan.new_rows)
                await queries.set_head(conn, plan.head_position, plan.head_hash)
                await self._backend.after_append(conn, plan.head_position)
        self._watch.advance(plan.head_position)
        return plan.outcomes

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        async with self._engine.connect() as conn:
            rows = await queries.stream_after(conn, stream_id, after_version)
        return [row.to_event() for row in rows]

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        async with self._engine.connect() as conn:
            rows = await queries.page_after(conn, after, limit)
        return [row.to_event() for row in rows]

    async def head(self) -> int:
        async with self._engine.connect() as conn:
            position, _ = await queries.read_head(conn)
        return position

    async def subscribe(self, after: int = 0) -> AsyncIterator[RecordedEvent]:
        await self._ensure_listening()
        position = after
        while not self._closed:
            page = await self.read_all(position, SUBSCRIBE_PAGE)
            for event in page:
                yield event
                position = event.position
            if len(page) < SUBSCRIBE_PAGE:
                await self._watch.wait_beyond(position, self._poll_interval)

    async def _ensure_listening(self) -> None:
        async with self._listen_lock:
            if self._listener is None and not self._closed:
                self._listener = await self._backend.listen(self._engine, self._watch.advance)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self._committer.close()
        self._watch.close()
        async with self._listen_lock:
            if self._listener is not None:
                await self._listener.stop()
                self._listener = None
        await self._engine.dispose()


def _now() -> datetime:
    return datetime.now(UTC)
