"""PostgreSQL: NOTIFY in the appending statement, LISTEN for other processes' appends.

The LISTEN connection is watched and replaced when it ends, so wake-ups resume
after a database restart; the fallback poll covers the time in between.

Writers are serialized by the log-head row, which every append updates (see
`judging.store.postgres_log`), so positions are assigned in commit order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from judging.store.backend import Backend, Listener
from judging.store.event_log import EventLog
from judging.store.locks import AdvisoryLocks, ProjectionLocks
from judging.store.postgres_log import CHANNEL, PostgresLog
from judging.tasks import cancel_and_wait

MIGRATION_LOCK = 7_355_608_001  # pg_advisory_xact_lock key for `migrate`
HEAD_POSITION = "SELECT position FROM log_head WHERE id = 1"
PING_SECONDS = 5.0  # a LISTEN connection that does not answer within this is replaced
RETRY_FIRST, RETRY_MAX = 0.2, 5.0  # seconds between reconnection attempts

log = logging.getLogger(__name__)


class PgListener:
    """LISTEN on a pooled connection of its own, kept alive: when the connection ends
    (a database restart, a terminated session) or stops answering, it is replaced,
    with a growing delay while the database is away. After each reconnection the
    current head is reported, so followers read what was appended meanwhile."""

    def __init__(self, engine: AsyncEngine, on_head: Callable[[int], None]) -> None:
        self._engine = engine
        self._on_head = on_head
        self._conn: AsyncConnection | None = None
        self._driver: Any = None
        self._lost = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, engine: AsyncEngine, on_head: Callable[[int], None]) -> PgListener:
        listener = cls(engine, on_head)
        await listener._connect()
        listener._task = asyncio.create_task(listener._keep(), name="event-store-listener")
        return listener

    async def _connect(self) -> None:
        conn = await self._engine.connect()
        try:
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection  # asyncpg ships no type information
            lost = self._lost = asyncio.Event()
            driver.add_termination_listener(lambda _conn: lost.set())
            await driver.add_listener(CHANNEL, self._notified)
        except BaseException:
            await _discard(conn)
            raise
        self._conn, self._driver = conn, driver

    async def _report_head(self) -> None:
        """Wake the followers for what was appended while no one listened."""
        self._on_head(int(await self._driver.fetchval(HEAD_POSITION)))

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self._on_head(int(payload))

    async def _keep(self) -> None:
        while True:
            await self._until_lost()
            log.warning("LISTEN connection lost; reconnecting (subscribers poll meanwhile)")
            await self._drop()
            await self._reconnect()
            log.warning("LISTEN resumed")

    async def _until_lost(self) -> None:
        """Return when the connection ended, or did not answer a ping in time."""
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(PING_SECONDS):
                    await self._lost.wait()
            if self._lost.is_set():
                return
            try:
                async with asyncio.timeout(PING_SECONDS):
                    await self._driver.fetchval("SELECT 1")
            except Exception:
                return

    async def _reconnect(self) -> None:
        delay = RETRY_FIRST
        while True:
            try:
                await self._connect()
                await self._report_head()
                return
            except Exception as error:
                await self._drop()
                log.debug("LISTEN reconnection failed (%s); next try in %.1fs", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)

    async def _drop(self) -> None:
        conn, self._conn, self._driver = self._conn, None, None
        if conn is not None:
            await _discard(conn)

    async def stop(self) -> None:
        await cancel_and_wait([self._task])
        self._task = None
        if self._driver is not None:
            with contextlib.suppress(Exception):
                await self._driver.remove_listener(CHANNEL, self._notified)
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = self._driver = None


async def _discard(conn: AsyncConnection) -> None:
    """Close a connection that may be dead, without raising."""
    with contextlib.suppress(Exception):
        await conn.invalidate()
    with contextlib.suppress(Exception):
        await conn.close()


class PostgresBackend(Backend):
    name = "postgresql"

    def create_engine(self, url: str) -> AsyncEngine:
        return create_async_engine(url, pool_size=10, max_overflow=10)

    async def lock_for_migration(self, conn: AsyncConnection) -> None:
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})

    def event_log(self, engine: AsyncEngine) -> EventLog:
        return PostgresLog(engine)

    async def listen(self, engine: AsyncEngine, on_head: Callable[[int], None]) -> Listener | None:
        return await PgListener.start(engine, on_head)

    def projection_locks(self, engine: AsyncEngine) -> ProjectionLocks:
        return AdvisoryLocks(engine)
