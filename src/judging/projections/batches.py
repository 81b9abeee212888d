"""Batches of events for persisted projections, and applying one in one transaction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from types import TracebackType

from judging.projections.base import PersistedProjection
from judging.store import EventStore, ProjectionTracking, RecordedEvent
from judging.tasks import cancel_and_wait

log = logging.getLogger(__name__)


class GapError(RuntimeError):
    """The log did not deliver the next position: never apply past a hole."""


class Feed:
    """Tails the log after a position into a bounded queue; hands out ready batches.

    `next_batch()` waits for one event, then takes whatever else is already there,
    up to `limit` events; an error of the subscription is raised by `next_batch()`.
    """

    def __init__(self, store: EventStore, after: int, limit: int) -> None:
        self._store = store
        self._after = after
        self._limit = limit
        self._queue: asyncio.Queue[RecordedEvent | BaseException] = asyncio.Queue(limit * 2)
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Feed:
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await cancel_and_wait([self._task])

    async def _read(self) -> None:
        try:
            async for event in self._store.subscribe(after=self._after):
                await self._queue.put(event)
        except Exception as error:
            await self._queue.put(error)

    async def next_batch(self) -> list[RecordedEvent]:
        batch = [self._check(await self._queue.get())]
        while len(batch) < self._limit and not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, BaseException):
                self._queue.put_nowait(item)  # raised by the next call, after this batch
                break
            batch.append(self._check(item))
        return batch

    def _check(self, item: RecordedEvent | BaseException) -> RecordedEvent:
        if isinstance(item, BaseException):
            raise item
        if item.position != self._after + 1:
            raise GapError(f"expected position {self._after + 1}, the log gave {item.position}")
        self._after = item.position
        return item


async def apply_batch(
    tracking: ProjectionTracking,
    projection: PersistedProjection,
    checkpoint: int,
    batch: Sequence[RecordedEvent],
) -> None:
    """Apply `batch` and move the checkpoint from `checkpoint`, all or nothing."""
    async with tracking.advance([projection.name], checkpoint, batch[-1].position) as conn:
        for event in batch:
            try:
                await projection.apply(conn, event)
            except Exception:
                log.error("projection %s failed at position %s", projection.name, event.position)
                raise
