"""Time travel: any contest's standings as they were at any log position.

`board_at(store, contest_id, position)` folds the events of the contest's own
stream up to `position` into a fresh `ContestBoard` (the fold the live boards run);
`standings_at` returns its document, which is therefore the document the live board
showed right after applying that position. Its `position` is the contest's last
event at or before `position` (as on the live board, whose position is its
contest's last event). `GET .../standings?at=N` and `judging standings --at N` both
answer from here.
"""

from __future__ import annotations

from judging.domain.events import stream_id
from judging.domain.facts import View
from judging.domain.groups import Grouping
from judging.projections.contest_board import ContestBoard
from judging.projections.standings_doc import AnyStandings
from judging.store import EventStore


async def board_at(store: EventStore, contest_id: str, position: int) -> ContestBoard:
    """The contest's read models after every event of its stream up to `position`."""
    board = ContestBoard()
    for recorded in await store.read_stream(stream_id(contest_id)):
        if recorded.position > position:
            break
        board.follow(recorded)
    return board


async def standings_at(
    store: EventStore,
    contest_id: str,
    position: int,
    view: View,
    grouping: Grouping | None = None,
) -> AnyStandings:
    """The §5 standings document at a log position (LookupError: not defined by then)."""
    board = await board_at(store, contest_id, position)
    return board.document(view, grouping)
