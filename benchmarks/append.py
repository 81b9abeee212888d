"""Append throughput of the event store, with a reference measured in the same run.

For each backend (SQLite in a temporary file; PostgreSQL in a scratch database when
`--db postgresql+asyncpg://...` is given or JUDGING_TEST_POSTGRES_URL is set):

- `plain INSERT`: the reference, the same rows (already serialized, no hashing)
  inserted into a bare table through the same engine, one transaction per batch;
- `store, 1 writer`: `EventStore.append` of the same number of events, batch after batch;
- `store, 8 writers`: eight tasks appending concurrently (group commit at work).

`ratio` is events/s divided by the reference's, comparable across machines.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import EventStore, NewEvent, migrate, open_store
from judging.store.engines import backend_for
from scratch_database import scratch_database

Batch = tuple[str, list[NewEvent]]
WRITERS = 8

plain = sa.Table(
    "bench_plain_events",
    sa.MetaData(),
    sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("stream_id", sa.Text()),
    sa.Column("stream_version", sa.Integer()),
    sa.Column("event_id", sa.Uuid()),
    sa.Column("type", sa.Text()),
    sa.Column("data", sa.Text()),
    sa.Column("metadata", sa.Text()),
    sa.Column("recorded_at", sa.DateTime(timezone=True)),
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
)


def make_batches(events: int, size: int) -> list[Batch]:
    def event(n: int) -> NewEvent:
        data = {"contestant_id": f"c{n % 97}", "aspect_id": f"a{n % 7}", "value": n % 11 / 2}
        meta = {"actor": f"r{n % 13}", "role": "referee", "venue": "wz", "device": "tablet-3"}
        return NewEvent(uuid.uuid4(), "MarkAwarded", data, meta)

    return [
        (
            f"contest-{start // size % 50}",
            [event(n) for n in range(start, min(start + size, events))],
        )
        for start in range(0, events, size)
    ]


def plain_rows(batches: list[Batch]) -> list[list[dict[str, Any]]]:
    """The reference rows, serialized before the clock starts."""
    import orjson

    now, position, prepared = datetime.now(UTC), 0, []
    for stream, events in batches:
        rows = []
        for version, e in enumerate(events, 1):
            position += 1
            rows.append(
                {"position": position, "stream_id": stream, "stream_version": version,
                 "event_id": e.event_id, "type": e.type, "data": orjson.dumps(e.data).decode(),
                 "metadata": orjson.dumps(e.metadata).decode(), "recorded_at": now,
                 "prev_hash": "0" * 64, "hash": "0" * 64}
            )  # fmt: skip
        prepared.append(rows)
    return prepared


async def insert_plain(engine: AsyncEngine, prepared: list[list[dict[str, Any]]]) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(plain.metadata.create_all)
    for rows in prepared:
        async with engine.begin() as conn:
            await conn.execute(plain.insert(), rows)


async def append_all(store: EventStore, batches: list[Batch], writers: int) -> None:
    async def writer(share: list[Batch]) -> None:
        for stream, events in share:
            await store.append(stream, events)

    await asyncio.gather(*(writer(batches[i::writers]) for i in range(writers)))


async def timed(action: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await action()
    return time.perf_counter() - start


async def measure(backend: str, url: str, events: int, size: int) -> list[dict[str, Any]]:
    await migrate(url)
    store = await open_store(url)
    try:
        prepared = plain_rows(make_batches(events, size))
        engine = backend_for(url).create_engine(url)
        try:
            reference = await timed(lambda: insert_plain(engine, prepared))
        finally:
            await engine.dispose()
        one = await timed(lambda: append_all(store, make_batches(events, size), 1))
        many = await timed(lambda: append_all(store, make_batches(events, size), WRITERS))
    finally:
        await store.close()
    cases = [("plain INSERT (reference)", reference), ("store, 1 writer", one)]
    cases.append((f"store, {WRITERS} writers", many))
    return [
        {"backend": backend, "case": case, "events": events, "batch": size,
         "seconds": seconds, "events/s": events / seconds, "ratio": reference / seconds}
        for case, seconds in cases
    ]  # fmt: skip


def postgres_server(args: argparse.Namespace) -> str | None:
    given: str | None = getattr(args, "db", None)
    if given and make_url(given).get_backend_name() == "postgresql":
        return given
    return os.environ.get("JUDGING_TEST_POSTGRES_URL")


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    events, size = getattr(args, "events", 10_000), getattr(args, "batch", 100)
    with tempfile.TemporaryDirectory() as tmp:
        rows = await measure("sqlite", f"sqlite+aiosqlite:///{tmp}/bench.db", events, size)
    server = postgres_server(args)
    if server:
        async with scratch_database(server, prefix="judging_bench") as url:
            rows += await measure("postgresql", url, events, size)
    return rows
