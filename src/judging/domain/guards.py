"""The checks `decide` runs before accepting a command; each raises `Rejected`."""

from __future__ import annotations

from judging.domain.commands import Context
from judging.domain.definition import Aspect
from judging.domain.errors import Rejected
from judging.domain.roster import Contestant, Referee
from judging.domain.state import ContestState, EntryState


def require_organizer(ctx: Context, action: str) -> None:
    if ctx.actor.role != "organizer":
        raise Rejected("forbidden", f"Only an organizer may {action}.")


def require_referee(state: ContestState, ctx: Context) -> Referee:
    """The registered referee (or chief referee) sending the command."""
    referee = state.referees.get(ctx.actor.id)
    if ctx.actor.role == "organizer" or referee is None:
        raise Rejected("forbidden", "Only a referee registered for this contest may do this.")
    return referee


def require_chief(state: ContestState, ctx: Context, action: str) -> Referee:
    referee = state.referees.get(ctx.actor.id)
    if ctx.actor.role != "chief" or referee is None or referee.role != "chief":
        raise Rejected("forbidden", f"Only a chief referee of this contest may {action}.")
    return referee


def require_organizer_or_chief(state: ContestState, ctx: Context, action: str) -> None:
    if ctx.actor.role != "organizer":
        require_chief(state, ctx, action)


def require_running(state: ContestState) -> None:
    lifecycle = state.lifecycle
    if lifecycle.started is None:
        raise Rejected("contest_not_running", "The contest has not started yet.")
    if lifecycle.ended is not None:
        raise Rejected("contest_not_running", "The contest has ended; only corrections remain.")


def require_contestant(state: ContestState, contestant_id: str) -> EntryState:
    entry = state.contestants.get(contestant_id)
    if entry is None:
        raise Rejected("unknown_contestant", f"There is no contestant '{contestant_id}'.")
    return entry


def require_aspect(state: ContestState, aspect_id: str) -> Aspect:
    aspect = state.catalog.aspects.get(aspect_id)
    if aspect is None:
        raise Rejected("unknown_aspect", f"This contest has no aspect '{aspect_id}'.")
    return aspect


def require_venue(referee: Referee, contestant: Contestant) -> None:
    """A referee scoped to venues may act only on contestants at those venues."""
    venue = contestant.venue
    if referee.venues and venue is not None and venue not in referee.venues:
        raise Rejected(
            "not_assigned",
            f"You are not assigned to venue '{venue}' where {contestant.name} competes.",
        )


def covers_aspect(state: ContestState, referee: Referee, aspect_id: str) -> bool:
    """Empty criteria and aspects scopes mean every aspect."""
    if not referee.criteria and not referee.aspects:
        return True
    criterion = state.catalog.criterion_of.get(aspect_id)
    return aspect_id in referee.aspects or criterion in referee.criteria


def require_aspect_assigned(state: ContestState, referee: Referee, aspect_id: str) -> None:
    if not covers_aspect(state, referee, aspect_id):
        raise Rejected("not_assigned", f"You are not assigned to judge '{aspect_id}'.")


def require_no_conflict(referee: Referee, contestant: Contestant) -> None:
    organization = contestant.organization
    if organization is not None and referee.organization == organization:
        raise Rejected(
            "conflict_of_interest",
            f"You belong to {organization}, like {contestant.name}; another referee must judge.",
        )


def require_open(entry: EntryState) -> None:
    """The entry takes new marks: not signed off, contestant still competing."""
    name = entry.contestant.name
    if entry.locked:
        raise Rejected("entry_locked", f"{name}'s entry is signed off and cannot change.")
    if entry.status != "active":
        raise Rejected("contestant_out", f"{name} has {_status_words(entry)}.")


def _status_words(entry: EntryState) -> str:
    return "withdrawn" if entry.status == "withdrawn" else "been disqualified"


def require_new_command(state: ContestState, command_id: str) -> None:
    if state.knows_command(command_id):
        raise Rejected(
            "duplicate_command", f"Command {command_id} was already recorded; nothing to do."
        )
