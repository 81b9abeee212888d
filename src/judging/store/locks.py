"""Who runs a persisted projection: one holder per projection name.

PostgreSQL: a session-level advisory lock, held on a dedicated AUTOCOMMIT
connection for as long as the process applies the projection; if the process dies,
its connection closes and a standby takes the lock on its next try. The lock lives
exactly as long as that session: when the connection ends (a database restart, a
terminated session) or stops answering a ping, the `Lease` is lost, and the holder
must stop (`Lease.guard`) and try for the lock again like any standby, since another
process may hold it by then. SQLite and the in-memory store serve one process: the
lock is process-local and never lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import weakref
from collections.abc import AsyncIterator, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from judging.store.errors import LockLost

log = logging.getLogger(__name__)

PING_SECONDS = 5.0  # a lock connection that does not answer within this is given up


class Lease:
    """Whether a caller holds a projection's lock: true while held and not lost."""

    def __init__(self, name: str, held: bool) -> None:
        self.name = name
        self.held = held
        self.lost = asyncio.Event()

    def __bool__(self) -> bool:
        return self.held and not self.lost.is_set()

    async def guard(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` while the lock is held; cancel it and raise `LockLost` if the
        lock is lost first. An error of `work` propagates."""
        task = asyncio.ensure_future(work)
        lost = asyncio.ensure_future(self.lost.wait())
        try:
            await asyncio.wait({task, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pending in (task, lost):
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending
        if task.done() and not task.cancelled():
            task.result()
            return
        raise LockLost(f"the lock of projection {self.name} was lost")


class ProjectionLocks(Protocol):
    def hold(self, name: str) -> AbstractAsyncContextManager[Lease]:
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
    async def hold(self, name: str) -> AsyncIterator[Lease]:
        if name in self._held:
            yield Lease(name, held=False)
            return
        self._held.add(name)
        try:
            yield Lease(name, held=True)
        finally:
            self._held.discard(name)


_LOCAL: weakref.WeakValueDictionary[str, LocalLocks] = weakref.WeakValueDictionary()


class AdvisoryLocks:
    """PostgreSQL session-level advisory locks, one connection per held name."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[Lease]:
        key = lock_key(name)
        async with self._engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            taken = await conn.scalar(sa.select(sa.func.pg_try_advisory_lock(key)))
            lease = Lease(name, held=bool(taken))
            if not lease:
                yield lease
                return
            watch = asyncio.create_task(_watch(conn, lease), name=f"lock:{name}")
            try:
                yield lease
            finally:
                watch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watch
                if lease.lost.is_set():
                    await _discard(conn)
                else:
                    await _release(conn, key, name)


async def _watch(conn: AsyncConnection, lease: Lease) -> None:
    """Mark `lease` lost when its session ends or stops answering."""
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection  # asyncpg ships no type information
    driver.add_termination_listener(lambda _conn: lease.lost.set())
    while not lease.lost.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(PING_SECONDS):
                await lease.lost.wait()
        if lease.lost.is_set():
            break
        try:
            async with asyncio.timeout(PING_SECONDS):
                await conn.scalar(sa.select(1))
        except Exception:
            lease.lost.set()
    log.warning("the lock of projection %s was lost with its database session", lease.name)


async def _discard(conn: AsyncConnection) -> None:
    with contextlib.suppress(Exception):
        await conn.invalidate()


async def _release(conn: AsyncConnection, key: int, name: str) -> None:
    try:
        await conn.scalar(sa.select(sa.func.pg_advisory_unlock(key)))
    except Exception:  # the session ends with the connection: drop it so the lock goes too
        log.warning("could not release the lock of projection %s; dropping the connection", name)
        await conn.invalidate()
