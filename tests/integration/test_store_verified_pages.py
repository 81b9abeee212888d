"""Followers of one store share the pages they checked (`notify.VerifiedPages`).

Every persisted projection catching up reads the same log; the second follower over
the same stretch takes the first one's checked pages instead of reading and hashing
them again, and gets exactly the same events."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import aclosing
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import EventStore, NewEvent, RecordedEvent, open_store
from judging.store.engines import backend_for
from judging.store.hashing import chain_hash
from judging.store.notify import FOLLOW_PAGE, HeadWatch, VerifiedPages, follow
from judging.store.schema import StoredRow

EVENTS = FOLLOW_PAGE * 2 + 137


async def fill(store: EventStore) -> None:
    for start in range(0, EVENTS, 400):
        batch = [
            NewEvent(uuid.uuid4(), "mark_awarded", {"n": n}, {"actor_id": "t"})
            for n in range(start, min(start + 400, EVENTS))
        ]
        await store.append(f"contest-{start}", batch)


async def take(store: EventStore, after: int) -> list[RecordedEvent]:
    taken: list[RecordedEvent] = []
    async with aclosing(store.subscribe(after)) as events:
        async for event in events:
            taken.append(event)
            if taken[-1].position == EVENTS:
                break
    return taken


def counting_reads(store: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    log = store._log
    original = log.stored_after

    async def stored_after(position: int, limit: int) -> Any:
        reads.append(position)
        return await original(position, limit)

    monkeypatch.setattr(log, "stored_after", stored_after)
    return reads


def counting_decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The position of every row decoded into an event from now on, in order."""
    decoded: list[int] = []
    original = StoredRow.to_event

    def to_event(row: StoredRow) -> RecordedEvent:
        decoded.append(row.position)
        return original(row)

    monkeypatch.setattr(StoredRow, "to_event", to_event)
    return decoded


@pytest.fixture
async def filled(database_url: str) -> Any:
    writer = await open_store(database_url)
    try:
        await fill(writer)
    finally:
        await writer.close()
    reader = await open_store(database_url)  # its own commits are not in memory
    try:
        yield reader
    finally:
        await reader.close()


