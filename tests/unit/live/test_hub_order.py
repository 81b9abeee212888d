"""A connection never sees a position go back: not after a board rendered lower, not
after an overflow, not below the client's `since`, whatever the order of events."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.live.hub import BoardKey, Hub, encode
from judging.live.subscription import Frame, HubStats, Subscription

KEY = BoardKey("c", "standings", "public")


class MovableSource:
    """A board at whatever position the test sets, up or down (a contest reloaded,
    a process behind another); its revision is its position, so every move renders."""

    def __init__(self, position: int = 1) -> None:
        self.position = position

    def render(self, key: BoardKey) -> tuple[int, Any] | None:
        return self.position, {"p": self.position}

    def revision(self, key: BoardKey) -> Hashable | None:
        return self.position


def frame(kind: str, position: int) -> Frame:
    return encode(kind, position, {})


async def drain(sub: Subscription) -> list[Frame]:
    return [await sub.next() for _ in range(sub.pending())]


def move(hub: Hub, source: MovableSource, position: int) -> None:
    source.position = position
    hub.notify("c")
    hub.flush()


async def test_a_board_rendered_lower_is_not_sent() -> None:
    source = MovableSource(10)
    hub = Hub(source)
    async with hub.subscribe(KEY) as sub:
        assert (await sub.next()).position == 10
        move(hub, source, 7)
        assert sub.pending() == 0
        move(hub, source, 12)
        [update] = await drain(sub)
    assert (update.kind, update.position) == ("update", 12)


async def test_below_since_nothing_is_sent_then_the_first_frame_is_a_snapshot() -> None:
    source = MovableSource(5)
    hub = Hub(source)
    async with hub.subscribe(KEY, since=8) as sub:
        assert sub.pending() == 0
        move(hub, source, 7)
        assert sub.pending() == 0
        move(hub, source, 9)
        first = await sub.next()
        move(hub, source, 11)
        second = await sub.next()
    assert [(first.kind, first.position), (second.kind, second.position)] == [
        ("snapshot", 9),
        ("update", 11),
    ]


async def test_at_since_the_snapshot_is_sent_at_once() -> None:
    hub = Hub(MovableSource(8))
    async with hub.subscribe(KEY, since=8) as sub:
        first = await sub.next()
    assert (first.kind, first.position) == ("snapshot", 8)


async def test_frames_pushed_out_of_order_come_out_in_order() -> None:
    sub = Subscription(8, 3, HubStats())
    fallback = frame("snapshot", 1)
    for kind, position in [("snapshot", 5), ("update", 3), ("update", 5), ("update", 6)]:
        sub.push(frame(kind, position), lambda: fallback)
    assert [(f.kind, f.position) for f in await drain(sub)] == [("snapshot", 5), ("update", 6)]


async def test_an_overflow_never_resends_an_older_board() -> None:
    sub = Subscription(1, 3, HubStats())
    sub.push(frame("snapshot", 5), lambda: frame("snapshot", 5))
    assert (await sub.next()).position == 5
    sub.push(frame("update", 9), lambda: frame("snapshot", 9))
    sub.push(frame("update", 10), lambda: frame("snapshot", 4))  # full: the fresh one is older
    assert sub.pending() == 0
    sub.push(frame("update", 11), lambda: frame("snapshot", 11))
    assert [f.position for f in await drain(sub)] == [11]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["move", "read", "join"]), st.integers(1, 40)),
        min_size=1,
        max_size=60,
    )
)
def test_every_connection_sees_positions_that_never_go_back(steps: list[tuple[str, int]]) -> None:
    asyncio.run(_positions_never_go_back(steps))


async def _positions_never_go_back(steps: list[tuple[str, int]]) -> None:
    source = MovableSource(20)
    hub = Hub(source, queue_size=2, max_overflows=1000)
    seen: list[list[Frame]] = []
    subs: list[Subscription] = []
    async with hub.subscribe(KEY) as first:
        subs.append(first)
        seen.append([])
        for action, value in steps:
            if action == "move":
                move(hub, source, value)
            elif action == "join" and len(subs) < 4:
                async with hub.subscribe(KEY, since=value) as late:
                    subs.append(late)
                    seen.append([])
                    move(hub, source, source.position)
                    seen[-1].extend(await drain(late))
            for sub, frames in zip(subs, seen, strict=True):
                if action == "read" or sub is subs[0]:
                    frames.extend(await drain(sub))
    for frames in seen:
        positions = [f.position for f in frames]
        assert positions == sorted(positions)
        assert all(f.kind == "snapshot" for f in frames[:1])
        updates = [f.position for f in frames if f.kind == "update"]
        assert len(updates) == len(set(updates))
