"""Lifecycle decisions: start → (freeze) → end → (thaw) → finalize, organizers only.

Legal transitions: start once; freeze while running (optional); end while running;
thaw while frozen or after the end; finalize after the end, and after the thaw if
the contest was frozen. Anything else is an `invalid_transition`.
"""

from __future__ import annotations

from judging.domain.commands import Context, End, Finalize, Freeze, Start, Thaw
from judging.domain.errors import Rejected
from judging.domain.events import (
    ContestEnded,
    ContestFinalized,
    ContestFrozen,
    ContestStarted,
    ContestThawed,
    Event,
)
from judging.domain.guards import require_organizer
from judging.domain.state import ContestState, Lifecycle


def _refuse(message: str) -> Rejected:
    return Rejected("invalid_transition", message)


def start(command: Start, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer(ctx, "start the contest")
    if state.lifecycle.started is not None:
        raise _refuse("The contest has already started.")
    return [ContestStarted(at=ctx.now)]


def freeze(command: Freeze, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer(ctx, "freeze the board")
    lifecycle = state.lifecycle
    if not lifecycle.running:
        raise _refuse("The board can only be frozen while the contest is running.")
    if lifecycle.frozen is not None:
        raise _refuse("The board is already frozen.")
    return [ContestFrozen(at=ctx.now)]


def end(command: End, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer(ctx, "end the contest")
    if not state.lifecycle.running:
        raise _refuse("Only a running contest can be ended.")
    return [ContestEnded(at=ctx.now)]


def thaw(command: Thaw, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer(ctx, "thaw the board")
    lifecycle = state.lifecycle
    if lifecycle.thawed is not None:
        raise _refuse("The board has already been thawed.")
    if lifecycle.frozen is None and lifecycle.ended is None:
        raise _refuse("The board can be thawed only while frozen or after the contest ended.")
    return [ContestThawed(at=ctx.now)]


def _frozen_still(lifecycle: Lifecycle) -> bool:
    return lifecycle.frozen is not None and lifecycle.thawed is None


def finalize(command: Finalize, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer(ctx, "finalize the results")
    lifecycle = state.lifecycle
    if lifecycle.ended is None:
        raise _refuse("Results can be finalized only after the contest ended.")
    if _frozen_still(lifecycle):
        raise _refuse("Thaw the board before finalizing the results.")
    return [ContestFinalized(at=ctx.now)]
