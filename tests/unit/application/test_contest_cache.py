"""The contest cache: every open contest, and only the last few finalized ones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from judging.application.contest_cache import CachedContest, ContestCache
from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    DomainEvent,
    encode,
)
from judging.store import RecordedEvent

AT = datetime(2025, 5, 1, 9, tzinfo=UTC)


def definition(contest_id: str) -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": contest_id,
            "duration_minutes": 60,
            "venues": [{"id": "wz", "name": "Wenzhou"}],
            "criteria": [
                {
                    "id": "k",
                    "name": "K",
                    "aspects": [{"id": "a", "name": "A", "type": "measurement", "max": 1}],
                }
            ],
        }
    )


def contest(contest_id: str, *, finalized: bool) -> CachedContest:
    events: list[DomainEvent] = [ContestDefined(definition=definition(contest_id))]
    if finalized:
        events += [ContestStarted(at=AT), ContestEnded(at=AT), ContestFinalized(at=AT)]
    cached = CachedContest(contest_id)
    cached.apply(
        [
            RecordedEvent(
                version, cached.stream_id, version, uuid.uuid4(), *encode(event), {}, AT, "", ""
            )
            for version, event in enumerate(events, 1)
        ]
    )
    return cached


def test_open_contests_stay_and_finalized_ones_go_least_recent_first() -> None:
    cache = ContestCache(finalized_kept=2)
    running = cache.keep(contest("running", finalized=False))
    old = [cache.keep(contest(f"old-{n}", finalized=True)) for n in range(3)]
    assert cache.get("running") is running
    assert cache.get("old-0") is None  # the least recently used of three
    assert cache.get("old-1") is old[1]  # now the most recently used
    cache.keep(contest("old-3", finalized=True))
    assert [cache.get(f"old-{n}") is not None for n in range(4)] == [False, True, False, True]


def test_a_contest_that_does_not_exist_is_not_kept_and_a_race_keeps_the_first() -> None:
    cache = ContestCache()
    cache.keep(CachedContest("nope"))
    assert cache.get("nope") is None
    first = cache.keep(contest("c", finalized=False))
    assert cache.keep(contest("c", finalized=False)) is first
