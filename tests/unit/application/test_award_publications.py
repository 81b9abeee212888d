"""Finding a contest's publication in force, and proving a code, on the in-memory log."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from judging.application.awards import (
    UnknownCode,
    decode,
    encode,
    latest_publication,
    prove,
)
from judging.application.contest_cache import CachedContest
from judging.store import EventStore, NewEvent, open_store

AWARDS = {"awards": [{"contestant_id": "c1", "award_id": "gold", "rank": 1}], "at": "x"}


@pytest.fixture
async def store() -> AsyncIterator[EventStore]:
    opened = await open_store("memory://")
    try:
        yield opened
    finally:
        await opened.close()


async def append(store: EventStore, type_: str, data: dict[str, Any] | None = None) -> int:
    [event] = await store.append("contest-c", [NewEvent(uuid.uuid4(), type_, data or {"n": 1})])
    return event.position


def contest_at(version: int) -> CachedContest:
    cached = CachedContest("c")
    cached.version = version
    return cached


async def test_the_latest_publication_is_found_behind_many_later_events(store: EventStore) -> None:
    await append(store, "contest_defined")
    first = await append(store, "awards_published", AWARDS)
    second = await append(store, "awards_published", AWARDS)
    for _ in range(20):  # e.g. round_advanced events after the finalize
        await append(store, "round_advanced")
    found = await latest_publication(store, contest_at(23))
    assert found is not None and found.position == second != first
    assert found.awards == tuple(AWARDS["awards"])
    assert decode(found.code(1)).position == second


async def test_a_reopen_or_no_publication_means_none(store: EventStore) -> None:
    await append(store, "contest_defined")
    assert await latest_publication(store, contest_at(1)) is None
    await append(store, "awards_published", AWARDS)
    await append(store, "contest_reopened", {"reason": "r"})
    assert await latest_publication(store, contest_at(3)) is None
    assert await latest_publication(store, contest_at(2)) is not None  # as this reader knew it


async def test_a_code_proves_its_award_and_names_nothing_else(store: EventStore) -> None:
    other = await append(store, "mark_awarded")
    position = await append(store, "awards_published", AWARDS)
    found = await latest_publication(store, contest_at(2))
    assert found is not None
    proof = await prove(store, decode(found.code(1)))
    assert proof.holds and proof.award == AWARDS["awards"][0] and proof.contest_id == "c"
    assert proof.position == position
    beyond = await prove(store, decode(encode(position, 2, found.hash)))
    assert not beyond.holds and beyond.reason == "not_an_award"  # no second award
    wrong = await prove(store, decode(encode(position, 1, "0" * 64)))
    assert not wrong.holds and wrong.reason == "code_mismatch"
    with pytest.raises(UnknownCode):
        await prove(store, decode(encode(other, 1, "0" * 64)))
    with pytest.raises(UnknownCode):
        await prove(store, decode(encode(position + 1, 1, "0" * 64)))
