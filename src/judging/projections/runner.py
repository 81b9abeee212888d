"""The projection runner: tails the log and keeps every projection up to date.

Live projections are fed by one task per process, from the lowest position any of
them has applied. Each persisted projection gets its own task: it takes the
projection's lock from the store's `ProjectionTracking` (PostgreSQL: an advisory
lock; a standby retries periodically), then tails the log from the projection's
checkpoint, applying batches of events and moving the checkpoint in one
transaction per batch; a batch with no event the projection can change rows for
(`persisted.relevance`) opens no transaction, and the checkpoint moves past such
events with the next one that does (or soon after, see `_tail`). On any failure the transaction
rolls back, the error is logged with the projection name and position, and the task
starts again from the checkpoint: an event is never skipped, never applied twice. A
stop lets the batch being written commit first (`tasks.uninterrupted`, for up to
`stop_grace` seconds).

The lock lives as long as its database session: if it is lost (a PostgreSQL
restart), the holder stops at once and tries for the lock again like a standby, so
exactly one process runs each projection. While the database is unreachable, every
task retries about every second (one warning per outage, no traceback) and resumes
when it is back. Events reach the projections only after the store checked them
against the hash chain (`EventStore.subscribe`): a broken row is never applied.

The runner also keeps the log checkpoints (`judging.store.log_checkpoints`): one
process per database appends the head to the log at a steady cadence.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Collection, Sequence

from judging.projections.base import LiveProjection, PersistedProjection
from judging.projections.batches import Feed, apply_batch
from judging.projections.persisted import relevance
from judging.projections.positions import Positions
from judging.store import EventStore, RecordedEvent
from judging.store.availability import database_unavailable
from judging.store.errors import LockLost
from judging.store.log_checkpoints import Cadence, LogCheckpoints
from judging.tasks import cancel_and_wait, uninterrupted

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = 30.0  # seconds between retries of a projection that keeps failing
UNAVAILABLE_RETRY = 1.0  # seconds between retries while the database is unreachable
# A projection's checkpoint past events it ignores is saved at least this often. Each
# save is a write transaction: on SQLite it holds the one write lock the log's writer
# waits for (busy polling), every projection saves at the same moment, and a gap in the
# events that a stall caused made them all save again, a stall feeding itself (the p99
# of `judging bench --only commands`: saves every 1 s and after 50 ms without events
# had the log's writer wait up to 350 ms for its lock).
FLUSH_EVENTS = 2000  # events
FLUSH_SECONDS = 10.0  # seconds while events keep coming
IDLE_FLUSH = 1.0  # seconds without a new event
STOP_GRACE = 10.0  # seconds a stop waits for a batch being written to commit


class ProjectionRunner:
    def __init__(
        self,
        store: EventStore,
        live: Sequence[LiveProjection] = (),
        persisted: Sequence[PersistedProjection] = (),
        *,
        batch_size: int = 500,
        retry_delay: float = 1.0,
        lock_retry: float = 2.0,
        checkpoints: Cadence | None = Cadence(),  # noqa: B008 (frozen: one shared default)
        stop_grace: float = STOP_GRACE,
    ) -> None:
        self._store = store
        self._stop_grace = stop_grace
        self._live = list(live)
        self._persisted = list(persisted)
        self._batch_size = batch_size
        self._retry_delay = retry_delay
        self._lock_retry = lock_retry
        self._positions = Positions(
            [*(p.name for p in self._live), *(p.name for p in self._persisted)]
        )
        for projection in self._live:
            self._positions.advance(projection.name, projection.position)
        self._checkpoints = None if checkpoints is None else LogCheckpoints(store, checkpoints)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        if self._live:
            self._tasks.append(asyncio.create_task(self._run_live(), name="projections:live"))
        for projection in self._persisted:
            task = asyncio.create_task(self._run_persisted(projection), name=projection.name)
            self._tasks.append(task)
        if self._checkpoints is not None:
            task = asyncio.create_task(self._run_checkpoints(), name="log-checkpoints")
            self._tasks.append(task)

    async def stop(self) -> None:
        await cancel_and_wait(self._tasks)
        self._tasks.clear()

    def positions(self) -> dict[str, int]:
        """The last position each projection applied (persisted: as last seen)."""
        return self._positions.snapshot()

    async def wait_for(
        self,
        position: int,
        timeout: float = 10.0,  # noqa: ASYNC109 (a plain number for the service and tests)
        names: Collection[str] | None = None,
    ) -> None:
        """Wait until every projection (or those `names`) applied `position` (TimeoutError).

        A persisted projection another process runs counts at its checkpoint, as last
        read by this process (every `lock_retry` seconds).
        """
        await self._positions.wait_for(position, timeout, names)

    async def _run_live(self) -> None:
        failures = 0
        while True:
            after = min(p.position for p in self._live)
            try:
                async for events in self._store.subscribe_pages(after=after):
                    for event in events:
                        for projection in self._live:
                            if projection.position < event.position:
                                self._apply_live(projection, event)
                                self._positions.advance(projection.name, event.position)
            except Exception as error:
                now = min(p.position for p in self._live)
                failures = 1 if now > after else failures + 1
                what = f"live projections stopped after position {now}"
                await asyncio.sleep(self._retry(error, what, failures))

    def _apply_live(self, projection: LiveProjection, event: RecordedEvent) -> None:
        try:
            projection.apply(event)
        except Exception:
            log.error("live projection %s failed at position %s", projection.name, event.position)
            raise
        projection.position = event.position

    async def _run_persisted(self, projection: PersistedProjection) -> None:
        failures = 0
        while True:
            before = self._positions.snapshot()[projection.name]
            try:
                async with self._store.tracking.lock(projection.name) as lease:
                    if lease:
                        await lease.guard(self._tail(projection))
                    else:
                        await self._watch(projection.name)
            except Exception as error:
                position = self._positions.snapshot()[projection.name]
                failures = 1 if position > before else failures + 1
                what = f"projection {projection.name} failed after position {position}"
                await asyncio.sleep(self._retry(error, what, failures))

    async def _run_checkpoints(self) -> None:
        assert self._checkpoints is not None
        failures = 0
        while True:
            try:
                await self._checkpoints.run()
            except Exception as error:
                failures += 1
                await asyncio.sleep(self._retry(error, "log checkpoints stopped", failures))

    def _retry(self, error: Exception, what: str, failures: int) -> float:
        """Log a failure; the delay before the next try. While the database is away:
        a warning on the first failure, then soon again; else the traceback, and a
        delay that doubles while the same failure repeats, up to a ceiling."""
        if isinstance(error, LockLost):
            log.warning("%s: %s; trying for it again", what, error)
            return min(self._retry_delay, UNAVAILABLE_RETRY)
        if database_unavailable(error):
            if failures == 1:
                log.warning("%s: the database is unreachable (%s); retrying", what, error)
            return min(self._retry_delay, UNAVAILABLE_RETRY)
        log.error("%s; retrying", what, exc_info=error)
        return float(min(self._retry_delay * 2 ** (failures - 1), MAX_RETRY_DELAY))

    async def _watch(self, name: str) -> None:
        """A standby: follow the holder's checkpoint until the next try for the lock."""
        self._positions.advance(name, await self._store.tracking.checkpoint(name))
        await asyncio.sleep(self._lock_retry)

    async def _tail(self, projection: PersistedProjection) -> None:
        """Apply batches from the checkpoint. A batch with no event the projection can
        change rows for (`relevance`) opens no write transaction: the checkpoint moves
        past such events with the next batch that writes, or after `FLUSH_EVENTS`
        events, `FLUSH_SECONDS`, `IDLE_FLUSH` seconds without events, or on stop
        (a restart replays them harmlessly: the projection ignores them)."""
        wanted = relevance(projection)
        stored = await self._store.tracking.checkpoint(projection.name)
        applied, saved_at = stored, time.monotonic()
        self._positions.advance(projection.name, stored)
        try:
            async with Feed(self._store, stored, self._batch_size) as feed:
                while True:
                    try:
                        async with asyncio.timeout(IDLE_FLUSH if applied > stored else None):
                            batch = await feed.next_batch()
                    except TimeoutError:
                        await self._whole(self._save_checkpoint(projection.name, stored, applied))
                        stored, saved_at = applied, time.monotonic()
                        continue
                    end = batch[-1].position
                    if (
                        wanted is None
                        or any(wanted(event) for event in batch)
                        or end - stored >= FLUSH_EVENTS
                        or time.monotonic() - saved_at >= FLUSH_SECONDS
                    ):
                        await self._whole(
                            apply_batch(self._store.tracking, projection, stored, batch)
                        )
                        stored, saved_at = end, time.monotonic()
                    applied = end
                    self._positions.advance(projection.name, applied)
        finally:
            if applied > stored:  # ignored events only: keep the way past them
                with contextlib.suppress(Exception):
                    await self._whole(self._save_checkpoint(projection.name, stored, applied))

    async def _whole(self, work: Awaitable[None]) -> None:
        """A unit of work that writes, let to commit if the runner stops meanwhile."""
        await uninterrupted(work, self._stop_grace)

    async def _save_checkpoint(self, name: str, stored: int, applied: int) -> None:
        """Move a checkpoint past events the projection ignores (no rows change)."""
        async with self._store.tracking.advance([name], stored, applied):
            pass  # no rows to write: leaving the unit moves the checkpoint and commits
