"""Start-up cost of a serve process: rebuilding the live boards from the whole log.

A process keeps its live read models in memory and rebuilds them from the log when
it starts (no snapshot). This measures that rebuild for a log of one contest with
1,000 contestants and `--events` × 5 entry events (50,000 by default) on a SQLite
file: the `ProjectionRunner` catching `LiveBoards` up from position 0 to the head.
The reference, in the same run, is reading the same log page by page with
`read_all` (what any catch-up pays before applying anything); `ratio` is the
rebuild's time over the reference's.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AttemptRecorded,
    ContestantsRegistered,
    ContestDefined,
    ContestStarted,
    Event,
    MarkAwarded,
    event_data,
    stream_id,
)
from judging.domain.roster import Contestant
from judging.projections.live_boards import LiveBoards
from judging.projections.runner import ProjectionRunner
from judging.store import NO_STREAM, EventStore, NewEvent, migrate, open_store

CONTESTANTS = 1_000
BATCH = 500


def _new(event: Event) -> NewEvent:
    return NewEvent(uuid.uuid4(), event.type, event_data(event), {})


T0 = datetime(2024, 5, 1, tzinfo=UTC)
DEFINITION = ContestDefinition.model_validate(
    {
        "id": "bench",
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


def history(count: int) -> list[Event]:
    """The contest's opening, then `count` marks and stage attempts of random contestants."""
    rng = random.Random(7)
    people = [Contestant(id=f"c{i}", name=f"Contestant {i}") for i in range(CONTESTANTS)]
    events: list[Event] = [
        ContestDefined(definition=DEFINITION),
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
    return events


async def _fill(store: EventStore, count: int) -> None:
    events = history(count)
    version = NO_STREAM
    for start in range(0, len(events), BATCH):
        batch = [_new(event) for event in events[start : start + BATCH]]
        await store.append(stream_id("bench"), batch, version)
        version += len(batch)


async def _read_everything(store: EventStore) -> int:
    after, seen = 0, 0
    while page := await store.read_all(after, limit=1000):
        after, seen = page[-1].position, seen + len(page)
    return seen


async def _rebuild(store: EventStore, head: int) -> None:
    runner = ProjectionRunner(store, live=[LiveBoards()])
    await runner.start()
    try:
        await runner.wait_for(head, timeout=600)
    finally:
        await runner.stop()


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    count = max(1_000, getattr(args, "events", 10_000) * 5)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'startup.db'}"
        await migrate(url)
        store = await open_store(url)
        try:
            await _fill(store, count)
            head = await store.head()
            started = time.perf_counter()
            await _read_everything(store)
            reference = time.perf_counter() - started
            started = time.perf_counter()
            await _rebuild(store, head)
            rebuild = time.perf_counter() - started
        finally:
            await store.close()
    return [
        {
            "case": "read the log (reference)",
            "events": head,
            "seconds": reference,
            "events/s": head / reference,
            "ratio": 1.0,
        },
        {
            "case": "rebuild live boards",
            "events": head,
            "seconds": rebuild,
            "events/s": head / rebuild,
            "ratio": rebuild / reference,
        },
    ]
