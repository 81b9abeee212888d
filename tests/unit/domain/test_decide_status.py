"""Corrections, sign-off, disqualification and withdrawal."""

from __future__ import annotations

from builders import (
    CHIEF,
    ORGANIZER,
    at,
    attempt,
    correction,
    given,
    mark,
    penalty,
    referee,
    run,
    started,
)

from judging.domain.commands import Disqualify, SignOff, Withdraw
from judging.domain.events import (
    ContestantDisqualified,
    ContestantWithdrew,
    ContestEnded,
    ContestFinalized,
    EntryCorrected,
    EntrySignedOff,
    Event,
)

R1 = referee("r1")


def history() -> list[Event]:
    """c1 has quality mark m1, a penalty p1 and an attempt a1."""
    return run(
        started(),
        [
            (mark("c1", "quality", 2, "m1"), R1, 1),
            (penalty("c1", "safety", "p1"), R1, 2),
            (attempt("c1", "s1", "failed", "a1"), R1, 3),
        ],
    )


def test_a_chief_corrects_a_mark() -> None:
    given(*history()).when(correction("m1", "x1", value=3), CHIEF, minutes=7).then(
        EntryCorrected(
            command_id="x1",
            supersedes="m1",
            referee_id="chief",
            contestant_id="c1",
            value=3,
            reason="fix",
            at=at(7),
        )
    )


def test_a_correction_of_a_correction_targets_the_same_entry() -> None:
    corrected = run(history(), [(correction("m1", "x1", value=3), CHIEF, 5)])
    (event,) = given(*corrected).when(correction("x1", "x2", value=1), CHIEF).events()
    assert isinstance(event, EntryCorrected)
    assert (event.supersedes, event.contestant_id) == ("x1", "c1")


def test_penalties_and_attempts_can_be_voided() -> None:
    assert given(*history()).when(correction("p1", void=True), CHIEF).events()
    assert given(*history()).when(correction("a1", void=True), CHIEF).events()


def test_only_chiefs_correct() -> None:
    given(*history()).when(correction("m1", value=3), R1).rejected("forbidden")
    given(*history()).when(correction("m1", value=3), ORGANIZER).rejected("forbidden")


def test_corrections_must_name_a_known_entry() -> None:
    given(*history()).when(correction("nope", value=3), CHIEF).rejected("unknown_command")


def test_a_correction_gives_a_value_or_void() -> None:
    given(*history()).when(correction("m1"), CHIEF).rejected("invalid_correction")
    both = correction("m1", value=3, void=True)
    given(*history()).when(both, CHIEF).rejected("invalid_correction")
    voided = run(history(), [(correction("p1", void=True), CHIEF, 5)])
    given(*voided).when(correction("p1", void=True), CHIEF).rejected("invalid_correction")


def test_a_corrected_value_must_be_on_the_scale() -> None:
    given(*history()).when(correction("m1", value=4), CHIEF).rejected("out_of_range")


def test_penalties_and_attempts_take_no_new_value() -> None:
    given(*history()).when(correction("p1", value=1), CHIEF).rejected("not_correctable")
    given(*history()).when(correction("a1", value=1), CHIEF).rejected("not_correctable")


def test_a_locked_entry_takes_no_correction() -> None:
    locked = [*history(), EntrySignedOff(contestant_id="c1", referee_id="chief", at=at(9))]
    given(*locked).when(correction("m1", value=3), CHIEF).rejected("entry_locked")


def test_corrections_continue_after_the_end_until_finalized() -> None:
    ended = [*history(), ContestEnded(at=at(240))]
    assert given(*ended).when(correction("m1", value=3), CHIEF).events()
    final = [*ended, ContestFinalized(at=at(250))]
    given(*final).when(correction("m1", value=3), CHIEF).rejected("contest_finalized")


def test_sign_off() -> None:
    given(*history()).when(SignOff(command_id="so", contestant_id="c1"), CHIEF, 9).then(
        EntrySignedOff(contestant_id="c1", referee_id="chief", at=at(9))
    )


def test_sign_off_rules() -> None:
    command = SignOff(command_id="so", contestant_id="c1")
    given(*history()).when(command, R1).rejected("forbidden")
    given(*history()).when(command, ORGANIZER).rejected("forbidden")
    unknown = SignOff(command_id="so", contestant_id="c9")
    given(*history()).when(unknown, CHIEF).rejected("unknown_contestant")
    locked = [*history(), EntrySignedOff(contestant_id="c1", referee_id="chief", at=at(9))]
    given(*locked).when(command, CHIEF).rejected("entry_locked")


def test_disqualify_and_withdraw() -> None:
    out = Disqualify(command_id="dq", contestant_id="c2", reason="cheating")
    given(*started()).when(out, CHIEF, 4).then(
        ContestantDisqualified(contestant_id="c2", reason="cheating", at=at(4))
    )
    leave = Withdraw(command_id="wd", contestant_id="c2")
    given(*started()).when(leave, ORGANIZER, 4).then(
        ContestantWithdrew(contestant_id="c2", reason="", at=at(4))
    )


def test_disqualify_and_withdraw_rules() -> None:
    leave = Withdraw(command_id="wd", contestant_id="c2")
    given(*started()).when(leave, R1).rejected("forbidden")
    given(*started()).when(Withdraw(command_id="wd", contestant_id="c9")).rejected(
        "unknown_contestant"
    )
    gone = [*started(), ContestantWithdrew(contestant_id="c2", reason="", at=at(4))]
    given(*gone).when(Disqualify(command_id="dq", contestant_id="c2")).rejected("contestant_out")
