"""Persisted snapshots of each contest's fold: when to take them, where they are kept.

A snapshot is a contest's fold (`snapshot_codec`) after the event at `position`, the
contest stream's version `version`. Time travel and a live board that loads start
from the latest snapshot at or before where they need to be and fold only the
contest's events after it.

When (`due`): at stream versions that are multiples of a spacing, 1,024 events up to
16,384 events, then an eighth to a sixteenth of the stream (so a fold from the latest
snapshot never replays more than 1,024 events or an eighth of the contest, and the
snapshots of a contest add up to a few times its final state), and at the end and
the finalization. Every process that folds a contest takes the same snapshots, so
they are written once (the key is the contest, the schema and the position).

Where (`SnapshotTable`): the `contest_snapshots` table (migration 0003), next to the
other read models, through the store's projection tracking. Rows of another
`SCHEMA` are ignored: a snapshot is only ever read by the code that wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from judging.domain.events import ContestEnded, ContestFinalized, Event
from judging.domain.state import ContestState
from judging.projections.columns import identifier
from judging.projections.snapshot_codec import SCHEMA, encoded
from judging.store import StreamRow
from judging.store.tracking import ProjectionTracking

SPACING = 1024
FINISHING = (ContestEnded, ContestFinalized)
FINISHING_TYPES = frozenset(event.model_fields["type"].default for event in FINISHING)

metadata = sa.MetaData()
snapshots = sa.Table(
    "contest_snapshots",
    metadata,
    identifier("contest_id", primary_key=True),
    sa.Column("schema", sa.String(32), primary_key=True),
    sa.Column("position", sa.BigInteger, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    contest_id: str
    position: int  # of the contest's last event folded in
    version: int  # the contest stream's version there
    data: bytes  # `snapshot_codec.encode`


@dataclass(frozen=True, slots=True)
class PendingSnapshot:
    """A snapshot taken now and encoded later: the board's state copied (O(n) at C
    speed, 25-35 ms for 200,000 events) and its judge fold as JSON values, so the
    encoding (about twenty times as long) runs on a worker thread while the board
    goes on following the log (`LiveBoards`)."""

    contest_id: str
    position: int
    version: int
    state: ContestState  # a copy no fold changes
    judges: dict[str, Any]  # `JudgeConsistency.to_json()`

    def encoded(self) -> Snapshot:
        return Snapshot(
            self.contest_id, self.position, self.version, encoded(self.state, self.judges)
        )


def spacing(version: int) -> int:
    """Stream versions between two periodic snapshots around `version` (a power of 2)."""
    return max(SPACING, 1 << max(version.bit_length() - 4, 0))


def due(version: int, event: Event) -> bool:
    """Whether the fold after `event` (the stream's `version`-th) is snapshotted."""
    return _due(version, event.type)


def stored_due(row: StreamRow) -> bool:
    """`due` for a stored event of the contest's stream, by its type (not decoded)."""
    return _due(row.stream_version, row.type)


def _due(version: int, type_: str) -> bool:
    return version % spacing(version) == 0 or type_ in FINISHING_TYPES


class SnapshotTable:
    """The snapshots of the current `SCHEMA`, in the projections' database."""

    def __init__(self, tracking: ProjectionTracking, schema: str = SCHEMA) -> None:
        self._tracking = tracking
        self._schema = schema

    async def latest(self, contest_id: str, position: int) -> Snapshot | None:
        """The contest's latest snapshot at or before `position`, if any."""
        query = (
            sa.select(snapshots.c.position, snapshots.c.version, snapshots.c.data)
            .where(
                snapshots.c.contest_id == contest_id,
                snapshots.c.schema == self._schema,
                snapshots.c.position <= position,
            )
            .order_by(snapshots.c.position.desc())
            .limit(1)
        )
        async with self._tracking.read() as conn:
            row = (await conn.execute(query)).one_or_none()
        if row is None:
            return None
        return Snapshot(contest_id, row.position, row.version, row.data)

    async def save(self, snapshot: Snapshot) -> None:
        """Keep a snapshot; one already kept at the same position stays as it is."""
        values = {
            "contest_id": snapshot.contest_id,
            "schema": self._schema,
            "position": snapshot.position,
            "version": snapshot.version,
            "data": snapshot.data,
        }
        # A unit of work that moves no checkpoint: snapshots are keyed, not tracked.
        async with self._tracking.advance((), 0, 0) as conn:
            insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
            await conn.execute(insert(snapshots).values(values).on_conflict_do_nothing())
