"""Registering a contest's referees: the roster command, then one new token each.

Re-registering a referee replaces its details and revokes its earlier tokens, so a
lost tablet is shut out by registering its referee again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from judging.application.access import AccessRegistry
from judging.application.contests import ContestService
from judging.application.writer import NO_ORIGIN, Origin, new_command_id
from judging.domain.access import Grant
from judging.domain.commands import Actor, RegisterReferees
from judging.domain.roster import Referee


@dataclass(frozen=True, slots=True)
class RegisteredReferee:
    referee: Referee
    token: str  # shown once


async def register_referees(
    contests: ContestService,
    access: AccessRegistry,
    contest_id: str,
    referees: Sequence[Referee],
    actor: Actor,
    origin: Origin = NO_ORIGIN,
) -> list[RegisteredReferee]:
    """Register the referees (or `CommandRefused`), then issue each its new token."""
    command = RegisterReferees(command_id=new_command_id(), referees=list(referees))
    await contests.execute(contest_id, command, actor, origin)
    registered = []
    for referee in referees:
        grant = Grant(referee.role, referee.id, contest_id)
        token = await access.issue(grant, actor, replace=True)
        registered.append(RegisteredReferee(referee, token))
    return registered
