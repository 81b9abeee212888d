"""Decisions on a contestant's standing: corrections, sign-off, disqualify, withdraw.

Corrections: `supersedes` names the command id of the original mark, penalty or
attempt, or of an earlier correction of it; either way the correction applies to
the original entry and the latest correction wins. Marks take a new `value` or
`void`; penalties and attempts can only be voided. Corrections are accepted from
the start until the results are finalized, also after the contest ended.
"""

from __future__ import annotations

from judging.domain.commands import Context, Correct, Disqualify, SignOff, Withdraw
from judging.domain.errors import Rejected
from judging.domain.events import (
    ContestantDisqualified,
    ContestantWithdrew,
    EntryCorrected,
    EntrySignedOff,
    Event,
)
from judging.domain.guards import require_chief, require_contestant, require_organizer_or_chief
from judging.domain.marking import value_in_range
from judging.domain.state import ContestState, EntryState, Record


def _require_target(state: ContestState, command: Correct) -> Record:
    record = state.record(command.supersedes)
    if record is None:
        raise Rejected(
            "unknown_command", f"There is no mark, penalty or attempt {command.supersedes}."
        )
    return record


def _check_change(state: ContestState, command: Correct, record: Record) -> None:
    if command.void == (command.value is not None):
        raise Rejected("invalid_correction", "A correction gives either a new value or void.")
    if command.void and record.void:
        raise Rejected("invalid_correction", "This entry is already void.")
    if command.value is None:
        return
    if record.kind != "mark":
        raise Rejected("not_correctable", f"A {record.kind} can only be voided, not changed.")
    aspect = state.catalog.aspects[record.subject_id]
    if not value_in_range(command.value, aspect):
        raise Rejected("out_of_range", f"{command.value} is not allowed for '{aspect.name}'.")


def correct(command: Correct, state: ContestState, ctx: Context) -> list[Event]:
    chief = require_chief(state, ctx, "correct an entry")
    record = _require_target(state, command)
    _check_change(state, command, record)
    entry = state.contestants[record.contestant_id]
    if entry.locked:
        raise Rejected("entry_locked", f"{entry.contestant.name}'s entry is signed off.")
    return [
        EntryCorrected(
            command_id=command.command_id,
            supersedes=command.supersedes,
            referee_id=chief.id,
            contestant_id=record.contestant_id,
            value=command.value,
            void=command.void,
            reason=command.reason,
            at=ctx.now,
        )
    ]


def sign_off(command: SignOff, state: ContestState, ctx: Context) -> list[Event]:
    chief = require_chief(state, ctx, "sign off an entry")
    entry = require_contestant(state, command.contestant_id)
    if entry.locked:
        raise Rejected("entry_locked", f"{entry.contestant.name}'s entry is already signed off.")
    return [EntrySignedOff(contestant_id=command.contestant_id, referee_id=chief.id, at=ctx.now)]


def _require_active(entry: EntryState) -> None:
    if entry.status != "active":
        raise Rejected("contestant_out", f"{entry.contestant.name} is already {entry.status}.")


def disqualify(command: Disqualify, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer_or_chief(state, ctx, "disqualify a contestant")
    entry = require_contestant(state, command.contestant_id)
    _require_active(entry)
    return [
        ContestantDisqualified(
            contestant_id=command.contestant_id, reason=command.reason, at=ctx.now
        )
    ]


def withdraw(command: Withdraw, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer_or_chief(state, ctx, "withdraw a contestant")
    entry = require_contestant(state, command.contestant_id)
    _require_active(entry)
    return [
        ContestantWithdrew(contestant_id=command.contestant_id, reason=command.reason, at=ctx.now)
    ]
