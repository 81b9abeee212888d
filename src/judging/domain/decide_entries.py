"""Entry decisions: marks, penalties and stage attempts from referees' tablets."""

from __future__ import annotations

from judging.domain.commands import AwardMark, Context, ImposePenalty, RecordAttempt
from judging.domain.definition import Aspect, MeasurementAspect
from judging.domain.errors import Rejected
from judging.domain.events import AttemptRecorded, Event, MarkAwarded, PenaltyImposed
from judging.domain.guards import (
    require_aspect,
    require_aspect_assigned,
    require_contestant,
    require_no_conflict,
    require_open,
    require_referee,
    require_running,
    require_venue,
)
from judging.domain.marking import value_in_range
from judging.domain.roster import Referee
from judging.domain.state import ContestState, EntryState


def _entry_for(state: ContestState, ctx: Context, contestant_id: str) -> tuple[Referee, EntryState]:
    """The common opening checks: a registered referee, a running contest, a contestant."""
    referee = require_referee(state, ctx)
    require_running(state)
    return referee, require_contestant(state, contestant_id)


def _require_unmarked(
    state: ContestState, referee: Referee, command: AwardMark, aspect: Aspect
) -> None:
    marks = [r for r in state.marks(command.contestant_id, aspect.id) if not r.void]
    if isinstance(aspect, MeasurementAspect):
        if marks:
            raise Rejected(
                "already_measured",
                f"'{aspect.name}' is already measured; ask the chief referee to correct it.",
            )
        return
    if any(record.referee_id == referee.id for record in marks):
        raise Rejected(
            "already_marked",
            f"You have already marked '{aspect.name}'; ask the chief referee to correct it.",
        )
    if len(marks) >= aspect.panel.size:
        raise Rejected(
            "already_marked",
            f"The panel for '{aspect.name}' is complete "
            f"({aspect.panel.size} of {aspect.panel.size} referees have marked).",
        )


def award_mark(command: AwardMark, state: ContestState, ctx: Context) -> list[Event]:
    referee, entry = _entry_for(state, ctx, command.contestant_id)
    aspect = require_aspect(state, command.aspect_id)
    require_venue(referee, entry.contestant)
    require_aspect_assigned(state, referee, aspect.id)
    require_no_conflict(referee, entry.contestant)
    if not value_in_range(command.value, aspect):
        raise Rejected("out_of_range", f"{command.value} is not allowed for '{aspect.name}'.")
    require_open(entry)
    _require_unmarked(state, referee, command, aspect)
    return [
        MarkAwarded(
            command_id=command.command_id,
            contestant_id=command.contestant_id,
            aspect_id=aspect.id,
            referee_id=referee.id,
            value=command.value,
            at=ctx.now,
        )
    ]


def impose_penalty(command: ImposePenalty, state: ContestState, ctx: Context) -> list[Event]:
    referee, entry = _entry_for(state, ctx, command.contestant_id)
    if command.penalty_id not in state.catalog.penalties:
        raise Rejected("unknown_penalty", f"This contest has no penalty '{command.penalty_id}'.")
    require_venue(referee, entry.contestant)
    require_no_conflict(referee, entry.contestant)
    require_open(entry)
    return [
        PenaltyImposed(
            command_id=command.command_id,
            contestant_id=command.contestant_id,
            penalty_id=command.penalty_id,
            referee_id=referee.id,
            reason=command.reason,
            at=ctx.now,
        )
    ]


def _require_not_cleared(state: ContestState, entry: EntryState, stage_id: str) -> None:
    ids = entry.attempts.get(stage_id)
    records = state.records_of(ids) if ids is not None else []
    if any(r.result == "cleared" and not r.void for r in records):
        raise Rejected(
            "already_cleared", f"{entry.contestant.name} has already cleared stage '{stage_id}'."
        )


def _contest_time(state: ContestState, command: RecordAttempt, ctx: Context) -> float:
    """The attempt's time in seconds since the start; by default, now."""
    if command.contest_time is not None:
        return command.contest_time
    started = state.lifecycle.started
    if started is None:  # already refused by require_running; keeps the types exact
        raise Rejected("contest_not_running", "The contest has not started yet.")
    return max(0.0, (ctx.now - started).total_seconds())


def record_attempt(command: RecordAttempt, state: ContestState, ctx: Context) -> list[Event]:
    referee, entry = _entry_for(state, ctx, command.contestant_id)
    if command.stage_id not in state.catalog.stages:
        raise Rejected("unknown_stage", f"This contest has no stage '{command.stage_id}'.")
    require_venue(referee, entry.contestant)
    require_no_conflict(referee, entry.contestant)
    require_open(entry)
    _require_not_cleared(state, entry, command.stage_id)
    return [
        AttemptRecorded(
            command_id=command.command_id,
            contestant_id=command.contestant_id,
            stage_id=command.stage_id,
            referee_id=referee.id,
            result=command.result,
            contest_time=_contest_time(state, command, ctx),
            penalty=command.penalty,
            at=ctx.now,
        )
    ]
