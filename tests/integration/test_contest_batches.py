"""Group commit: commands for one contest that arrive during an append are decided one
by one (each against the state with the earlier ones' events) and appended together."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from judging.application.contests import ContestService
from judging.application.writer import CommandEvents, Writer
from judging.domain.commands import (
    Actor,
    AwardMark,
    Command,
    DefineContest,
    End,
    RegisterContestants,
    RegisterReferees,
    Start,
)
from judging.domain.definition import ContestDefinition
from judging.domain.events import stream_id
from judging.domain.roster import Contestant, Referee
from judging.store import EventStore, ExpectedVersion, RecordedEvent

ORGANIZER = Actor(id="org", role="organizer")
REFEREE = Actor(id="r1", role="referee")
NOW = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
STREAM = stream_id("c1")


class CountingWriter(Writer):
    """A writer that counts grouped appends, and can run something before one."""

    def __init__(self, store: EventStore) -> None:
        super().__init__(store)
        self.grouped = 0
        self.before: Any = None

    async def append_grouped(
        self, stream_id: str, commands: Sequence[CommandEvents], expected: ExpectedVersion
    ) -> list[RecordedEvent]:
        self.grouped += 1
        if self.before is not None:
            before, self.before = self.before, None
            await before()
        return await super().append_grouped(stream_id, commands, expected)


def definition() -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": "c1",
            "title": "Dance",
            "duration_minutes": 60,
            "criteria": [
                {
                    "id": "dance",
                    "name": "Dance",
                    "aspects": [{"id": "pts", "name": "Points", "type": "measurement", "max": 100}],
                }
            ],
        }
    )


async def running(store: EventStore) -> tuple[ContestService, CountingWriter]:
    writer = CountingWriter(store)
    contests = ContestService(writer, clock=lambda: NOW)
    people = [Contestant(id=cid, name=cid.title()) for cid in ("ann", "bob", "cat")]
    steps: list[Command] = [
        DefineContest(command_id="d", definition=definition()),
        RegisterContestants(command_id="c", contestants=people),
        RegisterReferees(command_id="r", referees=[Referee(id="r1", name="R1")]),
        Start(command_id="s"),
    ]
    for command in steps:
        await contests.execute("c1", command, ORGANIZER)
    return contests, writer


def mark(command_id: str, contestant_id: str, value: float = 50.0) -> AwardMark:
    return AwardMark(
        command_id=command_id, contestant_id=contestant_id, aspect_id="pts", value=value
    )


async def together(contests: ContestService, commands: Sequence[tuple[Command, Actor]]) -> Any:
    return await asyncio.gather(
        *(contests.submit("c1", command, actor) for command, actor in commands),
        return_exceptions=True,
    )


async def test_a_batch_answers_each_command_as_if_alone(store: EventStore) -> None:
    contests, writer = await running(store)
    first = await contests.submit("c1", mark("m0", "cat"), REFEREE)
    assert first.status == "accepted"
    results = await together(
        contests,
        [
            (mark("m1", "ann"), REFEREE),
            (mark("m2", "nobody"), REFEREE),  # rejected: appends nothing
            (mark("m0", "cat"), REFEREE),  # a resend
            (mark("m0", "bob"), REFEREE),  # the same id for another command
            (End(command_id="e"), ORGANIZER),
            (mark("m3", "bob"), REFEREE),  # decided after the end, in the same batch
        ],
    )
    assert writer.grouped == 1  # one append for the whole batch
    accepted, unknown, resend, reused, ended, late = results
    assert accepted.status == "accepted"
    assert unknown.status == "rejected" and unknown.error.code != "command_id_conflict"
    assert resend.status == "duplicate" and resend.position == first.position
    assert reused.status == "rejected" and reused.error.code == "command_id_conflict"
    assert ended.status == "accepted" and ended.position > accepted.position
    assert late.status == "rejected" and late.error.code == "contest_not_running"

    recorded = await store.read_stream(STREAM, 0)
    tail = recorded[-2:]
    assert [e.metadata["command_id"] for e in tail] == ["m1", "e"]
    assert [e.metadata["role"] for e in tail] == ["referee", "organizer"]
    assert tail[0].position == accepted.position and tail[1].position == ended.position
    cached = await contests.get("c1")
    assert cached is not None and cached.version == len(recorded)
    assert cached.commands["m1"] == accepted.position
    assert cached.state is not None and cached.state.lifecycle.ended is not None

    again = await contests.submit("c1", mark("m1", "ann"), REFEREE)
    assert again.status == "duplicate" and again.position == accepted.position


async def test_a_conflict_during_a_batch_decides_it_again(store: EventStore) -> None:
    contests, writer = await running(store)
    other = ContestService(Writer(store), clock=lambda: NOW)  # another process

    async def another_process_ends_it() -> None:
        assert (await other.submit("c1", End(command_id="e"), ORGANIZER)).status == "accepted"

    writer.before = another_process_ends_it
    results = await together(contests, [(mark("m1", "ann"), REFEREE), (mark("m2", "bob"), REFEREE)])
    assert writer.grouped == 1  # decided again: both refused, nothing left to append
    assert [r.error.code for r in results] == ["contest_not_running"] * 2
    cached = await contests.get("c1")
    assert cached is not None and cached.state is not None
    assert cached.state.lifecycle.ended is not None
    assert cached.version == len(await store.read_stream(STREAM, 0))


async def test_a_failed_append_answers_every_command_and_leaves_the_cache(
    store: EventStore,
) -> None:
    contests, writer = await running(store)
    cached = await contests.get("c1")
    assert cached is not None and cached.state is not None
    version, position, commands = cached.version, cached.position, dict(cached.commands)
    entries = {cid: entry.copy() for cid, entry in cached.state.contestants.items()}

    class Down(Exception):
        pass

    async def fail() -> None:
        raise Down

    writer.before = fail
    results = await together(contests, [(mark("m1", "ann"), REFEREE), (mark("m2", "bob"), REFEREE)])
    assert all(isinstance(r, Down) for r in results)
    after = await contests.get("c1")
    assert after is cached and after.state is not None
    assert (after.version, after.position, after.commands) == (version, position, commands)
    assert after.state.contestants == entries
    assert len(await store.read_stream(STREAM, 0)) == version

    retried = await contests.submit("c1", mark("m1", "ann"), REFEREE)
    assert retried.status == "accepted" and cached.version == version + 1


@pytest.mark.parametrize("size", [2, 3])
async def test_batches_keep_one_position_per_command(store: EventStore, size: int) -> None:
    contests, _ = await running(store)
    people = ["ann", "bob", "cat"]
    commands = [(mark(f"m{i}", people[i % 3], float(i)), REFEREE) for i in range(size)]
    results = await together(contests, commands)
    assert all(r.status == "accepted" for r in results)
    assert len({r.position for r in results}) == size
