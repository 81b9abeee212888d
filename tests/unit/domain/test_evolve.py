"""evolve, fold and Fold: each event's effect on the state; in place or pure."""

from __future__ import annotations

from typing import cast

import pytest
from builders import (
    CHIEF,
    ORGANIZER,
    at,
    attempt,
    correction,
    defined,
    mark,
    penalty,
    referee,
    run,
    started,
)

from judging.domain.commands import Disqualify, Freeze, SignOff, Withdraw
from judging.domain.events import ContestantsRegistered, ContestStarted, Event
from judging.domain.evolve import Fold, evolve, fold
from judging.domain.roster import Contestant

R1 = referee("r1")


def test_fold_builds_the_roster_and_lifecycle() -> None:
    state = fold(started())
    assert sorted(state.contestants) == ["c1", "c2", "c3"]
    assert "chief" in state.referees
    assert state.lifecycle.started == at(0) and state.lifecycle.running


def test_reregistering_keeps_the_entry() -> None:
    history = run(started(), [(mark("c1", "exam", 5, "m1"), R1, 1)])
    renamed = ContestantsRegistered(contestants=[Contestant(id="c1", name="New Name")])
    state = fold([*history, renamed])
    assert state.contestants["c1"].contestant.name == "New Name"
    assert [r.command_id for r in state.marks("c1", "exam")] == ["m1"]


def test_marks_are_filed_and_indexed() -> None:
    state = fold(run(started(), [(mark("c1", "quality", 2, "m1"), R1, 1)]))
    record = state.records["m1"]
    assert (record.kind, record.contestant_id, record.subject_id, record.referee_id) == (
        "mark", "c1", "quality", "r1",
    )  # fmt: skip
    assert record.current.value == 2 and not record.hidden


def test_a_contestants_records_chain_in_entry_order_and_file_by_subject() -> None:
    history = run(
        started(),
        [
            (mark("c1", "quality", 2, "m1"), R1, 1),
            (attempt("c1", "s1"), R1, 2),
            (mark("c2", "quality", 3, "m2"), R1, 3),
            (penalty("c1", command_id="p1"), R1, 4),
            (mark("c1", "exam", 7, "m3"), R1, 5),
            (correction("m1", "x1", value=3), CHIEF, 6),
            (mark("c1", "quality", 1, "m4"), referee("r2"), 7),
        ],
    )
    state = fold(history)
    entries = state.entries("c1")
    assert [r.command_id for r in entries][0::2] == ["m1", "p1", "m4"]
    assert [r.kind for r in entries] == ["mark", "attempt", "penalty", "mark", "mark"]
    assert state.contestants["c1"].latest == "m4" and state.records["m4"].previous == "m3"
    assert entries[0].current.value == 3  # the chain leads to the corrected record
    filed = state.filed("c1")
    assert {aspect: [r.command_id for r in rs] for aspect, rs in filed.marks.items()} == {
        "quality": ["m1", "m4"], "exam": ["m3"],
    }  # fmt: skip
    assert [r.command_id for r in filed.penalties] == ["p1"]
    assert list(filed.attempts) == ["s1"] and filed.attempts["s1"] == state.attempts("c1", "s1")
    assert [r.command_id for r in state.marks("c1", "quality")] == ["m1", "m4"]
    assert [r.command_id for r in state.entries("c2")] == ["m2"]
    assert state.entries("c3") == [] and state.filed("c3") == ({}, [], {})


def test_evolve_leaves_the_chain_of_the_state_it_was_given() -> None:
    history = run(started(), [(mark("c1", "quality", 2, "m1"), R1, 1)])
    before = fold(history)
    event = run(history, [(mark("c1", "exam", 5, "m2"), R1, 2)])[-1]
    after = evolve(before, event)
    assert [r.command_id for r in after.entries("c1")] == ["m1", "m2"]
    assert [r.command_id for r in before.entries("c1")] == ["m1"]
    assert before.contestants["c1"].latest == "m1"


