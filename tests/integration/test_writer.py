"""The one writer: deterministic ids, one metadata shape, optimistic retries, no re-reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from judging.application.writer import (
    Decision,
    Metadata,
    Origin,
    StreamKeptChanging,
    Writer,
    event_id,
)
from judging.domain.commands import Actor
from judging.domain.errors import Rejected
from judging.domain.events import ContestStarted, DomainEvent
from judging.store import EventStore, RecordedEvent, WrongExpectedVersion

AT = datetime(2025, 5, 1, 9, tzinfo=UTC)
ORGANIZER = Actor(id="org", role="organizer")


class Counter:
    """A `Folded` state: how many events the stream holds, and what it was given."""

    def __init__(self, stream_id: str = "s") -> None:
        self.stream_id = stream_id
        self.version = 0
        self.applied: list[int] = []

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version > self.version:
                self.version = event.stream_version
                self.applied.append(event.position)


class CountingStore:
    """The store, counting the stream reads the writer makes."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.reads = 0

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        self.reads += 1
        return await self.store.read_stream(stream_id, after_version)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def started(n: int = 1) -> Decision:
    events: list[DomainEvent] = [ContestStarted(at=AT) for _ in range(n)]
    return Decision(events, Metadata.of(ORGANIZER, "cmd-1", Origin("tablet-1", 12.5), "wz"))


async def test_ids_come_from_stream_command_and_index_with_one_metadata_shape(
    store: EventStore,
) -> None:
    appended = await Writer(store).write(Counter(), "cmd-1", lambda: started(2))
    assert [e.event_id for e in appended.recorded] == [event_id("s", "cmd-1", i) for i in (0, 1)]
    assert appended.recorded[0].metadata == {
        "actor_id": "org",
        "role": "organizer",
        "device": "tablet-1",
        "venue": "wz",
        "client_time": 12.5,
        "command_id": "cmd-1",
    }


async def test_an_append_is_folded_in_without_reading_the_stream_again(store: EventStore) -> None:
    counting = CountingStore(store)
    state = Counter()
    appended = await Writer(counting).write(state, "cmd-1", started)  # type: ignore[arg-type]
    assert counting.reads == 0
    assert state.version == 1 and state.applied == [appended.position]


async def test_a_command_sent_again_appends_nothing_and_says_so(store: EventStore) -> None:
    state = Counter()
    await Writer(store).write(state, "cmd-0", started)
    first = await Writer(store).write(state, "cmd-1", started)
    stale = Counter()  # another process, which never saw either
    again = await Writer(store).write(stale, "cmd-1", started)
    assert again.repeated and again.position == first.position
    assert stale.version == 2
    assert len(await store.read_stream("s")) == 2


async def test_a_conflict_is_decided_again_on_the_newer_state(store: EventStore) -> None:
    await Writer(store).write(Counter(), "other", started)
    state, seen = Counter(), []

    def decide() -> Decision:
        seen.append(state.version)
        return started()

    appended = await Writer(store).write(state, "cmd-1", decide)
    assert seen == [0, 1]
    assert [e.stream_version for e in appended.recorded] == [2]


async def test_a_refusal_on_a_stale_state_is_decided_again(store: EventStore) -> None:
    await Writer(store).write(Counter(), "other", started)
    state = Counter()

    def decide() -> Decision:
        if state.version == 0:
            raise Rejected("contest_not_running", "not started (as far as this state knows)")
        return started()

    assert (await Writer(store).write(state, "cmd-1", decide)).position is not None


async def test_a_refusal_on_a_current_state_stands(store: EventStore) -> None:
    def decide() -> Decision:
        raise Rejected("contest_not_running", "not started")

    with pytest.raises(Rejected):
        await Writer(store).write(Counter(), "cmd-1", decide)


async def test_nothing_decided_appends_nothing(store: EventStore) -> None:
    appended = await Writer(store).write(Counter(), "cmd-1", lambda: None)
    assert appended.recorded == [] and appended.position is None
    assert await store.head() == 0


async def test_a_stream_that_keeps_changing_gives_up(store: EventStore) -> None:
    calls = 0

    def decide() -> Decision:
        nonlocal calls
        calls += 1
        return started()

    class Racing(CountingStore):
        """Another writer always appends just before this one."""

        async def append(self, stream_id: str, *_: object) -> list[RecordedEvent]:
            raise WrongExpectedVersion(stream_id, calls - 1, calls)

    racing = Racing(store)
    with pytest.raises(StreamKeptChanging):
        await Writer(racing, retries=3).write(Counter(), "cmd-1", decide)  # type: ignore[arg-type]
    assert calls == 3 and racing.reads == 3
