"""`decide`: accept a command as events, or refuse it with `Rejected`.

Pure: the state is only read, time comes from `ctx.now`, and the actor from
`ctx.actor`. Once the results are finalized, every command is refused but `reopen`
(the organizer re-opens them: ended again, corrections allowed, finalize again) and
`advance` (decided across two rounds by `decide_advance`). One small
function per command, registered on a `functools.singledispatch`; the checks they
share (`require_...`) come first.

Lifecycle (organizers only): start once; freeze while running (optional); end while
running; thaw while frozen or after the end; finalize after the end, and after the
thaw if the contest was frozen. Anything else is an `invalid_transition`.

Roster: re-registering an id replaces that contestant's or referee's details.

Corrections: `supersedes` names the command id of the original mark, penalty or
attempt, or of an earlier correction of it; either way the correction applies to the
original entry and the latest correction wins. Marks take a new `value` or `void`;
penalties and attempts can only be voided. Corrections are accepted from the start
until the results are finalized, also after the contest ended. A referee may ask for
a correction of the referee's own entry (`request_correction`); only the chief's
`correct` changes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import singledispatch
from typing import Any

from judging.domain import events as ev
from judging.domain.advancement import advancing
from judging.domain.awards import compute_awards
from judging.domain.commands import (
    MAX_VALUE,
    ONLINE_REFEREE,
    Advance,
    AwardMark,
    Command,
    Context,
    Correct,
    DefineContest,
    Disqualify,
    End,
    Finalize,
    Freeze,
    ImposePenalty,
    RecordAttempt,
    RegisterContestants,
    RegisterReferees,
    Reopen,
    RequestCorrection,
    SignOff,
    Start,
    SubmitAnswers,
    Thaw,
    Withdraw,
)
from judging.domain.definition import Aspect, MeasurementAspect
from judging.domain.errors import Rejected, RejectionCode
from judging.domain.events import Event
from judging.domain.evolve import evolve
from judging.domain.marking import value_in_range
from judging.domain.online import decide_answers
from judging.domain.roster import Referee, organization_key
from judging.domain.state import ContestState, EntryState, Lifecycle, LifecycleEvent, Record
from judging.domain.validation import award_and_advancement_problems, duplicate_id_problems


def decide(state: ContestState | None, command: Command, ctx: Context) -> list[Event]:
    """The events that accepting `command` appends; raises `Rejected` to refuse it."""
    if ctx.actor.role == "candidate" and not isinstance(command, SubmitAnswers):
        raise Rejected("forbidden", "A candidate may only answer the assessment's questions.")
    if isinstance(command, DefineContest):
        return _define(command, state, ctx)
    if state is None:
        raise Rejected("contest_not_defined", "There is no such contest yet.")
    if state.lifecycle.finalized is not None and not isinstance(command, Reopen | Advance):
        raise Rejected(
            "contest_finalized",
            "The results are final; nothing can change now (an organizer may re-open them).",
        )
    if isinstance(command, AwardMark | ImposePenalty | RecordAttempt | Correct):
        _require_new_command(state, command.command_id)
    return _decide(command, state, ctx)


@singledispatch
def _decide(command: object, state: ContestState, ctx: Context) -> list[Event]:
    raise TypeError(f"no decision rule for {type(command).__name__}")


# -- who may act ------------------------------------------------------------------------


def _require_organizer(ctx: Context, action: str) -> None:
    if ctx.actor.role != "organizer":
        raise Rejected("forbidden", f"Only an organizer may {action}.")


def _require_referee(state: ContestState, ctx: Context) -> Referee:
    """The registered referee (or chief referee) sending the command."""
    referee = state.referees.get(ctx.actor.id)
    if ctx.actor.role == "organizer" or referee is None:
        raise Rejected("forbidden", "Only a referee registered for this contest may do this.")
    return referee


def _require_chief(state: ContestState, ctx: Context, action: str) -> Referee:
    referee = state.referees.get(ctx.actor.id)
    if ctx.actor.role != "chief" or referee is None or referee.role != "chief":
        raise Rejected("forbidden", f"Only a chief referee of this contest may {action}.")
    return referee


def _require_new_command(state: ContestState, command_id: str) -> None:
    if state.knows_command(command_id):
        raise Rejected(
            "duplicate_command", f"Command {command_id} was already recorded; nothing to do."
        )


# -- the contest's lifecycle ------------------------------------------------------------


_STEPS: dict[type[Command], tuple[str, type[LifecycleEvent]]] = {
    Start: ("start the contest", ev.ContestStarted),
    Freeze: ("freeze the board", ev.ContestFrozen),
    End: ("end the contest", ev.ContestEnded),
    Thaw: ("thaw the board", ev.ContestThawed),
    Finalize: ("finalize the results", ev.ContestFinalized),
}


@_decide.register
def _lifecycle(
    command: Start | Freeze | End | Thaw | Finalize, state: ContestState, ctx: Context
) -> list[Event]:
    action, event = _STEPS[type(command)]
    _require_organizer(ctx, action)
    refusal = _refusal(command, state.lifecycle)
    if refusal is not None:
        raise Rejected("invalid_transition", refusal)
    step = event(at=ctx.now)
    if isinstance(step, ev.ContestFinalized) and state.definition.awards:
        final = evolve(state, step)  # the official result: the public view once final
        return [step, ev.AwardsPublished(awards=compute_awards(final), at=ctx.now)]
    return [step]


# -- re-opening final results, and rounds -----------------------------------------------


@_decide.register
def _reopen(command: Reopen, state: ContestState, ctx: Context) -> list[Event]:
    """Finalized results become ended results again: corrections are allowed, then a
    new finalize (and new awards). The earlier finalize stays in the log."""
    _require_organizer(ctx, "re-open the results")
    if state.lifecycle.finalized is None:
        raise Rejected("not_finalized", "Only finalized results can be re-opened.")
    return [ev.ContestReopened(reason=command.reason, at=ctx.now)]


@_decide.register
def _advance_alone(command: Advance, state: ContestState, ctx: Context) -> list[Event]:
    raise TypeError("advance spans two contests: use decide_advance")


def decide_advance(
    source: ContestState | None, target: ContestState | None, command: Advance, ctx: Context
) -> tuple[list[Event], list[Event]]:
    """The events `advance` appends to the source round and to the target round.

    The target's `contestants_advanced` cites the source's `round_advanced` by its log
    position, which only the store knows: here it is 0, and the caller fills it in
    (`cite`) once the source event is appended.
    """
    if source is None:
        raise Rejected("contest_not_defined", "There is no such contest yet.")
    _require_organizer(ctx, "advance a round")
    definition = source.definition
    if source.lifecycle.finalized is None:
        raise Rejected("round_not_final", "Finalize this round's results before advancing.")
    if definition.advancement is None:
        raise Rejected("no_advancement_rule", "This round has no advancement rule.")
    if command.to in source.advanced:
        raise Rejected(
            "already_advanced",
            f"This round already advanced to {command.to}; re-open and finalize it to redo it.",
        )
    _require_next_round(source, target, command.to)
    assert target is not None
    if target.lifecycle.started is not None:
        raise Rejected("next_round_started", f"Round {command.to} has already started.")
    chosen = advancing(source)
    advanced = ev.RoundAdvanced(
        to=command.to, contestants=chosen.contestants, cut=chosen.cut, at=ctx.now
    )
    return [advanced], [cite(source, advanced, 0)]


def cite(source: ContestState, advanced: ev.RoundAdvanced, position: int) -> Event:
    """The target round's event for `advanced`, citing it at log `position`."""
    people = [source.contestants[cid].contestant for cid in advanced.contestants]
    return ev.ContestantsAdvanced(
        from_contest=source.definition.id, from_position=position, contestants=people
    )


