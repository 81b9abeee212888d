"""One hub client: a bounded queue of encoded frames, and the hub's counters.

`Subscription.push` never blocks: when the queue is full the client is stale, its
queue is cleared and a fresh snapshot of the latest board takes the place of what
it missed; after `max_overflows` overflows in a row (without ever catching up) it
is dropped, and `next()` raises `SubscriptionClosed`.

Positions on a connection never go back: a frame older than the last one queued is
not queued, and `next()` never hands out a frame older than the last one it handed
out (nor an update at the same position: it would say nothing new). A subscription
made with a `floor` (the client's `since`) gets nothing below it, and its first
frame is a snapshot.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Frame:
    """An encoded message: `snapshot` or `update`, its position, its bytes and text.

    Encoded once per board: every client of the board is handed the same object.
    """

    kind: str
    position: int
    body: bytes
    text: str


class SubscriptionClosed(Exception):
    """The client was dropped (too slow) or the hub stopped."""


@dataclass
class HubStats:
    """What the hub counts; read by the metrics collector at scrape time."""

    clients: Counter[str] = field(default_factory=Counter)
    encodes: int = 0
    sent: Counter[str] = field(default_factory=Counter)
    resent_snapshots: int = 0
    dropped_clients: int = 0
    unchanged_skips: int = 0  # board renders skipped: the document had not changed
    failed_renders: int = 0  # board renders or encodes that raised (logged, skipped)
    stuck_clients: int = 0  # clients closed because a send missed its deadline

    def connected(self, kind: str, delta: int) -> None:
        self.clients[kind] += delta

    def encoded(self) -> None:
        self.encodes += 1

    def message_sent(self, kind: str) -> None:
        self.sent[kind] += 1


class Subscription:
    def __init__(self, size: int, max_overflows: int, stats: HubStats, floor: int = 0) -> None:
        self._queue: asyncio.Queue[Frame | None] = asyncio.Queue(size)
        self._max_overflows = max_overflows
        self._stats = stats
        self.position = floor  # of the last frame queued (or the client's own, at first)
        self.sent: int | None = None  # of the last frame handed out; None before the first
        self.overflows = 0
        self.closed = False

    @property
    def started(self) -> bool:
        """Whether a frame was queued: until then only a snapshot may be."""
        return self.sent is not None or not self._queue.empty()

    def stale(self, frame: Frame) -> bool:
        """Older than what the client has (or will have), or an update saying nothing new."""
        if frame.position < self.position:
            return True
        return frame.kind == "update" and frame.position == self.position and self.started

    def push(self, frame: Frame, snapshot: Callable[[], Frame]) -> None:
        """Queue `frame`; on overflow, a fresh `snapshot()` instead (or drop the client).
        A stale frame is not queued."""
        if self.closed or self.stale(frame):
            return
        try:
            self._queue.put_nowait(frame)
        except asyncio.QueueFull:
            self._overflow(snapshot)
        else:
            self.position = frame.position

    def _overflow(self, snapshot: Callable[[], Frame]) -> None:
        self._clear()
        self.overflows += 1
        if self.overflows > self._max_overflows:
            self._stats.dropped_clients += 1
            self.close()
            return
        fresh = snapshot()
        if fresh.position < self.position:
            return  # nothing newer to resend: the next update catches the client up
        self._queue.put_nowait(fresh)
        self.position = fresh.position
        self._stats.resent_snapshots += 1

    def close(self) -> None:
        """End the subscription: `next()` raises once what is queued is cleared."""
        self.closed = True
        self._clear()
        self._queue.put_nowait(None)

    def pending(self) -> int:
        return self._queue.qsize()

    async def next(self) -> Frame:
        """The next frame to send, never older than the last one; `SubscriptionClosed`
        when dropped or stopped."""
        while True:
            frame = await self._queue.get()
            if frame is None:
                raise SubscriptionClosed
            if self._queue.empty():
                self.overflows = 0
            if self.sent is None or frame.position > self.sent:
                break
            if frame.kind == "snapshot" and frame.position == self.sent:
                break  # a resync at the same position
        self.sent = frame.position
        return frame

    def _clear(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()
