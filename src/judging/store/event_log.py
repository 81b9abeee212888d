"""The log's SQL, per database, behind one small protocol (raw driver, no ORM rows).

`SqlEventStore` plans groups; an `EventLog` runs the statements on the driver's own
connections (`sqlite_log`, `postgres_log`) and builds `RecordedEvent`s straight from
the driver's tuples.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, Protocol, cast

from judging.collector import paused_collector
from judging.store.events import RecordedEvent, StreamRow
from judging.store.planning import GroupPlan
from judging.store.schema import StoredRow

COLUMNS = (
    "position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, "
    "prev_hash, hash"
)
STREAM_ROW_COLUMNS = "position, stream_version, type, data, metadata, hash"  # `StreamRow`'s
IN_CHUNK = 500  # event ids or stream ids per lookup statement


class Planner(Protocol):
    """Plans a group from the head, the stored events with its ids, and stream versions."""

    def __call__(
        self,
        head: tuple[int, str],
        stored: dict[uuid.UUID, StoredRow],
        versions: dict[str, int],
    ) -> GroupPlan: ...


class EventLog(Protocol):
    async def append_at(self, plan: GroupPlan, expected_head: int) -> bool:
        """Write the plan's rows and move the head to the plan's, in one transaction, if
        the head is still at `expected_head` and no event id is stored yet; else write
        nothing and return False."""
        ...

    async def append_locked(
        self, ids: Sequence[uuid.UUID], stream_ids: Sequence[str], planner: Planner
    ) -> tuple[tuple[int, str], GroupPlan]:
        """Lock the head, read what `planner` needs (the stored events with `ids`, the
        versions of `stream_ids`, 0 for new streams), write its plan; (head, plan)."""
        ...

    async def read_all(self, after: int, limit: int) -> list[RecordedEvent]:
        """Events after `after` up to the log head (a row beyond it is never served)."""
        ...

    async def read_stream(
        self, stream_id: str, after_version: int, up_to: int | None = None
    ) -> list[RecordedEvent]:
        """The stream's events after `after_version`, up to the log head (and to the
        position `up_to` when given)."""
        ...

    async def read_stream_rows(
        self, stream_id: str, after_version: int, up_to: int | None = None
    ) -> list[StreamRow]:
        """`read_stream` as `StreamRow`s."""
        ...

    async def stored_after(
        self, after: int, limit: int, *, beyond_head: bool = False
    ) -> list[StoredRow]:
        """Rows as stored (data and metadata as their text), to verify them: those the
        log head covers, or with `beyond_head` every stored row."""
        ...

    async def head(self) -> tuple[int, str]: ...

    async def close(self) -> None:
        """Give back the writer's connection (before the engine is disposed)."""
        ...


def stream_rows(rows: Iterable[Iterable[Any]]) -> list[StreamRow]:
    """The driver's rows of `STREAM_ROW_COLUMNS` as `StreamRow`s, made with the cyclic
    collector paused (a long stream's rows are hundreds of thousands of tuples)."""
    with paused_collector():
        return list(map(_stream_row, rows))


# `StreamRow(*row)` without the Python frame of a named tuple's `__new__`.
_stream_row = cast(Callable[[Iterable[Any]], StreamRow], partial(tuple.__new__, StreamRow))
