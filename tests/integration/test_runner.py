"""The projection runner: crash safety, live projections, one holder per projection."""

from __future__ import annotations

import asyncio
import logging

import pytest
import sqlalchemy as sa
from projection_helpers import FailOnce, HangAt, Recording, append, snapshot
from talent_histories import T0, Entry, contestant, definition, mark

from judging.cli import main
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    ContestFinalized,
    stream_id,
)
from judging.projections.rebuild import ProjectionBusy, rebuild
from judging.projections.runner import ProjectionRunner
from judging.projections.talent import tables
from judging.store import CheckpointConflict, EventStore, RecordedEvent, checkpoints, open_store


@pytest.fixture
def store(any_store: EventStore) -> EventStore:
    """Every backend, the in-memory store (projection tables in private SQLite) included."""
    return any_store


def contest(contest_id: str, workers: list[str]) -> list[Entry]:
    people = [contestant(i, worker) for i, worker in enumerate(workers)]
    marks = [mark(p.id, "wiring-a", 10 - i) for i, p in enumerate(people)]
    events = [
        ContestDefined(definition=definition(contest_id)),
        ContestantsRegistered(contestants=people),
        *marks,
        ContestFinalized(at=T0),
    ]
    return [(stream_id(contest_id), event) for event in events]


async def contests_rated(store: EventStore) -> dict[str, int]:
    async with store.tracking.read() as conn:
        rows = await conn.execute(sa.select(tables.ratings.c.worker_id, tables.ratings.c.contests))
        return {str(worker): int(count) for worker, count in rows}


async def test_a_failure_before_commit_rolls_back_rows_and_checkpoint_together(
    store: EventStore, caplog: pytest.LogCaptureFixture
) -> None:
    first = await append(store, contest("a", ["w1", "w2"]))
    head = await append(store, contest("b", ["w1", "w2"]))
    projection = FailOnce(store, position=first)  # fails after writing contest a's rows
    runner = ProjectionRunner(store, persisted=[projection], retry_delay=0.01)
    with caplog.at_level(logging.ERROR):
        await runner.start()
        await runner.wait_for(head)
        await runner.stop()
    assert projection.failed
    assert f"projection talent failed at position {first}" in caplog.text
    assert await contests_rated(store) == {"w1": 2, "w2": 2}  # contest a counted once
    assert await store.tracking.checkpoint("talent") == head
    rows = await snapshot(store)
    await rebuild(store, [Recording(store)])
    assert await snapshot(store) == rows


async def test_a_runner_killed_mid_transaction_leaves_nothing_half_applied(
    store: EventStore,
) -> None:
    first = await append(store, contest("a", ["w1", "w2"]))
    head = await append(store, contest("b", ["w1", "w2"]))
    hanging = HangAt(store, position=first)
    runner = ProjectionRunner(store, persisted=[hanging], stop_grace=0.05)
    await runner.start()
    await asyncio.wait_for(hanging.hanging.wait(), 10)
    await runner.stop()  # killed after its grace, contest a's rows written, not committed
    assert await contests_rated(store) == {}
    assert await store.tracking.checkpoint("talent") == 0
    runner = ProjectionRunner(store, persisted=[Recording(store)])
    await runner.start()
    await runner.wait_for(head)
    await runner.stop()
    assert await contests_rated(store) == {"w1": 2, "w2": 2}


