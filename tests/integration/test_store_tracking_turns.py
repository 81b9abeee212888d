"""Units of work on a one-writer database (SQLite) take turns in line."""

from __future__ import annotations

import asyncio

from judging.store import checkpoints
from judging.store.sql_tracking import SqlTracking
from judging.store.sqlite import SqliteBackend


async def test_waiting_units_of_work_hold_no_connection_and_go_in_order(sqlite_url: str) -> None:
    """While one unit of work writes, the others wait for their turn in the process
    (no pooled connection held, no polling for SQLite's lock), then go in the order
    they asked, each saving its checkpoint."""
    backend = SqliteBackend()
    engine = backend.create_engine(sqlite_url)
    tracking = SqlTracking(engine, backend)
    order: list[str] = []

    async def unit(name: str) -> None:
        async with tracking.advance([name], 0, 1):
            order.append(name)

    try:
        first = tracking.advance(["a"], 0, 1)
        await first.__aenter__()
        waiting = [asyncio.create_task(unit(name)) for name in ("b", "c")]
        await asyncio.sleep(0.05)  # both have asked for their turn
        assert engine.sync_engine.pool.checkedout() == 1  # the first one's alone
        assert order == []
        await first.__aexit__(None, None, None)
        await asyncio.gather(*waiting)
        assert order == ["b", "c"]
        async with tracking.read() as conn:
            assert [await checkpoints.load(conn, n) for n in "abc"] == [1, 1, 1]
    finally:
        await engine.dispose()
