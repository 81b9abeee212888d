"""Append throughput of the event store against the raw driver and `eventsourcing`, same run.

For each backend (SQLite in a temporary file; PostgreSQL in a scratch database when
`--db postgresql+asyncpg://...` is given or JUDGING_TEST_POSTGRES_URL is set), the
same events are written five ways, each into a fresh database:

- `raw driver, batches`: the rows the store writes (serialized and hashed before the
  clock starts) inserted into a copy of the `events` table (same columns, keys and
  unique constraints): SQLite with aiosqlite `executemany` in one transaction per
  batch, on a connection with the store's pragmas (WAL, synchronous=FULL);
  PostgreSQL with asyncpg `COPY`, one per batch;
- `store, batches`: `EventStore.append` of the same batches, one after another;
- `eventsourcing, batches`: the `eventsourcing` library's application recorder
  (`insert_events`, pool sizes of the library's defaults), the same batches;
- `store, 1 event x 100 tasks`: 100 tasks each appending single events to their own
  stream with exact expected versions (group commit at work);
- `eventsourcing, 1 event x 100 threads`: the same through the library's recorder
  from 100 threads.

The machine may be shared, so the three batched writers take turns batch by batch
(each sees the same load) and each one's rate is that of its median batch (a burst of
another process's work spoils a few batches, not the figure); the single-event cases
run in rounds (3; `--quick`: 1, with fewer events) whose median is reported. `ratio`
compares like with like: batched cases to the raw driver, single-event cases to the
library. Targets (issue 10): store batches >= 0.7x the raw driver on both databases;
single events >= 10x the library on PostgreSQL, >= 3x on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any, NamedTuple

import aiosqlite
import asyncpg
import orjson
from _databases import Databases, libpq_dsn, postgres_databases, postgres_server, sqlite_database
from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from sqlalchemy.engine import make_url

from judging.store import ANY, EventStore, NewEvent, migrate, open_store
from judging.store.hashing import GENESIS_HASH
from judging.store.planning import AppendRequest, plan_group
from judging.store.sqlite import PRAGMAS

Batch = tuple[str, list[NewEvent]]
Rows = list[tuple[Any, ...]]
RawWriter = Callable[[Rows], Awaitable[None]]
TASKS = 100
COLUMNS = (
    *("position", "stream_id", "stream_version", "event_id", "type", "data", "metadata"),
    *("recorded_at", "prev_hash", "hash"),
)


class Sizes(NamedTuple):
    batched: int  # events appended in batches
    batch: int  # events per batch
    single: int  # events appended one per call
    rounds: int  # of the single-event cases


class Backend(NamedTuple):
    name: str
    databases: Databases
    raw: Callable[[AsyncExitStack, str], Awaitable[RawWriter]]
    library: Callable[[str], tuple[ApplicationRecorder, Callable[[], None]]]


def new_event(n: int) -> NewEvent:
    data = {"contestant_id": f"c{n % 97}", "aspect_id": f"a{n % 7}", "value": n % 11 / 2}
    meta = {"actor": f"r{n % 13}", "role": "referee", "venue": "wz", "device": "tablet-3"}
    return NewEvent(uuid.uuid4(), "MarkAwarded", data, meta)


def make_batches(events: int, size: int) -> list[Batch]:
    """Batches of `size`, each to its own stream (a burst of marks of one contest)."""
    return [
        (f"contest-{start // size}", [new_event(n) for n in range(start, min(start + size, events))])  # noqa: E501
        for start in range(0, events, size)
    ]  # fmt: skip


def hashed_rows(batches: list[Batch]) -> list[Rows]:
    """The rows the store would write for `batches`: positions, versions, hash chain."""
    requests = [AppendRequest.of(stream, events, ANY) for stream, events in batches]
    plan = plan_group(requests, head=(0, GENESIS_HASH), stored={}, versions={}, now=_now())
    rows = iter(tuple(getattr(row, c) for c in COLUMNS) for row in plan.new_rows)
    return [[next(rows) for _ in events] for _, events in batches]


def records(batches: list[Batch]) -> list[list[StoredEvent]]:
    """The library's records of the same events: one aggregate per stream, JSON state."""
    return [
        [
            StoredEvent(aggregate, version, e.type, orjson.dumps([e.data, e.metadata]))
            for version, e in enumerate(events, 1)
        ]
        for aggregate, (_, events) in ((uuid.uuid4(), batch) for batch in batches)
    ]


