"""PostgreSQL sessions that end under the store (issue 11, defect 9): a restart, or an
administrator's `pg_terminate_backend`, ends every session at once.

- LISTEN/NOTIFY resumes: the listener reconnects, and wakes its subscribers.
- The advisory lock of a projection goes with its session: its lease is lost, the
  holder stops, and exactly one process runs the projection afterwards.
- While the database cannot be reached, its errors are told apart (the service
  answers 503 for them).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from contextlib import aclosing

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from judging.projections.runner import ProjectionRunner
from judging.store import EventStore, NewEvent, RecordedEvent, open_store
from judging.store.availability import database_unavailable
from judging.store.locks import lock_key

pytestmark = pytest.mark.postgres

LOCK_HOLDERS = (
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND classid::bigint = :high AND objid::bigint = :low"
)
EVERY_OTHER_SESSION = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def new(n: int = 0) -> NewEvent:
    return NewEvent(uuid.uuid4(), "mark_awarded", {"n": n}, {"actor": "r1"})


async def admin(url: str, statement: str, **params: object) -> list[object]:
    engine = create_async_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            result = await conn.execute(sa.text(statement), params)
            return [row[0] for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


async def holders(url: str, name: str) -> list[object]:
    key = lock_key(name) & 0xFFFF_FFFF_FFFF_FFFF  # pg_locks shows the key's two halves
    return await admin(url, LOCK_HOLDERS, high=key >> 32, low=key & 0xFFFF_FFFF)


async def take(store: EventStore, after: int, count: int) -> list[RecordedEvent]:
    taken: list[RecordedEvent] = []
    async with aclosing(store.subscribe(after)) as events:
        async for event in events:
            taken.append(event)
            if len(taken) == count:
                break
    return taken


async def append_once(store: EventStore, event: NewEvent) -> None:
    """Append, once more if the first try met a connection that was terminated."""
    try:
        await store.append("s", [event])
    except Exception as error:
        assert database_unavailable(error)
        await store.append("s", [event])


async def test_listen_resumes_after_its_session_is_terminated(postgres_url: str) -> None:
    """The fallback poll is out of reach (an hour): only NOTIFY can wake the reader."""
    reader = await open_store(postgres_url, poll_interval=3600)
    writer = await open_store(postgres_url)
    try:
        first = asyncio.create_task(take(reader, 0, 1))
        await asyncio.sleep(0.2)
        await writer.append("s", [new(1)])
        await asyncio.wait_for(first, 10)
        await admin(postgres_url, EVERY_OTHER_SESSION)  # the listener's among them
        await asyncio.sleep(1.0)  # the listener notices and reconnects
        follower = asyncio.create_task(take(reader, 1, 2))
        await asyncio.sleep(0.2)
        await append_once(writer, new(2))
        await append_once(writer, new(3))
        taken = await asyncio.wait_for(follower, 10)
        assert [e.position for e in taken] == [2, 3]
    finally:
        await writer.close()
        await reader.close()


async def test_a_subscriber_waiting_while_listen_is_down_is_woken_on_reconnection(
    postgres_url: str,
) -> None:
    """Appends made while the listener was away are not lost: the reconnection reports
    the head, and the waiting subscriber reads on."""
    reader = await open_store(postgres_url, poll_interval=3600)
    writer = await open_store(postgres_url)
    try:
        follower = asyncio.create_task(take(reader, 0, 2))
        await asyncio.sleep(0.2)
        await admin(postgres_url, EVERY_OTHER_SESSION)
        await append_once(writer, new(1))  # while no one listens (or just before)
        await append_once(writer, new(2))
        taken = await asyncio.wait_for(follower, 10)
        assert [e.position for e in taken] == [1, 2]
    finally:
        await writer.close()
        await reader.close()


async def test_a_lock_lost_with_its_session_is_reported_and_taken_over(postgres_url: str) -> None:
    one = await open_store(postgres_url)
    two = await open_store(postgres_url)
    try:
        async with one.tracking.lock("talent") as lease:
            assert lease
            [pid] = await holders(postgres_url, "talent")
            await admin(postgres_url, "SELECT pg_terminate_backend(:pid)", pid=pid)
            await asyncio.wait_for(lease.lost.wait(), 10)
            assert not lease
            async with two.tracking.lock("talent") as taken_over:
                assert taken_over
                assert len(await holders(postgres_url, "talent")) == 1
    finally:
        await one.close()
        await two.close()


class Counting:
    """A persisted projection that counts the events it applied in a table."""

    name = "counting"

    def __init__(self) -> None:
        self.applied = 0

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        await conn.execute(
            sa.text("INSERT INTO counted (position) VALUES (:p)"), {"p": event.position}
        )
        self.applied += 1

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(sa.text("DELETE FROM counted"))


async def end_lock_session(url: str) -> None:
    [pid] = await holders(url, "counting")
    await admin(url, "SELECT pg_terminate_backend(:pid)", pid=pid)


async def end_every_session(url: str) -> None:
    await admin(url, EVERY_OTHER_SESSION)


@pytest.mark.parametrize("end", [end_lock_session, end_every_session])
async def test_after_the_lock_session_ends_exactly_one_runner_applies_the_projection(
    postgres_url: str, caplog: pytest.LogCaptureFixture, end: Callable[[str], Awaitable[None]]
) -> None:
    """Two processes' runners; the holder's lock session ends (alone, or with every
    session as in a restart). The holder stops, the lock is taken again by exactly
    one, and every event is applied exactly once (no checkpoint conflict: no second
    runner ever applies a batch)."""
    await admin(postgres_url, "CREATE TABLE counted (position bigint PRIMARY KEY)")
    stores = [await open_store(postgres_url, poll_interval=0.05) for _ in range(2)]
    projections = [Counting(), Counting()]
    runners = [
        ProjectionRunner(s, persisted=[p], lock_retry=0.2, retry_delay=0.05, checkpoints=None)
        for s, p in zip(stores, projections, strict=True)
    ]
    writer = await open_store(postgres_url)
    try:
        with caplog.at_level(logging.WARNING):
            for runner in runners:
                await runner.start()
            for n in range(20):
                await writer.append("s", [new(n)])
            await runners[0].wait_for(20, names=["counting"])
            await end(postgres_url)
            for n in range(20, 200):
                try:
                    await writer.append("s", [new(n)])
                except Exception as error:
                    assert database_unavailable(error)  # the writer's own session ended
                await asyncio.sleep(0.01)
            head = await writer.head()
            for runner in runners:
                await runner.wait_for(head, timeout=30, names=["counting"])
            assert len(await holders(postgres_url, "counting")) == 1
        counted = await admin(postgres_url, "SELECT count(*) FROM counted")
        assert counted == [head]
        failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert failures == []  # a second runner's batch fails on the rows or the checkpoint
    finally:
        for runner in runners:
            await runner.stop()
        for store in [*stores, writer]:
            await store.close()


def test_unavailable_database_errors_are_recognized() -> None:
    refused = ConnectionRefusedError(111, "Connect call failed")
    wrapped = sqlalchemy.exc.DBAPIError("SELECT 1", {}, refused, connection_invalidated=True)
    assert database_unavailable(refused)
    assert database_unavailable(wrapped)
    assert database_unavailable(asyncpg.exceptions.ConnectionDoesNotExistError("closed"))
    assert database_unavailable(asyncpg.exceptions.CannotConnectNowError("starting up"))
    assert database_unavailable(asyncpg.exceptions.AdminShutdownError("terminating"))
    try:
        raise RuntimeError("while reading the log") from refused
    except RuntimeError as chained:
        assert database_unavailable(chained)
    assert not database_unavailable(ValueError("no"))
    assert not database_unavailable(asyncpg.exceptions.UniqueViolationError("duplicate"))
    assert not database_unavailable(RuntimeError("the database said no"))


async def test_a_request_meeting_an_unreachable_database_is_a_503_with_retry_after() -> None:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from judging.http.middleware import RequestContextMiddleware

    async def refused(request: Request) -> Response:
        raise sqlalchemy.exc.DBAPIError(
            "SELECT 1", {}, ConnectionRefusedError(111, "Connect call failed")
        )

    async def broken(request: Request) -> Response:
        raise RuntimeError("a bug")

    routes = [Route("/r", refused), Route("/b", broken)]
    app = Starlette(routes=routes, middleware=[Middleware(RequestContextMiddleware)])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        away = await client.get("/r")
        bug = await client.get("/b")
    assert (away.status_code, away.headers["retry-after"]) == (503, "2")
    assert away.json()["code"] == "database_unavailable"
    assert (bug.status_code, bug.json()["code"]) == (500, "internal_error")
