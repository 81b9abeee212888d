"""LiveBoards: boards loaded on first use from a contest's own stream, equal to a
rebuild; events met while loading; notification; eviction; snapshots; time travel."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from histories import history, plans
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import queries, reference_document

from judging.domain.events import (
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    Event,
    event_data,
    stream_id,
)
from judging.domain.evolve import fold
from judging.projections import bulk_fold
from judging.projections.base import LiveProjection
from judging.projections.live_boards import LiveBoards, contest_of
from judging.projections.snapshots import SnapshotTable
from judging.projections.standings import VIEWS
from judging.projections.timetravel import board_at
from judging.store import EventStore, NewEvent, RecordedEvent, StreamRow, open_store

NOW = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.fixture
async def store() -> AsyncIterator[EventStore]:
    opened = await open_store("memory://")
    yield opened
    await opened.close()


async def append(store: EventStore, events: list[Event], cid: str = "yrd") -> list[RecordedEvent]:
    """The contest's events in its stream, with an event of another stream every third."""
    log: list[RecordedEvent] = []
    for n, event in enumerate(events):
        if n % 3 == 2:
            log += await store.append("access", [NewEvent(uuid.uuid4(), "note", {"n": n})])
        new = NewEvent(uuid.uuid4(), event.type, event_data(event))
        log += await store.append(stream_id(cid), [new])
    return log


def renamed(events: list[Event], cid: str) -> list[Event]:
    """The same history for a contest of another id."""
    first = events[0]
    assert isinstance(first, ContestDefined)
    definition = first.definition.model_copy(update={"id": cid})
    return [first.model_copy(update={"definition": definition}), *events[1:]]


@settings(deadline=None, max_examples=20)
@given(plans, st.data())
def test_a_board_loaded_at_any_position_then_followed_equals_a_fresh_load(
    plan: Any, data: st.DataObject
) -> None:
    events = history(plan)
    cut = data.draw(st.integers(1, len(events)))

    async def check() -> None:
        store = await open_store("memory://")
        try:
            log = await append(store, events)
            boards = LiveBoards(store)
            for item in log[:cut]:
                boards.apply(item)
            early = await boards.load("yrd")
            assert early is not None and early.position <= log[cut - 1].position
            for item in log[cut:]:
                boards.apply(item)
            late = await LiveBoards(store, position=log[-1].position).load("yrd")
            assert late is not None
            assert queries(early) == queries(late)
            for view in VIEWS:
                expected = reference_document(fold(events), view, late.position, hash_=log[-1].hash)
                assert late.document(view) == expected
        finally:
            await store.close()

    asyncio.run(check())


async def test_events_applied_while_a_board_loads_are_followed_once(store: EventStore) -> None:
    events = history(
        ({"policy": "points"}, [], [(("mark", 0, "exam", "r1", n), 1) for n in range(4)])
    )
    log = await append(store, events[:-1])
    boards = LiveBoards(store)
    for item in log:
        boards.apply(item)
    read = store.read_stream_rows

    async def racing(stream: str, after: int = 0) -> list[StreamRow]:
        """The stream as read just before the last event commits and is applied."""
        found = await read(stream, after)
        for item in await append(store, events[-1:]):
            boards.apply(item)
        return found

    store.read_stream_rows = racing  # type: ignore[method-assign]
    board = await boards.load("yrd")
    store.read_stream_rows = read  # type: ignore[method-assign]
    assert board is not None and board.position == boards.position
    expected = await LiveBoards(store, position=boards.position).load("yrd")
    assert expected is not None and queries(board) == queries(expected)


