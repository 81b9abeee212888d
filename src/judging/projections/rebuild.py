"""Rebuilding persisted projections from scratch: reset, then re-apply the whole log.

The reset (rows and checkpoints) is one transaction; the log is then applied in
batches, each batch moving every projection's checkpoint in the same transaction as
its rows, so an interrupted rebuild resumes like any runner would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass

from judging.projections.base import PersistedProjection
from judging.store import EventStore, RecordedEvent

Progress = Callable[[int, int], None]  # (position applied, head of the log)


class ProjectionBusy(RuntimeError):
    """Another process runs the projection (PostgreSQL advisory lock held)."""


@dataclass(frozen=True, slots=True)
class RebuildSummary:
    projections: tuple[str, ...]
    events: int
    position: int
    seconds: float


async def rebuild(
    store: EventStore,
    projections: Sequence[PersistedProjection],
    progress: Progress | None = None,
    batch_size: int = 500,
) -> RebuildSummary:
    """Reset `projections` and apply the whole log to them; hold their locks meanwhile."""
    started = time.monotonic()
    async with AsyncExitStack() as stack:
        for projection in projections:
            held = await stack.enter_async_context(store.tracking.lock(projection.name))
            if not held:
                raise ProjectionBusy(f"projection {projection.name} is run by another process")
        await _reset(store, projections)
        position, events = await _replay(store, projections, progress, batch_size)
    names = tuple(p.name for p in projections)
    return RebuildSummary(names, events, position, time.monotonic() - started)


async def _reset(store: EventStore, projections: Sequence[PersistedProjection]) -> None:
    async with store.tracking.reset([p.name for p in projections]) as conn:
        for projection in projections:
            await projection.reset(conn)


async def _replay(
    store: EventStore,
    projections: Sequence[PersistedProjection],
    progress: Progress | None,
    batch_size: int,
) -> tuple[int, int]:
    position = events = 0
    head = await store.head()
    while batch := await store.read_all(after=position, limit=batch_size):
        await _apply(store, projections, position, batch)
        position, events = batch[-1].position, events + len(batch)
        head = max(head, position)
        if progress is not None:
            progress(position, head)
    return position, events


async def _apply(
    store: EventStore,
    projections: Sequence[PersistedProjection],
    checkpoint: int,
    batch: Sequence[RecordedEvent],
) -> None:
    names = [p.name for p in projections]
    async with store.tracking.advance(names, checkpoint, batch[-1].position) as conn:
        for projection in projections:
            for event in batch:
                await projection.apply(conn, event)
