"""Projection tracking: the port through which persisted projections keep their rows.

A persisted projection never sees the engine. It gets a connection inside a unit of
work that also moves its checkpoint, guarded by the position the unit started from
(STYLE.md rule 4): the rows and the checkpoint commit together or not at all, and a
unit started from a stale checkpoint fails with `CheckpointConflict`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from judging.store.locks import Lease


class ProjectionTracking(Protocol):
    """Checkpoints, one holder per projection, and transactions that move checkpoints."""

    async def checkpoint(self, name: str) -> int:
        """The last position `name` applied (0: nothing yet)."""
        ...

    def lock(self, name: str) -> AbstractAsyncContextManager[Lease]:
        """Yield whether this process now runs `name` (never waits), as a `Lease` that
        is lost if the lock goes with its database session; release on exit."""
        ...

    def advance(
        self, names: Sequence[str], expected: int, position: int
    ) -> AbstractAsyncContextManager[AsyncConnection]:
        """A transaction for the rows of `names`; on a clean exit their checkpoints move
        from `expected` to `position` in it and it commits, else it rolls back."""
        ...

    def reset(self, names: Sequence[str]) -> AbstractAsyncContextManager[AsyncConnection]:
        """A transaction to delete the rows of `names`; their checkpoints are cleared in it."""
        ...

    def read(self) -> AbstractAsyncContextManager[AsyncConnection]:
        """A connection for reading the projections' tables."""
        ...
