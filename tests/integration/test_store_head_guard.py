"""Rows stored beyond the log head (issue 11, defect 2): never verified as intact, never
served, and a server refuses to start on such a log.

An append moves the head in the same transaction as its rows, so a row beyond the
head was never appended: someone wrote it around the store.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from contextlib import aclosing
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import EventStore, NewEvent, RecordedEvent
from judging.store.engines import backend_for
from judging.store.hashing import chain_hash
from judging.store.schema import StoredRow, events
from judging.store.verification import check_url, verify_url

HEAD = 6


async def fill(store: EventStore) -> list[RecordedEvent]:
    recorded: list[RecordedEvent] = []
    for n in range(HEAD):
        event = NewEvent(uuid.uuid4(), "mark_awarded", {"n": n}, {"actor": "r1"})
        recorded += await store.append("contest-a", [event])
    return recorded


async def insert_beyond_head(engine: AsyncEngine, url: str, *, garbage: bool) -> None:
    """A row at head + 1 of the stream `contest-a`, chained after the head (or not)."""
    log = backend_for(url).event_log(engine)
    [last] = await log.stored_after(HEAD - 1, 1)
    row = StoredRow(
        HEAD + 1,
        "contest-a",
        HEAD + 1,
        uuid.uuid4(),
        "mark_awarded",
        '{"n":99}',
        '{"actor":"attacker"}',
        last.recorded_at,
        last.hash,
        "",
    )
    row = replace(row, hash="f" * 64 if garbage else chain_hash(last.hash, row.hash_input()))
    values = {c.name: getattr(row, c.name) for c in events.columns}
    async with engine.begin() as conn:
        await conn.execute(sa.insert(events).values(**values))


@pytest.fixture(params=[False, True], ids=["chained", "garbage"])
def garbage(request: pytest.FixtureRequest) -> bool:
    value: bool = request.param
    return value


async def test_verify_names_a_row_beyond_the_head(
    store: EventStore, database_url: str, database_engine: AsyncEngine, garbage: bool
) -> None:
    await fill(store)
    await insert_beyond_head(database_engine, database_url, garbage=garbage)
    result = await verify_url(database_url, page_size=4)
    assert result.broken is not None
    assert result.broken.position == HEAD + 1
    assert result.count == HEAD
    broken = await check_url(database_url)
    assert broken is not None
    assert (broken.position, broken.reason) == (HEAD + 1, f"stored beyond the log head ({HEAD})")


async def test_rows_beyond_the_head_are_never_served(
    store: EventStore, database_url: str, database_engine: AsyncEngine, garbage: bool
) -> None:
    appended = await fill(store)
    await insert_beyond_head(database_engine, database_url, garbage=garbage)
    assert await store.read_all() == appended
    assert await store.read_stream("contest-a") == appended
    rows = await store.read_stream_rows("contest-a")
    assert [(row.position, row.hash) for row in rows] == [(e.position, e.hash) for e in appended]
    seen: list[RecordedEvent] = []

    async def follow() -> None:
        async with aclosing(store.subscribe(0)) as followed:
            async for event in followed:
                seen.append(event)

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.5)  # ten polls of the test store
    follower.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follower
    assert seen == appended


async def test_an_intact_head_passes_the_start_up_check(
    store: EventStore, database_url: str
) -> None:
    assert await check_url(database_url) is None
    await fill(store)
    assert await check_url(database_url) is None


def judging() -> list[str]:
    script = Path(sys.executable).with_name("judging")
    return [str(script)] if script.exists() else [sys.executable, "-m", "judging.cli"]


async def test_the_server_refuses_to_start_on_rows_beyond_the_head(
    store: EventStore,
    database_url: str,
    database_engine: AsyncEngine,
    tmp_path: Path,
) -> None:
    await fill(store)
    await insert_beyond_head(database_engine, database_url, garbage=False)
    port = 8800 + int(uuid.uuid4().int % 200)
    command = [*judging(), "serve", "--port", str(port), "--db", database_url]
    env = {**os.environ, "JUDGING_DATA_DIR": str(tmp_path), "JUDGING_ADMIN_TOKEN": "t"}
    server = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        _, err = await asyncio.wait_for(server.communicate(), 60)
    except TimeoutError:
        server.kill()
        await server.communicate()
        pytest.fail("the server started on a log with a row beyond its head")
    message = err.decode()
    assert server.returncode == 3, message
    assert "refusing to start" in message
    assert f"position {HEAD + 1}: stored beyond the log head ({HEAD})" in message