def _require_next_round(source: ContestState, target: ContestState | None, to: str) -> None:
    here = source.definition.round
    there = target.definition.round if target is not None else None
    if target is None or here is None or there is None:
        raise Rejected("not_next_round", f"{to} is not a later round of this event.")
    if there.event != here.event or there.order <= here.order:
        raise Rejected(
            "not_next_round",
            f"{to} is round {there.order} of {there.event}, not a later round of {here.event}.",
        )


def _refusal(command: Command, life: Lifecycle) -> str | None:
    """Why the contest cannot take this lifecycle step now (None: it can)."""
    match command:
        case Start() if life.started is not None:
            return "The contest has already started."
        case Freeze() if not life.running:
            return "The board can only be frozen while the contest is running."
        case Freeze() if life.frozen is not None:
            return "The board is already frozen."
        case End() if not life.running:
            return "Only a running contest can be ended."
        case Thaw() if life.thawed is not None:
            return "The board has already been thawed."
        case Thaw() if life.frozen is None and life.ended is None:
            return "The board can be thawed only while frozen or after the contest ended."
        case Finalize() if life.ended is None:
            return "Results can be finalized only after the contest ended."
        case Finalize() if life.freezing:
            return "Thaw the board before finalizing the results."
    return None


# -- the definition and the roster ------------------------------------------------------


