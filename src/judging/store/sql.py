"""The event store on SQLAlchemy: SQLite and PostgreSQL share all of it but `Backend`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import queries
from judging.store.backend import Backend, Listener
from judging.store.committer import GroupCommitter
from judging.store.errors import StoreClosed
from judging.store.events import ANY, ExpectedVersion, NewEvent, RecordedEvent
from judging.store.notify import HeadWatch, follow
from judging.store.planning import AppendRequest, Outcome, plan_group
from judging.store.sql_tracking import SqlTracking
from judging.store.tracking import ProjectionTracking


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
        self._tracking = SqlTracking(engine, backend)
        self._closed = False

    @property
    def tracking(self) -> ProjectionTracking:
        return self._tracking

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: ExpectedVersion = ANY,
    ) -> list[RecordedEvent]:
        if self._closed:
            raise StoreClosed("the store is closed")
        request = AppendRequest.of(stream_id, events, expected_version)
        if not events:
            return []
        rows = await self._committer.submit(request)
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
        following = follow(self.read_all, self._watch, after, self._poll_interval)
        async with aclosing(following) as events:
            async for event in events:
                yield event

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
