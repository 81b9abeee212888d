"""Fan-out of live boards to websocket clients: one listener, a bounded queue per client.

Boards are named by a `BoardKey` (contest, stream kind, view, group or subject) and
rendered by a `BoardSource` into `(position, document)`. The projection runner tells
the hub which contests changed (`notify`); every `tick` seconds the hub renders each
changed board that has subscribers **once**, encodes the message **once** (orjson
bytes) and hands the same bytes object to every client of that board.

A board whose document did not change apart from its position (a result hidden
from the public by the freeze, an incomplete blind panel, another view's change)
sends nothing: the source's `revision(key)` is a cheap fingerprint of the document
without its position, and an unchanged one skips the render and the fan-out.
Clients still end with the current board (an unchanged board *is* current), the
positions they see still increase, and a new client's snapshot is rendered now.

Each client has a bounded queue (`Subscription`). A client whose queue is full is
stale: its queue is cleared and it gets a fresh snapshot of the latest board instead
(so it always ends with the current board); after `max_overflows` overflows in a row
it is dropped. A slow client never slows the others. `subscribe()` is an
`async with` that always unregisters.

A board that fails to render or encode (`BoardFailed` names its position) is logged
and skipped: its clients keep the last good board, and no other board or contest
stops. A client whose socket does not take a frame within the send deadline is
closed (`LiveConnection`).

A connection never sees a position go back: the subscription drops any frame older
than what it queued or sent (a board rendered lower, say after a contest was loaded
again, is not sent), and `subscribe(key, since=P)` sends nothing below P: when the
board is not there yet, the client's first frame is a snapshot once it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from judging.live.subscription import Frame, HubStats, Subscription
from judging.tasks import cancel_and_wait

log = logging.getLogger(__name__)


class BoardFailed(Exception):
    """A board could not be rendered at `position` (raised by a `BoardSource`)."""

    def __init__(self, key: BoardKey, position: int) -> None:
        super().__init__(f"board {key} failed at position {position}")
        self.key = key
        self.position = position


@dataclass(frozen=True, slots=True)
class BoardKey:
    """One board: `kind` is standings, contestant or progress; `subject` a group or id."""

    contest_id: str
    kind: str
    view: str
    subject: str | None = None


class BoardSource(Protocol):
    def render(self, key: BoardKey) -> tuple[int, Any] | None:
        """The board's position and JSON document now, None if it does not exist."""

    def revision(self, key: BoardKey) -> Hashable | None:
        """A cheap fingerprint of the board's document apart from its position: the
        same revision means the same document. None when unknown (always send)."""


@dataclass(slots=True)
class _Board:
    position: int
    document: Any
    revision: Hashable | None = None
    update: Frame | None = None
    snapshot: Frame | None = None


def encode(kind: str, position: int, document: Any) -> Frame:
    body = orjson.dumps({"type": kind, "position": position, "data": document})
    return Frame(kind, position, body, body.decode())


class Hub:
    def __init__(
        self,
        source: BoardSource,
        *,
        tick: float = 0.05,
        queue_size: int = 8,
        max_overflows: int = 3,
        stats: HubStats | None = None,
    ) -> None:
        self._source = source
        self._tick = tick
        self._queue_size = queue_size
        self._max_overflows = max_overflows
        self.stats = stats or HubStats()
        self._subscribers: defaultdict[BoardKey, set[Subscription]] = defaultdict(set)
        self._boards: dict[BoardKey, _Board] = {}
        self._dirty: set[str] = set()
        self._task: asyncio.Task[None] | None = None

    def notify(self, contest_id: str) -> None:
        """A contest changed: its boards are re-rendered at the next tick (coalesced)."""
        self._dirty.add(contest_id)

    def flush(self) -> None:
        """Render, encode and fan out every changed board that has subscribers; a board
        that fails is logged with its position and skipped, never stopping the others."""
        dirty, self._dirty = self._dirty, set()
        for key in [k for k in self._subscribers if k.contest_id in dirty]:
            try:
                self._flush_board(key)
            except Exception as error:
                self.stats.failed_renders += 1
                log.exception(
                    "board %s failed at position %s; its clients keep the last good board",
                    key,
                    getattr(error, "position", None) or self._last_position(key),
                )

    def _flush_board(self, key: BoardKey) -> None:
        if self._unchanged(key):
            self.stats.unchanged_skips += 1
            return
        board = self._render(key)
        if board is not None:
            self._fan_out(key, board)

    def _last_position(self, key: BoardKey) -> int | None:
        board = self._boards.get(key)
        return board.position if board is not None else None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="hub")

    async def stop(self) -> None:
        await cancel_and_wait([self._task])
        self._task = None
        for subscribers in self._subscribers.values():
            for subscription in subscribers:
                subscription.close()

    @contextlib.asynccontextmanager
    async def subscribe(self, key: BoardKey, since: int = 0) -> AsyncIterator[Subscription]:
        """A client of `key`, its snapshot queued first (none below `since`: then the
        first board at `since` or later is its snapshot); LookupError for no such board."""
        subscription = Subscription(self._queue_size, self._max_overflows, self.stats, since)
        self._subscribers[key].add(subscription)
        self.stats.connected(key.kind, +1)
        try:
            board = self._render(key)
            if board is None:
                raise LookupError(f"no board {key}")
            subscription.push(self._snapshot(board), lambda: self._snapshot(board))
            yield subscription
        finally:
            self.stats.connected(key.kind, -1)
            self._unsubscribe(key, subscription)

    def subscribers(self, key: BoardKey) -> int:
        return len(self._subscribers.get(key, ()))

    def _unsubscribe(self, key: BoardKey, subscription: Subscription) -> None:
        subscribers = self._subscribers.get(key)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[key]
                self._boards.pop(key, None)

    def _unchanged(self, key: BoardKey) -> bool:
        """Whether the board's document is the one last rendered (by its revision)."""
        board = self._boards.get(key)
        if board is None or board.revision is None:
            return False
        return self._source.revision(key) == board.revision

    def _render(self, key: BoardKey) -> _Board | None:
        """The board now; the cached one (and its encoded bytes) if its position is the same."""
        revision = self._source.revision(key)
        rendered = self._source.render(key)
        if rendered is None:
            return None
        board = self._boards.get(key)
        if board is None or board.position != rendered[0]:
            board = self._boards[key] = _Board(*rendered, revision=revision)
        return board

    def _fan_out(self, key: BoardKey, board: _Board) -> None:
        for subscription in list(self._subscribers[key]):
            if board.position < subscription.position:
                continue
            frame = self._update(board) if subscription.started else self._snapshot(board)
            subscription.push(frame, lambda: self._snapshot(board))

    def _update(self, board: _Board) -> Frame:
        if board.update is None:
            board.update = encode("update", board.position, board.document)
            self.stats.encoded()
        return board.update

    def _snapshot(self, board: _Board) -> Frame:
        if board.snapshot is None:
            board.snapshot = encode("snapshot", board.position, board.document)
            self.stats.encoded()
        return board.snapshot

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._tick)
            try:
                self.flush()
            except Exception:
                log.exception("the hub could not fan out a change")
