"""`open_store(url)`: an event store on an existing (migrated) database, or in memory."""

from __future__ import annotations

from judging.store.base import EventStore
from judging.store.engines import backend_for, is_memory
from judging.store.memory import MemoryEventStore
from judging.store.sql import SqlEventStore


async def open_store(url: str, *, poll_interval: float = 1.0) -> EventStore:
    """Open the store at `url`: sqlite+aiosqlite, postgresql+asyncpg (no migration), or
    `memory://` (a new, empty log in this process).

    `poll_interval` is the fallback poll of subscribers (seconds) when no wake-up
    arrives, e.g. appends from another process on SQLite.
    """
    if is_memory(url):
        return await MemoryEventStore.open(poll_interval=poll_interval)
    backend = backend_for(url)
    return SqlEventStore(backend.create_engine(url), backend, poll_interval=poll_interval)
