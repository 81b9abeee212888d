"""What the runner needs of a projection: two small protocols.

A **live** projection is an in-memory fold kept by every process: the runner calls
`apply(event)` once per event, in log order, for every event after `position`, and
`apply` must leave `position` at `event.position` (a fold of the log up to there).
Live projections start empty (`position == 0`) and are rebuilt from the log when the
process starts.

A **persisted** projection keeps rows in the database: the runner calls
`apply(conn, event)` inside a unit of work of the store's `ProjectionTracking`,
which also moves the projection's checkpoint; `reset(conn)` deletes every row (for
`judging rebuild`). Exactly one process applies a persisted projection at a time
(the tracking's lock: advisory on PostgreSQL).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncConnection

from judging.store import RecordedEvent


@runtime_checkable
class LiveProjection(Protocol):
    """An in-memory fold of the log; `position` is the last position applied."""

    name: str
    position: int

    def apply(self, event: RecordedEvent) -> None:
        """Fold one event in and set `position` to `event.position`."""


@runtime_checkable
class PersistedProjection(Protocol):
    """A read model kept as rows; the store's `ProjectionTracking` keeps its checkpoint."""

    name: str

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        """Write what `event` changes, on `conn` (the runner commits)."""

    async def reset(self, conn: AsyncConnection) -> None:
        """Delete every row of the projection (the runner clears the checkpoint)."""
