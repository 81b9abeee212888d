"""`decide`: accept a command as events, or refuse it with `Rejected`.

Pure: the state is only read, time comes from `ctx.now`, and the actor from
`ctx.actor`. Once the results are finalized, every command is refused.
"""

from __future__ import annotations

from functools import singledispatch

from judging.domain import decide_entries, decide_lifecycle, decide_roster, decide_status
from judging.domain.commands import (
    AwardMark,
    Command,
    Context,
    Correct,
    DefineContest,
    ImposePenalty,
    RecordAttempt,
)
from judging.domain.errors import Rejected
from judging.domain.events import Event
from judging.domain.guards import require_new_command
from judging.domain.state import ContestState


def decide(state: ContestState | None, command: Command, ctx: Context) -> list[Event]:
    """The events that accepting `command` appends; raises `Rejected` to refuse it."""
    if isinstance(command, DefineContest):
        return decide_roster.define(command, state, ctx)
    if state is None:
        raise Rejected("contest_not_defined", "There is no such contest yet.")
    if state.lifecycle.finalized is not None:
        raise Rejected("contest_finalized", "The results are final; nothing can change now.")
    if isinstance(command, AwardMark | ImposePenalty | RecordAttempt | Correct):
        require_new_command(state, command.command_id)
    return _decide(command, state, ctx)


@singledispatch
def _decide(command: object, state: ContestState, ctx: Context) -> list[Event]:
    raise TypeError(f"no decision rule for {type(command).__name__}")


for _handler in (
    decide_roster.register_contestants,
    decide_roster.register_referees,
    decide_lifecycle.start,
    decide_lifecycle.freeze,
    decide_lifecycle.end,
    decide_lifecycle.thaw,
    decide_lifecycle.finalize,
    decide_entries.award_mark,
    decide_entries.impose_penalty,
    decide_entries.record_attempt,
    decide_status.correct,
    decide_status.sign_off,
    decide_status.disqualify,
    decide_status.withdraw,
):
    _decide.register(_handler)
