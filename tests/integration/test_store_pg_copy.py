"""The writer's binary `COPY` stream (`pg_copy`, `_copy.c`), and migration 0012's
trigger that moves the PostgreSQL log head with the rows a writer copies in."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from alembic import command as alembic
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from judging.store import ANY, NewEvent, open_store
from judging.store.migration import alembic_config, run_locked
from judging.store.pg_copy import compiled_copy_rows, microseconds, python_copy_rows
from judging.store.planning import AppendRequest, plan_group
from judging.store.postgres_log import APPEND_SESSION, CHANNEL, COPY_COLUMNS, NOT_CONTINUING
from judging.store.rows import Row

compiled = pytest.mark.skipif(
    compiled_copy_rows is None,
    reason="judging.store._copy was not built here (no C compiler)",
)
NOW = datetime(2026, 12, 4, 22, 10, 5, 654321, tzinfo=UTC)

texts = st.text(max_size=30)  # quotes, backslashes, controls, CJK, emoji
rows = st.lists(
    st.tuples(
        st.integers(1, 2**62),
        texts,
        st.integers(-(2**31), 2**31 - 1),
        st.integers(0, 2**128 - 1).map(lambda n: f"{n:032x}"),
        texts,
        texts,
        texts,
        st.just("2026-12-04 22:10:05.654321"),
        texts,
        texts,
    ),
    max_size=8,
)


@compiled
@settings(max_examples=300, deadline=None)
@given(rows=rows, moment=st.integers(-(2**62), 2**62))
def test_compiled_stream_equals_the_python_one(rows: list[Row], moment: int) -> None:
    assert compiled_copy_rows(rows, moment) == python_copy_rows(rows, moment)


@compiled
@pytest.mark.parametrize(
    "bad",
    [
        [(1, "s", 1)],  # not ten fields
        [[1, "s", 1, "0" * 32, "t", "{}", "{}", "", "", ""]],  # not a tuple
        [(1, "s", 1, "0" * 31, "t", "{}", "{}", "", "", "")],  # a short id
        [(1, "s", 1, "g" * 32, "t", "{}", "{}", "", "", "")],  # not hex
        [(1, "s", 2**31, "0" * 32, "t", "{}", "{}", "", "", "")],  # beyond int4
        [(1, b"s", 1, "0" * 32, "t", "{}", "{}", "", "", "")],  # bytes, not text
        [(2**64, "s", 1, "0" * 32, "t", "{}", "{}", "", "", "")],  # beyond int8
    ],
)
def test_compiled_stream_refuses_rows_it_cannot_encode(bad: Any) -> None:
    with pytest.raises((TypeError, ValueError, OverflowError)):
        compiled_copy_rows(bad, 0)


def test_the_time_counts_from_postgres_epoch() -> None:
    assert microseconds(datetime(2000, 1, 1, tzinfo=UTC)) == 0
    assert microseconds(NOW) == 849_737_405_654_321  # PostgreSQL's own count


def driver_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
async def writer(postgres_url: str) -> AsyncIterator[tuple[str, Any]]:
    """A log of three events, and a session marked as the appending one."""
    store = await open_store(postgres_url)
    try:
        for n in range(3):
            await store.append("contest-a", [NewEvent(uuid.uuid4(), "marked", {"n": n})])
    finally:
        await store.close()
    conn = await asyncpg.connect(driver_dsn(postgres_url))
    await conn.execute(APPEND_SESSION)
    try:
        yield postgres_url, conn
    finally:
        await conn.close()


def rows_after(head: tuple[int, str], count: int) -> list[Row]:
    events = [NewEvent(uuid.uuid4(), "评分", {"分": n, "s": 'a"b\\c'}) for n in range(count)]
    request = AppendRequest.of("contest-电工", events, ANY)
    return plan_group([request], head=head, stored={}, versions={}, now=NOW).rows


async def copy_in(conn: Any, rows: list[Row]) -> None:
    stream = python_copy_rows(rows, microseconds(NOW))
    await conn.copy_to_table(
        "events", source=memoryview(stream), columns=COPY_COLUMNS, format="binary"
    )


async def head_of(conn: Any) -> tuple[int, str]:
    position, hash_ = await conn.fetchrow("SELECT position, hash FROM log_head WHERE id = 1")
    return int(position), str(hash_)


async def test_rows_that_continue_the_head_move_it_and_wake_listeners(
    writer: tuple[str, Any],
) -> None:
    url, conn = writer
    listener = await asyncpg.connect(driver_dsn(url))
    heard: asyncio.Queue[str] = asyncio.Queue()
    await listener.add_listener(CHANNEL, lambda *args: heard.put_nowait(args[3]))
    try:
        rows = rows_after(await head_of(conn), 4)
        await copy_in(conn, rows)
        assert await head_of(conn) == (7, rows[-1][9])
        assert await asyncio.wait_for(heard.get(), 5) == "7"
        stored = await conn.fetch(
            "SELECT data, type, stream_id, event_id::text, recorded_at FROM events "
            "WHERE position > 3 ORDER BY position"
        )
        assert [tuple(r) for r in stored] == [
            (r[5], r[4], r[1], str(uuid.UUID(r[3])), NOW) for r in rows
        ]
    finally:
        await listener.close()


@pytest.mark.parametrize("wrong", ["a gap", "another previous hash", "a position stored"])
async def test_rows_that_do_not_continue_the_head_are_refused_whole(
    writer: tuple[str, Any], wrong: str
) -> None:
    _, conn = writer
    head = await head_of(conn)
    if wrong == "a gap":
        rows = rows_after((head[0] + 1, head[1]), 2)
    elif wrong == "another previous hash":
        rows = rows_after((head[0], "1" * 64), 2)
    else:
        rows = rows_after((head[0] - 1, head[1]), 2)
    with pytest.raises(asyncpg.PostgresError) as refused:
        await copy_in(conn, rows)
    expected = "23505" if wrong == "a position stored" else NOT_CONTINUING
    assert refused.value.sqlstate == expected
    assert await head_of(conn) == head
    assert await conn.fetchval("SELECT count(*) FROM events") == 3


async def test_other_sessions_insert_without_moving_the_head(writer: tuple[str, Any]) -> None:
    _, conn = writer
    await conn.execute("RESET judging.append")
    head = await head_of(conn)
    await copy_in(conn, rows_after(head, 2))  # a tool or a test writing around the store
    assert await head_of(conn) == head
    assert await conn.fetchval("SELECT count(*) FROM events") == 5


async def test_without_the_trigger_a_store_refuses_to_append(postgres_url: str) -> None:
    def to(revision: str) -> Any:
        def move(connection: Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            if revision == "0011_talent_latest":
                alembic.downgrade(config, revision)
            else:
                alembic.upgrade(config, revision)

        return move

    count = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'log_head_%'"
    conn = await asyncpg.connect(driver_dsn(postgres_url))
    try:
        assert await conn.fetchval(count) == 2
        await run_locked(postgres_url, to("0011_talent_latest"))
        assert await conn.fetchval(count) == 0
        store = await open_store(postgres_url)
        try:  # rows without the trigger would go in and the head stay: refused
            with pytest.raises(RuntimeError, match="predates migration 0012"):
                await store.append("s", [NewEvent(uuid.uuid4(), "t", {})])
        finally:
            await store.close()
        assert await conn.fetchval("SELECT count(*) FROM events") == 0
        await run_locked(postgres_url, to("head"))
        assert await conn.fetchval(count) == 2
    finally:
        await conn.close()


def test_ci_builds_the_compiled_stream() -> None:
    if os.environ.get("CI") != "true":
        pytest.skip("only CI must have built judging.store._copy (it has gcc)")
    assert compiled_copy_rows is not None
