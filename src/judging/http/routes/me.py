"""`GET /api/me`: who the bearer token is, and a referee's scope (for the tablet)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from judging.http.deps import Contests, CurrentPrincipal

router = APIRouter(tags=["me"])


@router.get("/me")
async def me(
    principal: CurrentPrincipal,
    service: Contests,
) -> dict[str, Any]:
    """`{role, subject_id, contest_id}`; for a referee also its name, role and scopes."""
    body: dict[str, Any] = {
        "role": principal.role,
        "subject_id": principal.subject_id,
        "contest_id": principal.contest_id,
    }
    if principal.contest_id is None or principal.subject_id is None:
        return body
    state = await service.state(principal.contest_id)
    referee = None if state is None else state.referees.get(principal.subject_id)
    if referee is not None:
        body["referee"] = referee.model_dump(mode="json")
    return body
