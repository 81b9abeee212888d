"""`evolve`: the contest state after one event; `fold`: after many.

A `functools.singledispatch` fold with one small function per event type. Events
are facts already accepted by `decide`; an event that does not fit the state (a
log written by something else) raises `ValueError` rather than being skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import reduce, singledispatch

from pyrsistent import pvector

from judging.domain.events import (
    AttemptRecorded,
    ContestantDisqualified,
    ContestantsRegistered,
    ContestantWithdrew,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestFrozen,
    ContestStarted,
    ContestThawed,
    EntryCorrected,
    EntrySignedOff,
    Event,
    MarkAwarded,
    PenaltyImposed,
    RefereesRegistered,
)
from judging.domain.state import ContestState, EntryState, Record, Version


def evolve(state: ContestState | None, event: Event) -> ContestState:
    """The state after `event` (None before the contest is defined)."""
    if isinstance(event, ContestDefined):
        if state is not None:
            raise ValueError("the contest is already defined")
        return ContestState.of(event.definition)
    if state is None:
        raise ValueError(f"{event.type} before the contest was defined")
    return _apply(event, state)


def fold(events: Iterable[Event], state: ContestState | None = None) -> ContestState:
    """The state after all `events`, starting from `state` (or from nothing)."""
    result = reduce(evolve, events, state)
    if result is None:
        raise ValueError("no events and no state to start from")
    return result


@singledispatch
def _apply(event: object, state: ContestState) -> ContestState:
    raise TypeError(f"no evolve rule for {type(event).__name__}")


def _entry(state: ContestState, contestant_id: str) -> EntryState:
    entry = state.contestants.get(contestant_id)
    if entry is None:
        raise ValueError(f"unknown contestant {contestant_id!r} in the log")
    return entry


def _with_entry(state: ContestState, entry: EntryState) -> ContestState:
    return replace(state, contestants=state.contestants.set(entry.contestant.id, entry))


def _filed(state: ContestState, entry: EntryState, record: Record) -> ContestState:
    """Add a new record to the index and to its contestant's entry."""
    return replace(_with_entry(state, entry), records=state.records.set(record.command_id, record))


@_apply.register
def _contestants(event: ContestantsRegistered, state: ContestState) -> ContestState:
    contestants = state.contestants
    for contestant in event.contestants:
        known = contestants.get(contestant.id)
        entry = EntryState(contestant) if known is None else replace(known, contestant=contestant)
        contestants = contestants.set(contestant.id, entry)
    return replace(state, contestants=contestants)


@_apply.register
def _referees(event: RefereesRegistered, state: ContestState) -> ContestState:
    referees = state.referees.update({referee.id: referee for referee in event.referees})
    return replace(state, referees=referees)


@_apply.register
def _started(event: ContestStarted, state: ContestState) -> ContestState:
    return replace(state, lifecycle=replace(state.lifecycle, started=event.at))


@_apply.register
def _frozen(event: ContestFrozen, state: ContestState) -> ContestState:
    return replace(state, lifecycle=replace(state.lifecycle, frozen=event.at))


@_apply.register
def _ended(event: ContestEnded, state: ContestState) -> ContestState:
    return replace(state, lifecycle=replace(state.lifecycle, ended=event.at))


@_apply.register
def _thawed(event: ContestThawed, state: ContestState) -> ContestState:
    return replace(state, lifecycle=replace(state.lifecycle, thawed=event.at))


@_apply.register
def _finalized(event: ContestFinalized, state: ContestState) -> ContestState:
    return replace(state, lifecycle=replace(state.lifecycle, finalized=event.at))


@_apply.register
def _mark(event: MarkAwarded, state: ContestState) -> ContestState:
    entry = _entry(state, event.contestant_id)
    hidden = state.lifecycle.freezing
    record = Record(
        event.command_id, "mark", event.contestant_id, event.aspect_id, event.referee_id,
        (Version(event.command_id, value=event.value, hidden=hidden),),
    )  # fmt: skip
    ids = entry.marks.get(event.aspect_id, pvector()).append(event.command_id)
    return _filed(state, replace(entry, marks=entry.marks.set(event.aspect_id, ids)), record)


@_apply.register
def _penalty(event: PenaltyImposed, state: ContestState) -> ContestState:
    entry = _entry(state, event.contestant_id)
    hidden = state.lifecycle.freezing
    record = Record(
        event.command_id, "penalty", event.contestant_id, event.penalty_id, event.referee_id,
        (Version(event.command_id, hidden=hidden),),
    )  # fmt: skip
    entry = replace(entry, penalties=entry.penalties.append(event.command_id))
    return _filed(state, entry, record)


def _attempt_hidden(state: ContestState, contest_time: float) -> bool:
    """Recorded while frozen, or made in the freeze window (as a CLICS board freezes)."""
    start = state.freeze_start
    return state.lifecycle.freezing or (start is not None and contest_time >= start)


@_apply.register
def _attempt(event: AttemptRecorded, state: ContestState) -> ContestState:
    entry = _entry(state, event.contestant_id)
    hidden = _attempt_hidden(state, event.contest_time)
    record = Record(
        event.command_id, "attempt", event.contestant_id, event.stage_id, event.referee_id,
        (Version(event.command_id, hidden=hidden),),
        result=event.result, contest_time=event.contest_time, penalty=event.penalty,
    )  # fmt: skip
    ids = entry.attempts.get(event.stage_id, pvector()).append(event.command_id)
    entry = replace(entry, attempts=entry.attempts.set(event.stage_id, ids))
    return _filed(state, entry, record)


@_apply.register
def _corrected(event: EntryCorrected, state: ContestState) -> ContestState:
    original = state.corrections.get(event.supersedes, event.supersedes)
    record = state.records.get(original)
    if record is None:
        raise ValueError(f"correction of unknown entry {event.supersedes!r} in the log")
    version = Version(
        event.command_id, value=event.value, void=event.void, hidden=state.lifecycle.freezing
    )
    return replace(
        state,
        records=state.records.set(original, record.corrected(version)),
        corrections=state.corrections.set(event.command_id, original),
    )


@_apply.register
def _signed_off(event: EntrySignedOff, state: ContestState) -> ContestState:
    return _with_entry(state, replace(_entry(state, event.contestant_id), signed_off=event.at))


@_apply.register
def _disqualified(event: ContestantDisqualified, state: ContestState) -> ContestState:
    entry = _entry(state, event.contestant_id)
    return _with_entry(state, replace(entry, status="disqualified"))


@_apply.register
def _withdrew(event: ContestantWithdrew, state: ContestState) -> ContestState:
    return _with_entry(state, replace(_entry(state, event.contestant_id), status="withdrawn"))
