"""Rounds: the sibling rounds of a contest's event, for the round switcher of the
big screen and spectator pages (public, from the contest catalog read model)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends

from judging.http.auth import Principal
from judging.http.deps import AppServices, current_principal
from judging.http.errors import ProblemError
from judging.http.read_models import read_model
from judging.projections.catalog import CatalogEntry, CatalogProjection, round_of, rounds_of
from judging.projections.standings_doc import LifecycleDoc

router = APIRouter(prefix="/contests", tags=["rounds"])

RoundState = Literal["not_started", "running", "ended", "finalized"]


def round_state(lifecycle: LifecycleDoc) -> RoundState:
    if lifecycle["finalized"] is not None:
        return "finalized"
    if lifecycle["ended"] is not None:
        return "ended"
    return "running" if lifecycle["started"] is not None else "not_started"


def _round(entry: CatalogEntry) -> dict[str, Any]:
    return {
        "contest_id": entry.contest_id,
        "order": entry.round_order,
        "title": entry.title,
        "state": round_state(entry.lifecycle),
    }


@router.get("/{cid}/rounds")
async def list_rounds(
    cid: str, found: AppServices, _: Annotated[Principal, Depends(current_principal)]
) -> dict[str, Any]:
    """`{event, rounds: [{contest_id, order, title, state}]}` in round order; a contest
    that is no round has `event: null` and no rounds."""
    async with read_model(found, CatalogProjection.name) as conn:
        event = await round_of(conn, cid)
        entries = await rounds_of(conn, event) if event is not None else []
    if event is None and await found.contests.get(cid) is None:
        raise ProblemError(404, "unknown_contest", f"no contest {cid!r}")
    return {"event": event, "rounds": [_round(entry) for entry in entries]}
