"""Mentor–apprentice programmes: pairs, agreements, periodic assessments, mentor credit.

A programme lives in its own stream, `programme-<id>`. It names its assessment
periods and the weights of the three parts of an assessment (KPI performance,
personal improvement, attitude); the weights are normalized, so only their ratios
matter. Pairs are formed beneath it (a mentor and an apprentice, by worker id, with
a start date and goals); a pair's agreement is signed before it is assessed; each
period is assessed once per pair (a re-assessment is a correction, said so in the
event); a pair ends `completed` or `ended_early`, and nothing changes it after that.

Mentor credit is its own module (`judging.domain.mentor_credit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from judging.domain.definition import Model, Name, Slug
from judging.domain.errors import Rejected

STREAM_PREFIX = "programme-"

WorkerId = Annotated[str, Field(min_length=1, max_length=64)]
Score = Annotated[float, Field(strict=False, ge=0, le=100)]
Weight = Annotated[float, Field(ge=0, le=1e6)]
CommandId = Annotated[str, Field(min_length=1, max_length=64)]
Goal = Annotated[str, Field(min_length=1, max_length=500)]
Outcome = Literal["completed", "ended_early"]
PairState = Literal["formed", "active", "completed", "ended_early"]
PARTS = ("kpi", "improvement", "attitude")


def programme_stream(programme_id: str) -> str:
    return f"{STREAM_PREFIX}{programme_id}"


class Weights(Model):
    """The weight of each part of an assessment (>= 0, not all 0; normalized on use)."""

    kpi: Weight = 1.0
    improvement: Weight = 1.0
    attitude: Weight = 1.0

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if self.kpi + self.improvement + self.attitude <= 0:
            raise ValueError("the weights must not all be 0")
        return self

    def normalized(self) -> dict[str, float]:
        total = self.kpi + self.improvement + self.attitude
        return {part: getattr(self, part) / total for part in PARTS}

    def score(self, kpi: float, improvement: float, attitude: float) -> float:
        """The weighted score, 0..100, of one assessment's three parts."""
        share = self.normalized()
        parts = {"kpi": kpi, "improvement": improvement, "attitude": attitude}
        return sum(share[part] * parts[part] for part in PARTS)


class Period(Model):
    id: Slug
    name: Name


class Person(Model):
    """A mentor or an apprentice: a worker id, with what the pools show of them."""

    worker_id: WorkerId
    name: Annotated[str | None, Field(max_length=200)] = None
    organization: Annotated[str | None, Field(max_length=200)] = None


def _unique_periods(periods: list[Period]) -> list[Period]:
    ids = [period.id for period in periods]
    if len(set(ids)) != len(ids):
        raise ValueError("period ids must be unique")
    return periods


# Commands -------------------------------------------------------------------------


class DefineProgramme(Model):
    type: Literal["define_programme"] = "define_programme"
    command_id: CommandId
    id: Slug
    title: Name
    organization: Annotated[str | None, Field(max_length=200)] = None
    weights: Weights = Weights()
    periods: Annotated[list[Period], Field(min_length=1, max_length=120)]
    max_apprentices: Annotated[int | None, Field(ge=1, le=1000)] = None  # per mentor, at once

    @model_validator(mode="after")
    def _periods(self) -> DefineProgramme:
        _unique_periods(self.periods)
        return self


class FormPair(Model):
    type: Literal["form_pair"] = "form_pair"
    command_id: CommandId
    pair_id: Slug | None = None  # None: the next free `pair-<n>`
    mentor: Person
    apprentice: Person
    start: date
    goals: Annotated[tuple[Goal, ...], Field(max_length=50)] = ()


class SignAgreement(Model):
    type: Literal["sign_agreement"] = "sign_agreement"
    command_id: CommandId
    pair_id: Slug
    signed_on: date


class AssessPair(Model):
    """One period's assessment; `correct` replaces the period's earlier one."""

    type: Literal["assess_pair"] = "assess_pair"
    command_id: CommandId
    pair_id: Slug
    period: Slug
    kpi: Score
    improvement: Score
    attitude: Score
    assessor: WorkerId
    assessed_on: date
    correct: bool = False
    reason: Annotated[str | None, Field(max_length=500)] = None