def _define(command: DefineContest, state: ContestState | None, ctx: Context) -> list[Event]:
    _require_organizer(ctx, "define a contest")
    if state is not None:
        raise Rejected("contest_already_defined", "This contest is already defined.")
    definition = command.definition
    found = [*duplicate_id_problems(definition), *award_and_advancement_problems(definition)]
    problems = [f"{p.path}: {p.message}" for p in found]
    if problems:
        raise Rejected(
            "invalid_definition",
            "The definition has problems: " + "; ".join(problems),
            {"problems": problems},
        )
    return [ev.ContestDefined(definition=command.definition)]


def _require_unique(ids: list[str], what: str) -> None:
    repeated = sorted({item for item in ids if ids.count(item) > 1})
    if repeated:
        raise Rejected(
            "invalid_definition", f"The list names {what} {', '.join(repeated)} more than once."
        )


def _require_known(
    ids: Iterable[str], known: Iterable[str], code: RejectionCode, what: str
) -> None:
    unknown = sorted(set(ids).difference(known))
    if unknown:
        raise Rejected(code, f"This contest has no {what} {', '.join(repr(i) for i in unknown)}.")


@_decide.register
def _register_contestants(
    command: RegisterContestants, state: ContestState, ctx: Context
) -> list[Event]:
    _require_organizer(ctx, "register contestants")
    _require_unique([c.id for c in command.contestants], "contestant")
    venues = [c.venue for c in command.contestants if c.venue is not None]
    _require_known(venues, state.catalog.venues, "unknown_venue", "venue")
    return [ev.ContestantsRegistered(contestants=command.contestants)]


@_decide.register
def _register_referees(command: RegisterReferees, state: ContestState, ctx: Context) -> list[Event]:
    _require_organizer(ctx, "register referees")
    _require_unique([r.id for r in command.referees], "referee")
    if any(r.id == ONLINE_REFEREE for r in command.referees):
        raise Rejected(
            "invalid_definition",
            f"The referee id '{ONLINE_REFEREE}' is kept for the marks of online answers.",
        )
    catalog = state.catalog
    for referee in command.referees:
        _require_known(referee.venues, catalog.venues, "unknown_venue", "venue")
        _require_known(referee.criteria, catalog.criteria, "unknown_criterion", "criterion")
        _require_known(referee.aspects, catalog.aspects, "unknown_aspect", "aspect")
    return [ev.RefereesRegistered(referees=command.referees)]


# -- marks, penalties and stage attempts from referees' tablets -------------------------


def _entry_for(
    state: ContestState, ctx: Context, command: AwardMark | ImposePenalty | RecordAttempt
) -> tuple[Referee, EntryState]:
    """The checks every entry shares, in order: a registered referee, a running contest,
    a known contestant, a subject (aspect, penalty or stage) of this contest, the
    referee's venue, no conflict of interest, and an entry that still takes records."""
    referee = _require_referee(state, ctx)
    lifecycle = state.lifecycle
    if lifecycle.started is None:
        raise Rejected("contest_not_running", "The contest has not started yet.")
    if lifecycle.ended is not None:
        raise Rejected("contest_not_running", "The contest has ended; only corrections remain.")
    entry = _require_contestant(state, command.contestant_id)
    _require_subject(state, command)
    _require_may_judge(referee, entry)
    return referee, entry


def _require_subject(
    state: ContestState, command: AwardMark | ImposePenalty | RecordAttempt
) -> None:
    catalog = state.catalog
    known: Mapping[str, object]
    code: RejectionCode
    if isinstance(command, AwardMark):
        known, what, subject, code = catalog.aspects, "aspect", command.aspect_id, "unknown_aspect"
    elif isinstance(command, ImposePenalty):
        known, what, subject, code = (
            catalog.penalties,
            "penalty",
            command.penalty_id,
            "unknown_penalty",
        )
    else:
        known, what, subject, code = catalog.stages, "stage", command.stage_id, "unknown_stage"
    if subject not in known:
        raise Rejected(code, f"This contest has no {what} '{subject}'.")