async def test_a_board_folds_off_the_event_loop_and_follows_what_came_meanwhile(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold waits until the loop has applied one more event of the contest: on
    the loop's own thread it would wait in vain (and the wait end unreleased)."""
    events = history(
        ({"policy": "points"}, [], [(("mark", n % 2, "exam", "r1", n), 1) for n in range(5)])
    )
    log = await append(store, events[:-1])
    boards = LiveBoards(store, position=log[-1].position)
    loop, started, released = asyncio.get_running_loop(), asyncio.Event(), threading.Event()
    fold_all = bulk_fold.follow_all

    def waiting(board: Any, rows: Any) -> Any:
        loop.call_soon_threadsafe(started.set)
        assert released.wait(timeout=10), "the event loop stood still during the fold"
        return fold_all(board, rows)

    monkeypatch.setattr(bulk_fold, "follow_all", waiting)

    async def meanwhile() -> None:
        await started.wait()  # the fold is under way
        for item in await append(store, events[-1:]):
            boards.apply(item)
        released.set()

    board, _ = await asyncio.gather(boards.load("yrd"), meanwhile())
    monkeypatch.setattr(bulk_fold, "follow_all", fold_all)
    assert board is not None and board.position == boards.position
    expected = await LiveBoards(store, position=boards.position).load("yrd")
    assert expected is not None and queries(board) == queries(expected)


async def test_change_notification_and_foreign_streams(store: EventStore) -> None:
    events = history(({"policy": "points"}, [], [(("mark", 0, "exam", "r1", 7), 1)]))
    log = await append(store, events)
    boards = LiveBoards(store)
    assert isinstance(boards, LiveProjection)
    seen: list[tuple[str, int]] = []
    stop = boards.on_change(lambda cid, position: seen.append((cid, position)))
    boards.apply(log[0])
    assert await boards.load("yrd") is not None and await boards.load("nope") is None
    boards.apply(log[1])
    boards.apply(log[2])  # another stream
    assert boards.position == log[2].position
    assert seen == [("yrd", log[0].position), ("yrd", log[1].position)]
    stop()
    stop()
    for item in log[3:]:
        boards.apply(item)
    assert len(seen) == 2
    board = boards.loaded("yrd")
    assert board is not None and board.version == len(events)
    assert board.changed_since(0, "live") and not board.changed_since(board.position, "live")
    assert contest_of("contest-a-b") == "a-b" and contest_of("access") is None
    assert board.radar("c1", "live")["criteria"][1]["mark"] == 7
    assert board.judges()[0]["referee_id"] == "chief"


async def test_idle_finalized_boards_are_dropped_running_ones_stay(store: EventStore) -> None:
    events = history(({"policy": "points"}, [], [(("mark", 0, "exam", "r1", 7), 1)]))
    finished = [*events, ContestEnded(at=NOW), ContestFinalized(at=NOW)]
    for cid in ("a", "b"):
        await append(store, renamed(finished, cid), cid)
    await append(store, renamed(events, "live"), "live")
    now = [0.0]
    boards = LiveBoards(store, position=await store.head(), idle_seconds=60, max_finished=1)
    boards._clock = lambda: now[0]
    for cid in ("a", "live"):
        assert await boards.load(cid) is not None
    assert boards.loaded_ids() == ["a", "live"]
    now[0] = 30.0
    await boards.load("b")  # two finalized boards: one beyond the cap
    assert boards.loaded_ids() == ["a", "b", "live"]
    await boards.load("live")
    assert boards.loaded_ids() == ["b", "live"]  # "a" was the least recently used
    now[0] = 100.0
    await boards.load("live")
    assert boards.loaded_ids() == ["live"]  # "b" idle for 70 s; a running board stays
    assert await boards.load("b") is not None


async def test_open_starts_at_the_head_and_keeps_the_snapshots_due(store: EventStore) -> None:
    events = history(({"policy": "points"}, [], [(("mark", 0, "exam", "r1", 7), 1)]))
    await append(store, events)
    boards = await LiveBoards.open(store)
    assert boards.position == await store.head()
    assert await boards.load("yrd") is not None
    for item in await append(store, [ContestEnded(at=NOW), ContestFinalized(at=NOW)]):
        boards.apply(item)
    await boards.close()
    latest = await SnapshotTable(store.tracking).latest("yrd", boards.position)
    assert latest is not None and latest.position == boards.position


async def test_the_board_at_a_position_is_the_live_one_until_the_contest_changes(
    store: EventStore,
) -> None:
    events = history(
        ({"policy": "points"}, [], [(("mark", n % 3, "exam", "r1", n), 1) for n in range(6)])
    )
    log = await append(store, events)
    boards = LiveBoards(store, position=log[-1].position)
    live = await boards.load("yrd")
    assert live is not None
    assert await boards.board_at("yrd", log[-1].position) is live
    for item in log[:-1]:
        past = await boards.board_at("yrd", item.position)
        assert past is not live
        expected = await board_at(store, "yrd", item.position)
        assert past.position == expected.position <= item.position
        if expected.standings.state is not None:
            assert queries(past) == queries(expected)
