"""Referees: register (or re-register) them, each with a new token shown once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from judging.application.referees import register_referees
from judging.domain.roster import Referee
from judging.http.auth import Principal
from judging.http.deps import Access, Contests, RequestOrigin, known_contest, require_roles
from judging.http.schemas import IssuedReferee

router = APIRouter(prefix="/contests", tags=["referees"])


@router.post("/{cid}/referees")
async def register(
    cid: str,
    referees: Annotated[list[Referee], Body(min_length=1)],
    contests: Contests,
    access: Access,
    origin: RequestOrigin,
    principal: Annotated[Principal, Depends(require_roles("organizer"))],
) -> list[IssuedReferee]:
    """Registers the referees; re-registering one revokes its earlier token."""
    await known_contest(contests, cid)
    registered = await register_referees(contests, access, cid, referees, principal.actor(), origin)
    return [IssuedReferee.of(r.referee, r.token) for r in registered]
