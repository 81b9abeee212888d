"""Batches handed to persisted projections: what is ready, never past a hole."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest

from judging.projections.batches import Feed, GapError
from judging.store import EventStore, RecordedEvent


def recorded(position: int) -> RecordedEvent:
    return RecordedEvent(
        position, "s", position, uuid.uuid4(), "t", {}, {}, datetime.now(UTC), "", ""
    )


class FakeStore:
    def __init__(self, positions: list[int], error: Exception | None = None) -> None:
        self.positions = positions
        self.error = error

    async def subscribe(self, after: int = 0) -> AsyncIterator[RecordedEvent]:
        for position in self.positions:
            if position > after:
                yield recorded(position)
        if self.error is not None:
            raise self.error


def feed(store: FakeStore, after: int = 0, limit: int = 3) -> Feed:
    return Feed(cast(EventStore, cast(Any, store)), after, limit)


async def test_batches_take_what_is_ready_up_to_the_limit() -> None:
    async with feed(FakeStore([1, 2, 3, 4, 5])) as events:
        await asyncio.sleep(0.01)  # the reader queues everything the log has
        assert [e.position for e in await events.next_batch()] == [1, 2, 3]
        assert [e.position for e in await events.next_batch()] == [4, 5]


async def test_a_hole_in_the_log_stops_the_feed() -> None:
    async with feed(FakeStore([1, 2, 4])) as events:
        with pytest.raises(GapError, match="expected position 3"):
            for _ in range(3):
                await events.next_batch()


async def test_a_subscription_error_comes_after_the_events_before_it() -> None:
    async with feed(FakeStore([1], RuntimeError("gone"))) as events:
        assert [e.position for e in await events.next_batch()] == [1]
        with pytest.raises(RuntimeError, match="gone"):
            await events.next_batch()
