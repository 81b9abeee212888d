"""`open_store(url)`: an event store on an existing (migrated) database."""

from __future__ import annotations

from judging.store.backend import backend_for
from judging.store.base import EventStore
from judging.store.sql import SqlEventStore


async def open_store(url: str, *, poll_interval: float = 1.0) -> EventStore:
    """Create the engine for `url` (sqlite+aiosqlite or postgresql+asyncpg); no migration.

    `poll_interval` is the fallback poll of subscribers (seconds) when no wake-up
    arrives, e.g. appends from another process on SQLite.
    """
    backend = backend_for(url)
    return SqlEventStore(backend.create_engine(url), backend, poll_interval=poll_interval)
