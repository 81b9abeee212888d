"""The hub: coalescing, encode once, unchanged boards not sent, bounded queues with a
fresh snapshot, unsubscribe."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Any

import orjson
import pytest

from judging.live.hub import BoardKey, Hub
from judging.live.subscription import SubscriptionClosed

KEY = BoardKey("c", "standings", "public")
OTHER = BoardKey("c", "standings", "live")


class FakeSource:
    """Boards whose document is the number of visible changes so far; counts renders.

    A hidden change moves the log position only (like a result the view may not see).
    """

    def __init__(self) -> None:
        self.position = 1
        self.visible = 1
        self.renders = 0

    def change(self) -> None:
        self.position += 1
        self.visible = self.position

    def hidden_change(self) -> None:
        self.position += 1

    def render(self, key: BoardKey) -> tuple[int, Any] | None:
        if key.contest_id != "c":
            return None
        self.renders += 1
        return self.position, {"view": key.view, "position": self.position, "v": self.visible}

    def revision(self, key: BoardKey) -> Hashable | None:
        return self.visible if key.contest_id == "c" else None


async def test_snapshot_first_then_updates() -> None:
    source = FakeSource()
    hub = Hub(source)
    async with hub.subscribe(KEY) as sub:
        first = await sub.next()
        source.change()
        hub.notify("c")
        hub.flush()
        second = await sub.next()
    assert (first.kind, first.position) == ("snapshot", 1)
    assert (second.kind, second.position) == ("update", 2)
    assert orjson.loads(second.body) == {
        "type": "update",
        "position": 2,
        "data": {"view": "public", "position": 2, "v": 2},
    }


async def test_many_changes_coalesce_into_one_encode_per_board() -> None:
    source = FakeSource()
    hub = Hub(source)
    async with hub.subscribe(KEY) as a, hub.subscribe(OTHER) as b:
        await a.next(), await b.next()
        renders, encodes = source.renders, hub.stats.encodes
        for _ in range(50):
            source.change()
            hub.notify("c")
        hub.flush()
        assert source.renders - renders == 2  # once per board
        assert hub.stats.encodes - encodes == 2
        assert [(await a.next()).position, (await b.next()).position] == [51, 51]
        assert a.pending() == b.pending() == 0


async def test_every_client_of_a_board_gets_the_same_bytes() -> None:
    source = FakeSource()
    hub = Hub(source)
    async with hub.subscribe(KEY) as a, hub.subscribe(KEY) as b:
        snapshots = await a.next(), await b.next()
        source.change()
        hub.notify("c")
        hub.flush()
        updates = await a.next(), await b.next()
    assert snapshots[0].body is snapshots[1].body
    assert updates[0].body is updates[1].body
    assert updates[0].text is updates[1].text


async def test_unchanged_contests_are_not_rendered() -> None:
    source = FakeSource()
    hub = Hub(source)
    async with hub.subscribe(KEY) as sub:
        await sub.next()
        renders = source.renders
        hub.notify("other")
        hub.flush()
        assert source.renders == renders
        assert sub.pending() == 0


async def test_an_unchanged_board_sends_nothing_and_a_changed_one_an_update() -> None:
    source = FakeSource()
    hub = Hub(source)
    async with hub.subscribe(KEY) as sub:
        await sub.next()
        renders, encodes = source.renders, hub.stats.encodes
        source.hidden_change()
        hub.notify("c")
        hub.flush()
        assert sub.pending() == 0
        assert (source.renders, hub.stats.encodes) == (renders, encodes)
        assert hub.stats.unchanged_skips == 1
        source.hidden_change()
        source.change()
        hub.notify("c")
        hub.flush()
        update = await sub.next()
    assert (update.kind, update.position) == ("update", 4)
    assert orjson.loads(update.body)["data"]["v"] == 4


async def test_after_a_skipped_change_a_new_client_gets_the_current_position() -> None:
    source = FakeSource()
    hub = Hub(source)
    async with hub.subscribe(KEY) as old:
        await old.next()
        source.hidden_change()
        hub.notify("c")
        hub.flush()
        async with hub.subscribe(KEY) as new:
            snapshot = await new.next()
            source.change()
            hub.notify("c")
            hub.flush()
            updates = await old.next(), await new.next()
    assert snapshot.position == 2
    assert [u.position for u in updates] == [3, 3]
    assert updates[0].body is updates[1].body


async def test_a_source_without_a_revision_always_sends() -> None:
    source = FakeSource()
    source.revision = lambda key: None  # type: ignore[method-assign]
    hub = Hub(source)
    async with hub.subscribe(KEY) as sub:
        await sub.next()
        source.hidden_change()
        hub.notify("c")
        hub.flush()
        update = await sub.next()
    assert (update.kind, update.position) == ("update", 2)


async def test_a_slow_client_gets_a_fresh_snapshot_and_a_fast_one_every_update() -> None:
    source = FakeSource()
    hub = Hub(source, queue_size=2)
    async with hub.subscribe(KEY) as slow, hub.subscribe(KEY) as fast:
        seen = [(await fast.next()).position]
        for _ in range(5):
            source.change()
            hub.notify("c")
            hub.flush()
            seen.append((await fast.next()).position)
        assert seen == [1, 2, 3, 4, 5, 6]
        frames = [await slow.next() for _ in range(slow.pending())]
    assert frames[0].kind == "snapshot"  # what it missed was replaced by a fresh board
    assert frames[-1].position == 6  # and it ends with the current board
    assert len(frames) <= 2
    assert [f.position for f in frames] == sorted(f.position for f in frames)
    assert hub.stats.resent_snapshots >= 1


async def test_a_client_that_never_reads_is_dropped() -> None:
    source = FakeSource()
    hub = Hub(source, queue_size=1, max_overflows=2)
    async with hub.subscribe(KEY) as sub:
        for _ in range(4):
            source.change()
            hub.notify("c")
            hub.flush()
        with pytest.raises(SubscriptionClosed):
            await sub.next()
    assert hub.stats.dropped_clients == 1


async def test_leaving_unregisters_even_on_error() -> None:
    hub = Hub(FakeSource())
    with pytest.raises(ValueError):
        async with hub.subscribe(KEY):
            assert hub.subscribers(KEY) == 1
            assert hub.stats.clients["standings"] == 1
            raise ValueError
    assert hub.subscribers(KEY) == 0
    assert hub.stats.clients["standings"] == 0


async def test_an_unknown_board_is_refused_and_unregistered() -> None:
    hub = Hub(FakeSource())
    key = BoardKey("nope", "standings", "public")
    with pytest.raises(LookupError):
        async with hub.subscribe(key):
            pass
    assert hub.subscribers(key) == 0


async def test_the_tick_loop_flushes_and_stop_ends_subscriptions() -> None:
    source = FakeSource()
    hub = Hub(source, tick=0.01)
    await hub.start()
    async with hub.subscribe(KEY) as sub:
        await sub.next()
        source.change()
        hub.notify("c")
        update = await asyncio.wait_for(sub.next(), 2)
        await hub.stop()
        with pytest.raises(SubscriptionClosed):
            await sub.next()
    assert update.position == 2