def _require_contestant(state: ContestState, contestant_id: str) -> EntryState:
    entry = state.contestants.get(contestant_id)
    if entry is None:
        raise Rejected("unknown_contestant", f"There is no contestant '{contestant_id}'.")
    return entry


def _require_venue(referee: Referee, entry: EntryState) -> None:
    """A referee or chief scoped to venues acts only on contestants competing at one of
    them (a contestant with no venue is at none of them)."""
    contestant, venue = entry.contestant, entry.contestant.venue
    if not referee.venues or venue in referee.venues:
        return
    if venue is None:
        message = f"You act only at {', '.join(referee.venues)}; {contestant.name} has no venue."
    else:
        message = f"You are not assigned to venue '{venue}' where {contestant.name} competes."
    raise Rejected("not_assigned", message)


def _require_may_judge(referee: Referee, entry: EntryState) -> None:
    """The referee's venue, no conflict of interest (organizations compared by
    identity, not spelling), an entry not signed off of a contestant still competing."""
    contestant = entry.contestant
    _require_venue(referee, entry)
    organization = contestant.organization
    key = organization_key(organization)
    if key is not None and organization_key(referee.organization) == key:
        raise Rejected(
            "conflict_of_interest",
            f"You belong to {organization}, like {contestant.name}; another referee must judge.",
        )
    if entry.locked:
        raise Rejected(
            "entry_locked", f"{contestant.name}'s entry is signed off and cannot change."
        )
    if entry.status != "active":
        words = "withdrawn" if entry.status == "withdrawn" else "been disqualified"
        raise Rejected("contestant_out", f"{contestant.name} has {words}.")


def _covers_aspect(state: ContestState, referee: Referee, aspect_id: str) -> bool:
    """Empty criteria and aspects scopes mean every aspect."""
    if not referee.criteria and not referee.aspects:
        return True
    criterion = state.catalog.criterion_of.get(aspect_id)
    return aspect_id in referee.aspects or criterion in referee.criteria


def _require_in_range(value: float | bool, aspect: Aspect) -> None:
    if abs(value) > MAX_VALUE or not value_in_range(value, aspect):
        raise Rejected("out_of_range", f"{value} is not allowed for '{aspect.name}'.")


def _recorded(
    command_id: str, contestant_id: str, referee: Referee, ctx: Context
) -> dict[str, Any]:
    """What every entry event carries: its command, the contestant, who and when."""
    return {
        "command_id": command_id,
        "contestant_id": contestant_id,
        "referee_id": referee.id,
        "at": ctx.now,
    }


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


@_decide.register
def _award_mark(command: AwardMark, state: ContestState, ctx: Context) -> list[Event]:
    referee, _ = _entry_for(state, ctx, command)
    aspect = state.catalog.aspects[command.aspect_id]
    if not _covers_aspect(state, referee, aspect.id):
        raise Rejected("not_assigned", f"You are not assigned to judge '{aspect.id}'.")
    _require_in_range(command.value, aspect)
    _require_unmarked(state, referee, command, aspect)
    recorded = _recorded(command.command_id, command.contestant_id, referee, ctx)
    return [ev.MarkAwarded(**recorded, aspect_id=aspect.id, value=command.value)]


@_decide.register
def _impose_penalty(command: ImposePenalty, state: ContestState, ctx: Context) -> list[Event]:
    referee, _ = _entry_for(state, ctx, command)
    recorded = _recorded(command.command_id, command.contestant_id, referee, ctx)
    return [ev.PenaltyImposed(**recorded, penalty_id=command.penalty_id, reason=command.reason)]


def _require_not_cleared(state: ContestState, entry: EntryState, stage_id: str) -> None:
    records = state.attempts(entry.contestant.id, stage_id)
    if any(r.result == "cleared" and not r.void for r in records):
        raise Rejected(
            "already_cleared", f"{entry.contestant.name} has already cleared stage '{stage_id}'."
        )


