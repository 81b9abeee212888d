"""The talent database (DESIGN.md §5): skill resumes, the craftsman leaderboard, capability.

Resumes and the leaderboard are everyone's (results of finalized contests are
public). Capability per team, workshop or organization against a position standard
is an employer's analysis of its workforce: organizer and chief referee tokens only,
and a chief (whose token is one contest's) sees only the groups that take part in
that contest, groups compared by identity (`organization_key`), not spelling, and
level counts of those groups' workers only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from judging.domain.definition import Slug
from judging.domain.roster import organization_key
from judging.domain.state import ContestState
from judging.http.auth import ALL_ROLES, Principal
from judging.http.deps import Contests, require_roles
from judging.http.errors import ProblemError
from judging.http.talent_reads import talent_connection
from judging.projections.talent.capability import GroupBy, capability
from judging.projections.talent.levels import level_counts
from judging.projections.talent.resume import resume
from judging.projections.talent.weighted import Weights, weighted_leaderboard

router = APIRouter(tags=["talent"])

Anyone = Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
Analyst = Annotated[Principal, Depends(require_roles("organizer", "chief"))]
MAX_OFFSET = 1_000_000_000  # past any real list; keeps the number inside the database's
Weight = Annotated[float, Query(ge=0, le=1000)]


@router.get("/workers/{worker_id}/resume")
async def worker_resume(worker_id: str, request: Request, _: Anyone) -> dict[str, Any]:
    """The worker's record: finalized results, per-skill summary, rating, levels,
    training and mentoring."""
    async with talent_connection(request) as conn:
        found = await resume(conn, worker_id)
    if found is None:
        raise ProblemError(404, "unknown_worker", f"nothing on record for worker {worker_id!r}")
    return found


@router.get("/leaderboard")
async def craftsman_leaderboard(
    request: Request,
    _: Anyone,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    w_contests: Weight = 1.0,
    w_levels: Weight = 0.0,
    w_mentoring: Weight = 0.0,
    w_training: Weight = 0.0,
) -> dict[str, Any]:
    """Workers by openskill ordinal (mu - 3 sigma), highest first; with source weights
    (`w_contests`, `w_levels`, `w_mentoring`, `w_training`; default 1, 0, 0, 0), by
    the weighted score of those sources (`projections.talent.weighted`)."""
    weights = Weights(w_contests, w_levels, w_mentoring, w_training)
    async with talent_connection(request) as conn:
        return await weighted_leaderboard(conn, weights, limit, offset)


@router.get("/capability")
async def capability_table(
    request: Request,
    principal: Analyst,
    contests: Contests,
    by: GroupBy = "team",
    standard: Annotated[Slug | None, Query()] = None,
) -> dict[str, Any]:
    """Per group and skill: workers, mean percent, and against `standard` required and
    gap; per position standard with levels, the workers holding each level."""
    async with talent_connection(request) as conn:
        table = await capability(conn, by, standard)
    if table is None:
        raise ProblemError(404, "unknown_standard", f"no position standard {standard!r}")
    if principal.contest_id is None:
        return table
    state = await contests.state(principal.contest_id)
    shown = within(table, state, by)
    workers = {member["worker_id"] for group in shown["groups"] for member in group["members"]}
    async with talent_connection(request) as conn:
        return {**shown, "levels": await level_counts(conn, standard, workers)}


def within(table: dict[str, Any], state: ContestState | None, by: GroupBy) -> dict[str, Any]:
    """The table with only the groups of the contest's contestants (none: no contest)."""
    entries = state.contestants.values() if state is not None else ()
    keys = {organization_key(getattr(entry.contestant, by)) for entry in entries} - {None}
    groups = [group for group in table["groups"] if organization_key(group["group"]) in keys]
    return {**table, "groups": groups}
