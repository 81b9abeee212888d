"""Folding a contest's stream into a board at once (callers pause the cyclic
collector around it: `judging.collector.paused_collector`).

`follow_all(board, stream)` folds a contest's stream into a board, each event
decoded just before it is applied (`judging.domain.event_codec.iter_events`: the
store's rows already parsed from JSON once each, the flat events built without
validating them again), as board loading and time travel do.
"""

from __future__ import annotations

from collections.abc import Sequence

from judging.domain.event_codec import iter_events
from judging.projections.contest_board import ContestBoard
from judging.projections.snapshots import Snapshot, stored_due
from judging.store import RecordedEvent


def follow_all(board: ContestBoard, stream: Sequence[RecordedEvent]) -> Snapshot | None:
    """`board.follow(recorded)` for each event of the contest's stream, in order, with
    the events decoded by `event_codec.iter_events`; the snapshot due last on the way.

    Only the last: each snapshot encodes the whole state so far, and taking every one
    due on a long stream cost several times the fold itself (a contest's snapshots add
    up to about twelve times its final state). A time travel to a point before it
    takes the one due last on its own way, so earlier ones are made when first asked
    for; a board that follows the log live takes each as it becomes due."""
    fresh = 0
    for recorded in stream:  # those already in: only their chain hash is taken
        if recorded.position > board.position:
            break
        board.standings.anchor(recorded.position, recorded.hash)
        fresh += 1
    rest = stream[fresh:]
    last = next((n for n in range(len(rest) - 1, -1, -1) if stored_due(rest[n])), None)
    snapshot = None
    events = iter_events((r.type, r.data, r.position) for r in rest)
    for n, (recorded, event) in enumerate(zip(rest, events, strict=True)):
        board.apply(event, recorded.position, recorded.hash)
        if n == last:
            snapshot = board.snapshot()
    return snapshot