async def test_a_stop_lets_the_batch_being_written_commit(store: EventStore) -> None:
    first = await append(store, contest("a", ["w1", "w2"]))
    hanging = HangAt(store, position=first)
    runner = ProjectionRunner(store, persisted=[hanging])
    await runner.start()
    await asyncio.wait_for(hanging.hanging.wait(), 10)
    stopping = asyncio.create_task(runner.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()  # waiting for the batch, not cutting it short
    hanging.go.set()
    await asyncio.wait_for(stopping, 10)
    assert await contests_rated(store) == {"w1": 1, "w2": 1}
    assert await store.tracking.checkpoint("talent") == first
    async with store.tracking.advance(["other"], 0, first):  # the write lock is free
        pass


async def test_a_failing_checkpoint_write_applies_nothing_twice(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = await append(store, contest("a", ["w1", "w2"]))
    save = checkpoints.save
    calls = 0

    async def fail_first(conn: object, name: str, expected: int, position: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("injected: crash before the checkpoint is written")
        await save(conn, name, expected, position)  # type: ignore[arg-type]

    monkeypatch.setattr(checkpoints, "save", fail_first)
    projection = Recording(store)
    runner = ProjectionRunner(store, persisted=[projection], retry_delay=0.01)
    await runner.start()
    await runner.wait_for(head)
    await runner.stop()
    assert calls == 2
    assert projection.applied == [*range(1, head + 1)] * 2  # the batch ran twice...
    assert await contests_rated(store) == {"w1": 1, "w2": 1}  # ...and committed once


async def test_a_stale_checkpoint_is_refused(store: EventStore) -> None:
    async with store.tracking.advance(["x"], 0, 5):
        pass
    with pytest.raises(CheckpointConflict):
        async with store.tracking.advance(["x"], 3, 7):
            pass
    assert await store.tracking.checkpoint("x") == 5


async def test_a_projection_held_by_a_runner_cannot_be_rebuilt(store: EventStore) -> None:
    async with store.tracking.lock("talent") as held:
        assert held
        async with store.tracking.lock("talent") as again:
            assert not again
        with pytest.raises(ProjectionBusy):
            await rebuild(store, [Recording(store)])
    async with store.tracking.lock("talent") as held:
        assert held


class Counter:
    """A minimal live projection: counts events per stream."""

    def __init__(self) -> None:
        self.name = "counter"
        self.position = 0
        self.counts: dict[str, int] = {}

    def apply(self, event: RecordedEvent) -> None:
        self.counts[event.stream_id] = self.counts.get(event.stream_id, 0) + 1


async def test_live_projections_are_rebuilt_from_the_log_and_follow_it(store: EventStore) -> None:
    await append(store, contest("a", ["w1"]))
    counter = Counter()
    runner = ProjectionRunner(store, live=[counter], persisted=[Recording(store)])
    await runner.start()
    head = await append(store, contest("b", ["w1", "w2"]))
    await runner.wait_for(head)
    assert runner.positions() == {"counter": head, "talent": head}
    assert counter.position == head
    assert counter.counts == {"contest-a": 4, "contest-b": 5}
    with pytest.raises(TimeoutError):
        await runner.wait_for(head + 1, timeout=0.2)
    await runner.stop()


@pytest.mark.postgres
async def test_one_runner_applies_a_persisted_projection_and_a_standby_takes_over(
    postgres_url: str,
) -> None:
    """Advisory locks: PostgreSQL only (SQLite serves one process)."""
    one = await open_store(postgres_url, poll_interval=0.05)
    two = await open_store(postgres_url, poll_interval=0.05)
    first, second = Recording(one), Recording(two)
    runner_one = ProjectionRunner(one, persisted=[first], lock_retry=0.05)
    runner_two = ProjectionRunner(two, persisted=[second], lock_retry=0.05)
    try:
        await runner_one.start()
        head = await append(one, contest("a", ["w1", "w2"]))
        await runner_one.wait_for(head)
        await runner_two.start()
        head = await append(one, contest("b", ["w1", "w2"]))
        await runner_one.wait_for(head)
        await runner_two.wait_for(head)  # the standby follows the holder's checkpoint
        assert first.applied == [*range(1, head + 1)] and second.applied == []
        await runner_one.stop()
        taken_over = await append(two, contest("c", ["w1", "w2"]))
        await runner_two.wait_for(taken_over)
        assert second.applied == [*range(head + 1, taken_over + 1)]
        assert first.applied == [*range(1, head + 1)]
        assert await contests_rated(two) == {"w1": 3, "w2": 3}
    finally:
        await runner_one.stop()
        await runner_two.stop()
        await one.close()
        await two.close()


def test_judging_rebuild_resets_and_reapplies_the_log(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async def given_a_log() -> int:
        store = await open_store(db_url)
        try:
            return await append(store, contest("a", ["w1", "w2"]))
        finally:
            await store.close()

    head = asyncio.run(given_a_log())
    assert main(["rebuild", "--db", db_url]) == 0
    assert main(["rebuild", "--db", db_url, "--only", "talent"]) == 0
    out, err = capsys.readouterr()
    assert f"rebuilt talent: {head} events up to position {head}" in out
    assert f"{head}/{head} 100.0%" in err
    assert main(["rebuild", "--db", db_url, "--only", "nothing"]) == 2


async def test_waiting_for_some_projections_only(store: EventStore) -> None:
    counter = Counter()
    runner = ProjectionRunner(store, live=[counter], persisted=[Recording(store)])
    head = await append(store, contest("a", ["w1"]))
    await runner.start()
    await runner.wait_for(head, names=["counter"])
    assert counter.position == head
    await runner.wait_for(head)
    await runner.stop()


class Flaky(Counter):
    """Fails twice at position 2, then works: the runner retries, skipping nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.failures = 0

    def apply(self, event: RecordedEvent) -> None:
        if event.position == 2 and self.failures < 2:
            self.failures += 1
            raise RuntimeError("injected live failure")
        super().apply(event)


async def test_a_failing_live_projection_is_retried_never_skipped(
    store: EventStore, caplog: pytest.LogCaptureFixture
) -> None:
    flaky, steady = Flaky(), Counter()
    steady.name = "steady"
    head = await append(store, contest("a", ["w1"]))
    runner = ProjectionRunner(store, live=[flaky, steady], retry_delay=0.01)
    with caplog.at_level(logging.ERROR):
        await runner.start()
        await runner.wait_for(head)
        await runner.stop()
    assert flaky.failures == 2
    assert flaky.counts == steady.counts == {"contest-a": head}
    assert "live projection counter failed at position 2" in caplog.text


async def test_two_stores_on_one_sqlite_file_share_the_projection_locks(sqlite_url: str) -> None:
    """SQLite serves one process: its lock is process-local, but not per store."""
    one = await open_store(sqlite_url)
    two = await open_store(sqlite_url)
    try:
        async with one.tracking.lock("talent") as held:
            assert held
            async with two.tracking.lock("talent") as also:
                assert not also
        async with two.tracking.lock("talent") as held:
            assert held
    finally:
        await one.close()
        await two.close()
