"""Lifecycle: start → (freeze) → end → (thaw) → finalize, organizers only."""

from __future__ import annotations

import pytest
from builders import CHIEF, ORGANIZER, at, given, referee, started

from judging.domain.commands import Actor, Command, End, Finalize, Freeze, Start, Thaw
from judging.domain.events import (
    ContestEnded,
    ContestFinalized,
    ContestFrozen,
    ContestStarted,
    ContestThawed,
    Event,
)

START, FREEZE, END = Start(command_id="s"), Freeze(command_id="f"), End(command_id="e")
THAW, FINALIZE = Thaw(command_id="t"), Finalize(command_id="z")
FROZEN = ContestFrozen(at=at(180))
ENDED = ContestEnded(at=at(240))
THAWED = ContestThawed(at=at(250))


def test_start_then_freeze_end_thaw_finalize() -> None:
    given(*started()[:-1]).when(START, minutes=0).then(ContestStarted(at=at(0)))
    given(*started()).when(FREEZE, minutes=180).then(ContestFrozen(at=at(180)))
    given(*started(), FROZEN).when(END, minutes=240).then(ContestEnded(at=at(240)))
    given(*started(), FROZEN, ENDED).when(THAW, minutes=250).then(ContestThawed(at=at(250)))
    given(*started(), FROZEN, ENDED, THAWED).when(FINALIZE, minutes=260).then(
        ContestFinalized(at=at(260))
    )


def test_end_without_freeze_and_finalize_without_thaw() -> None:
    given(*started()).when(END).then(ContestEnded(at=at(1)))
    given(*started(), ENDED).when(FINALIZE).then(ContestFinalized(at=at(1)))


def test_thaw_while_frozen_and_after_an_unfrozen_end() -> None:
    given(*started(), FROZEN).when(THAW).then(ContestThawed(at=at(1)))
    given(*started(), ENDED).when(THAW).then(ContestThawed(at=at(1)))


@pytest.mark.parametrize(
    ("history", "command"),
    [
        (started(), START),
        (started()[:-1], FREEZE),
        (started()[:-1], END),
        ([*started(), FROZEN], FREEZE),
        ([*started(), ENDED], FREEZE),
        ([*started(), ENDED], END),
        (started(), THAW),
        ([*started(), FROZEN, THAWED], THAW),
        (started(), FINALIZE),
        ([*started(), FROZEN, ENDED], FINALIZE),
    ],
)
def test_illegal_transitions_are_refused(history: list[Event], command: Command) -> None:
    given(*history).when(command).rejected("invalid_transition")


@pytest.mark.parametrize("actor", [referee("r1"), CHIEF])
def test_only_organizers_run_the_lifecycle(actor: Actor) -> None:
    given(*started()[:-1]).when(START, actor).rejected("forbidden")


def test_after_finalize_nothing_changes() -> None:
    final = [*started(), ENDED, ContestFinalized(at=at(300))]
    given(*final).when(THAW, ORGANIZER).rejected("contest_finalized")
    given(*final).when(FINALIZE, ORGANIZER).rejected("contest_finalized")


def test_commands_before_a_definition_are_refused() -> None:
    given().when(START).rejected("contest_not_defined")
