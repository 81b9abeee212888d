"""`advance` through the application: two streams, citing the source's log position,
idempotent on resend, a half-done advance completed by sending it again."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from judging.application import rounds
from judging.application.contests import ContestService
from judging.application.writer import NO_ORIGIN, Writer
from judging.domain.commands import (
    Actor,
    Advance,
    AwardMark,
    Command,
    Correct,
    DefineContest,
    End,
    Finalize,
    RegisterContestants,
    RegisterReferees,
    Reopen,
    Start,
)
from judging.domain.definition import ContestDefinition
from judging.domain.events import parse_event, stream_id
from judging.domain.roster import Contestant, Referee
from judging.store import EventStore

ORGANIZER = Actor(id="org", role="organizer")
REFEREE = Actor(id="r1", role="referee")
CHIEF = Actor(id="chief", role="chief")
NOW = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
SCORES = {"ann": 90.0, "bob": 85.0, "cat": 80.0, "dan": 70.0, "eve": 60.0}


def definition(contest_id: str, order: int, **more: Any) -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": f"Dance {contest_id}",
            "duration_minutes": 60,
            "round": {"event": "dance", "order": order},
            "criteria": [
                {
                    "id": "dance",
                    "name": "Dance",
                    "aspects": [{"id": "pts", "name": "Points", "type": "measurement", "max": 100}],
                }
            ],
            **more,
        }
    )


async def prepared(store: EventStore) -> ContestService:
    """A finalized preliminary (top 3 advance) and a final not started."""
    contests = ContestService(Writer(store), clock=lambda: NOW)
    people = [Contestant(id=cid, name=cid.title()) for cid in SCORES]
    judges = [Referee(id="r1", name="R1"), Referee(id="chief", name="Chief", role="chief")]
    awards = [{"id": "gold", "name": "Gold", "count": 1}]
    steps: list[tuple[str, Command, Actor]] = [
        (
            "prelim",
            DefineContest(
                command_id="d1", definition=definition("prelim", 1, advancement={"top": 3})
            ),
            ORGANIZER,
        ),
        (
            "final",
            DefineContest(command_id="d2", definition=definition("final", 2, awards=awards)),
            ORGANIZER,
        ),
        ("prelim", RegisterContestants(command_id="c", contestants=people), ORGANIZER),
        ("prelim", RegisterReferees(command_id="r", referees=judges), ORGANIZER),
        ("prelim", Start(command_id="s"), ORGANIZER),
    ]
    for cid, score in SCORES.items():
        mark = AwardMark(command_id=f"m-{cid}", contestant_id=cid, aspect_id="pts", value=score)
        steps.append(("prelim", mark, REFEREE))
    steps += [("prelim", End(command_id="e"), ORGANIZER)]
    steps += [("prelim", Finalize(command_id="f"), ORGANIZER)]
    for contest_id, command, actor in steps:
        await contests.execute(contest_id, command, actor)
    return contests


async def types_of(store: EventStore, contest_id: str) -> list[str]:
    return [event.type for event in await store.read_stream(stream_id(contest_id), 0)]


async def test_advance_appends_to_both_rounds_citing_the_source(store: EventStore) -> None:
    contests = await prepared(store)
    command = Advance(command_id="adv", to="final")
    result = await contests.submit("prelim", command, ORGANIZER)
    assert result.status == "accepted", result
    [*_, advanced] = await store.read_stream(stream_id("prelim"), 0)
    assert advanced.type == "round_advanced"
    assert advanced.data["contestants"] == ["ann", "bob", "cat"]
    [*_, brought] = await store.read_stream(stream_id("final"), 0)
    event = parse_event(brought.type, brought.data)
    assert event.type == "contestants_advanced"
    assert event.from_contest == "prelim" and event.from_position == advanced.position
    assert result.position == brought.position
    final = await contests.state("final")
    assert final is not None and sorted(final.contestants) == ["ann", "bob", "cat"]

    again = await contests.submit("prelim", command, ORGANIZER)
    assert again.status == "duplicate" and again.position == brought.position
    assert (await types_of(store, "final")).count("contestants_advanced") == 1
    other = await contests.submit("prelim", Advance(command_id="adv2", to="final"), ORGANIZER)
    assert other.error is not None and other.error.code == "already_advanced"


async def test_a_half_done_advance_is_completed_by_a_resend(store: EventStore) -> None:
    contests = await prepared(store)
    command = Advance(command_id="adv", to="final")
    writer = Writer(store)
    source, target = await contests.get("prelim"), await contests.get("final")
    assert source is not None and target is not None

    class Crash(Exception):
        pass

    async def crash(*_: Any, **__: Any) -> None:
        raise Crash

    # the source half is appended, then the process dies before the target half
    real_write = writer.write
    calls = 0

    async def first_only(stream: Any, command_id: str, decide: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > 1:
            await crash()
        return await real_write(stream, command_id, decide)

    writer.write = first_only  # type: ignore[method-assign]
    with contextlib.suppress(Crash):
        await rounds.advance(writer, source, target, command, ORGANIZER, NO_ORIGIN, NOW)
    assert "contestants_advanced" not in await types_of(store, "final")

    fresh = ContestService(Writer(store), clock=lambda: NOW)  # another process
    result = await fresh.submit("prelim", command, ORGANIZER)
    assert result.status == "accepted", result
    assert (await types_of(store, "prelim")).count("round_advanced") == 1
    assert (await types_of(store, "final")).count("contestants_advanced") == 1


async def test_a_correction_after_advancing_needs_a_reopen(store: EventStore) -> None:
    contests = await prepared(store)
    await contests.execute("prelim", Advance(command_id="adv", to="final"), ORGANIZER)
    fix = Correct(command_id="x", supersedes="m-dan", value=95.0, reason="misread")
    refused = await contests.submit("prelim", fix, CHIEF)
    assert refused.error is not None and refused.error.code == "contest_finalized"
    await contests.execute("prelim", Reopen(command_id="o", reason="protest"), ORGANIZER)
    assert (await contests.submit("prelim", fix, CHIEF)).status == "accepted"
    await contests.execute("prelim", Finalize(command_id="f2"), ORGANIZER)
    redo = await contests.submit("prelim", Advance(command_id="adv3", to="final"), ORGANIZER)
    assert redo.status == "accepted", redo
    final = await contests.state("final")
    assert final is not None and sorted(final.contestants) == ["ann", "bob", "dan"]
    log = await types_of(store, "prelim")
    assert log.count("contest_finalized") == 2 and log.count("round_advanced") == 2
    assert "contest_reopened" in log


async def test_advance_rejections_have_codes(store: EventStore) -> None:
    contests = await prepared(store)
    backwards = await contests.submit("final", Advance(command_id="b", to="prelim"), ORGANIZER)
    assert backwards.error is not None and backwards.error.code == "round_not_final"
    to_self = await contests.submit("prelim", Advance(command_id="s", to="prelim"), ORGANIZER)
    assert to_self.error is not None and to_self.error.code == "not_next_round"
    nowhere = await contests.submit("prelim", Advance(command_id="n", to="nope"), ORGANIZER)
    assert nowhere.error is not None and nowhere.error.code == "not_next_round"
    await contests.execute("final", Start(command_id="go"), ORGANIZER)
    late = await contests.submit("prelim", Advance(command_id="l", to="final"), ORGANIZER)
    assert late.error is not None and late.error.code == "next_round_started"
