"""The access registry: a token index folded in memory, read again only when it may
have changed, once for any number of unknown tokens asked at the same time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from judging.application.access import AccessRegistry
from judging.application.writer import Writer
from judging.domain.access import Grant
from judging.domain.commands import Actor
from judging.store import EventStore, RecordedEvent, open_store
from judging.store.engines import MEMORY_URL

ORGANIZER = Actor(id="admin", role="organizer")


class CountingStore:
    """A store that counts the reads of the access stream."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self.reads = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        self.reads += stream_id == "access"
        await asyncio.sleep(0.01)  # a database round trip
        return await self._store.read_stream(stream_id, after_version)


@pytest.fixture
async def store() -> AsyncIterator[CountingStore]:
    opened = await open_store(MEMORY_URL)
    try:
        yield CountingStore(opened)
    finally:
        await opened.close()


async def test_unknown_tokens_asked_together_share_one_read(store: CountingStore) -> None:
    registry = AccessRegistry(Writer(store))  # type: ignore[arg-type]
    await registry.refresh()
    store.reads = 0
    found = await asyncio.gather(*(registry.authenticate(f"bad-{n}") for n in range(100)))
    assert found == [None] * 100
    assert store.reads <= 2


async def test_a_token_issued_by_another_process_is_found_at_once(store: CountingStore) -> None:
    here = AccessRegistry(Writer(store))  # type: ignore[arg-type]
    elsewhere = AccessRegistry(Writer(store))  # type: ignore[arg-type]
    await here.refresh()
    token = await elsewhere.issue(Grant("referee", "r1", "c"), ORGANIZER)
    assert await here.authenticate(token) == Grant("referee", "r1", "c")


async def test_without_refresh_an_unknown_token_costs_no_read(store: CountingStore) -> None:
    registry = AccessRegistry(Writer(store))  # type: ignore[arg-type]
    token = await registry.issue(Grant("screen", "screen-1", "c"), ORGANIZER)
    await registry.refresh()
    store.reads = 0
    assert await registry.authenticate("nonsense", refresh=False) is None
    assert await registry.authenticate(token, refresh=False) == Grant("screen", "screen-1", "c")
    assert store.reads == 0
