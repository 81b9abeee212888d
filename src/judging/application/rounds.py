"""`advance`: one command, two streams (the source round's, then the target round's).

`decide_advance` (pure) decides both halves against the two cached rounds. The writer
appends `round_advanced` to the source round first; then `contestants_advanced`, which
cites the source event's log position, to the target round. Event ids are uuid5 of
(stream, command id, index), so a resent `advance` appends nothing twice: it finds
the source half done (the command id is among the source's commands), reads that
event back by its position, and completes the target half if it is missing. A crash
between the halves is repaired by sending the same command again.

The caller (`ContestService.submit`) holds both contests' locks.
"""

from __future__ import annotations

from datetime import datetime

from judging.application.contest_cache import CachedContest
from judging.application.results import CommandError, CommandResult
from judging.application.writer import (
    Decision,
    Metadata,
    Origin,
    StreamKeptChanging,
    Writer,
)
from judging.domain import events as ev
from judging.domain.commands import Actor, Advance, Context, command_identity, recorded_identity
from judging.domain.decide import cite, decide_advance
from judging.domain.errors import Rejected


async def advance(
    writer: Writer,
    source: CachedContest,
    target: CachedContest,
    command: Advance,
    actor: Actor,
    origin: Origin,
    now: datetime,
) -> CommandResult:
    """Append both halves of `advance` (or the half a resend finds missing)."""
    command_id = command.command_id
    metadata = Metadata.of(actor, command_id, origin, None)
    context = Context(actor=actor, now=now)

    def source_half() -> Decision | None:
        if command_id in source.commands:
            return None  # sent before: complete the target half below
        events, _ = decide_advance(source.state, target.state, command, context)
        return Decision(events, metadata)

    try:
        first = await writer.write(source, command_id, source_half)
        position = source.commands.get(command_id)
        if position is None:  # nothing appended and never sent: cannot happen
            raise Rejected("contest_not_defined", "There is no such contest yet.")
        advanced = await _advanced_at(writer, position, command, actor)
        if advanced is None:
            return CommandResult.rejected(command_id, _reused(command_id))
        resent = first.position is None or first.repeated
        if resent and command_id in target.commands:
            return CommandResult.duplicate(command_id, target.commands[command_id])
        second = await writer.write(
            target, command_id, lambda: _target_half(source, target, advanced, position, metadata)
        )
    except Rejected as rejected:
        return CommandResult.rejected(command_id, CommandError.of(rejected))
    except StreamKeptChanging:
        conflict = CommandError("version_conflict", "a round kept changing; send it again")
        return CommandResult.rejected(command_id, conflict)
    if second.position is None:
        return CommandResult.duplicate(command_id, target.commands.get(command_id, position))
    return CommandResult.accepted(command_id, second.position)


def _target_half(
    source: CachedContest,
    target: CachedContest,
    advanced: ev.RoundAdvanced,
    position: int,
    metadata: Metadata,
) -> Decision | None:
    if target.commands.get(metadata.command_id or "") is not None:
        return None
    state = target.state
    if state is None:
        raise Rejected("not_next_round", f"{advanced.to} is not a later round of this event.")
    if state.lifecycle.started is not None:
        raise Rejected("next_round_started", f"Round {advanced.to} has already started.")
    assert source.state is not None
    return Decision([cite(source.state, advanced, position)], metadata)


async def _advanced_at(
    writer: Writer, position: int, command: Advance, actor: Actor
) -> ev.RoundAdvanced | None:
    """The `round_advanced` at `position`, if it is this very command's (same sender
    and target); None when the command id was used for another command."""
    recorded = await writer.event_at(position)
    if recorded is None:
        return None
    event = ev.parse_event(recorded.type, recorded.data)
    if not isinstance(event, ev.RoundAdvanced):
        return None
    actor_id = str((recorded.metadata or {}).get("actor_id"))
    if recorded_identity(event, actor_id) != command_identity(command, actor.id):
        return None
    return event


def _reused(command_id: str) -> CommandError:
    return CommandError(
        "command_id_conflict",
        f"Command id {command_id} was already used for another command; "
        "send this one with a new id.",
    )
