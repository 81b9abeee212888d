"""Many writers, in-process and in other OS processes: a dense log, seen once, in order."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import uuid
from collections import defaultdict
from contextlib import aclosing
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from judging.store import EventStore, NewEvent, RecordedEvent, WrongExpectedVersion, open_store
from judging.store.verification import verify_url

WORKER = Path(__file__).with_name("store_append_worker.py")
TASKS, PROCESSES, EACH, BATCH = 8, 2, 2000, 25
TOTAL = (TASKS + PROCESSES) * EACH


async def writer_task(store: EventStore, stream: str) -> set[uuid.UUID]:
    """Appends EACH events with exact expected versions (its own stream)."""
    ids: set[uuid.UUID] = set()
    version = 0
    for start in range(0, EACH, BATCH):
        events = [NewEvent(uuid.uuid4(), "appended", {"n": start + i}, {}) for i in range(BATCH)]
        recorded = await store.append(stream, events, version)
        version = recorded[-1].stream_version
        ids |= {e.event_id for e in events}
    return ids


async def writer_process(url: str, stream: str) -> set[uuid.UUID]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(WORKER),
        url,
        stream,
        str(EACH),
        str(BATCH),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return {uuid.UUID(line) for line in out.decode().split()}


async def collect(store: EventStore, after: int, count: int) -> list[RecordedEvent]:
    seen: list[RecordedEvent] = []
    async with aclosing(store.subscribe(after)) as events:
        async for event in events:
            seen.append(event)
            if len(seen) == count:
                break
    return seen


async def read_everything(store: EventStore) -> list[RecordedEvent]:
    log: list[RecordedEvent] = []
    while page := await store.read_all(after=log[-1].position if log else 0, limit=3000):
        log += page
    return log


def assert_dense(log: list[RecordedEvent], first: int = 1) -> None:
    assert [e.position for e in log] == list(range(first, first + len(log)))


async def test_tasks_and_processes_leave_a_dense_log_seen_once_in_order(database_url: str) -> None:
    store = await open_store(database_url, poll_interval=0.2)
    try:
        follower = asyncio.create_task(collect(store, 0, TOTAL))
        await asyncio.sleep(0.1)  # let the subscriber start waiting first
        written = await asyncio.gather(
            *(writer_task(store, f"task-{i}") for i in range(TASKS)),
            *(writer_process(database_url, f"process-{i}") for i in range(PROCESSES)),
        )
        seen = await asyncio.wait_for(follower, 120)
        log = await read_everything(store)

        assert_dense(log)
        assert len(log) == TOTAL == await store.head()
        assert seen == log
        assert {e.event_id for e in log} == set().union(*written)
        versions: dict[str, list[int]] = defaultdict(list)
        for event in log:
            versions[event.stream_id].append(event.stream_version)
        assert all(v == list(range(1, EACH + 1)) for v in versions.values())
        assert len(versions) == TASKS + PROCESSES

        resume_at = TOTAL // 3
        resumed = await asyncio.wait_for(collect(store, resume_at, TOTAL - resume_at), 60)
        assert resumed == log[resume_at:]
    finally:
        await store.close()
    verification = await verify_url(database_url)
    assert verification.broken is None and verification.count == TOTAL


async def test_a_writer_whose_knowledge_is_stale_plans_again_from_the_database(
    database_url: str,
) -> None:
    """Two stores on one database: each one's idea of the head and versions goes stale."""
    one = await open_store(database_url)
    two = await open_store(database_url)
    try:
        [first] = await one.append("s", [NewEvent(uuid.uuid4(), "t", {"n": 1}, {})], 0)
        theirs = NewEvent(uuid.uuid4(), "t", {"n": 2}, {})
        [second] = await two.append("s", [theirs], 1)
        with pytest.raises(WrongExpectedVersion) as raised:
            await one.append("s", [NewEvent(uuid.uuid4(), "t", {"n": 3}, {})], 1)
        assert raised.value.actual == 2
        with pytest.raises(WrongExpectedVersion) as raised:
            await one.append("s", [NewEvent(uuid.uuid4(), "t", {"n": 3}, {})], 5)
        assert raised.value.actual == 2
        [third] = await one.append("s", [NewEvent(uuid.uuid4(), "t", {"n": 3}, {})], 2)
        assert await one.append("s", [theirs], 0) == [second]  # a retry through the other
        [fourth] = await two.append("other", [NewEvent(uuid.uuid4(), "t", {}, {})])
        log = await read_everything(one)
        assert [e.position for e in (first, second, third, fourth)] == [1, 2, 3, 4]
        assert log == [first, second, third, fourth]
        assert [(e.stream_id, e.stream_version) for e in log] == [
            ("s", 1),
            ("s", 2),
            ("s", 3),
            ("other", 1),
        ]
    finally:
        await one.close()
        await two.close()
    assert (await verify_url(database_url)).broken is None


async def test_the_postgres_writer_reconnects_when_its_connection_dies(postgres_url: str) -> None:
    store = await open_store(postgres_url)
    admin = create_async_engine(postgres_url, poolclass=NullPool)
    try:
        await store.append("s", [NewEvent(uuid.uuid4(), "t", {}, {})])
        async with admin.connect() as conn:
            await conn.execute(sa.text(KILL_OTHER_SESSIONS))
        with contextlib.suppress(Exception):  # this one may meet the dead connection
            await store.append("s", [NewEvent(uuid.uuid4(), "t", {}, {})])
        [last] = await store.append("s", [NewEvent(uuid.uuid4(), "t", {}, {})])
        assert last.position == await store.head()
    finally:
        await admin.dispose()
        await store.close()
    assert (await verify_url(postgres_url)).broken is None


KILL_OTHER_SESSIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
