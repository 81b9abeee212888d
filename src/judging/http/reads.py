"""Helpers of the read routes: who may see which view, and a contest's live board.

`live_board(request, cid)` answers 404 `unknown_contest` for a contest never
defined, then waits (briefly) until the projections have applied the contest's
last known event, so a client reads its own writes, and loads the contest's board
if it is not in memory yet.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Request

from judging.domain.facts import View
from judging.http.auth import Principal
from judging.http.deps import known_contest, services
from judging.http.errors import ProblemError
from judging.projections.contest_board import ContestBoard
from judging.projections.live_boards import LiveBoards
from judging.projections.runner import ProjectionRunner

ViewParam = Literal["public", "live"]
LIVE_ROLES = ("organizer", "chief", "screen")
CATCH_UP_SECONDS = 2.0


def may_see(principal: Principal, contest_id: str, view: str) -> bool:
    """The public view is everyone's; the live one needs organizer, chief or screen."""
    if view == "public":
        return True
    return principal.role in LIVE_ROLES and principal.may_access(contest_id)


def check_view(principal: Principal, contest_id: str, view: ViewParam) -> View:
    """The view `principal` gets for `view` (a screen's live view hides incomplete
    blind panels); 403 if the principal may not see it."""
    if not may_see(principal, contest_id, view):
        raise ProblemError(
            403, "forbidden", "the live view needs an organizer, chief or screen token"
        )
    return seen_view(principal, view)


def seen_view(principal: Principal, view: str) -> View:
    """What a principal allowed `view` sees: a screen's live view is the screen view."""
    if view == "public":
        return "public"
    return "screen" if principal.role == "screen" else "live"


def live_boards(request: Request) -> LiveBoards:
    return services(request).boards


async def catch_up(runner: ProjectionRunner, position: int) -> None:
    """Wait until the live boards reach `position`; after a short while, serve anyway.

    Only the live boards: the talent database has its own catch-up (`talent_reads`).
    """
    try:
        await runner.wait_for(position, timeout=CATCH_UP_SECONDS, names=(LiveBoards.name,))
    except TimeoutError:
        return


async def live_board(request: Request, contest_id: str) -> ContestBoard:
    cached = await known_contest(services(request).contests, contest_id)
    await catch_up(services(request).runner, cached.position)
    board = await live_boards(request).load(contest_id)
    if board is None:
        raise ProblemError(503, "catching_up", "the read models are still catching up")
    return board


def unknown_contestant(contestant_id: str) -> ProblemError:
    return ProblemError(404, "unknown_contestant", f"no contestant {contestant_id!r}")
