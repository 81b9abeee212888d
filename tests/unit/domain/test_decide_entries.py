"""Marks, penalties and stage attempts: who may record what, and when."""

from __future__ import annotations

from builders import (
    CHIEF,
    ORGANIZER,
    at,
    attempt,
    defined,
    given,
    mark,
    penalty,
    referee,
    run,
    started,
)

from judging.domain.events import (
    AttemptRecorded,
    ContestantDisqualified,
    ContestantWithdrew,
    ContestEnded,
    EntrySignedOff,
    Event,
    MarkAwarded,
    PenaltyImposed,
)

R1, R2, R3, R4 = referee("r1"), referee("r2"), referee("r3"), referee("r4")


def marked(*marks: tuple[str, float, str]) -> list[Event]:
    """c1's 'quality' marked by each (referee, value, command id)."""
    steps = [(mark("c1", "quality", value, cid), referee(rid), 1.0) for rid, value, cid in marks]
    return run(started(), steps)


def test_award_a_mark() -> None:
    given(*started()).when(mark("c1", "quality", 2, "m1"), R1, minutes=5).then(
        MarkAwarded(
            command_id="m1",
            contestant_id="c1",
            aspect_id="quality",
            referee_id="r1",
            value=2,
            at=at(5),
        )
    )


def test_a_chief_may_mark_too() -> None:
    events = given(*started()).when(mark("c2", "exam", 7), CHIEF).events()
    assert [e.type for e in events] == ["mark_awarded"]


def test_only_registered_referees_mark() -> None:
    given(*started()).when(mark("c1", "quality", 2), ORGANIZER).rejected("forbidden")
    given(*started()).when(mark("c1", "quality", 2), referee("stranger")).rejected("forbidden")


def test_marks_need_a_running_contest() -> None:
    given(*defined()).when(mark("c1", "quality", 2), R1).rejected("contest_not_running")
    ended = [*started(), ContestEnded(at=at(240))]
    given(*ended).when(mark("c1", "quality", 2), R1).rejected("contest_not_running")


def test_unknown_contestant_and_aspect() -> None:
    given(*started()).when(mark("c9", "quality", 2), R1).rejected("unknown_contestant")
    given(*started()).when(mark("c1", "speed", 2), R1).rejected("unknown_aspect")


def test_referees_act_only_within_their_scope() -> None:
    rwz, rth = referee("rwz"), referee("rth")
    given(*started()).when(mark("c2", "quality", 2), rwz).rejected("not_assigned")
    given(*started()).when(mark("c1", "quality", 2), rth).rejected("not_assigned")
    assert given(*started()).when(mark("c1", "quality", 2), rwz).events()
    assert given(*started()).when(mark("c2", "exam", 2), rth).events()


def test_a_referee_never_judges_their_own_organization() -> None:
    racme = referee("racme")
    given(*started()).when(mark("c1", "quality", 2), racme).rejected("conflict_of_interest")
    given(*started()).when(penalty("c1"), racme).rejected("conflict_of_interest")
    given(*started()).when(attempt("c1", "s1"), racme).rejected("conflict_of_interest")


def test_values_must_be_on_the_scale() -> None:
    given(*started()).when(mark("c1", "quality", 3.5), R1).rejected("out_of_range")
    given(*started()).when(mark("c1", "exam", -1), R1).rejected("out_of_range")


def test_a_signed_off_entry_is_locked() -> None:
    locked = [*started(), EntrySignedOff(contestant_id="c1", referee_id="chief", at=at(5))]
    given(*locked).when(mark("c1", "quality", 2), R1).rejected("entry_locked")
    given(*locked).when(penalty("c1"), R1).rejected("entry_locked")
    given(*locked).when(attempt("c1", "s1"), R1).rejected("entry_locked")


def test_contestants_out_take_no_entries() -> None:
    withdrawn = [*started(), ContestantWithdrew(contestant_id="c1", reason="", at=at(5))]
    disqualified = [*started(), ContestantDisqualified(contestant_id="c1", reason="", at=at(5))]
    given(*withdrawn).when(mark("c1", "quality", 2), R1).rejected("contestant_out")
    given(*disqualified).when(penalty("c1"), R1).rejected("contestant_out")
    given(*disqualified).when(attempt("c1", "s1"), R1).rejected("contestant_out")


def test_a_referee_marks_an_aspect_once() -> None:
    given(*marked(("r1", 2, "m1"))).when(mark("c1", "quality", 1), R1).rejected("already_marked")


def test_a_complete_panel_takes_no_more_marks() -> None:
    full = marked(("r1", 2, "m1"), ("r2", 2, "m2"), ("r3", 3, "m3"))
    refusal = given(*full).when(mark("c1", "quality", 1), R4).rejected("already_marked")
    assert "complete" in refusal.message


def test_a_measurement_is_taken_once() -> None:
    history = run(started(), [(mark("c1", "exam", 7), R1, 1)])
    given(*history).when(mark("c1", "exam", 8), R2).rejected("already_measured")


def test_a_repeated_command_id_is_refused() -> None:
    given(*marked(("r1", 2, "m1"))).when(mark("c1", "quality", 2, "m1"), R2).rejected(
        "duplicate_command"
    )


def test_impose_a_penalty() -> None:
    given(*started()).when(penalty("c2", "restart", "p1"), R1, minutes=9).then(
        PenaltyImposed(
            command_id="p1",
            contestant_id="c2",
            penalty_id="restart",
            referee_id="r1",
            reason="",
            at=at(9),
        )
    )


def test_penalty_rules() -> None:
    given(*started()).when(penalty("c1", "smoking"), R1).rejected("unknown_penalty")
    given(*started()).when(penalty("c2"), referee("rwz")).rejected("not_assigned")
    given(*started()).when(penalty("c9"), R1).rejected("unknown_contestant")
    given(*defined()).when(penalty("c1"), R1).rejected("contest_not_running")


def test_record_an_attempt_at_the_current_contest_time() -> None:
    given(*started()).when(attempt("c1", "s1", "failed", "a1"), R1, minutes=12).then(
        AttemptRecorded(
            command_id="a1",
            contestant_id="c1",
            stage_id="s1",
            referee_id="r1",
            result="failed",
            contest_time=720.0,
            penalty=True,
            at=at(12),
        )
    )


def test_an_attempt_may_carry_its_time_and_cost_nothing() -> None:
    command = attempt("c1", "s1", "failed", contest_time=30.0, penalty=False)
    (event,) = given(*started()).when(command, R1, minutes=12).events()
    assert isinstance(event, AttemptRecorded)
    assert (event.contest_time, event.penalty) == (30.0, False)


def test_attempt_rules() -> None:
    cleared = run(started(), [(attempt("c1", "s1", "cleared"), R1, 3)])
    given(*cleared).when(attempt("c1", "s1"), R1).rejected("already_cleared")
    assert given(*cleared).when(attempt("c1", "s2"), R1).events()
    given(*started()).when(attempt("c1", "s7"), R1).rejected("unknown_stage")
    given(*started()).when(attempt("c2", "s1"), referee("rwz")).rejected("not_assigned")
