"""`LiveBoards`: the live projection, one board per contest, loaded on first use.

It implements the runner's live protocol (`name`, `position`, `apply(event)`), and
starts at the log head (`LiveBoards.open`): a process does no work at start-up for
the history, and the runner tails the log only for what is new.

- **Lazy**: `await load(contest_id)` builds a contest's board from its latest
  snapshot and the events of its own stream after it, up to `position`, on a worker
  thread (a long contest's fold takes seconds; the event loop goes on meanwhile).
  While it loads, the contest's events the runner applies are kept aside and
  followed once the board is in, so none is missed and none applied twice. A board
  that is in follows every event of its stream the runner applies;
  `loaded(contest_id)` is the board if it is in (the hub's renders: no I/O), and
  `board_at(contest_id, N)` the board at log position N: the live board if the
  contest has not changed since N, else time travel.
- **Snapshots**: a board that follows an event after which a snapshot is due
  (`snapshots.due`) hands it over, copied; a background task encodes it on a worker
  thread and writes it (`open` starts it, `close` writes what is left). A snapshot
  that could not be written is logged and dropped: it is a cache, taken again by the
  next fold that passes there.
- **Bounded**: a finalized contest's board (nothing can change it any more) is
  dropped when unused for `idle_seconds`, and the least recently used finalized
  boards beyond `max_finished`; a running contest's board stays in (it follows
  the live log for its websocket clients).

Change notification, for the websocket hub: `on_change(callback)` registers
`callback(contest_id, position)`, called synchronously after each contest event
(so it sees the new board); it returns a function that unregisters it. Callbacks
must be quick and must not raise (an exception propagates to the runner, which
stops rather than skip an event). A board's `version` increases with every event
of its contest and `changed_since(position, view)` tells whether a view changed
after a position, so the hub can coalesce pushes and encode a document once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from judging.collector import paused_collector
from judging.domain.events import stream_id
from judging.projections.bulk_fold import built_board
from judging.projections.contest_board import ContestBoard
from judging.projections.snapshots import PendingSnapshot, Snapshot, SnapshotTable
from judging.projections.timetravel import board_at
from judging.store import EventStore, RecordedEvent

log = logging.getLogger(__name__)

ChangeCallback = Callable[[str, int], None]
STREAM_PREFIX = "contest-"
IDLE_SECONDS = 600.0
MAX_FINISHED = 64


def contest_of(stream: str) -> str | None:
    """The contest id of a contest stream, None for any other stream."""
    if stream.startswith(STREAM_PREFIX):
        return stream.removeprefix(STREAM_PREFIX)
    return None


class LiveBoards:
    """The contests' live read models, loaded on first use; a live projection."""

    name = "live-boards"

    def __init__(
        self,
        store: EventStore,
        *,
        position: int = 0,
        idle_seconds: float = IDLE_SECONDS,
        max_finished: int = MAX_FINISHED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.position = position
        self._store = store
        self._snapshots = SnapshotTable(store.tracking)
        self._idle_seconds = idle_seconds
        self._max_finished = max_finished
        self._clock = clock
        self._boards: dict[str, ContestBoard] = {}
        self._used: dict[str, float] = {}
        self._loads: dict[str, asyncio.Task[ContestBoard | None]] = {}
        self._aside: dict[str, list[RecordedEvent]] = {}  # applied while loading
        self._callbacks: list[ChangeCallback] = []
        self._unsaved: list[Snapshot | PendingSnapshot] = []
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._closing = False

    @classmethod
    async def open(
        cls,
        store: EventStore,
        *,
        idle_seconds: float = IDLE_SECONDS,
        max_finished: int = MAX_FINISHED,
    ) -> LiveBoards:
        """Boards at the log head, writing their snapshots until `close`."""
        head = await store.head()
        boards = cls(store, position=head, idle_seconds=idle_seconds, max_finished=max_finished)
        boards._writer = asyncio.create_task(boards._write(), name="live-boards:snapshots")
        return boards

    async def close(self) -> None:
        """Stop the snapshot writer once it has written every snapshot taken."""
        if self._writer is not None:
            self._closing = True
            self._wake.set()
            await self._writer
            self._writer = None

    def apply(self, event: RecordedEvent) -> None:
        contest_id = contest_of(event.stream_id)
        if contest_id is not None:
            board = self._boards.get(contest_id)
            if board is not None:
                self._keep(board.follow(event))
            elif contest_id in self._aside:
                self._aside[contest_id].append(event)
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
        """The contest's board if it is loaded (no I/O)."""
        board = self._boards.get(contest_id)
        if board is not None:
            self._used[contest_id] = self._clock()
        return board

    def loaded_ids(self) -> list[str]:
        return sorted(self._boards)

    async def load(self, contest_id: str) -> ContestBoard | None:
        """The contest's board, loaded if need be (None: the log has no such contest)."""
        self._evict()
        if contest_id not in self._boards:
            task = self._loads.get(contest_id)
            if task is None:
                self._aside[contest_id] = []
                task = self._loads[contest_id] = asyncio.create_task(self._load(contest_id))
            await asyncio.shield(task)
        return self.loaded(contest_id)

    async def board_at(self, contest_id: str, position: int) -> ContestBoard:
        """The contest's board at a log position: the live board when the contest has
        no event between `position` and where the live boards are, else time travel."""
        board = self._boards.get(contest_id)
        if board is not None and board.position <= position <= self.position:
            return board
        return await board_at(self._store, contest_id, position)

    async def _load(self, contest_id: str) -> ContestBoard | None:
        try:
            latest = await self._snapshots.latest(contest_id, self.position)
            after = 0 if latest is None else latest.version - 1  # its last: the head's hash
            stream = await self._store.read_stream_rows(stream_id(contest_id), after)
            rows = [row for row in stream if row.position <= self.position]
            # The fold runs on a worker thread, so the server goes on answering while
            # a long contest loads; the runner's events of this contest meanwhile are
            # kept aside, and followed below with no await in between.
            board, due = await asyncio.to_thread(built_board, latest, rows, freeze=True)
            self._keep(due)
            with paused_collector(freeze=True):
                for recorded in self._aside[contest_id]:
                    self._keep(board.follow(recorded))
            if board.standings.state is None:
                return None
            self._boards[contest_id] = board
            return board
        finally:
            del self._aside[contest_id], self._loads[contest_id]

    def _keep(self, snapshot: Snapshot | PendingSnapshot | None) -> None:
        if snapshot is not None and self._writer is not None:
            self._unsaved.append(snapshot)
            self._wake.set()

    async def _write(self) -> None:
        while not self._closing:
            await self._wake.wait()
            self._wake.clear()
            await self._save_unsaved()

    async def _save_unsaved(self) -> None:
        while self._unsaved:
            snapshot = self._unsaved.pop(0)
            try:
                if isinstance(snapshot, PendingSnapshot):  # encoded off the event loop
                    snapshot = await asyncio.to_thread(snapshot.encoded)
                await self._snapshots.save(snapshot)
            except Exception:
                log.exception(
                    "snapshot of %s at %s not kept", snapshot.contest_id, snapshot.position
                )

    def _evict(self) -> None:
        """Drop finalized boards unused for `idle_seconds`, and the least recently used
        finalized ones beyond `max_finished`."""
        now = self._clock()
        finished = sorted(
            (self._used.get(cid, now), cid)
            for cid, board in self._boards.items()
            if board.state.lifecycle.finalized is not None
        )
        beyond = len(finished) - self._max_finished
        for n, (used, cid) in enumerate(finished):
            if n < beyond or now - used > self._idle_seconds:
                del self._boards[cid]
                self._used.pop(cid, None)
