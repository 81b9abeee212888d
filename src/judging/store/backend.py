"""What differs between SQLite and PostgreSQL, behind one small base class."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from judging.store.event_log import EventLog
from judging.store.locks import LocalLocks, ProjectionLocks


class Listener(Protocol):
    """A running cross-process wake-up source; stopped when the store closes."""

    async def stop(self) -> None: ...


class Backend(ABC):
    """What differs per database; the defaults: no cross-process wake-up (subscribers
    poll), process-local projection locks."""

    name = "generic"
    # Whether the database lets one transaction write at a time (SQLite): this
    # process's units of work then take turns in line for it (`SqlTracking`) rather
    # than each polling for the database's lock.
    one_writer = False

    @abstractmethod
    def create_engine(self, url: str) -> AsyncEngine:
        """The SQLAlchemy async engine for the URL, with this database's settings."""

    def writer(self, engine: AsyncEngine) -> AsyncEngine:
        """The engine whose transactions may write to the log (serialized writers)."""
        return engine

    def prepare(self, url: str) -> None:
        """Before migrating: e.g. create the database file's directory (default: none)."""
        return None

    async def lock_for_migration(self, conn: AsyncConnection) -> None:
        """Serialize concurrent migrations of the same database (default: no lock)."""
        return None

    @abstractmethod
    def event_log(self, engine: AsyncEngine) -> EventLog:
        """The log's statements on this database's driver."""

    async def listen(self, engine: AsyncEngine, on_head: Callable[[int], None]) -> Listener | None:
        """Start a cross-process wake-up source calling `on_head(position)`, if any."""
        return None

    def projection_locks(self, engine: AsyncEngine) -> ProjectionLocks:
        """One holder per persisted projection: process-local unless the database shares."""
        return LocalLocks.of_database(engine.url.render_as_string(hide_password=True))