class EndPair(Model):
    type: Literal["end_pair"] = "end_pair"
    command_id: CommandId
    pair_id: Slug
    outcome: Outcome
    on: date
    reason: Annotated[str | None, Field(max_length=500)] = None


ProgrammeCommand = DefineProgramme | FormPair | SignAgreement | AssessPair | EndPair


# Events ---------------------------------------------------------------------------


class ProgrammeDefined(Model):
    type: Literal["programme_defined"] = "programme_defined"
    id: Slug
    title: Name
    organization: str | None = None
    weights: Weights
    periods: list[Period]
    max_apprentices: int | None = None


class PairFormed(Model):
    type: Literal["pair_formed"] = "pair_formed"
    pair_id: Slug
    mentor: Person
    apprentice: Person
    start: date
    goals: list[str]


class PairAgreementSigned(Model):
    type: Literal["pair_agreement_signed"] = "pair_agreement_signed"
    pair_id: Slug
    signed_on: date


class PairAssessed(Model):
    """A period's assessment; `corrects`: it replaces the period's earlier one."""

    type: Literal["pair_assessed"] = "pair_assessed"
    pair_id: Slug
    period: Slug
    kpi: float
    improvement: float
    attitude: float
    score: float  # weighted with the programme's weights
    assessor: str
    assessed_on: date
    corrects: bool = False
    reason: str | None = None


class PairEnded(Model):
    type: Literal["pair_ended"] = "pair_ended"
    pair_id: Slug
    outcome: Outcome
    on: date
    reason: str | None = None


ProgrammeEvent = ProgrammeDefined | PairFormed | PairAgreementSigned | PairAssessed | PairEnded
PROGRAMME_EVENTS: tuple[type[ProgrammeEvent], ...] = (
    ProgrammeDefined,
    PairFormed,
    PairAgreementSigned,
    PairAssessed,
    PairEnded,
)


# State ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    mentor: Person
    apprentice: Person
    start: date
    goals: tuple[str, ...]
    signed_on: date | None = None
    outcome: Outcome | None = None
    ended_on: date | None = None
    assessments: Mapping[str, PairAssessed] = field(default_factory=dict)

    @property
    def state(self) -> PairState:
        if self.outcome is not None:
            return self.outcome
        return "active" if self.signed_on is not None else "formed"


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme's state; `definition` is None before the stream has one."""

    definition: ProgrammeDefined | None = None
    pairs: Mapping[str, Pair] = field(default_factory=dict)


EMPTY = Programme()


def evolve(state: Programme, event: ProgrammeEvent) -> Programme:
    if isinstance(event, ProgrammeDefined):
        return replace(state, definition=event)
    if isinstance(event, PairFormed):
        pair = Pair(event.pair_id, event.mentor, event.apprentice, event.start, tuple(event.goals))
        return _with_pair(state, pair)
    pair = state.pairs[event.pair_id]
    if isinstance(event, PairAgreementSigned):
        return _with_pair(state, replace(pair, signed_on=event.signed_on))
    if isinstance(event, PairAssessed):
        assessments = {**pair.assessments, event.period: event}
        return _with_pair(state, replace(pair, assessments=assessments))
    return _with_pair(state, replace(pair, outcome=event.outcome, ended_on=event.on))


def _with_pair(state: Programme, pair: Pair) -> Programme:
    return replace(state, pairs={**state.pairs, pair.id: pair})


def fold(events: Iterable[ProgrammeEvent], state: Programme = EMPTY) -> Programme:
    for event in events:
        state = evolve(state, event)
    return state


# Decisions ------------------------------------------------------------------------


def decide(state: Programme, command: ProgrammeCommand) -> list[ProgrammeEvent]:
    """The events a command appends to the programme's stream, or `Rejected`."""
    if isinstance(command, DefineProgramme):
        return [_define(state, command)]
    definition = _defined(state)
    if isinstance(command, FormPair):
        return [_form(state, definition, command)]
    pair = _open_pair(state, command.pair_id)
    if isinstance(command, SignAgreement):
        return [_sign(pair, command)]
    if isinstance(command, AssessPair):
        return [_assess(definition, pair, command)]
    return [_end(pair, command)]


