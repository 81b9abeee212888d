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

    The log's events come as the pages the store reads them in (`subscribe_pages`),
    so a projection catching up on a long log moves hundreds of events through the
    queue at a time, not one. `next_batch()` waits for one event, then takes whatever
    else is already there, up to `limit` events; an error of the subscription is
    raised by `next_batch()` once the events before it were handed out.
    """

    def __init__(self, store: EventStore, after: int, limit: int) -> None:
        self._store = store
        self._after = after
        self._limit = limit
        # Pages, large while catching up and often of one event while tailing: the
        # reader waits while `2 * limit` events are queued, whatever their pages.
        self._queue: asyncio.Queue[list[RecordedEvent] | BaseException] = asyncio.Queue()
        self._queued = 0  # events in the queue
        self._room = asyncio.Event()
        self._ready: list[RecordedEvent] = []  # taken from the queue, not handed out yet
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
            async for events in self._store.subscribe_pages(after=self._after):
                while self._queued >= 2 * self._limit:
                    self._room.clear()
                    await self._room.wait()
                self._queued += len(events)
                self._queue.put_nowait(events)
        except Exception as error:
            self._queue.put_nowait(error)

    async def next_batch(self) -> list[RecordedEvent]:
        if not self._ready:
            self._take(await self._queue.get())
        while len(self._ready) < self._limit and not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, BaseException):
                self._queue.put_nowait(item)  # raised by the next call, after this batch
                break
            self._take(item)
        batch, self._ready = self._ready[: self._limit], self._ready[self._limit :]
        return batch

    def _take(self, item: list[RecordedEvent] | BaseException) -> None:
        """Queue a page's events behind those ready (a new list: a page may be shared)."""
        if isinstance(item, BaseException):
            raise item
        self._queued -= len(item)
        self._room.set()
        first, last = item[0].position, item[-1].position
        if first != self._after + 1:
            raise GapError(f"expected position {self._after + 1}, the log gave {first}")
        if last != first + len(item) - 1:  # a page is checked against the chain: dense
            raise GapError(f"a page from position {first} to {last} has {len(item)} events")
        self._after = last
        self._ready = self._ready + item


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
