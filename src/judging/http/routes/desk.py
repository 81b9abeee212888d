"""The chief's desk and the tablet's panel view of a contest (`judging.projections.desk`).

`GET /api/contests/{cid}/desk` (organizer, chief): every mark, penalty and attempt
with its referee, time and status, the re-score queue, the referees' correction
requests and the sign-offs; a chief scoped to venues sees those venues.
`GET /api/contests/{cid}/tablet` (referee, chief): the panel progress of the
caller's scope and the caller's own entries, without other referees' values.
"""

from __future__ import annotations

from typing import Annotated, Any
from weakref import WeakKeyDictionary

from fastapi import APIRouter, Depends

from judging.domain.roster import Referee
from judging.http.auth import Principal
from judging.http.deps import AppServices, known, require_roles
from judging.http.errors import ProblemError
from judging.projections.desk import Desk
from judging.projections.desks import Desks
from judging.store import EventStore

router = APIRouter(prefix="/contests", tags=["desk"])

_DESKS: WeakKeyDictionary[EventStore, Desks] = WeakKeyDictionary()


async def desks(found: AppServices) -> Desks:
    """The desks of the app's store (one set per store, made when first asked for)."""
    kept = _DESKS.get(found.store)
    if kept is None:
        kept = _DESKS[found.store] = Desks(found.store)
    return kept


ContestDesks = Annotated[Desks, Depends(desks)]


async def contest_desk(cid: str, all_desks: ContestDesks) -> Desk:
    """The contest's desk, or a 404 `unknown_contest`."""
    return known(await all_desks.current(cid), cid)


ContestDesk = Annotated[Desk, Depends(contest_desk)]


def _referee(desk: Desk, principal: Principal) -> Referee:
    referee = desk.defined().referees.get(principal.subject_id or "")
    if referee is None:
        raise ProblemError(403, "forbidden", "this token's referee is not registered here")
    return referee


@router.get("/{cid}/desk")
async def chief_desk(
    principal: Annotated[Principal, Depends(require_roles("organizer", "chief"))],
    desk: ContestDesk,
) -> Any:
    """The chief's desk document (`judging.projections.desk.ChiefDesk`)."""
    chief = None if principal.role == "organizer" else _referee(desk, principal)
    return desk.chief_document(chief)


@router.get("/{cid}/tablet")
async def tablet_desk(
    principal: Annotated[Principal, Depends(require_roles("referee", "chief"))],
    desk: ContestDesk,
) -> Any:
    """The tablet's document (`judging.projections.desk.RefereeDesk`)."""
    return desk.referee_document(_referee(desk, principal))
