"""Read routes of the live boards (DESIGN.md §5): standings, radar, judges, progress, reveal.

`view=live` needs an organizer, chief or screen token of the contest (403
otherwise); `at=<position>` answers from the live board if the contest has not
changed since, else from time travel (`LiveBoards.board_at`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from judging.domain.facts import view_name
from judging.domain.groups import ByVenue, Grouping, UnknownGrouping, parse_grouping
from judging.http.auth import Principal
from judging.http.deps import current_principal, require_roles, services
from judging.http.errors import ProblemError
from judging.http.reads import ViewParam, check_view, live_board, live_boards, unknown_contestant
from judging.live.documents import progress_board
from judging.projections.contest_board import ContestBoard

router = APIRouter(tags=["boards"])

ViewQuery = Annotated[ViewParam, Query(description="public (frozen, blind panels hidden) or live")]
GroupQuery = Annotated[
    str | None,
    Query(description="venue:<id>, team, workshop or organization", max_length=100),
]
AtQuery = Annotated[int | None, Query(ge=0, description="a log position: time travel")]


def check_group(board: ContestBoard, group: str | None) -> Grouping | None:
    """The grouping asked for; 422 for a group the API does not know (or a venue the
    contest does not have)."""
    venues = {venue.id for venue in board.state.definition.venues}
    try:
        grouping = parse_grouping(group)
    except UnknownGrouping:
        raise unknown_group(group, venues) from None
    if isinstance(grouping, ByVenue) and grouping.venue not in venues:
        raise unknown_group(group, venues)
    return grouping


def unknown_group(group: str | None, venues: set[str]) -> ProblemError:
    return ProblemError(
        422,
        "validation_error",
        f"unknown group {group!r}: venue:<id> (one of {sorted(venues)}), team, workshop"
        " or organization",
        errors=[{"path": "query.group", "message": "unknown group"}],
    )


@router.get("/contests/{cid}/standings")
async def standings(
    cid: str,
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
    view: ViewQuery = "public",
    group: GroupQuery = None,
    at: AtQuery = None,
) -> Any:
    """The §5 standings document: live, or at a past log position (`at`)."""
    checked = check_view(principal, cid, view)
    board = await live_board(request, cid)
    grouping = check_group(board, group)
    if at is None:
        return board.document(checked, grouping)
    head = await services(request).store.head()
    if at > head:
        raise ProblemError(
            422,
            "validation_error",
            f"at={at} is beyond the log head ({head})",
            errors=[{"path": "query.at", "message": "beyond the log head"}],
        )
    try:
        past = await live_boards(request).board_at(cid, at)
        return past.document(checked, grouping)
    except LookupError as error:
        raise ProblemError(404, "unknown_contest", f"no contest {cid!r} at {at}") from error


@router.get("/contests/{cid}/contestants/{contestant_id}/radar")
async def radar(
    cid: str,
    contestant_id: str,
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
    view: ViewQuery = "public",
) -> Any:
    """Per criterion: mark, max, percent, cohort mean percent, percentile."""
    checked = check_view(principal, cid, view)
    board = await live_board(request, cid)
    if board.row_for(contestant_id, checked) is None:
        raise unknown_contestant(contestant_id)
    shown = board.radar(contestant_id, checked)
    return {"position": board.position, "view": view_name(checked), **shown}


@router.get("/contests/{cid}/progress")
async def progress(
    cid: str,
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
    view: ViewQuery = "public",
) -> Any:
    """Every contestant's stage progress, in ranking order."""
    checked = check_view(principal, cid, view)
    return progress_board(await live_board(request, cid), checked)


@router.get("/contests/{cid}/judges")
async def judges(
    cid: str,
    request: Request,
    _: Annotated[Principal, Depends(require_roles("organizer", "chief"))],
) -> Any:
    """Per referee: marks given, deviation from panel consensus, spread violations."""
    board = await live_board(request, cid)
    return {"contest_id": cid, "position": board.position, "judges": board.judges()}


@router.get("/contests/{cid}/reveal")
async def reveal(
    cid: str,
    request: Request,
    _: Annotated[Principal, Depends(require_roles("organizer", "screen"))],
) -> Any:
    """The frozen public board and the steps that reveal it, one result at a time."""
    board = await live_board(request, cid)
    return {
        "contest_id": cid,
        "position": board.position,
        "head": board.head(),
        "frozen": board.frozen_board(),
        "steps": board.reveal(),
    }