# -- the raw drivers ------------------------------------------------------------------


async def raw_sqlite(stack: AsyncExitStack, url: str) -> RawWriter:
    path = make_url(url).database or ""
    conn = await stack.enter_async_context(aiosqlite.connect(path, isolation_level=None))
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    [(ddl,)] = await conn.execute_fetchall("SELECT sql FROM sqlite_master WHERE name='events'")
    await conn.execute(ddl.replace("CREATE TABLE events", "CREATE TABLE raw_events", 1))
    insert = f"INSERT INTO raw_events VALUES ({', '.join('?' * len(COLUMNS))})"

    async def write(rows: Rows) -> None:
        await conn.execute("BEGIN IMMEDIATE")
        await conn.executemany(insert, rows)
        await conn.execute("COMMIT")

    return write


def sqlite_rows(rows: Rows) -> Rows:
    """As the store keeps them on SQLite: the uuid as 32 hex digits, naive UTC text."""
    return [
        (*row[:3], row[3].hex, *row[4:7], row[7].astimezone(UTC).strftime(TIME), *row[8:])
        for row in rows
    ]


TIME = "%Y-%m-%d %H:%M:%S.%f"


async def raw_postgres(stack: AsyncExitStack, url: str) -> RawWriter:
    conn = await asyncpg.connect(libpq_dsn(url))
    stack.push_async_callback(conn.close)
    await conn.execute("CREATE TABLE raw_events (LIKE events INCLUDING ALL)")

    async def write(rows: Rows) -> None:
        await conn.copy_records_to_table("raw_events", records=rows, columns=COLUMNS)

    return write


# -- eventsourcing --------------------------------------------------------------------


def sqlite_library(url: str) -> tuple[ApplicationRecorder, Callable[[], None]]:
    datastore = SQLiteDatastore(make_url(url).database or "", pool_size=5, max_overflow=10)
    recorder = SQLiteApplicationRecorder(datastore)
    recorder.create_table()
    return recorder, datastore.close


def postgres_library(url: str) -> tuple[ApplicationRecorder, Callable[[], None]]:
    parsed = make_url(url)
    datastore = PostgresDatastore(
        parsed.database or "",
        parsed.host or "127.0.0.1",
        parsed.port or 5432,
        parsed.username or "postgres",
        parsed.password or "",
        pool_size=5,  # the library's application defaults (POSTGRES_POOL_SIZE ...)
        max_overflow=10,
    )
    recorder = PostgresApplicationRecorder(datastore)
    recorder.create_table()
    return recorder, datastore.close


def library_singles(recorder: ApplicationRecorder, per_thread: list[list[StoredEvent]]) -> float:
    def thread(events: list[StoredEvent]) -> None:
        for event in events:
            recorder.insert_events([event])

    start = time.perf_counter()
    with ThreadPoolExecutor(TASKS) as pool:
        list(pool.map(thread, per_thread))
    return time.perf_counter() - start


# -- the cases ------------------------------------------------------------------------


async def batched(backend: Backend, sizes: Sizes) -> dict[str, float]:
    """Events/s of the raw driver, the store and the library, taking turns per batch."""
    batches = make_batches(sizes.batched, sizes.batch)
    rows, lib_records = hashed_rows(batches), records(batches)
    if backend.name == "sqlite":
        rows = [sqlite_rows(r) for r in rows]
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(backend.databases()) for _ in range(3)]
        for url in urls[:2]:
            await migrate(url)
        raw = await backend.raw(stack, urls[0])
        store = await open_store(urls[1])
        stack.push_async_callback(store.close)
        recorder, close = backend.library(urls[2])
        stack.callback(close)
        writers: list[tuple[str, Callable[[int], Awaitable[None]]]] = [
            ("raw driver", lambda i: raw(rows[i])),
            ("store", lambda i: _append(store, batches[i])),
            ("eventsourcing", lambda i: _insert(recorder, lib_records[i])),
        ]
        spent: dict[str, list[float]] = {name: [] for name, _ in writers}
        for i in range(len(batches)):
            for name, write in writers[i % 3 :] + writers[: i % 3]:  # each goes first in turn
                start = time.perf_counter()
                await write(i)
                spent[name].append(time.perf_counter() - start)
    # The median batch: one batch slowed down by another process's burst moves a sum a
    # lot and a median hardly (the machine is often shared).
    return {name: sizes.batch / statistics.median(times) for name, times in spent.items()}


