"""Live meet boards: a meet's board pushed to its websocket clients when it changes.

A meet's board (`MeetService.board`) is made of its rounds' contests. The live
boards call `changed(contest_id, position)` after every contest event they apply
(one callback per process, `LiveBoards.on_change`); it wakes the followers of the
meets that contest is in. A woken follower (and every `refresh` seconds in any case:
a meet redefined, another process's change not seen yet) takes the meet's board
again and queues it as an update when it changed, at most once per `tick`. Boards
are shared: one is taken per meet for each position the live projection reaches
(`document`), however many clients ask.

Frames are those of the hub (`{"type": "snapshot"|"update", "position", "data"}`)
on a hub `Subscription`, so a connection never sees a position go back; a board's
position is the latest of the meet's own position and the live projection's.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator
from typing import Any

from judging.application.meets import MeetService
from judging.live.hub import encode
from judging.live.subscription import Frame, HubStats, Subscription
from judging.projections.live_boards import LiveBoards
from judging.tasks import cancel_and_wait

REFRESH_SECONDS = 5.0  # a board is taken again at least this often while followed
TICK_SECONDS = 0.5  # at most one board per follower per tick: a busy round is read twice a second
KEPT_BOARDS = 64  # meets whose latest board is kept for the next client


def contest_ids(document: dict[str, Any]) -> list[str]:
    return [r["contest_id"] for event in document["events"] for r in event["rounds"]]


def _content(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "position"}


class MeetFeed:
    def __init__(
        self,
        meets: MeetService,
        boards: LiveBoards,
        stats: HubStats,
        *,
        queue_size: int = 8,
        max_overflows: int = 3,
        refresh: float = REFRESH_SECONDS,
        tick: float = TICK_SECONDS,
    ) -> None:
        self._meets = meets
        self._stats = stats
        self._boards = boards
        self._queue_size = queue_size
        self._max_overflows = max_overflows
        self._refresh = refresh
        self._tick = tick
        self._waiting: defaultdict[str, set[asyncio.Event]] = defaultdict(set)
        self._kept: OrderedDict[str, tuple[int, dict[str, Any]]] = OrderedDict()
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def document(self, meet_id: str) -> dict[str, Any] | None:
        """The meet's board, taken at most once per live projection position."""
        wanted = self._boards.position
        async with self._locks[meet_id]:
            kept = self._kept.get(meet_id)
            if kept is not None and kept[0] >= wanted:
                return kept[1]
            stamp = self._boards.position
            document = await self._meets.board(meet_id)
            if document is None:
                self._locks.pop(meet_id, None)  # no lock kept for every id asked for
                return None
            document["position"] = max(document["position"], stamp)
            self._kept[meet_id] = (stamp, document)
            self._kept.move_to_end(meet_id)
            while len(self._kept) > KEPT_BOARDS:
                self._kept.popitem(last=False)
            return document

    @contextlib.asynccontextmanager
    async def subscribe(self, meet_id: str, since: int = 0) -> AsyncIterator[Subscription]:
        """A client of the meet's board, its snapshot first; LookupError: no such meet."""
        document = await self.document(meet_id)
        if document is None:
            raise LookupError(f"no meet {meet_id!r}")
        out = Subscription(self._queue_size, self._max_overflows, self._stats, since)
        self._push(out, document)
        wake = asyncio.Event()
        watched = self._watch(wake, [], contest_ids(document))
        wake.set()  # a change before the follower watched: taken again (cheap if none)
        follower = asyncio.create_task(self._follow(meet_id, out, document, wake, watched))
        try:
            yield out
        finally:
            await cancel_and_wait([follower])

    def _push(self, out: Subscription, document: dict[str, Any]) -> None:
        """Queue a board: a snapshot until the client has one (below its `since`, the
        first board is not its snapshot), then updates."""
        kind = "update" if out.started else "snapshot"
        frame = encode(kind, document["position"], document)
        out.push(frame, lambda: self._resync(frame))

    @staticmethod
    def _resync(frame: Frame) -> Frame:
        return Frame("snapshot", frame.position, frame.body, frame.text)

    def changed(self, contest_id: str, _position: int) -> None:
        """The live boards' change callback: wake the followers of meets of `contest_id`."""
        for wake in self._waiting.get(contest_id, ()):
            wake.set()

    async def _follow(
        self,
        meet_id: str,
        out: Subscription,
        last: dict[str, Any],
        wake: asyncio.Event,
        watched: list[str],
    ) -> None:
        try:
            while not out.closed:
                watched = self._watch(wake, watched, contest_ids(last))
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._refresh):  # not wait_for: on 3.11 it
                        await wake.wait()  # can swallow a cancel that meets a wake-up
                wake.clear()
                document = await self.document(meet_id)
                if document is not None and _content(document) != _content(last):
                    self._push(out, document)
                    last = document
                await asyncio.sleep(self._tick)  # changes meanwhile come in one board
        finally:
            self._watch(wake, watched, [])

    def _watch(self, wake: asyncio.Event, before: list[str], now: list[str]) -> list[str]:
        """Move a follower's wake-up from the contests it watched to `now`'s."""
        if before == now:
            return now
        for contest_id in before:
            waiting = self._waiting.get(contest_id)
            if waiting is not None:
                waiting.discard(wake)
                if not waiting:
                    del self._waiting[contest_id]
        for contest_id in now:
            self._waiting[contest_id].add(wake)
        return now
