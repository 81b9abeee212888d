"""Start-up of a serve process against the history in its log, before and after lazy boards.

For each size (1 and 20 finished contests plus one running, each of 1,000
contestants and `--events` / 2 entry events, 5,000 by default; `--quick`: 1 and 5
contests of 2,000 events) a SQLite log is written, then:

- `eager s` (before): the projection runner folding every contest from the global
  log, as the live boards did until they were loaded on first use;
- `start s` (after): `LiveBoards.open` and the runner until the boards are current:
  no work for the history;
- `first read s`: loading the running contest's board from its own stream (no
  snapshot yet) and reading its standings;
- `after restart s`: the same in a new process (new boards), from the snapshots the
  first load kept;
- `time travel s`: `board_at` the running contest's tenth-to-last event.

`start s`, `after restart s` and `time travel s` are medians of 3 runs.

The last row gives each column's ratio, largest size over 1 contest (near 1: the
cost does not grow with history).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AttemptRecorded,
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    Event,
    MarkAwarded,
    event_data,
    stream_id,
)
from judging.domain.roster import Contestant
from judging.projections.contest_board import ContestBoard
from judging.projections.live_boards import LiveBoards, contest_of
from judging.projections.runner import ProjectionRunner
from judging.projections.timetravel import board_at
from judging.store import NO_STREAM, EventStore, NewEvent, RecordedEvent, migrate, open_store

CONTESTANTS = 1_000
BATCH = 500
RUNNING = "running"


def _new(event: Event) -> NewEvent:
    return NewEvent(uuid.uuid4(), event.type, event_data(event), {})


T0 = datetime(2024, 5, 1, tzinfo=UTC)


def definition(contest_id: str) -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": "Start-up bench",
            "duration_minutes": 240,
            "criteria": [
                {
                    "id": c,
                    "name": c,
                    "aspects": [{"id": f"{c}1", "name": c, "type": "measurement", "max": 10}],
                }
                for c in ("a", "b", "c")
            ],
            "stages": [{"id": f"s{n}", "name": f"S{n}"} for n in range(1, 6)],
        }
    )


def history(contest_id: str, count: int, *, finished: bool) -> list[Event]:
    """A contest's opening, then `count` marks and stage attempts of random contestants."""
    rng = random.Random(7)
    people = [Contestant(id=f"c{i}", name=f"Contestant {i}") for i in range(CONTESTANTS)]
    events: list[Event] = [
        ContestDefined(definition=definition(contest_id)),
        ContestantsRegistered(contestants=people),
        ContestStarted(at=T0),
    ]
    for n in range(count):
        who = f"c{rng.randrange(CONTESTANTS)}"
        if n % 3 == 2:
            events.append(
                AttemptRecorded(
                    command_id=f"x{n}",
                    contestant_id=who,
                    stage_id=f"s{rng.randint(1, 5)}",
                    referee_id="r",
                    result=rng.choice(["cleared", "failed"]),
                    contest_time=n,
                    at=T0,
                )
            )
        else:
            events.append(
                MarkAwarded(
                    command_id=f"x{n}",
                    contestant_id=who,
                    aspect_id=rng.choice(["a1", "b1", "c1"]),
                    referee_id="r",
                    value=round(rng.uniform(0, 10), 2),
                    at=T0,
                )
            )
    if finished:
        events += [ContestEnded(at=T0), ContestFinalized(at=T0)]
    return events


class EagerBoards:
    """What the live boards did before: a board for every contest, from position 0."""

    name = "eager-boards"

    def __init__(self) -> None:
        self.position = 0
        self.boards: dict[str, ContestBoard] = {}

    def apply(self, event: RecordedEvent) -> None:
        contest_id = contest_of(event.stream_id)
        if contest_id is not None:
            self.boards.setdefault(contest_id, ContestBoard()).follow(event)
        self.position = event.position


async def _fill(store: EventStore, finished: int, count: int) -> None:
    for n in range(finished):
        await _append(store, f"past-{n:03d}", history(f"past-{n:03d}", count, finished=True))
    await _append(store, RUNNING, history(RUNNING, count, finished=False))


async def _append(store: EventStore, contest_id: str, events: list[Event]) -> None:
    version = NO_STREAM
    for start in range(0, len(events), BATCH):
        batch = [_new(event) for event in events[start : start + BATCH]]
        await store.append(stream_id(contest_id), batch, version)
        version += len(batch)


async def _timed(work: Callable[[], Awaitable[Any]], times: int = 1) -> float:
    """The median of `times` runs of `work`."""
    seconds = []
    for _ in range(times):
        gc.collect()  # no pause left over from the previous measure
        started = time.perf_counter()
        await work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


async def _catch_up(store: EventStore, projection: Any, head: int) -> None:
    runner = ProjectionRunner(store, live=[projection])
    await runner.start()
    try:
        await runner.wait_for(head, timeout=600)
    finally:
        await runner.stop()


async def _first_read(store: EventStore) -> None:
    boards = await LiveBoards.open(store)
    board = await boards.load(RUNNING)
    assert board is not None
    board.document("public")
    await boards.close()  # writes the snapshots the load took


async def measure(finished: int, count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'startup.db'}"
        await migrate(url)
        store = await open_store(url)
        try:
            await _fill(store, finished, count)
            head = await store.head()
            start = await _timed(lambda: _start(store, head), 3)
            first = await _timed(lambda: _first_read(store))
            again = await _timed(lambda: _first_read(store), 3)
            at = await _timed(lambda: board_at(store, RUNNING, head - 10), 3)
            eager = await _timed(lambda: _catch_up(store, EagerBoards(), head))
        finally:
            await store.close()
    return {
        "finished contests": finished,
        "events": head,
        "eager s (before)": eager,
        "start s": start,
        "first read s": first,
        "after restart s": again,
        "time travel s": at,
    }


async def _start(store: EventStore, head: int) -> None:
    boards = await LiveBoards.open(store)
    await _catch_up(store, boards, head)
    await boards.close()


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    quick = getattr(args, "quick", False)
    sizes = (1, 5) if quick else (1, 20)
    count = 2_000 if quick else max(1_000, getattr(args, "events", 10_000) // 2)
    rows = [await measure(size, count) for size in sizes]
    ratios: dict[str, Any] = {"finished contests": f"{sizes[-1]} vs {sizes[0]}"}
    for column in list(rows[0])[1:]:
        ratios[column] = rows[-1][column] / rows[0][column]
    return [*rows, ratios]
