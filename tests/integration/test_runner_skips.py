"""A persisted projection opens no write transaction for events it ignores; its
checkpoint still moves past them (later, in one go) and a restart replays them
harmlessly."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from judging.projections import runner as runner_module
from judging.projections.catalog import CatalogProjection
from judging.projections.persisted import relevance
from judging.projections.runner import ProjectionRunner
from judging.store import EventStore, NewEvent


async def note(store: EventStore, n: int) -> int:
    [recorded] = await store.append("misc-1", [NewEvent(uuid.uuid4(), "note", {"n": n})])
    return recorded.position


def counting(store: EventStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    tracking = store.tracking
    original = tracking.advance
    calls: list[int] = []

    def advance(names: Any, expected: int, position: int) -> AbstractAsyncContextManager[Any]:
        calls.append(position)
        return original(names, expected, position)

    monkeypatch.setattr(tracking, "advance", advance)
    return calls


async def test_ignored_events_open_no_transaction_until_the_checkpoint_is_saved(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "IDLE_FLUSH", 60.0)
    monkeypatch.setattr(runner_module, "FLUSH_SECONDS", 60.0)
    calls = counting(store, monkeypatch)
    projection = CatalogProjection()
    assert relevance(projection) is not None
    runner = ProjectionRunner(store, persisted=[projection], checkpoints=None)
    await runner.start()
    head = 0
    for n in range(10):
        head = await note(store, n)
        await runner.wait_for(head, names=[projection.name])
    assert calls == []  # ten batches of ignored events: no write transaction
    assert await store.tracking.checkpoint(projection.name) == 0
    await runner.stop()  # stopping saves the way past them
    assert calls == [head]
    assert await store.tracking.checkpoint(projection.name) == head

    again = ProjectionRunner(store, persisted=[CatalogProjection()], checkpoints=None)
    await again.start()
    after = await note(store, 10)
    await again.wait_for(after, names=[projection.name])
    await again.stop()
    assert await store.tracking.checkpoint(projection.name) == after


async def test_an_idle_feed_saves_the_checkpoint(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "IDLE_FLUSH", 0.01)
    runner = ProjectionRunner(store, persisted=[CatalogProjection()], checkpoints=None)
    await runner.start()
    try:
        head = await note(store, 0)
        for _ in range(500):
            if await store.tracking.checkpoint("catalog") == head:
                break
            await asyncio.sleep(0.01)
        assert await store.tracking.checkpoint("catalog") == head
    finally:
        await runner.stop()
