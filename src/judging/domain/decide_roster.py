"""Roster decisions: define the contest, register contestants and referees.

Re-registering an id replaces that contestant's or referee's details.
"""

from __future__ import annotations

from collections.abc import Iterable

from judging.domain.catalog import duplicate_ids
from judging.domain.commands import Context, DefineContest, RegisterContestants, RegisterReferees
from judging.domain.errors import Rejected, RejectionCode
from judging.domain.events import ContestantsRegistered, ContestDefined, Event, RefereesRegistered
from judging.domain.guards import require_organizer
from judging.domain.roster import Referee
from judging.domain.state import ContestState


def define(command: DefineContest, state: ContestState | None, ctx: Context) -> list[Event]:
    require_organizer(ctx, "define a contest")
    if state is not None:
        raise Rejected("contest_already_defined", "This contest is already defined.")
    problems = duplicate_ids(command.definition)
    if problems:
        raise Rejected(
            "invalid_definition",
            "The definition has problems: " + "; ".join(problems) + ".",
            {"problems": problems},
        )
    return [ContestDefined(definition=command.definition)]


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
        raise Rejected(
            code,
            f"This contest has no {what} {', '.join(repr(i) for i in unknown)}.",
        )


def register_contestants(
    command: RegisterContestants, state: ContestState, ctx: Context
) -> list[Event]:
    require_organizer(ctx, "register contestants")
    _require_unique([c.id for c in command.contestants], "contestant")
    venues = [c.venue for c in command.contestants if c.venue is not None]
    _require_known(venues, state.catalog.venues, "unknown_venue", "venue")
    return [ContestantsRegistered(contestants=command.contestants)]


def _check_scopes(state: ContestState, referee: Referee) -> None:
    catalog = state.catalog
    _require_known(referee.venues, catalog.venues, "unknown_venue", "venue")
    _require_known(referee.criteria, catalog.criteria, "unknown_criterion", "criterion")
    _require_known(referee.aspects, catalog.aspects, "unknown_aspect", "aspect")


def register_referees(command: RegisterReferees, state: ContestState, ctx: Context) -> list[Event]:
    require_organizer(ctx, "register referees")
    _require_unique([r.id for r in command.referees], "referee")
    for referee in command.referees:
        _check_scopes(state, referee)
    return [RefereesRegistered(referees=command.referees)]
