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
from typing import Any, cast

import pytest
from hypothesis import strategies as st

from judging.domain.commands import (
    Actor,
    AwardMark,
    Base,
    Command,
    Context,
    Correct,
    End,
    Finalize,
    Freeze,
    ImposePenalty,
    RecordAttempt,
    SignOff,
    Thaw,
    Withdraw,
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


def run(events: Sequence[Event], commands: Sequence[tuple[Base, Actor, float]]) -> list[Event]:
    """Append the events of each (command, actor, minutes) to `events`; all must pass."""
    history = list(events)
    for command, actor, minutes in commands:
        history += decide(fold(history), cast(Command, command), ctx(actor, minutes))
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


# Hypothesis: valid histories made by `decide` from random command sequences.

CONTESTANT_IDS = ("c1", "c2", "c3")
ACTOR_IDS = ("r1", "r2", "r3", "r4", "rwz", "racme", "chief")
VALUES: dict[str, tuple[float, ...]] = {
    "quality": (0, 1, 1.5, 2, 3),
    "faults": (0, 1, 2, 3),
    "exam": (0, 2.5, 10),
}
KINDS = (
    *("mark",) * 10,
    *("attempt",) * 4,
    *("penalty", "penalty", "correct", "correct", "correct", "void"),
    *("sign_off", "withdraw", "freeze", "end", "thaw", "finalize"),
)


@dataclass(frozen=True)
class Step:
    """One random command, its choices given as indexes resolved against the state."""

    kind: str
    who: int
    actor: int
    pick: int
    delay: float


def steps() -> st.SearchStrategy[Step]:
    return st.builds(
        Step,
        kind=st.sampled_from(KINDS),
        who=st.integers(0, len(CONTESTANT_IDS) - 1),
        actor=st.integers(0, len(ACTOR_IDS) - 1),
        pick=st.integers(0, 50),
        delay=st.sampled_from([0.0, 1.0, 7.5, 30.0]),
    )


def mark_ids(state: ContestState) -> list[str]:
    return sorted(cid for cid, record in state.records.items() if record.kind == "mark")


def _correction(step: Step, state: ContestState) -> Command | None:
    targets = sorted([*state.records, *state.corrections])
    if not targets:
        return None
    target = targets[step.pick % len(targets)]
    if step.kind == "void":
        return correction(target, void=True)
    record = state.record(target)
    if record is None or record.kind != "mark":
        return None
    values = VALUES[record.subject_id]
    return correction(target, value=values[step.pick % len(values)])


def _entry_command(step: Step, state: ContestState) -> Command | None:
    who = CONTESTANT_IDS[step.who]
    if step.kind == "mark":
        aspect = sorted(VALUES)[step.pick % len(VALUES)]
        return mark(who, aspect, VALUES[aspect][step.pick % len(VALUES[aspect])])
    if step.kind == "penalty":
        return penalty(who, ("safety", "restart")[step.pick % 2])
    if step.kind == "attempt":
        return attempt(who, ("s1", "s2")[step.pick % 2], ("failed", "cleared")[step.pick % 3 == 0])
    return _correction(step, state)


def step_command(step: Step, state: ContestState) -> tuple[Command | None, Actor]:
    """The command a step stands for, and who sends it."""
    actor = CHIEF if step.kind in ("correct", "void") else referee(ACTOR_IDS[step.actor])
    who = CONTESTANT_IDS[step.who]
    simple: dict[str, tuple[Command, Actor]] = {
        "sign_off": (SignOff(command_id=new_id(), contestant_id=who), CHIEF),
        "withdraw": (Withdraw(command_id=new_id(), contestant_id=who), ORGANIZER),
        "freeze": (Freeze(command_id=new_id()), ORGANIZER),
        "end": (End(command_id=new_id()), ORGANIZER),
        "thaw": (Thaw(command_id=new_id()), ORGANIZER),
        "finalize": (Finalize(command_id=new_id()), ORGANIZER),
    }
    if step.kind in simple:
        return simple[step.kind]
    return _entry_command(step, state), actor


def play(history: Sequence[Event], plan: Sequence[Step]) -> tuple[list[Event], float]:
    """Append what `decide` accepts of `plan` to `history`; also the last minute used."""
    events, state, minutes = list(history), fold(history), 0.0
    for step in plan:
        minutes += step.delay
        command, actor = step_command(step, state)
        if command is None:
            continue
        try:
            accepted = decide(state, command, ctx(actor, minutes))
        except Rejected:
            continue
        events += accepted
        state = fold(accepted, state)
    return events, minutes


@st.composite
def histories(draw: st.DrawFn, max_steps: int = 40) -> list[Event]:
    """A valid history of a started contest with up to `max_steps` random commands."""
    events, _ = play(started(), draw(st.lists(steps(), max_size=max_steps)))
    return events
