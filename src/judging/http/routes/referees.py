"""Referees: register (or re-register) them, each with a new token shown once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from judging.application.access import AccessRegistry
from judging.application.contests import ContestService
from judging.domain.commands import RegisterReferees
from judging.domain.roster import Referee
from judging.http.auth import Principal, require_roles
from judging.http.deps import (
    access_registry,
    contest_service,
    known_contest,
    new_command_id,
    origin,
)
from judging.http.errors import ProblemError
from judging.http.schemas import IssuedReferee

router = APIRouter(prefix="/contests", tags=["referees"])


@router.post("/{cid}/referees")
async def register_referees(
    cid: str,
    referees: list[Referee],
    request: Request,
    service: Annotated[ContestService, Depends(contest_service)],
    registry: Annotated[AccessRegistry, Depends(access_registry)],
    principal: Annotated[Principal, Depends(require_roles("organizer"))],
) -> list[IssuedReferee]:
    """Registers the referees; re-registering one revokes its earlier token."""
    await known_contest(service, cid)
    if not referees:
        raise ProblemError(422, "validation_error", "send at least one referee", errors=[])
    command = RegisterReferees(command_id=new_command_id(), referees=referees)
    await service.execute(cid, command, principal.actor(), origin(request))
    issued = []
    for referee in referees:
        token = await registry.issue(referee.role, referee.id, cid, replace=True)
        issued.append(
            IssuedReferee(
                id=referee.id,
                name=referee.name,
                role=referee.role,
                venues=referee.venues,
                token=token,
            )
        )
    return issued
