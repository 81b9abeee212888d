"""Live meet boards: a meet's board pushed to its websocket clients when it changes.

A meet's board (`MeetService.board`) is made of its rounds' contests. A client's
follower subscribes to the hub's public standings of each of those contests and
uses their frames only as wake-ups: on one, and every `refresh` seconds in any case
(a contest defined after the meet, a meet redefined, a board the live projection
dropped), it takes the meet's board again and queues it as an update when it
changed. Boards are shared: one is taken per meet for each position the live
projection reaches (`document`), however many clients ask.

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
from judging.live.hub import BoardKey, Hub, encode
from judging.live.subscription import Frame, Subscription, SubscriptionClosed
from judging.projections.live_boards import LiveBoards
from judging.tasks import cancel_and_wait

REFRESH_SECONDS = 5.0
KEPT_BOARDS = 64  # meets whose latest board is kept for the next client


def contest_ids(document: dict[str, Any]) -> list[str]:
    return [r["contest_id"] for event in document["events"] for r in event["rounds"]]


def _content(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "position"}


class MeetFeed:
    def __init__(
        self,
        meets: MeetService,
        hub: Hub,
        boards: LiveBoards,
        *,
        queue_size: int = 8,
        max_overflows: int = 3,
        refresh: float = REFRESH_SECONDS,
    ) -> None:
        self._meets = meets
        self._hub = hub
        self._boards = boards
        self._queue_size = queue_size
        self._max_overflows = max_overflows
        self._refresh = refresh
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
        out = Subscription(self._queue_size, self._max_overflows, self._hub.stats, since)
        self._push(out, "snapshot", document)
        follower = asyncio.create_task(self._follow(meet_id, out, document))
        try:
            yield out
        finally:
            await cancel_and_wait([follower])

    def _push(self, out: Subscription, kind: str, document: dict[str, Any]) -> None:
        frame = encode(kind, document["position"], document)
        out.push(frame, lambda: self._resync(frame))

    @staticmethod
    def _resync(frame: Frame) -> Frame:
        return Frame("snapshot", frame.position, frame.body, frame.text)

    async def _follow(self, meet_id: str, out: Subscription, last: dict[str, Any]) -> None:
        while not out.closed:
            last = await self._follow_contests(meet_id, out, last)

    async def _follow_contests(
        self, meet_id: str, out: Subscription, last: dict[str, Any]
    ) -> dict[str, Any]:
        """Push changed boards while the meet's contests stay the same; the last board."""
        wake = asyncio.Event()
        contests = contest_ids(last)
        async with contextlib.AsyncExitStack() as stack:
            pumps = [
                asyncio.create_task(self._pump(subscription, wake))
                for subscription in [await self._watch(stack, cid) for cid in contests]
                if subscription is not None
            ]
            stack.push_async_callback(cancel_and_wait, pumps)
            while not out.closed and contest_ids(last) == contests:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self._refresh)
                wake.clear()
                document = await self.document(meet_id)
                if document is not None and _content(document) != _content(last):
                    self._push(out, "update", document)
                    last = document
        return last

    async def _watch(
        self, stack: contextlib.AsyncExitStack, contest_id: str
    ) -> Subscription | None:
        """The hub's public standings of a contest (None: not defined yet)."""
        if await self._boards.load(contest_id) is None:
            return None
        key = BoardKey(contest_id, "standings", "public")
        try:
            return await stack.enter_async_context(self._hub.subscribe(key))
        except LookupError:
            return None

    @staticmethod
    async def _pump(subscription: Subscription, wake: asyncio.Event) -> None:
        with contextlib.suppress(SubscriptionClosed):
            while True:
                await subscription.next()
                wake.set()