def _define(state: Programme, command: DefineProgramme) -> ProgrammeDefined:
    if state.definition is not None:
        raise Rejected("programme_already_defined", f"programme {command.id!r} is already defined")
    return ProgrammeDefined(
        id=command.id,
        title=command.title,
        organization=command.organization,
        weights=command.weights,
        periods=command.periods,
        max_apprentices=command.max_apprentices,
    )


def _defined(state: Programme) -> ProgrammeDefined:
    if state.definition is None:
        raise Rejected("programme_unknown", "no such programme; define it first")
    return state.definition


def _form(state: Programme, definition: ProgrammeDefined, command: FormPair) -> PairFormed:
    mentor, apprentice = command.mentor.worker_id, command.apprentice.worker_id
    if mentor == apprentice:
        raise Rejected("same_worker", "a worker cannot be their own mentor")
    pair_id = command.pair_id or _next_pair_id(state)
    if pair_id in state.pairs:
        raise Rejected("pair_already_exists", f"pair {pair_id!r} already exists")
    open_pairs = [pair for pair in state.pairs.values() if pair.outcome is None]
    if any(
        p.mentor.worker_id == mentor and p.apprentice.worker_id == apprentice for p in open_pairs
    ):
        raise Rejected(
            "pair_already_exists",
            f"{mentor!r} already mentors {apprentice!r} in this programme",
        )
    limit = definition.max_apprentices
    if limit is not None and sum(p.mentor.worker_id == mentor for p in open_pairs) >= limit:
        raise Rejected(
            "mentor_busy", f"{mentor!r} already mentors {limit} apprentice(s) in this programme"
        )
    return PairFormed(
        pair_id=pair_id,
        mentor=command.mentor,
        apprentice=command.apprentice,
        start=command.start,
        goals=list(command.goals),
    )


def _next_pair_id(state: Programme) -> str:
    number = len(state.pairs) + 1
    while f"pair-{number}" in state.pairs:
        number += 1
    return f"pair-{number}"


def _open_pair(state: Programme, pair_id: str) -> Pair:
    pair = state.pairs.get(pair_id)
    if pair is None:
        raise Rejected("pair_unknown", f"no pair {pair_id!r} in this programme")
    if pair.outcome is not None:
        raise Rejected("pair_ended", f"pair {pair_id!r} has ended ({pair.outcome})")
    return pair


def _sign(pair: Pair, command: SignAgreement) -> PairAgreementSigned:
    if pair.signed_on is not None:
        raise Rejected(
            "agreement_already_signed", f"the agreement of pair {pair.id!r} is already signed"
        )
    return PairAgreementSigned(pair_id=pair.id, signed_on=command.signed_on)


def _assess(definition: ProgrammeDefined, pair: Pair, command: AssessPair) -> PairAssessed:
    if pair.signed_on is None:
        raise Rejected(
            "agreement_required", f"sign the agreement of pair {pair.id!r} before assessing it"
        )
    if command.period not in {period.id for period in definition.periods}:
        raise Rejected("period_unknown", f"no period {command.period!r} in this programme")
    assessed = command.period in pair.assessments
    if assessed and not command.correct:
        raise Rejected(
            "already_assessed",
            f"period {command.period!r} of pair {pair.id!r} is already assessed; "
            "send a correction to change it",
        )
    if command.correct and not assessed:
        raise Rejected(
            "nothing_to_correct",
            f"period {command.period!r} of pair {pair.id!r} has no assessment to correct",
        )
    score = definition.weights.score(command.kpi, command.improvement, command.attitude)
    return PairAssessed(
        pair_id=pair.id,
        period=command.period,
        kpi=command.kpi,
        improvement=command.improvement,
        attitude=command.attitude,
        score=round(score, 4),
        assessor=command.assessor,
        assessed_on=command.assessed_on,
        corrects=command.correct,
        reason=command.reason,
    )


def _end(pair: Pair, command: EndPair) -> PairEnded:
    if command.on < pair.start:
        raise Rejected("end_before_start", f"pair {pair.id!r} started on {pair.start}")
    return PairEnded(pair_id=pair.id, outcome=command.outcome, on=command.on, reason=command.reason)
