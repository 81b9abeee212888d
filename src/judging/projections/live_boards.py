"""`LiveBoards`: the live projection holding every contest's read models in memory.

It implements the runner's live protocol (`name`, `position`, `apply(event)`):
events of `contest-<id>` streams go to that contest's `ContestBoard`; events of
other streams only move `position`. Queries go through `board(contest_id)` (or the
shortcuts below) and never touch the store.

Change notification, for the websocket hub:

- `on_change(callback)` registers `callback(contest_id, position)`, called
  synchronously after each contest event is applied (so it sees the new board);
  it returns a function that unregisters it. Callbacks must be quick and must not
  raise (e.g. set an `asyncio.Event` or put the contest id in a set to coalesce);
  an exception propagates to the runner, which stops rather than skip an event.
- `board(cid).version` increases with every event of the contest and
  `board(cid).changed_since(position, view)` tells whether a view's board changed
  after a position (a hidden, frozen result leaves the public board unchanged), so
  the hub can coalesce pushes (latest wins) and encode a document once per version.
"""

from __future__ import annotations

from collections.abc import Callable

from judging.projections.contest_board import ContestBoard
from judging.store import RecordedEvent

ChangeCallback = Callable[[str, int], None]
STREAM_PREFIX = "contest-"


def contest_of(stream_id: str) -> str | None:
    """The contest id of a contest stream, None for any other stream."""
    if stream_id.startswith(STREAM_PREFIX):
        return stream_id.removeprefix(STREAM_PREFIX)
    return None


class LiveBoards:
    """Every contest's live read models; a live projection for the runner."""

    name = "live-boards"

    def __init__(self) -> None:
        self.position = 0
        self.boards: dict[str, ContestBoard] = {}
        self._callbacks: list[ChangeCallback] = []

    def apply(self, event: RecordedEvent) -> None:
        contest_id = contest_of(event.stream_id)
        if contest_id is not None:
            board = self.boards.get(contest_id)
            if board is None:
                board = self.boards[contest_id] = ContestBoard()
            board.follow(event)
        self.position = event.position
        if contest_id is not None:
            for callback in list(self._callbacks):
                callback(contest_id, event.position)

    def on_change(self, callback: ChangeCallback) -> Callable[[], None]:
        """Call `callback(contest_id, position)` after each contest event; returns
        the function that stops it."""
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    def loaded(self, contest_id: str) -> ContestBoard | None:
        """The read models of a contest, None if the log has none of its events."""
        return self.boards.get(contest_id)
