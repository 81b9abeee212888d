"""Commands: what organizers and referees ask for. `decide` accepts or rejects them.

Each command carries a client-made `command_id` (a UUID as a string) so a tablet can
retry it safely; who sends it and when is the `Context`. A command sent again under
its id is the same command only if `command_identity` says so: the same sender, the
same kind and the same fields. The identity also reads back from the first event the
command appended (`recorded_identity`), so a command id used again for another
command is told apart from a resend by any process, without keeping the commands.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from judging.domain import events as ev
from judging.domain.definition import MAX_MINUTES, ContestDefinition, Model, Slug
from judging.domain.roster import Contestant, Referee

CommandId = Annotated[str, Field(min_length=1, max_length=64)]
# The referee id of the marks a candidate's online answers get; no referee may be
# registered under it (`decide`).
ONLINE_REFEREE = "online"
Reason = Annotated[str, Field(max_length=1000)]
# Every number a command brings is finite (`Model`), a JSON number ("2" is refused, not
# read as 2) and bounded: a time here, a value by `decide` (`out_of_range` beyond
# ±MAX_VALUE or the aspect's range), which also checks a time against the contest.
MAX_VALUE = 1e9
MAX_CONTEST_SECONDS = MAX_MINUTES * 60
Value = Annotated[float, Field(strict=True)] | bool
ContestSeconds = Annotated[float, Field(strict=True, ge=0, le=MAX_CONTEST_SECONDS)]


class Actor(Model):
    """Who sends a command: an organizer, a registered referee / chief referee, or a
    candidate (a contestant answering an online assessment; `id` is the contestant's)."""

    id: str
    role: Literal["organizer", "chief", "referee", "candidate"]


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
    contest_time: ContestSeconds | None = None  # seconds since the start; default: now
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


class Reopen(Base):
    """Re-open finalized results (organizer): the contest is ended again."""

    type: Literal["reopen"] = "reopen"
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class Advance(Base):
    """Send this finalized round's advancing contestants on to round `to` (organizer)."""

    type: Literal["advance"] = "advance"
    to: Slug


MAX_ANSWERS = 500
OptionIndex = Annotated[int, Field(strict=True, ge=0, le=1000)]


class SubmitAnswers(Base):
    """A candidate's answers to an online assessment's questions: option index by
    aspect id. For the candidate's own entry (`contestant_id`, filled in from the
    token, must be the candidate's own)."""

    type: Literal["submit_answers"] = "submit_answers"
    contestant_id: Slug | None = None
    answers: Annotated[dict[Slug, OptionIndex], Field(min_length=1, max_length=MAX_ANSWERS)]


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
    | Withdraw
    | Reopen
    | Advance
    | SubmitAnswers,
    Field(discriminator="type"),
]

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)


# -- the identity of a command: who sent what --------------------------------------------

# The first event each kind of command appends.
_RECORDED_AS: Mapping[type[Base], type[ev.ContestEvent]] = {
    DefineContest: ev.ContestDefined,
    RegisterContestants: ev.ContestantsRegistered,
    RegisterReferees: ev.RefereesRegistered,
    Start: ev.ContestStarted,
    Freeze: ev.ContestFrozen,
    End: ev.ContestEnded,
    Thaw: ev.ContestThawed,
    Finalize: ev.ContestFinalized,
    AwardMark: ev.MarkAwarded,
    ImposePenalty: ev.PenaltyImposed,
    RecordAttempt: ev.AttemptRecorded,
    Correct: ev.EntryCorrected,
    RequestCorrection: ev.CorrectionRequested,
    SignOff: ev.EntrySignedOff,
    Disqualify: ev.ContestantDisqualified,
    Withdraw: ev.ContestantWithdrew,
    Reopen: ev.ContestReopened,
    Advance: ev.RoundAdvanced,  # the source round's event (the target's cites it)
}
_KIND_OF: Mapping[type[ev.ContestEvent], type[Base]] = {e: c for c, e in _RECORDED_AS.items()}
# Not compared: the id itself, and what the server fills in (the time, who, an attempt's
# time since the start when the tablet sent none).
_FILLED_IN = frozenset({"command_id", "type", "at", "referee_id", "contest_time"})


def _compared(kind: type[Base]) -> set[str]:
    """The fields a command of `kind` and its first event both carry, as sent."""
    return (set(kind.model_fields) & set(_RECORDED_AS[kind].model_fields)) - _FILLED_IN


def _digest(kind: type[Base], actor_id: str, fields: dict[str, Any]) -> str:
    tag = kind.model_fields["type"].default
    text = json.dumps([tag, actor_id, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def command_identity(command: Command, actor_id: str) -> str:
    """Who sent which command with which fields (not its id), as a short digest.

    `submit_answers` is told apart by its sender alone: its events are the marks of
    its answers (referee `online`), one per question, none holding all it sent."""
    kind = type(command)
    if isinstance(command, SubmitAnswers):
        return _digest(kind, actor_id, {})
    return _digest(kind, actor_id, command.model_dump(mode="json", include=_compared(kind)))


def recorded_identity(event: ev.ContestEvent, actor_id: str) -> str | None:
    """`command_identity` of the command whose first event this is (`actor_id`: who
    sent it, from the event's metadata); None for an event no command appends first.
    A mark of referee `online` is one of a `submit_answers`'s marks."""
    if isinstance(event, ev.MarkAwarded) and event.referee_id == ONLINE_REFEREE:
        return _digest(SubmitAnswers, actor_id, {})
    kind = _KIND_OF.get(type(event))
    if kind is None:
        return None
    return _digest(kind, actor_id, event.model_dump(mode="json", include=_compared(kind)))
