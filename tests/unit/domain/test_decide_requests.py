"""A referee's request for a correction of the referee's own entry: an event in the log."""

from __future__ import annotations

from builders import CHIEF, ORGANIZER, at, correction, given, mark, referee, run, started

from judging.domain.commands import RequestCorrection, SignOff
from judging.domain.events import ContestEnded, CorrectionRequested, Event
from judging.domain.evolve import fold

R1, R2 = referee("r1"), referee("r2")


def history() -> list[Event]:
    """c1's quality marked by r1 (m1) and r2 (m2)."""
    return run(
        started(),
        [(mark("c1", "quality", 0, "m1"), R1, 1), (mark("c1", "quality", 3, "m2"), R2, 2)],
    )


def request(supersedes: str, command_id: str = "q1") -> RequestCorrection:
    return RequestCorrection(
        command_id=command_id, supersedes=supersedes, reason="tapped 0, meant 2"
    )


def test_a_referee_asks_for_a_correction_of_an_own_mark() -> None:
    given(*history()).when(request("m1"), R1, minutes=4).then(
        CorrectionRequested(
            command_id="q1",
            supersedes="m1",
            contestant_id="c1",
            referee_id="r1",
            reason="tapped 0, meant 2",
            at=at(4),
        )
    )


def test_a_request_changes_no_entry() -> None:
    before = fold(history())
    after = fold([*history(), *given(*history()).when(request("m1"), R1).events()])
    assert after.records == before.records
    assert after.contestants == before.contestants


def test_only_the_referee_who_gave_the_entry_asks() -> None:
    given(*history()).when(request("m1"), R2).rejected("forbidden")
    given(*history()).when(request("m1"), ORGANIZER).rejected("forbidden")


def test_the_entry_must_exist() -> None:
    given(*history()).when(request("nope"), R1).rejected("unknown_command")


def test_a_request_through_a_correction_names_the_same_entry() -> None:
    corrected = run(history(), [(correction("m1", "x1", value=1), CHIEF, 3)])
    events = given(*corrected).when(request("x1"), R1).events()
    assert [(e.type, e.contestant_id) for e in events] == [("correction_requested", "c1")]


def test_a_signed_off_entry_takes_no_request() -> None:
    locked = run(history(), [(SignOff(command_id="s1", contestant_id="c1"), CHIEF, 3)])
    given(*locked).when(request("m1"), R1).rejected("entry_locked")


def test_requests_continue_after_the_end() -> None:
    ended = [*history(), ContestEnded(at=at(10))]
    assert [e.type for e in given(*ended).when(request("m1"), R1).events()] == [
        "correction_requested"
    ]
