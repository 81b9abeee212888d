"""Desks: each contest's desk read from its own stream, the first read folded at once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from histories import history

from judging.domain.events import Event, event_data, parse_event, stream_id
from judging.projections.desk import Desk
from judging.projections.desks import Desks
from judging.store import EventStore, NewEvent, open_store

EVENTS = history(
    ({"policy": "points"}, [], [(("mark", n % 3, "exam", "r1", n), 1) for n in range(9)])
)


@pytest.fixture
async def store() -> AsyncIterator[EventStore]:
    opened = await open_store("memory://")
    yield opened
    await opened.close()


async def append(store: EventStore, events: list[Event]) -> None:
    for event in events:
        new = NewEvent(uuid.uuid4(), event.type, event_data(event))
        await store.append(stream_id("yrd"), [new])


async def by_hand(store: EventStore) -> Desk:
    desk = Desk()
    for recorded in await store.read_stream(stream_id("yrd")):
        desk.apply(parse_event(recorded.type, recorded.data), recorded.stream_version)
    return desk


async def test_a_desk_is_its_stream_folded_then_kept_up_to_date(store: EventStore) -> None:
    await append(store, EVENTS[:-3])
    desks = Desks(store)
    first = await desks.current("yrd")
    expected = await by_hand(store)
    assert first is not None and first.state == expected.state
    assert first.version == expected.version == len(EVENTS) - 3
    await append(store, EVENTS[-3:])
    again = await desks.current("yrd")
    assert again is first and first.state == (await by_hand(store)).state
    assert first.version == len(EVENTS)


async def test_first_reads_at_once_share_one_desk_and_unknown_contests_have_none(
    store: EventStore,
) -> None:
    await append(store, EVENTS)
    desks = Desks(store)
    one, two = await asyncio.gather(desks.current("yrd"), desks.current("yrd"))
    assert one is not None and one is two and one.version == len(EVENTS)
    assert await desks.current("nope") is None
