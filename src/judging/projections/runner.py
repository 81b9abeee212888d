"""The projection runner: tails the log and keeps every projection up to date.

Live projections are fed by one task per process, from the lowest position any of
them has applied. Each persisted projection gets its own task: it takes the
projection's lock from the store's `ProjectionTracking` (PostgreSQL: an advisory
lock; a standby retries periodically), then tails the log from the projection's
checkpoint, applying batches of events and moving the checkpoint in one
transaction per batch. On any failure the transaction
rolls back, the error is logged with the projection name and position, and the task
starts again from the checkpoint: an event is never skipped, never applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence

from judging.projections.base import LiveProjection, PersistedProjection
from judging.projections.batches import Feed, apply_batch
from judging.projections.positions import Positions
from judging.store import EventStore, RecordedEvent

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = 30.0  # seconds between retries of a projection that keeps failing


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
    ) -> None:
        self._store = store
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
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        if self._live:
            self._tasks.append(asyncio.create_task(self._run_live(), name="projections:live"))
        for projection in self._persisted:
            task = asyncio.create_task(self._run_persisted(projection), name=projection.name)
            self._tasks.append(task)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
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
                async for event in self._store.subscribe(after=after):
                    for projection in self._live:
                        if projection.position < event.position:
                            self._apply_live(projection, event)
                            self._positions.advance(projection.name, event.position)
            except Exception:
                now = min(p.position for p in self._live)
                failures = 1 if now > after else failures + 1
                log.exception("live projections stopped after position %s; retrying", now)
                await asyncio.sleep(self._backoff(failures))

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
                async with self._store.tracking.lock(projection.name) as held:
                    if held:
                        await self._tail(projection)
                    else:
                        await self._watch(projection.name)
            except Exception:
                position = self._positions.snapshot()[projection.name]
                failures = 1 if position > before else failures + 1
                log.exception(
                    "projection %s failed after position %s; retrying from its checkpoint",
                    projection.name,
                    position,
                )
                await asyncio.sleep(self._backoff(failures))

    def _backoff(self, failures: int) -> float:
        """The retry delay doubles while the same failure repeats, up to a ceiling."""
        return float(min(self._retry_delay * 2 ** (failures - 1), MAX_RETRY_DELAY))

    async def _watch(self, name: str) -> None:
        """A standby: follow the holder's checkpoint until the next try for the lock."""
        self._positions.advance(name, await self._store.tracking.checkpoint(name))
        await asyncio.sleep(self._lock_retry)

    async def _tail(self, projection: PersistedProjection) -> None:
        checkpoint = await self._store.tracking.checkpoint(projection.name)
        self._positions.advance(projection.name, checkpoint)
        async with Feed(self._store, checkpoint, self._batch_size) as feed:
            while True:
                batch = await feed.next_batch()
                await apply_batch(self._store.tracking, projection, checkpoint, batch)
                checkpoint = batch[-1].position
                self._positions.advance(projection.name, checkpoint)
