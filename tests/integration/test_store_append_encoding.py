"""What the append path serializes once and hands back: on every backend of the store."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

import orjson
import pytest

from judging.store import EventStore, NewEvent, RecordedEvent, StreamRow
from judging.store.events import recorded_event
from judging.store.hashing import verify_chain


@pytest.fixture
def store(any_store: EventStore) -> EventStore:
    return any_store


def test_recorded_event_is_an_ordinary_frozen_recorded_event() -> None:
    fields = (7, "s", 2, uuid.uuid4(), "t", {"a": 1}, {"b": 2}, datetime.now(UTC), "p", "h")
    made = recorded_event(*fields)
    assert type(made) is RecordedEvent
    assert made == RecordedEvent(*fields)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.position = 8  # type: ignore[misc]


async def test_events_sharing_one_metadata_dict_each_store_it(store: EventStore) -> None:
    shared = {"actor_id": "r1", "role": "referee", "command_id": "k"}
    other = {"actor_id": "r2", "role": "referee", "command_id": None}
    events = [
        NewEvent(uuid.uuid4(), "marked", {"n": 1}, shared),
        NewEvent(uuid.uuid4(), "marked", {"n": 2}, shared),
        NewEvent(uuid.uuid4(), "marked", {"n": 3}, other),
        NewEvent(uuid.uuid4(), "marked", {"n": 4}, shared),
    ]
    appended = await store.append("s", events)
    read = await store.read_stream("s")
    assert read == appended
    assert [e.metadata for e in read] == [shared, shared, other, shared]
    assert verify_chain(read) is None


async def test_nested_and_unicode_data_round_trip(store: EventStore) -> None:
    data = {"z": [1, 2.5, None, True], "a": {"y": "评分", "b": 'quote " and \\'}, "m": "é"}
    [appended] = await store.append("s", [NewEvent(uuid.uuid4(), "t", data, {})])
    [read] = await store.read_stream("s")
    assert read == appended and read.data == data
    assert verify_chain([read]) is None


async def test_a_retry_hands_back_the_stored_events(store: EventStore) -> None:
    events = [NewEvent(uuid.uuid4(), "t", {"n": n}, {"k": "v"}) for n in range(3)]
    first = await store.append("s", events)
    again = await store.append("s", [NewEvent(e.event_id, e.type, dict(e.data), {"k": "v"})
                                     for e in events])  # fmt: skip
    assert again == first == await store.read_stream("s")


async def test_read_stream_up_to_a_position(store: EventStore) -> None:
    def one(n: int) -> list[NewEvent]:
        return [NewEvent(uuid.uuid4(), "t", {"n": n}, {})]

    for n in range(6):  # positions 1..6: s at 1, 3, 5; t at 2, 4, 6
        await store.append("s" if n % 2 == 0 else "t", one(n))
    everything = await store.read_stream("s")
    assert [e.position for e in await store.read_stream("s", up_to=4)] == [1, 3]
    assert await store.read_stream("s", 1, up_to=5) == everything[1:]
    assert await store.read_stream("s", up_to=0) == []
    assert await store.read_stream("s", up_to=99) == everything


def as_rows(events: list[RecordedEvent]) -> list[tuple[int, int, str, object, object, str]]:
    return [(e.position, e.stream_version, e.type, e.data, e.metadata, e.hash) for e in events]


async def test_stream_rows_are_the_stream_as_a_fold_reads_it(store: EventStore) -> None:
    data = {"z": [1, 2.5, None], "a": {"y": "评分", "b": 'quote " and \\'}}
    for n in range(6):  # positions 1..6: s at 1, 3, 5; t at 2, 4, 6
        event = NewEvent(uuid.uuid4(), f"t{n}", data | {"n": n}, {"k": n})
        await store.append("s" if n % 2 == 0 else "t", [event])
    everything = await store.read_stream("s")
    rows = await store.read_stream_rows("s")
    assert all(type(row) is StreamRow for row in rows)
    decoded = [(*row[:3], *map(orjson.loads, row[3:5]), row.hash) for row in rows]
    assert decoded == as_rows(everything)
    for after, up_to in ((0, 4), (1, 5), (0, 0), (0, 99), (2, None), (3, None)):
        read = await store.read_stream_rows("s", after, up_to=up_to)
        assert read == rows[after:][: len(await store.read_stream("s", after, up_to=up_to))]
    assert [row.position for row in await store.read_stream_rows("s", up_to=4)] == [1, 3]
    assert await store.read_stream_rows("nothing") == []