async def test_a_second_follower_takes_the_checked_pages(
    filled: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counting_reads(filled, monkeypatch)
    first = await take(filled, 0)
    read_by_first = len(reads)
    second = await take(filled, 0)
    assert [e.position for e in first] == list(range(1, EVENTS + 1))
    assert second == first
    assert len(reads) - read_by_first < read_by_first  # the full pages came from memory
    later = await take(filled, 130)  # starting elsewhere: it meets the same pages
    assert later == first[130:]


async def test_pages_end_on_multiples_of_the_page_size(
    filled: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counting_reads(filled, monkeypatch)
    await take(filled, 130)
    assert all(position % FOLLOW_PAGE == 0 for position in reads[1:] if position > 130)


async def test_a_page_is_only_taken_where_the_chain_continues(
    filled: EventStore, database_url: str, database_engine: AsyncEngine
) -> None:
    """A follower whose own checked chain ends with another hash than a shared page
    continues (the log it read was rewritten, consistently, after the page was
    shared) reads and checks that page for itself: it never mixes two histories."""
    genuine = (
        await backend_for(database_url)
        .event_log(database_engine)
        .stored_after(0, 10_000, beyond_head=True)
    )
    rewritten = genuine[:199]
    for row in genuine[199:]:  # from position 200 on: re-timed, the chain recomputed
        moved = replace(row, recorded_at=row.recorded_at + timedelta(seconds=1))
        moved = replace(moved, prev_hash=rewritten[-1].hash)
        rewritten.append(replace(moved, hash=chain_hash(moved.prev_hash, moved.hash_input())))
    pages = VerifiedPages()
    first = await follow_rows(genuine, 0, pages)
    assert [e.hash for e in first] == [r.hash for r in genuine]
    second = await follow_rows(rewritten, 130, pages)
    assert [e.hash for e in second] == [r.hash for r in rewritten[130:]]
    again = await follow_rows(genuine, 130, pages)  # the genuine chain still meets them
    assert [e.hash for e in again] == [r.hash for r in genuine[130:]]


class Taken:
    """The positions each of several followers took, and a wait for them to reach one."""

    def __init__(self, followers: int) -> None:
        self.positions: list[list[int]] = [[] for _ in range(followers)]
        self._changed = asyncio.Condition()

    async def took(self, index: int, position: int) -> None:
        async with self._changed:
            self.positions[index].append(position)
            self._changed.notify_all()

    async def all_reach(self, count: int) -> None:
        async with asyncio.timeout(10), self._changed:
            await self._changed.wait_for(lambda: all(len(p) >= count for p in self.positions))


async def follow_rows(
    rows: list[StoredRow], after: int, pages: VerifiedPages
) -> list[RecordedEvent]:
    async def read_rows(position: int, limit: int) -> list[StoredRow]:
        return rows[position : position + limit]

    taken: list[RecordedEvent] = []
    async with aclosing(follow(read_rows, HeadWatch(), after, 0.01, pages)) as events:
        async for event in events:
            taken.append(event)
            if event.position == len(rows):
                break
    return taken


async def test_followers_at_the_head_check_each_new_row_once(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every follower wakes for each commit and reads the same new rows: the first to
    read them shares the short page before it hands it on, and the others take it.
    (A follower's first page is always its own: it has checked nothing to continue.)"""
    await store.append("contest-a", [NewEvent(uuid.uuid4(), "mark_awarded", {"n": 0}, {})])
    head = await store.head()
    decoded = counting_decodes(monkeypatch)
    followers, commits, per_commit = 3, 5, 2
    last = head + commits * per_commit
    seen: list[list[RecordedEvent]] = [[] for _ in range(followers)]
    taken = Taken(followers)
    ready = asyncio.Barrier(followers + 1)

    async def follower(index: int) -> None:
        async with aclosing(store.subscribe(head)) as events:
            await ready.wait()
            async for event in events:
                seen[index].append(event)
                await taken.took(index, event.position)
                if event.position == last:
                    return

    tasks = [asyncio.create_task(follower(index)) for index in range(followers)]
    await ready.wait()
    for commit in range(commits):
        batch = [
            NewEvent(uuid.uuid4(), "mark_awarded", {"n": commit * per_commit + n}, {})
            for n in range(per_commit)
        ]
        await store.append("contest-a", batch)
        await taken.all_reach((commit + 1) * per_commit)  # each takes it before the next
    async with asyncio.timeout(10):
        await asyncio.gather(*tasks)
    expected = list(range(head + 1, last + 1))
    assert all([e.position for e in events] == expected for events in seen)
    assert seen[0] == seen[1] == seen[2]
    first_commit = expected[:per_commit]
    assert sorted(decoded) == sorted(first_commit * followers + expected[per_commit:])


async def test_followers_woken_together_wait_for_the_read_under_way(
    filled: EventStore,
    database_url: str,
    database_engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Followers at the head all wake for the same commit. Where their read has to go
    to the database (the commit came from another process, or its notification came
    before this store's own commit returned), the first one's read is under way when
    the others come for the same rows: they wait for it, and each row is checked and
    decoded once. A read that finds nothing new is waited for too (a poll)."""
    stored = (
        await backend_for(database_url)
        .event_log(database_engine)
        .stored_after(0, 10_000, beyond_head=True)
    )
    visible, watch, pages = 200, HeadWatch(), VerifiedPages()
    decoded = counting_decodes(monkeypatch)
    reading: list[int] = []  # the positions of the reads under way
    together = 1  # the most reads of one position at the head under way at once

    async def read_rows(position: int, limit: int) -> list[StoredRow]:
        nonlocal together
        reading.append(position)
        if position >= 200:  # each follower's first page is its own
            together = max(together, reading.count(position))
        seen = visible  # a database read sees the log as it was when it began
        await asyncio.sleep(0.002)
        reading.remove(position)
        return stored[position : min(seen, position + limit)]

    followers, commits, per_commit = 3, 6, 2
    last = visible + commits * per_commit
    taken = Taken(followers)

    async def follower(index: int) -> None:
        async with aclosing(follow(read_rows, watch, 0, 0.005, pages)) as events:
            async for event in events:
                await taken.took(index, event.position)
                if event.position == last:
                    return

    tasks = [asyncio.create_task(follower(index)) for index in range(followers)]
    await taken.all_reach(visible)  # each one's first page is its own
    assert sorted(decoded) == sorted(list(range(1, visible + 1)) * followers)
    for _ in range(commits):
        visible += per_commit
        watch.advance(visible)
        await taken.all_reach(visible)
        await asyncio.sleep(0.02)  # polls in between: reads that find nothing new
    async with asyncio.timeout(10):
        await asyncio.gather(*tasks)
    assert taken.positions == [list(range(1, last + 1))] * followers
    assert sorted(decoded[followers * 200 :]) == list(range(201, last + 1))
    assert together == 1  # polls at the head too: one read, the others waited for it
