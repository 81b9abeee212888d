"""Domain events, and the one mapper between every event family and the store.

Events are frozen facts, one class per type, named in the past tense. Every event
of a contest lives in the stream `contest-<contest id>`; position standards
(`judging.domain.standards`) and access tokens (`judging.domain.access`) have their
own streams and classes. One registry maps each stored `type` string to its class:
`encode(event)` gives the (type, data) pair the store keeps, `decode(type, data)`
the event back, whatever its family. Who did it and from which device travels in
the store's metadata; the referee id is also part of the data where the rules
depend on it.

Schema versions: a type whose shape changed after events of it were stored has a
current version above 1 (`SCHEMA_VERSIONS`), and `encode` writes it in the data as
`schema_version`; stored data without it is version 1, the shape as first written.
On read, `decode` runs the type's upcasters (`UPCASTERS`, one per version step) to
bring the data to the current shape. Data that no upcaster can bring there (a
version from the future, a shape nobody registered) raises `UnreadableEvent`, a
ValueError naming the type, the log position when the caller gives it, and why.

Reading events on a hot path (a fold of every event of a long contest): an event is
a pydantic model, and a pydantic model defines `__getattr__`, so each attribute read
goes through CPython's slow hook for it (three type lookups, never specialized), and
so does every `isinstance` of an event that fails (it asks the instance for its
`__class__`: 145 ns here against 29 for `type(event) is C`). Such paths read an
event's fields once from its `__dict__`, where pydantic keeps a model's field
values, and tell events apart by exact class (`type(event) is C`, or a table by
class): event classes are final, no class derives from one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, ValidationError

from judging.domain.access import AccessEvent, TokenIssued, TokenRevoked
from judging.domain.definition import ContestDefinition, Model
from judging.domain.evaluation import CAMPAIGN_EVENTS, CampaignEvent
from judging.domain.meet import MEET_EVENTS, MeetStreamEvent
from judging.domain.mentoring import PROGRAMME_EVENTS, ProgrammeEvent
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


class AwardGiven(Model):
    """One award of the official result: who, which tier, at which place."""

    contestant_id: str
    award_id: str
    rank: int


class AwardsPublished(Model):
    """The awards of the finalized result (appended by `finalize` when the definition
    has awards; an empty list too). A later one, after a re-open, replaces it."""

    type: Literal["awards_published"] = "awards_published"
    awards: list[AwardGiven]
    at: datetime


class ContestReopened(Model):
    """The organizer re-opens finalized results: the contest is ended again, so
    corrections are allowed until it is finalized again."""

    type: Literal["contest_reopened"] = "contest_reopened"
    reason: str
    at: datetime


class AdvancementCut(Model):
    """Where the cut fell: the last advancing place and its score (None: nobody)."""

    place: int | None = None
    score: float | None = None


class RoundAdvanced(Model):
    """In the source round's stream: who of this round goes on to contest `to`."""

    type: Literal["round_advanced"] = "round_advanced"
    to: str
    contestants: list[str]
    cut: AdvancementCut | None = None
    at: datetime


class ContestantsAdvanced(Model):
    """In the target round's stream: the contestants that `from_contest` sent on
    (citing its `round_advanced` event's log position); registers them, replacing the
    set an earlier advancement from the same contest brought."""

    type: Literal["contestants_advanced"] = "contestants_advanced"
    from_contest: str
    from_position: int
    contestants: list[Contestant]


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
    | AwardsPublished
    | ContestReopened
    | RoundAdvanced
    | ContestantsAdvanced
)
Event = Annotated[ContestEvent, Field(discriminator="type")]  # a contest stream's event
DomainEvent = (  # any stream's event
    ContestEvent | StandardDefined | AccessEvent | ProgrammeEvent | CampaignEvent | MeetStreamEvent
)

CONTEST_EVENTS: tuple[type[ContestEvent], ...] = get_args(ContestEvent)
REGISTRY: Mapping[str, type[DomainEvent]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        *CONTEST_EVENTS,
        StandardDefined,
        TokenIssued,
        TokenRevoked,
        *PROGRAMME_EVENTS,
        *CAMPAIGN_EVENTS,
        *MEET_EVENTS,
    )
}


