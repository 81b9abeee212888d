"""Tokens for a contest's big screens (read-only: they may see the live board)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from judging.http.auth import Principal
from judging.http.deps import Access, Contests, known_contest, require_roles
from judging.http.errors import ProblemError
from judging.http.schemas import IssuedToken, TokenRequest

router = APIRouter(prefix="/contests", tags=["tokens"])

Organizer = Annotated[Principal, Depends(require_roles("organizer"))]


@router.post("/{cid}/tokens")
async def issue_token(
    cid: str, body: TokenRequest, contests: Contests, access: Access, principal: Organizer
) -> IssuedToken:
    """A new screen token, its subject `screen-N` never given to another screen."""
    await known_contest(contests, cid)
    issued = await access.issue_screen(cid, principal.actor())
    return IssuedToken(token=issued.token, role=body.role, subject_id=issued.subject_id)


@router.delete("/{cid}/tokens/{subject_id}")
async def revoke_tokens(
    cid: str, subject_id: str, contests: Contests, access: Access, principal: Organizer
) -> dict[str, int]:
    """Revokes a referee's or a screen's tokens (a lost or stolen tablet): `{revoked: n}`.

    The referee stays registered; registering it again issues a new token.
    """
    await known_contest(contests, cid)
    revoked = await access.revoke(cid, subject_id, principal.actor())
    if not revoked:
        raise ProblemError(404, "unknown_token", f"{subject_id} has no live token in {cid}")
    return {"revoked": revoked}
