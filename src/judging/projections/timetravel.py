"""Time travel: any contest's read models as they were at any log position.

`board_at(store, contest_id, position)` starts from the contest's latest snapshot at
or before `position` (none: an empty board) and follows the events of the contest's
own stream after it, up to `position` (read no further: `read_stream_rows(up_to=)`),
each event decoded as it is folded (`bulk_fold.follow_all`): the same fold the live
boards run, so its documents are the ones the live board showed right after applying
that position.
Their `position` is the contest's last event at or before `position` (as on the live
board). A finished contest at or after its end answers from its final snapshot.
The snapshot due last on the way (`snapshots.due`) is kept: the next time travel
near there starts from it, and a code change (another `SCHEMA`) takes them again.

`GET .../standings?at=N` and `judging standings --at N` both answer from here.
"""

from __future__ import annotations

import asyncio

from judging.domain.events import stream_id
from judging.projections.bulk_fold import built_board
from judging.projections.contest_board import ContestBoard
from judging.projections.snapshots import SnapshotTable
from judging.store import EventStore


async def board_at(store: EventStore, contest_id: str, position: int) -> ContestBoard:
    """The contest's board after every event of its stream up to `position` (its
    state is None if the contest was not defined by then)."""
    snapshots = SnapshotTable(store.tracking)
    latest = await snapshots.latest(contest_id, position)
    after = 0 if latest is None else latest.version - 1  # its last: the head's hash
    stream = await store.read_stream_rows(stream_id(contest_id), after, up_to=position)
    # On a worker thread: a long stream takes seconds, the server goes on meanwhile.
    board, due = await asyncio.to_thread(built_board, latest, stream, freeze=False)
    if due is not None:
        await snapshots.save(await asyncio.to_thread(due.encoded))
    return board
