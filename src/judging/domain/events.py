"""Domain events: frozen facts, one class per type, named in the past tense.

Every event of a contest lives in the stream `contest-<contest id>`. Its `type`
string is the stored event type; `parse_event` turns a stored (type, data) pair back
into its class. Who did it and from which device travels in the store's metadata;
the referee id is also part of the data where the rules depend on it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from judging.domain.definition import ContestDefinition, Model
from judging.domain.roster import Contestant, Referee

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


Event = Annotated[
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
    | EntrySignedOff
    | ContestantDisqualified
    | ContestantWithdrew,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(type_: str, data: dict[str, Any]) -> Event:
    """Rebuild an event from its stored type and data."""
    return EVENT_ADAPTER.validate_python({**data, "type": type_})


def event_data(event: Event) -> dict[str, Any]:
    """The JSON-ready data of an event, without its type (stored separately)."""
    data = event.model_dump(mode="json", by_alias=True, exclude_none=False)
    data.pop("type")
    return data


def stream_id(contest_id: str) -> str:
    return f"contest-{contest_id}"
