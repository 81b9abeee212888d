"""`ProjectionTracking` on a SQLAlchemy engine: the store's database, or a private one.

The projections' tables live next to the log (migrated with it). The in-memory store
keeps them in a private in-memory SQLite database: one connection, so every unit of
work and read takes turns on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from judging.store import checkpoints
from judging.store.backend import Backend
from judging.store.locks import Lease, LocalLocks, ProjectionLocks
from judging.store.migration import upgrade
from judging.store.sqlite import SqliteBackend


class SqlTracking:
    """Checkpoints in `projection_checkpoints`, locks from the backend."""

    def __init__(
        self,
        engine: AsyncEngine,
        backend: Backend,
        *,
        locks: ProjectionLocks | None = None,
        one_connection: bool = False,
    ):
        self._engine = engine
        self._writer = backend.writer(engine)
        self._locks = locks if locks is not None else backend.projection_locks(engine)
        self._turns: AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if one_connection else nullcontext()
        )
        # Units of work that write take turns in line on a one-writer database: polling
        # for SQLite's lock, a waiting projection slept up to 100 ms past its release, and
        # the projections catching up on a long log drifted tens of thousands of events
        # apart (too far to share the pages they read, `store.notify.VerifiedPages`).
        self._write_turns: AbstractAsyncContextManager[Any] = (
            self._turns if one_connection or not backend.one_writer else asyncio.Lock()
        )

    @classmethod
    async def in_memory(cls) -> SqlTracking:
        """On a private, migrated in-memory SQLite database (`dispose` it when done)."""
        backend = SqliteBackend()
        engine = backend.create_memory_engine()
        async with backend.writer(engine).begin() as conn:
            await conn.run_sync(upgrade)
        return cls(engine, backend, locks=LocalLocks(), one_connection=True)

    async def checkpoint(self, name: str) -> int:
        async with self.read() as conn:
            return await checkpoints.load(conn, name)

    def lock(self, name: str) -> AbstractAsyncContextManager[Lease]:
        return self._locks.hold(name)

    @asynccontextmanager
    async def advance(
        self, names: Sequence[str], expected: int, position: int
    ) -> AsyncIterator[AsyncConnection]:
        async with self._write_turns, self._writer.begin() as conn:
            yield conn
            for name in names:
                await checkpoints.save(conn, name, expected, position)

    @asynccontextmanager
    async def reset(self, names: Sequence[str]) -> AsyncIterator[AsyncConnection]:
        async with self._write_turns, self._writer.begin() as conn:
            yield conn
            for name in names:
                await checkpoints.clear(conn, name)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self._turns, self._engine.connect() as conn:
            yield conn

    async def dispose(self) -> None:
        await self._engine.dispose()
