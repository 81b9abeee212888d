"""Domain events, and the one mapper between every event family and the store.

Events are frozen facts, one class per type, named in the past tense. Every event
of a contest lives in the stream `contest-<contest id>`; position standards
(`judging.domain.standards`) and access tokens (`judging.domain.access`) have their
own streams and classes. One registry maps each stored `type` string to its class:
`encode(event)` gives the (type, data) pair the store keeps, `decode(type, data)`
the event back, whatever its family. Who did it and from which device travels in
the store's metadata; the referee id is also part of the data where the rules
depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from judging.domain.access import AccessEvent, TokenIssued, TokenRevoked
from judging.domain.definition import ContestDefinition, Model
from judging.domain.roster import Contestant, Referee
from judging.domain.standards import StandardDefined

Value = float | bool


class ContestDefined(Model):
    type: Literal["contest_defined"] = "contest_defined"
    definition: ContestDefinition


class ContestantsRegistered(Model):
    """Adds contestants or replaces the details of already registered ones."""

    type: Literal["contestants_registered"] = "contestants_registered"
    contestants: list[Contestant]


class RefereesRegistered(Model):
    type: Literal["referees_registered"] = "referees_registered"
    referees: list[Referee]


class ContestStarted(Model):
    type: Literal["contest_started"] = "contest_started"
    at: datetime


class ContestFrozen(Model):
    type: Literal["contest_frozen"] = "contest_frozen"
    at: datetime


class ContestEnded(Model):
    type: Literal["contest_ended"] = "contest_ended"
    at: datetime


class ContestThawed(Model):
    type: Literal["contest_thawed"] = "contest_thawed"
    at: datetime


class ContestFinalized(Model):
    type: Literal["contest_finalized"] = "contest_finalized"
    at: datetime


class MarkAwarded(Model):
    """A referee's value for one aspect of one contestant (a level, a measure or a mark)."""

    type: Literal["mark_awarded"] = "mark_awarded"
    command_id: str
    contestant_id: str
    aspect_id: str
    referee_id: str
    value: Value
    at: datetime


class PenaltyImposed(Model):
    type: Literal["penalty_imposed"] = "penalty_imposed"
    command_id: str
    contestant_id: str
    penalty_id: str
    referee_id: str
    reason: str
    at: datetime


class AttemptRecorded(Model):
    """A stage attempt; `contest_time` is seconds since the contest started."""

    type: Literal["attempt_recorded"] = "attempt_recorded"
    command_id: str
    contestant_id: str
    stage_id: str
    referee_id: str
    result: Literal["cleared", "failed"]
    contest_time: Annotated[float, Field(ge=0)]
    penalty: bool = True  # False: a failed attempt that costs nothing (CLICS compile error)
    at: datetime


class EntryCorrected(Model):
    """A chief referee's correction of an earlier mark, penalty or attempt.

    `supersedes` is the command id of the entry corrected (which may itself be a
    correction); either `value` replaces its value or `void` removes it.
    """

    type: Literal["entry_corrected"] = "entry_corrected"
    command_id: str
    supersedes: str
    referee_id: str
    contestant_id: str | None = None  # the corrected entry's contestant (added by decide)
    value: Value | None = None
    void: bool = False
    reason: str
    at: datetime


class CorrectionRequested(Model):
    """A referee asks the chief referee to correct one of the referee's own entries.

    `supersedes` names the entry as the referee sent it (its command id, or that of a
    correction of it); the chief's desk lists the request until the entry is corrected.
    Nothing is scored differently until the chief corrects it.
    """

    type: Literal["correction_requested"] = "correction_requested"
    command_id: str
    supersedes: str
    contestant_id: str
    referee_id: str
    reason: str
    at: datetime


class EntrySignedOff(Model):
    """A chief referee locks a contestant's entry: no more marks or corrections."""

    type: Literal["entry_signed_off"] = "entry_signed_off"
    contestant_id: str
    referee_id: str
    at: datetime


class ContestantDisqualified(Model):
    type: Literal["contestant_disqualified"] = "contestant_disqualified"
    contestant_id: str
    reason: str
    at: datetime


class ContestantWithdrew(Model):
    type: Literal["contestant_withdrew"] = "contestant_withdrew"
    contestant_id: str
    reason: str
    at: datetime


ContestEvent = (
    ContestDefined
    | ContestantsRegistered
    | RefereesRegistered
    | ContestStarted
    | ContestFrozen
    | ContestEnded
    | ContestThawed
    | ContestFinalized
    | MarkAwarded
    | PenaltyImposed
    | AttemptRecorded
    | EntryCorrected
    | CorrectionRequested
    | EntrySignedOff
    | ContestantDisqualified
    | ContestantWithdrew
)
Event = Annotated[ContestEvent, Field(discriminator="type")]  # a contest stream's event
DomainEvent = ContestEvent | StandardDefined | AccessEvent  # any stream's event

CONTEST_EVENTS: tuple[type[ContestEvent], ...] = get_args(ContestEvent)
REGISTRY: Mapping[str, type[DomainEvent]] = {
    cls.model_fields["type"].default: cls
    for cls in (*CONTEST_EVENTS, StandardDefined, TokenIssued, TokenRevoked)
}


class UnknownEventType(LookupError):
    """A stored type this version does not know, or one of another stream's family."""

    def __init__(self, type_: str) -> None:
        super().__init__(f"unknown event type {type_!r}")
        self.type = type_


def encode(event: DomainEvent) -> tuple[str, dict[str, Any]]:
    """The stored type and JSON-ready data of an event (the type is not in the data)."""
    return event.type, event.model_dump(mode="json", by_alias=True, exclude={"type"})


def decode(type_: str, data: Mapping[str, Any]) -> DomainEvent:
    """The event stored as (type, data), of any family; `UnknownEventType` otherwise."""
    cls = REGISTRY.get(type_)
    if cls is None:
        raise UnknownEventType(type_)
    return cls.model_validate({**data, "type": type_})


def parse_event(type_: str, data: Mapping[str, Any]) -> ContestEvent:
    """`decode` for a contest stream, where only contest events are expected."""
    event = decode(type_, data)
    if not isinstance(event, CONTEST_EVENTS):
        raise UnknownEventType(type_)
    return event


def event_data(event: DomainEvent) -> dict[str, Any]:
    """The data half of `encode`."""
    return encode(event)[1]


def stream_id(contest_id: str) -> str:
    return f"contest-{contest_id}"
