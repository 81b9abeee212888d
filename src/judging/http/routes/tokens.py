"""Tokens for a contest's big screens (read-only: they may see the live board)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from judging.application.access import AccessRegistry
from judging.application.contests import ContestService
from judging.http.auth import Principal, require_roles
from judging.http.deps import access_registry, contest_service, known_contest
from judging.http.errors import ProblemError
from judging.http.schemas import IssuedToken, TokenRequest

router = APIRouter(prefix="/contests", tags=["tokens"])


@router.post("/{cid}/tokens")
async def issue_token(
    cid: str,
    body: TokenRequest,
    service: Annotated[ContestService, Depends(contest_service)],
    registry: Annotated[AccessRegistry, Depends(access_registry)],
    _: Annotated[Principal, Depends(require_roles("organizer"))],
) -> IssuedToken:
    await known_contest(service, cid)
    await registry.refresh()
    subject_id = f"screen-{registry.index.count(cid, body.role) + 1}"
    token = await registry.issue(body.role, subject_id, cid)
    return IssuedToken(token=token, role=body.role, subject_id=subject_id)


@router.delete("/{cid}/tokens/{subject_id}")
async def revoke_tokens(
    cid: str,
    subject_id: str,
    service: Annotated[ContestService, Depends(contest_service)],
    registry: Annotated[AccessRegistry, Depends(access_registry)],
    _: Annotated[Principal, Depends(require_roles("organizer"))],
) -> dict[str, int]:
    """Revokes a referee's or a screen's tokens (a lost or stolen tablet): `{revoked: n}`.

    The referee stays registered; registering it again issues a new token.
    """
    await known_contest(service, cid)
    revoked = await registry.revoke(cid, subject_id)
    if not revoked:
        raise ProblemError(404, "unknown_token", f"{subject_id} has no live token in {cid}")
    return {"revoked": revoked}