async def _append(store: EventStore, batch: Batch) -> None:
    await store.append(*batch)


async def _insert(recorder: ApplicationRecorder, batch: list[StoredEvent]) -> None:
    recorder.insert_events(batch)  # synchronous, as the library is


async def singles(backend: Backend, sizes: Sizes) -> dict[str, float]:
    """Events/s of 100 tasks appending single events, and of the library from 100 threads."""
    per_task = [[new_event(n) for n in range(i, sizes.single, TASKS)] for i in range(TASKS)]
    async with backend.databases() as url:
        await migrate(url)
        store = await open_store(url)
        try:

            async def task(i: int) -> None:
                for version, event in enumerate(per_task[i]):
                    await store.append(f"task-{i}", [event], version)

            start = time.perf_counter()
            await asyncio.gather(*(task(i) for i in range(TASKS)))
            seconds = time.perf_counter() - start
        finally:
            await store.close()
    lib_records = records([("", events) for events in per_task])
    async with backend.databases() as url:
        recorder, close = backend.library(url)
        try:
            lib_seconds = await asyncio.to_thread(library_singles, recorder, lib_records)
        finally:
            close()
    return {"store": sizes.single / seconds, "eventsourcing": sizes.single / lib_seconds}


async def measure(backend: Backend, sizes: Sizes) -> list[dict[str, Any]]:
    batch = await batched(backend, sizes)
    rounds = [await singles(backend, sizes) for _ in range(sizes.rounds)]
    single = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    per_batch, per_event = f"batches of {sizes.batch}", f"1 event x {TASKS}"
    cases = [
        (f"raw driver, {per_batch}", sizes.batched, 1, batch["raw driver"], batch["raw driver"]),
        (f"store, {per_batch}", sizes.batched, 1, batch["store"], batch["raw driver"]),
        (f"eventsourcing, {per_batch}", sizes.batched, 1, batch["eventsourcing"],
         batch["raw driver"]),
        (f"store, {per_event} tasks", sizes.single, sizes.rounds, single["store"],
         single["eventsourcing"]),
        (f"eventsourcing, {per_event} threads", sizes.single, sizes.rounds,
         single["eventsourcing"], single["eventsourcing"]),
    ]  # fmt: skip
    return [
        {"backend": backend.name, "case": case, "events": events, "rounds": rounds_,
         "events/s": rate, "ratio": rate / reference,
         "ratio to": "raw driver" if "batches" in case else "eventsourcing"}
        for case, events, rounds_, rate, reference in cases
    ]  # fmt: skip


def sizes_for(args: argparse.Namespace) -> Sizes:
    batch = getattr(args, "batch", None) or 100
    if getattr(args, "quick", False):
        events = min(getattr(args, "events", None) or 5000, 5000)
        return Sizes(batched=events, batch=batch, single=1000, rounds=1)
    events = getattr(args, "events", None) or 10_000
    return Sizes(batched=events, batch=batch, single=min(events, 3000), rounds=3)


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    sizes = sizes_for(args)
    rows = await measure(Backend("sqlite", sqlite_database, raw_sqlite, sqlite_library), sizes)
    server = postgres_server(args)
    if server:
        backend = Backend("postgresql", postgres_databases(server), raw_postgres, postgres_library)
        rows += await measure(backend, sizes)
    return rows


def _now() -> datetime:
    return datetime.now(UTC)
