"""Commands: what organizers and referees ask for. `decide` accepts or rejects them.

Each command carries a client-made `command_id` (a UUID as a string) so a tablet can
retry it safely; who sends it and when is the `Context`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from judging.domain.definition import ContestDefinition, Model, Slug
from judging.domain.roster import Contestant, Referee

CommandId = Annotated[str, Field(min_length=1, max_length=64)]
Reason = Annotated[str, Field(max_length=1000)]
Value = float | bool


class Actor(Model):
    """Who sends a command: an organizer, or a registered referee / chief referee."""

    id: str
    role: Literal["organizer", "chief", "referee"]


class Context(Model):
    """What `decide` needs besides state and command: the actor and the server clock."""

    actor: Actor
    now: datetime


class Base(Model):
    command_id: CommandId


class DefineContest(Base):
    type: Literal["define"] = "define"
    definition: ContestDefinition


class RegisterContestants(Base):
    type: Literal["register_contestants"] = "register_contestants"
    contestants: Annotated[list[Contestant], Field(min_length=1)]


class RegisterReferees(Base):
    type: Literal["register_referees"] = "register_referees"
    referees: Annotated[list[Referee], Field(min_length=1)]


class Start(Base):
    type: Literal["start"] = "start"


class Freeze(Base):
    type: Literal["freeze"] = "freeze"


class End(Base):
    type: Literal["end"] = "end"


class Thaw(Base):
    type: Literal["thaw"] = "thaw"


class Finalize(Base):
    type: Literal["finalize"] = "finalize"


class AwardMark(Base):
    type: Literal["award_mark"] = "award_mark"
    contestant_id: Slug
    aspect_id: Slug
    value: Value


class ImposePenalty(Base):
    type: Literal["impose_penalty"] = "impose_penalty"
    contestant_id: Slug
    penalty_id: Slug
    reason: Reason = ""


class RecordAttempt(Base):
    type: Literal["record_attempt"] = "record_attempt"
    contestant_id: Slug
    stage_id: Slug
    result: Literal["cleared", "failed"]
    contest_time: Annotated[float, Field(ge=0)] | None = None  # seconds; default: now
    penalty: bool = True  # False: a failed attempt that costs nothing (CLICS compile error)


class Correct(Base):
    type: Literal["correct"] = "correct"
    supersedes: CommandId
    value: Value | None = None
    void: bool = False
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class RequestCorrection(Base):
    """A referee asks the chief referee to correct one of the referee's own entries."""

    type: Literal["request_correction"] = "request_correction"
    supersedes: CommandId
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class SignOff(Base):
    type: Literal["sign_off"] = "sign_off"
    contestant_id: Slug


class Disqualify(Base):
    type: Literal["disqualify"] = "disqualify"
    contestant_id: Slug
    reason: Reason = ""


class Withdraw(Base):
    type: Literal["withdraw"] = "withdraw"
    contestant_id: Slug
    reason: Reason = ""


Command = Annotated[
    DefineContest
    | RegisterContestants
    | RegisterReferees
    | Start
    | Freeze
    | End
    | Thaw
    | Finalize
    | AwardMark
    | ImposePenalty
    | RecordAttempt
    | Correct
    | RequestCorrection
    | SignOff
    | Disqualify
    | Withdraw,
    Field(discriminator="type"),
]

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)
