"""Who runs a persisted projection: a PostgreSQL session-level advisory lock per name.

The lock is held on a dedicated AUTOCOMMIT connection for as long as the process
applies the projection; if the process dies, its connection closes and a standby
takes the lock on its next try. SQLite serves one process: no lock is needed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a projection name (Python's hash() is salted)."""
    digest = hashlib.sha256(f"projection:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@asynccontextmanager
async def projection_lock(engine: AsyncEngine, name: str) -> AsyncIterator[bool]:
    """Yield whether this process now runs `name`; release the lock on exit."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = lock_key(name)
    async with engine.connect() as conn:
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
