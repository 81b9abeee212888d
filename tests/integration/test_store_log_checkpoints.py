"""Checkpoint events (issue 11, defect 3): the log head recorded in the log at a steady
cadence, by one process per database, each one a head `judging verify --expect` takes.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid

from judging.projections.runner import ProjectionRunner
from judging.store import EventStore, NewEvent, RecordedEvent, open_store
from judging.store.log_checkpoints import STREAM, TYPE, Cadence
from judging.store.verification import Anchor, verify_url

FAST = Cadence(every_events=5, every_seconds=0.5, poll_seconds=0.05)


def new(n: int) -> NewEvent:
    return NewEvent(uuid.uuid4(), "mark_awarded", {"n": n}, {"actor": "r1"})


async def checkpoints_after(store: EventStore, count: int) -> list[RecordedEvent]:
    for _ in range(400):
        found = await store.read_stream(STREAM)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {count} checkpoints after 20 s: {found}")


async def test_a_checkpoint_every_few_events_records_the_head_before_it(
    store: EventStore, database_url: str
) -> None:
    runner = ProjectionRunner(store, checkpoints=FAST)
    await runner.start()
    try:
        for burst in range(2):
            for n in range(6):
                await store.append("contest-a", [new(n)])
            [first, *_] = await checkpoints_after(store, burst + 1)
    finally:
        await runner.stop()
    assert first.type == TYPE
    [certified] = await store.read_all(after=first.data["position"] - 1, limit=1)
    assert first.data == {"position": certified.position, "hash": certified.hash}
    assert first.position > certified.position
    for checkpoint in await store.read_stream(STREAM):
        anchor = Anchor(checkpoint.data["position"], checkpoint.data["hash"])
        assert (await verify_url(database_url, anchors=[anchor])).broken is None


async def test_a_quiet_log_gets_a_checkpoint_after_a_while_then_none(store: EventStore) -> None:
    runner = ProjectionRunner(store, checkpoints=FAST)
    await runner.start()
    try:
        await store.append("contest-a", [new(0)])  # fewer than every_events
        [checkpoint] = await checkpoints_after(store, 1)
        await asyncio.sleep(1.2)  # two more periods, and nothing appended meanwhile
        assert await store.read_stream(STREAM) == [checkpoint]
    finally:
        await runner.stop()
    assert checkpoint.data["position"] == 1


async def test_two_processes_write_each_checkpoint_once(database_url: str) -> None:
    stores = [await open_store(database_url, poll_interval=0.05) for _ in range(2)]
    runners = [ProjectionRunner(s, checkpoints=FAST, lock_retry=0.05) for s in stores]
    try:
        for runner in runners:
            await runner.start()
        for burst in range(3):
            for n in range(10):
                await stores[n % 2].append("contest-a", [new(n)])
            found = await checkpoints_after(stores[0], burst + 1)
        certified = [c.data["position"] for c in found]
        assert len(set(certified)) == len(certified)
        between = [b.position - a.position for a, b in itertools.pairwise(found)]
        assert all(gap > 1 for gap in between)  # never two checkpoints of one head
    finally:
        for runner in runners:
            await runner.stop()
        for store in stores:
            await store.close()
