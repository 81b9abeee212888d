"""PostgreSQL: NOTIFY in the appending statement, LISTEN for other processes' appends.

Writers are serialized by the log-head row, which every append updates (see
`judging.store.postgres_log`), so positions are assigned in commit order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from judging.store.backend import Backend, Listener
from judging.store.event_log import EventLog
from judging.store.locks import AdvisoryLocks, ProjectionLocks
from judging.store.postgres_log import CHANNEL, PostgresLog

MIGRATION_LOCK = 7_355_608_001  # pg_advisory_xact_lock key for `migrate`


class PgListener:
    """One pooled connection held for LISTEN; the payload is the new head position."""

    def __init__(self, conn: AsyncConnection, driver: Any, on_head: Callable[[int], None]) -> None:
        self._conn = conn
        self._driver = driver
        self._on_head = on_head

    @classmethod
    async def start(cls, engine: AsyncEngine, on_head: Callable[[int], None]) -> PgListener:
        conn = await engine.connect()
        raw = await conn.get_raw_connection()
        listener = cls(conn, raw.driver_connection, on_head)
        await listener._driver.add_listener(CHANNEL, listener._notified)
        return listener

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self._on_head(int(payload))

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self._driver.remove_listener(CHANNEL, self._notified)
        await self._conn.close()


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
