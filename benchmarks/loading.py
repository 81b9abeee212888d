"""A long contest's board loading while the server answers: how long the loop stands still.

One contest of 2,000 contestants and 200,000 events (`--quick`: 50,000; the fold
bench's contest) is appended to a SQLite store. Its board is then loaded without a
snapshot while a ticker task wakes every millisecond on the same event loop, as a
server's other requests would, two ways in the same run, taking turns:

- `fold on the loop`: the stream read, then the fold run on the event loop itself
  (`bulk_fold.built_board` called in the coroutine: how boards loaded before they
  were folded on a worker thread);
- `LiveBoards.load`: as a server loads a board now, the fold on a worker thread.

Measured: the load's wall time and the longest gap between two ticks (what a
request arriving at the worst moment would wait). `stall/load` is that gap over the
load's time: 1.0 means the loop stood still for the whole load. Each figure is the
median of three loads.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fold import LARGE, STREAM, contest

from judging.projections.bulk_fold import built_board
from judging.projections.live_boards import LiveBoards
from judging.store import EventStore, NewEvent, migrate, open_store

FULL, QUICK = 200_000, 50_000
ROUNDS = 3
CONTEST = STREAM.removeprefix("contest-")


async def filled(url: str, count: int) -> EventStore:
    await migrate(url)
    store = await open_store(url)
    batch: list[NewEvent] = []
    for n, (type_, data) in enumerate(contest(LARGE, count), start=1):
        metadata = {"actor_id": "r", "role": "referee", "command_id": data.get("command_id")}
        batch.append(NewEvent(uuid.UUID(int=n), type_, data, metadata))
        if len(batch) == 1_000:
            await store.append(STREAM, batch)
            batch = []
    if batch:
        await store.append(STREAM, batch)
    return store


async def on_the_loop(store: EventStore) -> None:
    rows = await store.read_stream_rows(STREAM)
    built_board(None, rows, freeze=False)


async def live_boards(store: EventStore) -> None:
    boards = LiveBoards(store, position=await store.head())
    assert await boards.load(CONTEST) is not None
    gc.unfreeze()  # the loaded board was frozen: let the next round start alike


async def stalled(load: Callable[[], Awaitable[None]]) -> tuple[float, float]:
    """The load's wall time and the longest gap between two ticks meanwhile."""
    done = False
    longest = 0.0

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)  # the ticker is running
    started = time.perf_counter()
    try:
        await load()
    finally:
        done = True
    seconds = time.perf_counter() - started
    await ticking
    gc.collect()
    return seconds, longest


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    count = QUICK if getattr(args, "quick", False) else FULL
    with tempfile.TemporaryDirectory() as folder:
        store = await filled(f"sqlite+aiosqlite:///{Path(folder) / 'loading.db'}", count)
        try:
            cases = {
                "fold on the loop": lambda: on_the_loop(store),
                "LiveBoards.load (worker thread)": lambda: live_boards(store),
            }
            measured: dict[str, list[tuple[float, float]]] = {case: [] for case in cases}
            for _ in range(ROUNDS):
                for case, load in cases.items():
                    measured[case].append(await stalled(load))
        finally:
            await store.close()
    rows = []
    for case, runs in measured.items():
        seconds = statistics.median(s for s, _ in runs)
        stall = statistics.median(g for _, g in runs)
        rows.append({"case": case, "events": count, "load s": seconds,
                     "longest stall ms": stall * 1e3, "stall/load": stall / seconds})  # fmt: skip
    return rows