Data = dict[str, Any]
Upcaster = Callable[[Data], Data]
VERSION_KEY = "schema_version"


def _attempt_v1(data: Data) -> Data:
    """attempt_recorded 1 -> 2: `penalty` added; every attempt of version 1 cost time."""
    return {**data, "penalty": True}


def _correction_v1(data: Data) -> Data:
    """entry_corrected 1 -> 2: `contestant_id` added; version 1 did not name it."""
    return {**data, "contestant_id": None}


# The current version of each type whose shape changed (every other type is at 1)...
SCHEMA_VERSIONS: Mapping[str, int] = {"attempt_recorded": 2, "entry_corrected": 2}
# ...and the upcaster from (type, version) to version + 1.
UPCASTERS: Mapping[tuple[str, int], Upcaster] = {
    ("attempt_recorded", 1): _attempt_v1,
    ("entry_corrected", 1): _correction_v1,
}


class UnknownEventType(LookupError):
    """A stored type this version does not know, or one of another stream's family."""

    def __init__(self, type_: str, position: int | None = None) -> None:
        where = f" at position {position}" if position is not None else ""
        super().__init__(f"unknown event type {type_!r}{where}")
        self.type, self.position = type_, position


class UnreadableEvent(ValueError):
    """Stored data that neither decodes nor upcasts to its type's current shape."""

    def __init__(self, type_: str, reason: str, position: int | None = None) -> None:
        where = f"the event at position {position}" if position is not None else "an event"
        super().__init__(f"{where} ({type_}) cannot be read: {reason}")
        self.type, self.reason, self.position = type_, reason, position


def encode(event: DomainEvent) -> tuple[str, dict[str, Any]]:
    """The stored type and JSON-ready data of an event (the type is not in the data)."""
    data = event.model_dump(mode="json", by_alias=True, exclude={"type"})
    version = SCHEMA_VERSIONS.get(event.type, 1)
    return event.type, {**data, VERSION_KEY: version} if version > 1 else data


def upcast(type_: str, data: Mapping[str, Any]) -> Data:
    """The stored data brought to the type's current version (without its version key)."""
    current = dict(data)
    version = current.pop(VERSION_KEY, 1)
    latest = SCHEMA_VERSIONS.get(type_, 1)
    if not isinstance(version, int) or not 1 <= version <= latest:
        raise UnreadableEvent(type_, f"schema version {version!r} (this code reads 1..{latest})")
    for step in range(version, latest):
        current = UPCASTERS[(type_, step)](current)
    return current


def decode(type_: str, data: Mapping[str, Any], *, position: int | None = None) -> DomainEvent:
    """The event stored as (type, data), of any family, upcast to its current shape;
    `UnknownEventType` for a type not known, `UnreadableEvent` for data that is not."""
    cls = REGISTRY.get(type_)
    if cls is None:
        raise UnknownEventType(type_, position)
    try:
        return cls.model_validate({**upcast(type_, data), "type": type_})
    except UnreadableEvent as error:
        raise UnreadableEvent(type_, error.reason, position) from None
    except ValidationError as error:
        raise UnreadableEvent(type_, _explain(error), position) from None


def _explain(error: ValidationError) -> str:
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or 'data'}: {item['msg']}"
        for item in error.errors()[:3]
    ]
    more = f" (and {error.error_count() - 3} more)" if error.error_count() > 3 else ""
    return "; ".join(problems) + more


def parse_event(
    type_: str, data: Mapping[str, Any], *, position: int | None = None
) -> ContestEvent:
    """`decode` for a contest stream, where only contest events are expected."""
    event = decode(type_, data, position=position)
    if not isinstance(event, CONTEST_EVENTS):
        raise UnknownEventType(type_, position)
    return event


def event_data(event: DomainEvent) -> dict[str, Any]:
    """The data half of `encode`."""
    return encode(event)[1]


def stream_id(contest_id: str) -> str:
    return f"contest-{contest_id}"
