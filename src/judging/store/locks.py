"""Who runs a persisted projection: one holder per projection name.

PostgreSQL: a session-level advisory lock, held on a dedicated AUTOCOMMIT
connection for as long as the process applies the projection; if the process dies,
its connection closes and a standby takes the lock on its next try. SQLite and the
in-memory store serve one process: the lock is process-local.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)


class ProjectionLocks(Protocol):
    def hold(self, name: str) -> AbstractAsyncContextManager[bool]:
        """Yield whether this caller now runs `name` (never waits); release on exit."""
        ...


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a projection name (Python's hash() is salted)."""
    digest = hashlib.sha256(f"projection:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class LocalLocks:
    """Process-local: the names held by callers of this object."""

    def __init__(self) -> None:
        self._held: set[str] = set()

    @classmethod
    def of_database(cls, database: str) -> LocalLocks:
        """The one set of locks of `database` in this process (every store opened on it)."""
        locks = _LOCAL.get(database)
        if locks is None:
            locks = _LOCAL[database] = cls()
        return locks

    @asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[bool]:
        if name in self._held:
            yield False
            return
        self._held.add(name)
        try:
            yield True
        finally:
            self._held.discard(name)


_LOCAL: weakref.WeakValueDictionary[str, LocalLocks] = weakref.WeakValueDictionary()


class AdvisoryLocks:
    """PostgreSQL session-level advisory locks, one connection per held name."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[bool]:
        key = lock_key(name)
        async with self._engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            taken = await conn.scalar(sa.select(sa.func.pg_try_advisory_lock(key)))
            if not taken:
                yield False
                return
            try:
                yield True
            finally:
                await _release(conn, key, name)


async def _release(conn: AsyncConnection, key: int, name: str) -> None:
    try:
        await conn.scalar(sa.select(sa.func.pg_advisory_unlock(key)))
    except Exception:  # the session ends with the connection: drop it so the lock goes too
        log.warning("could not release the lock of projection %s; dropping the connection", name)
        await conn.invalidate()
