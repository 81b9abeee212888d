"""Waiting for projections to reach a position."""

from __future__ import annotations

import asyncio

import pytest

from judging.projections.positions import Positions


async def test_waiters_wake_when_every_projection_or_the_named_ones_reach_it() -> None:
    positions = Positions(["a", "b"])
    everyone = asyncio.create_task(positions.wait_for(3, timeout=1))
    only_a = asyncio.create_task(positions.wait_for(3, timeout=1, names=["a"]))
    positions.advance("a", 3)
    await only_a
    assert not everyone.done()
    positions.advance("b", 4)
    await everyone
    assert positions.snapshot() == {"a": 3, "b": 4}


async def test_waiting_times_out_and_leaves_no_waiter_behind() -> None:
    positions = Positions(["a"])
    with pytest.raises(TimeoutError):
        await positions.wait_for(1, timeout=0.01)
    assert positions._waiters == []
    await positions.wait_for(0, timeout=0)
