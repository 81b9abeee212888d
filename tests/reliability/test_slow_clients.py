"""Stuck websocket clients are disconnected; the healthy ones never notice.

A stuck client's socket takes no more data (its buffers are full, it reads nothing):
a send to it never completes. Each such client is closed once a send misses the
deadline, counted as dropped and stuck, and no longer counted as connected, while
the healthy clients of the same board get every update. The short version runs one
stuck client among three healthy ones; JUDGING_LONG_RELIABILITY=1 runs 200 of each.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Hashable
from typing import Any

import pytest

from judging.live.hub import BoardKey, Hub
from judging.live.websocket import ConnectionState, LiveConnection

pytestmark = pytest.mark.reliability

LONG = os.environ.get("JUDGING_LONG_RELIABILITY") == "1"
STUCK, HEALTHY = (200, 200) if LONG else (1, 3)
DEADLINE = 0.2
KEY = BoardKey("c", "standings", "public")


class Source:
    def __init__(self) -> None:
        self.position = 1

    def render(self, key: BoardKey) -> tuple[int, Any] | None:
        return self.position, {"n": self.position}

    def revision(self, key: BoardKey) -> Hashable | None:
        return None


class FakeSocket:
    """A Starlette websocket as LiveConnection uses it; a stuck one never takes a frame."""

    def __init__(self, stuck: bool) -> None:
        self.stuck = stuck
        self.sent: list[str] = []
        self.closed_with: int | None = None
        self._gone = asyncio.Event()

    async def send_text(self, text: str) -> None:
        if self.stuck:
            await asyncio.Event().wait()  # never completes
        self.sent.append(text)

    async def receive(self) -> dict[str, Any]:
        await self._gone.wait()
        return {"type": "websocket.disconnect"}

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if self.stuck:
            await asyncio.Event().wait()  # the close frame cannot go out either
        self.closed_with = code

    def leave(self) -> None:
        self._gone.set()


async def serve(hub: Hub, socket: FakeSocket) -> LiveConnection:
    connection = LiveConnection(socket, hub.stats, idle_ping=30, send_timeout=DEADLINE)  # type: ignore[arg-type]
    async with hub.subscribe(KEY) as subscription:
        await connection.stream(subscription)
    return connection


async def test_stuck_clients_are_closed_and_the_others_keep_up() -> None:
    source = Source()
    hub = Hub(source)
    stuck = [FakeSocket(stuck=True) for _ in range(STUCK)]
    healthy = [FakeSocket(stuck=False) for _ in range(HEALTHY)]
    started = time.monotonic()
    tasks = {s: asyncio.create_task(serve(hub, s)) for s in [*stuck, *healthy]}
    for position in range(2, 6):
        await asyncio.sleep(0.02)
        source.position = position
        hub.notify("c")
        hub.flush()
    stuck_done = [tasks[s] for s in stuck]
    closed = await asyncio.wait_for(asyncio.gather(*stuck_done), timeout=10 * DEADLINE + 5)
    elapsed = time.monotonic() - started
    assert all(c.machine.state is ConnectionState.CLOSED for c in closed)
    assert elapsed < DEADLINE + 1.0 + (5 if LONG else 1), elapsed
    assert hub.stats.stuck_clients == STUCK
    assert hub.stats.dropped_clients == STUCK
    assert hub.subscribers(KEY) == HEALTHY  # the stuck ones no longer count
    await asyncio.sleep(0.05)
    for socket in healthy:
        assert '"position":5' in socket.sent[-1]
        socket.leave()
    await asyncio.gather(*(tasks[s] for s in healthy))
    assert hub.subscribers(KEY) == 0
    assert hub.stats.clients[KEY.kind] == 0