def _contest_time(state: ContestState, command: RecordAttempt, ctx: Context) -> float:
    """The attempt's time in seconds since the start (by default, now), within the
    contest: up to its duration plus the definition's grace, and a clear up to its
    duration only."""
    seconds = command.contest_time
    if seconds is None:
        started = state.lifecycle.started
        if started is None:  # already refused by _entry_for; keeps the types exact
            raise Rejected("contest_not_running", "The contest has not started yet.")
        seconds = max(0.0, (ctx.now - started).total_seconds())
    definition = state.definition
    if command.result == "cleared" and seconds > definition.duration_seconds:
        raise Rejected("out_of_range", f"A stage cannot be cleared after the end ({seconds} s).")
    if seconds > definition.latest_attempt_seconds:
        raise Rejected(
            "out_of_range",
            f"{seconds} s is after the contest's {definition.duration_minutes} minutes "
            f"and {definition.grace_minutes} minutes of grace.",
        )
    return seconds


@_decide.register
def _record_attempt(command: RecordAttempt, state: ContestState, ctx: Context) -> list[Event]:
    referee, entry = _entry_for(state, ctx, command)
    _require_not_cleared(state, entry, command.stage_id)
    return [
        ev.AttemptRecorded(
            **_recorded(command.command_id, command.contestant_id, referee, ctx),
            stage_id=command.stage_id,
            result=command.result,
            contest_time=_contest_time(state, command, ctx),
            penalty=command.penalty,
        )
    ]


@_decide.register
def _submit_answers(command: SubmitAnswers, state: ContestState, ctx: Context) -> list[Event]:
    """A candidate's online answers, each marked against its key (`judging.domain.online`)."""
    return decide_answers(command, state, ctx)


# -- a contestant's standing: corrections, sign-off, disqualify, withdraw ---------------


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
    _require_in_range(command.value, state.catalog.aspects[record.subject_id])


@_decide.register
def _correct(command: Correct, state: ContestState, ctx: Context) -> list[Event]:
    chief = _require_chief(state, ctx, "correct an entry")
    record = _require_target(state, command)
    _require_venue(chief, state.contestants[record.contestant_id])
    _check_change(state, command, record)
    entry = state.contestants[record.contestant_id]
    if entry.locked:
        raise Rejected("entry_locked", f"{entry.contestant.name}'s entry is signed off.")
    recorded = _recorded(command.command_id, record.contestant_id, chief, ctx)
    return [
        ev.EntryCorrected(
            **recorded,
            supersedes=command.supersedes,
            value=command.value,
            void=command.void,
            reason=command.reason,
        )
    ]


@_decide.register
def _request_correction(
    command: RequestCorrection, state: ContestState, ctx: Context
) -> list[Event]:
    """A referee asks the chief to correct one of the referee's own entries."""
    referee = _require_referee(state, ctx)
    record = state.record(command.supersedes)
    if record is None:
        raise Rejected(
            "unknown_command", f"There is no mark, penalty or attempt {command.supersedes}."
        )
    if record.referee_id != referee.id:
        raise Rejected("forbidden", "You may ask for corrections of your own entries only.")
    entry = state.contestants[record.contestant_id]
    if entry.locked:
        raise Rejected("entry_locked", f"{entry.contestant.name}'s entry is signed off.")
    recorded = _recorded(command.command_id, record.contestant_id, referee, ctx)
    return [
        ev.CorrectionRequested(**recorded, supersedes=command.supersedes, reason=command.reason)
    ]


@_decide.register
def _sign_off(command: SignOff, state: ContestState, ctx: Context) -> list[Event]:
    chief = _require_chief(state, ctx, "sign off an entry")
    entry = _require_contestant(state, command.contestant_id)
    _require_venue(chief, entry)
    if entry.locked:
        raise Rejected("entry_locked", f"{entry.contestant.name}'s entry is already signed off.")
    return [ev.EntrySignedOff(contestant_id=command.contestant_id, referee_id=chief.id, at=ctx.now)]


@_decide.register
def _out(command: Disqualify | Withdraw, state: ContestState, ctx: Context) -> list[Event]:
    """Disqualify or withdraw a contestant still competing (an organizer or a chief)."""
    disqualify = isinstance(command, Disqualify)
    chief = None
    if ctx.actor.role != "organizer":
        action = f"{'disqualify' if disqualify else 'withdraw'} a contestant"
        chief = _require_chief(state, ctx, action)
    entry = _require_contestant(state, command.contestant_id)
    if chief is not None:
        _require_venue(chief, entry)
    if entry.status != "active":
        raise Rejected("contestant_out", f"{entry.contestant.name} is already {entry.status}.")
    out = ev.ContestantDisqualified if disqualify else ev.ContestantWithdrew
    return [out(contestant_id=command.contestant_id, reason=command.reason, at=ctx.now)]
