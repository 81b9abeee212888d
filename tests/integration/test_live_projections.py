"""Live boards fed from a real store; time travel equals what the live board showed,
from the contest's own stream and its snapshots.

Runs on SQLite and PostgreSQL (the shared `store` fixture).
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.domain.commands import End, Freeze, Thaw
from judging.domain.events import Event, event_data, stream_id
from judging.domain.groups import ByField, ByVenue
from judging.domain.roster import Contestant
from judging.projections import snapshots
from judging.projections.live_boards import LiveBoards
from judging.projections.snapshots import Snapshot, SnapshotTable
from judging.projections.timetravel import board_at
from judging.store import EventStore, NewEvent, RecordedEvent

sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "projections"))

from histories import CONTESTANTS, JUDGES, history

VIEWS_AND_GROUPS: list[tuple[Any, Any]] = [
    ("public", None),
    ("live", None),
    ("live", ByVenue("wz")),
    ("public", ByField("team")),
]

LIFECYCLE = {40: Freeze, 52: End, 57: Thaw}


def plan(seed: int) -> Any:
    """A fixed plan in the histories' format: marks, attempts, a freeze, a thaw."""
    rng = random.Random(seed)
    steps: list[Any] = []
    for n in range(60):
        who = rng.randrange(len(CONTESTANTS))
        if n in LIFECYCLE:
            steps.append((("lifecycle", LIFECYCLE[n]), 1))
        elif n % 2:
            aspect, judge = rng.choice(["quality", "exam", "faults"]), rng.choice(JUDGES)
            steps.append((("mark", who, aspect, judge, rng.randrange(4)), rng.randrange(8)))
        else:
            steps.append((("attempt", who, rng.choice(["s1", "s2"]), rng.random() < 0.5), 3))
    more = [Contestant(id=f"c{i}", name=f"N{i}", venue="wz", team="red") for i in range(4, 9)]
    return {"policy": "stages"}, more, steps


def new_event(event: Event) -> NewEvent:
    return NewEvent(uuid.uuid4(), event.type, event_data(event))


async def fill(store: EventStore, boards: LiveBoards) -> dict[int, list[Any]]:
    """The plan's contest with other streams between, applied as the runner would;
    per position, the documents the live board showed right after it."""
    seen: dict[int, list[Any]] = {}
    for n, event in enumerate(history(plan(7))):
        streams = [stream_id("yrd")] + (["other-stream"] if n % 5 == 4 else [])
        for stream in reversed(streams):
            [recorded] = await store.append(stream, [new_event(event)])
            boards.apply(recorded)
            board = await boards.load("yrd")
            if board is not None:
                seen[recorded.position] = [board.document(v, g) for v, g in VIEWS_AND_GROUPS]
    return seen


async def test_time_travel_equals_the_live_document(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots every 8 events (and at the end): time travel from the latest one at or
    before N plus the contest's events up to N equals what the live board showed at N,
    never reading the global log."""
    monkeypatch.setattr(snapshots, "SPACING", 8)
    boards = await LiveBoards.open(store)
    seen = await fill(store, boards)
    await boards.close()
    assert boards.position == await store.head()

    async def no_global_scan(after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        raise AssertionError("time travel read the global log")

    monkeypatch.setattr(store, "read_all", no_global_scan)
    table = SnapshotTable(store.tracking)
    taken = 0
    for position, documents in seen.items():
        board = await board_at(store, "yrd", position)
        for (view, group), document in zip(VIEWS_AND_GROUPS, documents, strict=True):
            assert board.document(view, group) == document
        latest = await table.latest("yrd", position)
        if board.version >= 8:
            assert latest is not None and board.version - latest.version < 8
            taken += latest.position == position
    assert taken > len(seen) // 10


async def test_snapshots_of_other_code_are_never_read(store: EventStore) -> None:
    boards = LiveBoards(store)
    seen = await fill(store, boards)
    head = max(seen)
    board = await board_at(store, "yrd", head)
    await SnapshotTable(store.tracking, "other-code").save(Snapshot("yrd", head, 1, b"junk"))
    assert await SnapshotTable(store.tracking).latest("yrd", head) is not None  # the end's
    for view, group in VIEWS_AND_GROUPS:
        assert (await board_at(store, "yrd", head)).document(view, group) == board.document(
            view, group
        )


async def test_the_snapshot_table_is_the_one_migration_0003_creates(
    database_engine: AsyncEngine,
) -> None:
    def differences(connection: Connection) -> list[object]:
        def include_name(name: str | None, type_: str, _parent: object) -> bool:
            return type_ != "table" or name == snapshots.snapshots.name

        options = {"include_name": include_name}
        context = MigrationContext.configure(connection, opts=options)
        return list(compare_metadata(context, snapshots.metadata))

    async with database_engine.connect() as conn:
        assert await conn.run_sync(differences) == []
