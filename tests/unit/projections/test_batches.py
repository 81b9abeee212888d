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
    """A log handing out its events in the given pages (as `follow_pages` reads them)."""

    def __init__(self, pages: list[list[int]], error: Exception | None = None) -> None:
        self.pages = [[recorded(position) for position in page] for page in pages]
        self.error = error
        self.handed = 0  # pages handed out

    async def subscribe_pages(self, after: int = 0) -> AsyncIterator[list[RecordedEvent]]:
        for page in self.pages:
            if page[-1].position > after:
                self.handed += 1
                yield page
        if self.error is not None:
            raise self.error


def feed(store: FakeStore, after: int = 0, limit: int = 3) -> Feed:
    return Feed(cast(EventStore, cast(Any, store)), after, limit)


async def test_batches_take_what_is_ready_up_to_the_limit_across_pages() -> None:
    store = FakeStore([[1, 2], [3, 4, 5, 6, 7]])
    async with feed(store) as events:
        await asyncio.sleep(0.01)  # the reader queues what the queue holds
        batches = [[e.position for e in await events.next_batch()] for _ in range(3)]
        assert batches == [[1, 2, 3], [4, 5, 6], [7]]
    assert [e.position for e in store.pages[1]] == [3, 4, 5, 6, 7]  # shared pages: unchanged


async def test_the_reader_holds_back_while_twice_the_limit_of_events_wait() -> None:
    """Tailing, the log comes in pages of one event: the feed still holds about
    `2 * limit` events, not `2 * limit` pages, and hands them all out in order."""
    store = FakeStore([[position] for position in range(1, 21)])
    async with feed(store) as events:
        await asyncio.sleep(0.01)
        assert store.handed == 7  # six queued, the seventh waiting for room
        taken = []
        while len(taken) < 20:
            batch = await events.next_batch()
            assert 1 <= len(batch) <= 3
            taken += [e.position for e in batch]
        assert taken == list(range(1, 21))


async def test_a_hole_between_pages_stops_the_feed() -> None:
    async with feed(FakeStore([[1, 2], [4]])) as events:
        with pytest.raises(GapError, match="expected position 3"):
            for _ in range(3):
                await events.next_batch()


async def test_a_hole_inside_a_page_stops_the_feed() -> None:
    async with feed(FakeStore([[1, 2, 4]])) as events:
        with pytest.raises(GapError, match="from position 1 to 4 has 3 events"):
            await events.next_batch()


async def test_a_subscription_error_comes_after_the_events_before_it() -> None:
    async with feed(FakeStore([[1, 2, 3, 4]], RuntimeError("gone"))) as events:
        assert [e.position for e in await events.next_batch()] == [1, 2, 3]
        assert [e.position for e in await events.next_batch()] == [4]
        with pytest.raises(RuntimeError, match="gone"):
            await events.next_batch()
