"""The event store on a database: SQLite and PostgreSQL share all of it but the `EventLog`.

Appends go through one writer task per store (group commit). The writer plans each
group itself (positions, versions, the hash chain) from what it knows of the head,
and writes it in one round trip if the head is still there; otherwise, or when an
event id is already stored, it plans again under the head's lock from the database
(`HeadCache`, `EventLog.append_locked`).

Followers (`subscribe`) take the rows this store just committed from memory
(`RecentRows`) instead of each reading them back from the database: every persisted
projection, the live projections and the event feed tail the log, so a commit cost
one read per follower. Only rows committed after a subscription began are served
that way (a follower catching up reads, and checks, what the database holds), and
each is still checked against the chain.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store.availability import database_unavailable
from judging.store.backend import Backend, Listener
from judging.store.base import EventStore
from judging.store.committer import GroupCommitter
from judging.store.errors import StoreError
from judging.store.events import RecordedEvent, StreamRow
from judging.store.head_cache import HeadCache
from judging.store.notify import HeadWatch, VerifiedPages, follow_pages
from judging.store.planning import AppendRequest, GroupPlan, Making, plan_group
from judging.store.rows import Row, stored_row
from judging.store.schema import StoredRow
from judging.store.sql_tracking import SqlTracking
from judging.store.tracking import ProjectionTracking


class SqlEventStore(EventStore):
    """`EventStore` over one SQLAlchemy async engine's pool of driver connections."""

    def __init__(
        self, engine: AsyncEngine, backend: Backend, *, poll_interval: float = 1.0
    ) -> None:
        self._engine = engine
        self._backend = backend
        self._log = backend.event_log(engine)
        self._poll_interval = poll_interval
        self._watch = HeadWatch()
        self._known = HeadCache()
        self._recent = RecentRows()
        self._verified = VerifiedPages()  # pages one follower checked, for the others
        self._committer: GroupCommitter[Making] = GroupCommitter(self._commit_group)
        self._listener: Listener | None = None
        self._listen_lock = asyncio.Lock()
        self._tracking = SqlTracking(engine, backend)
        self._closed = False

    @property
    def tracking(self) -> ProjectionTracking:
        return self._tracking

    async def _submit(self, request: AppendRequest) -> list[RecordedEvent]:
        make = await self._committer.submit(request)
        return make()  # in the caller's task: the writer is on to the next group

    async def _commit_group(self, requests: list[AppendRequest]) -> list[Result]:
        """Commit a group; once more on a fresh connection if the database connection
        failed (a restart ends every session): a group whose first try did commit is
        found stored by its event ids and answered with the original events."""
        try:
            return await self._commit_once(requests)
        except Exception as error:
            if not database_unavailable(error):
                raise
            return await self._commit_once(requests)

    async def _commit_once(self, requests: list[AppendRequest]) -> list[Result]:
        now = datetime.now(UTC)
        plan = self._known.plan(requests, now)
        if plan is not None:
            expected = plan.head_position - len(plan.rows)
            if await self._log.append_at(plan, expected):
                self._known.wrote(plan)
                self._recent.add(plan.rows)
                self._watch.advance(plan.head_position)
                return plan.deferred()
        head, plan = await self._log.append_locked(
            list(dict.fromkeys(e.event_id for r in requests for e in r.events)),
            list(dict.fromkeys(r.stream_id for r in requests)),
            lambda head, stored, versions: _plan(requests, head, stored, versions, now),
        )
        self._known.locked(head, plan)
        self._recent.add(plan.rows)
        self._watch.advance(plan.head_position)
        return plan.deferred()

    async def read_stream(
        self, stream_id: str, after_version: int = 0, up_to: int | None = None
    ) -> list[RecordedEvent]:
        return await self._log.read_stream(stream_id, after_version, up_to)

    async def read_stream_rows(
        self, stream_id: str, after_version: int = 0, up_to: int | None = None
    ) -> list[StreamRow]:
        return await self._log.read_stream_rows(stream_id, after_version, up_to)

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return await self._log.read_all(after, limit)

    async def head(self) -> int:
        position, _ = await self._log.head()
        return position

    async def subscribe_pages(self, after: int = 0) -> AsyncGenerator[list[RecordedEvent], None]:
        await self._ensure_listening()
        began = self._watch.head

        async def rows_after(position: int, limit: int) -> list[StoredRow]:
            if position >= began:
                recent = self._recent.after(position, limit)
                if recent:
                    return recent
            return await self._log.stored_after(position, limit)

        paged = follow_pages(rows_after, self._watch, after, self._poll_interval, self._verified)
        async with aclosing(paged) as pages:
            async for events in pages:
                yield events

    async def _ensure_listening(self) -> None:
        async with self._listen_lock:
            if self._listener is None and not self._closed:
                self._listener = await self._backend.listen(self._engine, self._watch.advance)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self._committer.close()
        await self._log.close()
        self._watch.close()
        async with self._listen_lock:
            if self._listener is not None:
                await self._listener.stop()
                self._listener = None
        await self._engine.dispose()


class RecentRows:
    """The last rows this store committed, while their positions are contiguous.

    They are kept as the writer sent them (`Row`s) and each becomes a `StoredRow` the
    first time a follower asks for it: a commit costs no per-event object here, and
    followers share the ones made.
    """

    def __init__(self, keep: int = 4096) -> None:
        self._keep = keep
        self._rows: list[Row | StoredRow] = []
        self._first = 0  # the position of `_rows[0]`

    def add(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        if rows[0][0] != self._first + len(self._rows):
            self._rows.clear()  # another process appended in between: start again
            self._first = rows[0][0]
        self._rows += rows
        excess = len(self._rows) - self._keep
        # Trimmed on every commit: trimmed only past twice `keep`, the garbage collector
        # ran twice as often and single-event appends went 40% slower.
        if excess > 0:
            del self._rows[:excess]
            self._first += excess

    def after(self, position: int, limit: int) -> list[StoredRow]:
        """Up to `limit` rows from `position + 1` on, if `position + 1` is held; else []."""
        rows, start = self._rows, position + 1 - self._first
        if not 0 <= start < len(rows):
            return []
        page: list[StoredRow] = []
        for index in range(start, min(start + limit, len(rows))):
            row = rows[index]
            if isinstance(row, tuple):
                row = rows[index] = stored_row(row)
            page.append(row)
        return page


Result = Making | StoreError


def _plan(
    requests: list[AppendRequest],
    head: tuple[int, str],
    stored: dict[uuid.UUID, StoredRow],
    versions: dict[str, int],
    now: datetime,
) -> GroupPlan:
    return plan_group(requests, head=head, stored=stored, versions=versions, now=now)
