"""`follow_all`: a stream folded into a board, with the one snapshot due last (pending)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import orjson
import pytest
from histories import history

from judging.domain.events import ContestEnded, ContestFinalized, encode, parse_event, stream_id
from judging.domain.evolve import fold
from judging.domain.state import ContestState
from judging.projections import snapshots
from judging.projections.bulk_fold import folded_state, follow_all
from judging.projections.contest_board import ContestBoard
from judging.store import NewEvent, StreamRow, open_store

NOW = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.fixture
async def stream(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[StreamRow]]:
    """A contest of some 40 events, snapshots due every 8 and at the end."""
    monkeypatch.setattr(snapshots, "SPACING", 8)
    penalties = [(("penalty", n % 3, "safety"), 1) for n in range(36)]
    events = history(({"policy": "points"}, [], penalties))
    events += [ContestEnded(at=NOW), ContestFinalized(at=NOW)]
    store = await open_store("memory://")
    try:
        for event in events:
            type_, data = encode(event)
            await store.append(stream_id("yrd"), [NewEvent(uuid.uuid4(), type_, data)])
        yield await store.read_stream_rows(stream_id("yrd"))
    finally:
        await store.close()


def folded(stream: Sequence[StreamRow]) -> ContestState:
    return fold(parse_event(row.type, orjson.loads(row.data)) for row in stream)


def test_the_snapshot_due_last_is_the_one_taken(stream: list[StreamRow]) -> None:
    for end in (len(stream), len(stream) - 1, 20, 16, 7):
        board = ContestBoard()
        snapshot = follow_all(board, stream[:end])
        assert board.state == folded(stream[:end])
        due = [e.stream_version for e in stream[:end] if snapshots.stored_due(e)]
        if not due:
            assert snapshot is None
            continue
        assert snapshot is not None and snapshot.version == due[-1]
        # copied when due, encoded after the fold went on: the state of that moment
        restored = ContestBoard.restore(snapshot.encoded())
        assert follow_all(restored, stream[:end]) is None  # nothing due after it
        assert restored.state == board.state


def test_stored_due_says_what_due_says(stream: list[StreamRow]) -> None:
    for row in stream:
        event = parse_event(row.type, orjson.loads(row.data))
        assert snapshots.stored_due(row) == snapshots.due(row.stream_version, event)
    assert sum(map(snapshots.stored_due, stream)) >= 6


def test_folded_state_is_the_fold_of_the_rows(stream: list[StreamRow]) -> None:
    for end in (len(stream), 20, 1):
        assert folded_state(stream[:end]) == folded(stream[:end])
    assert folded_state([]) is None
