"""The event store contract, run against SQLite, PostgreSQL and the in-memory store alike."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from contextlib import aclosing
from datetime import UTC

import pytest

from judging.store import (
    ANY,
    NO_STREAM,
    EventIdConflict,
    EventStore,
    NewEvent,
    RecordedEvent,
    StoreClosed,
    WrongExpectedVersion,
)
from judging.store.hashing import GENESIS_HASH, verify_chain


@pytest.fixture
def store(any_store: EventStore) -> EventStore:
    """Every backend of the store, the in-memory one included."""
    return any_store


def new(type_: str = "marked", **data: object) -> NewEvent:
    return NewEvent(uuid.uuid4(), type_, dict(data), {"actor": "r1", "role": "referee"})


async def test_empty_store(store: EventStore) -> None:
    assert await store.head() == 0
    assert await store.read_all() == []
    assert await store.read_stream("nothing") == []


async def test_append_records_positions_versions_and_chain(store: EventStore) -> None:
    first = await store.append("c-1", [new(n=1), new(n=2)], NO_STREAM)
    second = await store.append("c-2", [new(n=3)], NO_STREAM)
    third = await store.append("c-1", [new(n=4)], 2)
    recorded = first + second + third
    assert [e.position for e in recorded] == [1, 2, 3, 4]
    assert [(e.stream_id, e.stream_version) for e in recorded] == [
        ("c-1", 1),
        ("c-1", 2),
        ("c-2", 1),
        ("c-1", 3),
    ]
    assert recorded[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(recorded))
    assert all(e.recorded_at.tzinfo == UTC for e in recorded)
    assert verify_chain(recorded) is None
    assert await store.head() == 4


async def test_reads_return_what_append_returned(store: EventStore) -> None:
    appended = await store.append("s", [new(x=1.5, nested={"b": [1, "é"], "a": None})])
    appended += await store.append("t", [new(), new()])
    assert await store.read_all() == appended
    assert await store.read_stream("s") == appended[:1]
    assert await store.read_stream("t", after_version=1) == appended[2:]


async def test_read_all_pages_by_position(store: EventStore) -> None:
    await store.append("s", [new(i=i) for i in range(7)])
    first = await store.read_all(after=0, limit=3)
    rest = await store.read_all(after=first[-1].position, limit=100)
    assert [e.position for e in first + rest] == list(range(1, 8))
    assert await store.read_all(after=7) == []


async def test_wrong_expected_version(store: EventStore) -> None:
    await store.append("s", [new()], NO_STREAM)
    with pytest.raises(WrongExpectedVersion) as raised:
        await store.append("s", [new()], NO_STREAM)
    assert (raised.value.stream_id, raised.value.expected, raised.value.actual) == ("s", 0, 1)
    with pytest.raises(WrongExpectedVersion):
        await store.append("other", [new()], 3)
    assert await store.head() == 1


async def test_any_version_appends_to_new_and_existing_streams(store: EventStore) -> None:
    await store.append("s", [new()], ANY)
    [event] = await store.append("s", [new()], ANY)
    assert event.stream_version == 2


async def test_retry_returns_original_events_regardless_of_expected_version(
    store: EventStore,
) -> None:
    batch = [new(n=1), new(n=2)]
    original = await store.append("s", batch, NO_STREAM)
    await store.append("s", [new(n=3)])
    again = await store.append("s", batch, NO_STREAM)
    assert again == original
    assert await store.head() == 3


async def test_same_id_with_other_content_conflicts(store: EventStore) -> None:
    event = new(n=1)
    await store.append("s", [event])
    changed = NewEvent(event.event_id, event.type, {"n": 2}, event.metadata)
    with pytest.raises(EventIdConflict) as raised:
        await store.append("s", [changed])
    assert raised.value.event_id == event.event_id
    with pytest.raises(EventIdConflict):
        await store.append("elsewhere", [event])
    with pytest.raises(EventIdConflict):
        await store.append("s", [event, new()])  # a different batch around a stored event
    assert await store.head() == 1


async def test_batch_repeating_an_id_is_refused(store: EventStore) -> None:
    event = new()
    with pytest.raises(ValueError, match="repeat"):
        await store.append("s", [event, event])


async def test_empty_batch_appends_nothing(store: EventStore) -> None:
    assert await store.append("s", []) == []
    assert await store.head() == 0


async def test_concurrent_appends_get_their_own_outcomes(store: EventStore) -> None:
    await store.append("s", [new()], NO_STREAM)
    retried = [new(n=0)]
    await store.append("r", retried)
    stale = new()
    results = await asyncio.gather(
        *(store.append(f"w-{i}", [new(i=i)], NO_STREAM) for i in range(5)),
        store.append("s", [stale], NO_STREAM),  # stale: s is at version 1
        store.append("r", retried, NO_STREAM),  # an idempotent retry
        store.append("r", [NewEvent(retried[0].event_id, "other", {}, {})]),
        return_exceptions=True,
    )
    assert all(isinstance(r, list) for r in results[:5])
    assert isinstance(results[5], WrongExpectedVersion)
    assert isinstance(results[6], list) and results[6][0].position == 2
    assert isinstance(results[7], EventIdConflict)
    assert [e.position for e in await store.read_all()] == list(range(1, 8))


async def test_concurrent_appends_to_one_stream_with_versions(store: EventStore) -> None:
    results = await asyncio.gather(
        *(store.append("s", [new(i=i)], NO_STREAM) for i in range(6)), return_exceptions=True
    )
    winners = [r for r in results if isinstance(r, list)]
    assert len(winners) == 1
    assert all(isinstance(r, WrongExpectedVersion) for r in results if r not in winners)


async def _take(store: EventStore, after: int, count: int) -> list[RecordedEvent]:
    taken: list[RecordedEvent] = []
    async with aclosing(store.subscribe(after)) as events:
        async for event in events:
            taken.append(event)
            if len(taken) == count:
                break
    return taken


async def test_subscribe_replays_then_follows_new_appends(store: EventStore) -> None:
    await store.append("s", [new(i=i) for i in range(3)])
    follower = asyncio.create_task(_take(store, 1, 5))
    await asyncio.sleep(0.05)
    await store.append("t", [new(), new()])
    await store.append("u", [new()])
    taken = await asyncio.wait_for(follower, 30)
    assert [e.position for e in taken] == [2, 3, 4, 5, 6]


async def test_subscription_stops_when_cancelled(store: EventStore) -> None:
    follower = asyncio.create_task(_take(store, 0, 10))
    await asyncio.sleep(0.05)
    follower.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follower


async def test_subscription_ends_when_the_store_closes(store_url: str) -> None:
    from judging.store import open_store

    store = await open_store(store_url, poll_interval=60)
    await store.append("s", [new()])
    follower = asyncio.create_task(_take(store, 0, 10))
    await asyncio.sleep(0.05)
    await store.close()
    taken = await asyncio.wait_for(follower, 30)
    assert [e.position for e in taken] == [1]
    with pytest.raises(StoreClosed):
        await store.append("s", [new()])


async def test_postgres_wakes_subscribers_on_other_connections_appends(postgres_url: str) -> None:
    """LISTEN/NOTIFY: with the fallback poll out of reach, another store's append wakes us."""
    from judging.store import open_store

    reader = await open_store(postgres_url, poll_interval=3600)
    writer = await open_store(postgres_url)
    try:
        follower = asyncio.create_task(_take(reader, 0, 2))
        await asyncio.sleep(0.1)
        await writer.append("s", [new()])
        await writer.append("s", [new()])
        taken = await asyncio.wait_for(follower, 30)
        assert [e.position for e in taken] == [1, 2]
    finally:
        await writer.close()
        await reader.close()
