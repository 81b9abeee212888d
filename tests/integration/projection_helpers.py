"""Helpers for the projection tests: append histories, snapshot read models, wrappers."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from talent_histories import Entry, new_event

from judging.projections.talent import tables
from judging.projections.talent.projection import TalentProjection
from judging.store import EventStore, RecordedEvent


async def append(store: EventStore, entries: Sequence[Entry]) -> int:
    """Append the entries one by one (log order as given); the last position."""
    position = 0
    for stream, event in entries:
        [recorded] = await store.append(stream, [new_event(event)])
        position = recorded.position
    return position


async def snapshot(store: EventStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every talent table, sorted: equal snapshots mean equal read models."""
    async with store.tracking.read() as conn:
        return {
            table.name: sorted(tuple(row) for row in await conn.execute(sa.select(table)))
            for table in tables.ALL
        }


class Recording(TalentProjection):
    """The talent projection, remembering the positions applied in committed batches."""

    def __init__(self, store: EventStore, name: str = "talent") -> None:
        super().__init__(store)
        self.name = name
        self.applied: list[int] = []

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        await super().apply(conn, event)
        self.applied.append(event.position)


class FailOnce(Recording):
    """Raises once, at `position`, after the talent rows of that event were written."""

    def __init__(self, store: EventStore, position: int) -> None:
        super().__init__(store)
        self.fail_at = position
        self.failed = False

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        await super().apply(conn, event)
        if event.position == self.fail_at and not self.failed:
            self.failed = True
            raise RuntimeError("injected failure before commit")


class HangAt(Recording):
    """Waits at `position` after writing its rows until `go` is set (never, unless a
    test sets it: then the runner's stop cuts the batch short after its grace)."""

    def __init__(self, store: EventStore, position: int) -> None:
        super().__init__(store)
        self.hang_at = position
        self.hanging = asyncio.Event()
        self.go = asyncio.Event()

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        await super().apply(conn, event)
        if event.position == self.hang_at:
            self.hanging.set()
            await self.go.wait()