def test_corrections_resolve_to_the_original_entry() -> None:
    history = run(
        started(),
        [
            (mark("c1", "quality", 2, "m1"), R1, 1),
            (correction("m1", "x1", value=3), CHIEF, 2),
            (correction("x1", "x2", void=True), CHIEF, 3),
        ],
    )
    state = fold(history)
    assert state.record("x2") is state.records["m1"]
    # the original version's id is the record's own (left empty in the version)
    assert [v.command_id for v in state.records["m1"].versions] == ["", "x1", "x2"]
    assert state.records["m1"].void


def test_entries_while_frozen_are_hidden() -> None:
    history = run(started(), [(Freeze(command_id="f"), ORGANIZER, 1), (attempt("c1", "s1"), R1, 2)])
    (record,) = fold(history).records.values()
    assert record.hidden and record.seen(revealed=False) is None


def test_sign_off_and_disqualify() -> None:
    history = run(
        started(),
        [
            (SignOff(command_id="so", contestant_id="c1"), CHIEF, 1),
            (Disqualify(command_id="dq", contestant_id="c2"), ORGANIZER, 2),
        ],
    )
    state = fold(history)
    assert state.contestants["c1"].locked
    assert state.contestants["c2"].status == "disqualified"


def test_fold_continues_from_a_state() -> None:
    state = fold(defined())
    assert fold([ContestStarted(at=at(0))], state) == fold(started())


def test_events_that_do_not_fit_are_errors() -> None:
    with pytest.raises(ValueError):
        evolve(None, ContestStarted(at=at(0)))
    with pytest.raises(ValueError):
        fold(started()[:1] * 2)
    with pytest.raises(ValueError):
        fold([])


def eventful() -> list[Event]:
    """Every kind of entry event, a correction, a re-registration and the end."""
    steps = [
        (mark("c1", "quality", 2, "m1"), R1, 1),
        (attempt("c2", "s1", "cleared", "a1"), R1, 2),
        (correction("m1", "x1", value=3), CHIEF, 3),
        (SignOff(command_id="so", contestant_id="c1"), CHIEF, 4),
        (Withdraw(command_id="wd", contestant_id="c3"), ORGANIZER, 5),
    ]
    renamed = ContestantsRegistered(contestants=[Contestant(id="c2", name="Renamed")])
    return [*run(started(), steps), renamed]


def test_an_owned_fold_applies_events_in_place_like_the_pure_fold() -> None:
    history = eventful()
    owned = Fold()
    first = owned.apply(history[0])
    for event in history[1:]:
        assert owned.apply(event) is first  # the same state, changed in place
    assert owned.state == fold(history)


def test_applying_all_at_once_is_applying_each_in_turn() -> None:
    history = eventful()
    each, at_once = Fold(), Fold()
    for event in history:
        each.apply(event)
    assert at_once.apply_all(history) is at_once.state
    assert at_once.state == each.state
    sharing = Fold.sharing(fold(history[:5]))
    sharing.apply_all(history[5:])
    assert sharing.state == each.state


def test_applying_all_refuses_what_applying_one_refuses() -> None:
    with pytest.raises(ValueError, match="before the contest was defined"):
        Fold().apply_all([ContestStarted(at=at(0))])
    with pytest.raises(ValueError, match="already defined"):
        Fold().apply_all(started()[:1] * 2)
    with pytest.raises(TypeError, match="no evolve rule"):
        Fold().apply_all([*started(), cast(Event, object())])
    assert Fold().apply_all([]) is None


def test_a_sharing_fold_leaves_the_state_it_starts_from_as_it_was() -> None:
    history = eventful()
    start = fold(history[:5])
    before = start.copy()
    sharing = Fold.sharing(start)
    for event in history[5:]:
        sharing.apply(event)
    assert start == before
    assert sharing.state == fold(history)
    assert fold(history[5:], start) == fold(history) and start == before


def test_a_snapshot_does_not_follow_the_fold() -> None:
    history = eventful()
    owned = Fold()
    for event in history[:6]:
        owned.apply(event)
    snapshot = owned.snapshot()
    for event in history[6:]:
        owned.apply(event)
    assert snapshot == fold(history[:6]) != owned.state
