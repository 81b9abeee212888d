"""The contest cache: every open contest, and only the last few finalized ones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from judging.application.contest_cache import CachedContest, ContestCache
from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    DomainEvent,
    EntryCorrected,
    MarkAwarded,
    RefereesRegistered,
    encode,
)
from judging.domain.roster import Contestant, Referee
from judging.store import NewEvent, RecordedEvent, open_store

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


async def test_a_first_load_at_once_equals_folding_the_recorded_events() -> None:
    people = [Contestant(id=f"p{n}", name=f"P{n}") for n in range(3)]
    opening: list[DomainEvent] = [
        ContestDefined(definition=definition("c")),
        ContestantsRegistered(contestants=people),
        RefereesRegistered(referees=[Referee(id="r", name="R")]),
        ContestStarted(at=AT),
    ]
    marks: list[DomainEvent] = [
        MarkAwarded(command_id=f"m{n}", contestant_id=f"p{n % 3}", aspect_id="a",
                    referee_id="r", value=n % 2, at=AT)
        for n in range(8)
    ]  # fmt: skip
    fix = EntryCorrected(
        command_id="fix", supersedes="m3", referee_id="r", value=0, reason="", at=AT
    )
    store = await open_store("memory://")
    try:
        stream = CachedContest("c").stream_id
        for event in opening:  # no command id in the metadata
            await store.append(stream, [NewEvent(uuid.uuid4(), *encode(event), {})])
        for event in [*marks, fix]:
            command = {"command_id": getattr(event, "command_id", None), "role": "referee"}
            await store.append(stream, [NewEvent(uuid.uuid4(), *encode(event), command)])
        folded, loaded, resumed = CachedContest("c"), CachedContest("c"), CachedContest("c")
        folded.apply(await store.read_stream(stream))
        loaded.load(await store.read_stream_rows(stream))
        resumed.apply((await store.read_stream(stream))[:6])
        resumed.load(await store.read_stream_rows(stream))  # only what is after its version
    finally:
        await store.close()
    for cached in (loaded, resumed):
        assert cached.state == folded.state is not None
        assert (cached.version, cached.position, cached.defined_position) == (13, 13, 1)
        assert cached.commands == folded.commands
    assert folded.commands == {**{f"m{n}": n + 5 for n in range(8)}, "fix": 13}
