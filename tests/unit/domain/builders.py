"""Builders for domain tests: a definition, a roster, actors, commands and histories.

`given(*events).when(command, actor).then(*events)` reads as the rule it tests;
`.rejected(code)` checks a refusal. Everything is deterministic: times are minutes
after `T0`, command ids are passed in or counted.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from judging.domain.commands import (
    Actor,
    AwardMark,
    Command,
    Context,
    Correct,
    ImposePenalty,
    RecordAttempt,
)
from judging.domain.decide import decide
from judging.domain.definition import ContestDefinition
from judging.domain.errors import Rejected, RejectionCode
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    ContestStarted,
    Event,
    RefereesRegistered,
)
from judging.domain.evolve import fold
from judging.domain.roster import Contestant, Referee
from judging.domain.state import ContestState

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
ORGANIZER = Actor(id="org", role="organizer")
CHIEF = Actor(id="chief", role="chief")
_ids = itertools.count(1)


def at(minutes: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes)


def new_id(prefix: str = "cmd") -> str:
    return f"{prefix}-{next(_ids)}"


def referee(referee_id: str = "r1") -> Actor:
    return Actor(id=referee_id, role="referee")


def ctx(actor: Actor = ORGANIZER, minutes: float = 0) -> Context:
    return Context(actor=actor, now=at(minutes))


DEFINITION: dict[str, Any] = {
    "id": "yrd",
    "title": "Electricians",
    "duration_minutes": 240,
    "freeze_minutes": 60,
    "venues": [{"id": "wz", "name": "Wenzhou"}, {"id": "nj", "name": "Nanjing"}],
    "criteria": [
        {
            "id": "wiring",
            "name": "Wiring",
            "aspects": [
                {
                    "id": "quality",
                    "name": "Quality",
                    "max": 10,
                    "scale": [0, 3],
                    "panel": {"size": 3, "aggregate": "mean", "max_spread": 1},
                },
                {
                    "id": "faults",
                    "name": "Faults",
                    "type": "measurement",
                    "max": 2,
                    "rule": {"kind": "tiers", "tiers": [{"below": 1, "mark": 2}], "else": 0},
                },
            ],
        },
        {
            "id": "theory",
            "name": "Theory",
            "aspects": [{"id": "exam", "name": "Exam", "type": "measurement", "max": 10}],
        },
    ],
    "stages": [{"id": "s1", "name": "Stage 1"}, {"id": "s2", "name": "Stage 2"}],
    "penalties": [
        {"id": "safety", "name": "Safety", "points": 5},
        {"id": "restart", "name": "Restart", "minutes": 5},
    ],
}


def definition(**overrides: Any) -> ContestDefinition:
    return ContestDefinition.model_validate({**DEFINITION, **overrides})


def contestants() -> list[Contestant]:
    return [
        Contestant(id="c1", name="Li Wei", organization="Acme", venue="wz"),
        Contestant(id="c2", name="Zhang Min", organization="Bolt", venue="nj"),
        Contestant(id="c3", name="Wang Fang", organization="Coil", venue="wz"),
    ]


def referees() -> list[Referee]:
    return [
        Referee(id="r1", name="Referee One", organization="Judges"),
        Referee(id="r2", name="Referee Two", organization="Judges"),
        Referee(id="r3", name="Referee Three", organization="Judges"),
        Referee(id="r4", name="Referee Four", organization="Judges"),
        Referee(id="rwz", name="Wenzhou Referee", venues=["wz"]),
        Referee(id="rth", name="Theory Referee", criteria=["theory"]),
        Referee(id="racme", name="Acme Referee", organization="Acme"),
        Referee(id="chief", name="Chief Referee", role="chief", organization="Judges"),
    ]


def defined() -> list[Event]:
    """A defined contest with its roster, not started."""
    return [
        ContestDefined(definition=definition()),
        ContestantsRegistered(contestants=contestants()),
        RefereesRegistered(referees=referees()),
    ]


def started() -> list[Event]:
    return [*defined(), ContestStarted(at=at(0))]


def mark(contestant: str, aspect: str, value: float | bool, command_id: str = "") -> AwardMark:
    return AwardMark(
        command_id=command_id or new_id(), contestant_id=contestant, aspect_id=aspect, value=value
    )


def penalty(contestant: str, penalty_id: str = "safety", command_id: str = "") -> ImposePenalty:
    return ImposePenalty(
        command_id=command_id or new_id(), contestant_id=contestant, penalty_id=penalty_id
    )


def attempt(
    contestant: str, stage: str, result: str = "failed", command_id: str = "", **more: Any
) -> RecordAttempt:
    return RecordAttempt.model_validate(
        {
            "command_id": command_id or new_id(),
            "contestant_id": contestant,
            "stage_id": stage,
            "result": result,
            **more,
        }
    )


def correction(supersedes: str, command_id: str = "", **change: Any) -> Correct:
    return Correct.model_validate(
        {"command_id": command_id or new_id(), "supersedes": supersedes, "reason": "fix", **change}
    )


def run(events: Sequence[Event], commands: Sequence[tuple[Command, Actor, float]]) -> list[Event]:
    """Append the events of each (command, actor, minutes) to `events`; all must pass."""
    history = list(events)
    for command, actor, minutes in commands:
        history += decide(fold(history), command, ctx(actor, minutes))
    return history


@dataclass(frozen=True)
class Outcome:
    state: ContestState | None
    command: Command
    context: Context

    def events(self) -> list[Event]:
        return decide(self.state, self.command, self.context)

    def then(self, *expected: Event) -> list[Event]:
        events = self.events()
        assert events == list(expected)
        return events

    def rejected(self, code: RejectionCode) -> Rejected:
        with pytest.raises(Rejected) as caught:
            self.events()
        assert caught.value.code == code, caught.value
        assert caught.value.message
        return caught.value


@dataclass(frozen=True)
class Given:
    history: tuple[Event, ...]

    def when(self, command: Command, actor: Actor = ORGANIZER, minutes: float = 1) -> Outcome:
        state = fold(self.history) if self.history else None
        return Outcome(state, command, ctx(actor, minutes))


def given(*events: Event) -> Given:
    return Given(tuple(events))
