"""The CLICS-style event feed (ndjson) and a CLICS-shaped scoreboard of a contest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from judging.http.auth import Principal
from judging.http.deps import (
    AppSettings,
    Contests,
    CurrentPrincipal,
    Store,
    known_contest,
    require_roles,
)
from judging.http.errors import ProblemError
from judging.http.reads import ViewParam, check_view, live_board
from judging.live.blind_feed import BlindValues
from judging.live.documents import progress_board
from judging.live.event_feed import (
    UnknownToken,
    decode_token,
    feed_lines,
    resume_position,
    stored,
)
from judging.projections.progress import Progress
from judging.projections.standings_doc import LifecycleDoc, StandingsRow

router = APIRouter(tags=["feed"])

NDJSON = "application/x-ndjson"


@router.get("/contests/{cid}/event-feed", response_class=StreamingResponse)
async def event_feed(
    cid: str,
    contests: Contests,
    store: Store,
    settings: AppSettings,
    request: Request,
    principal: Annotated[Principal, Depends(require_roles("organizer", "screen"))],
    since_token: Annotated[str | None, Query(max_length=64)] = None,
    stream: bool = True,
) -> StreamingResponse:
    """One `{"type", "id", "data", "token"}` line per event; `stream=true` stays open.
    A screen reads no blind referee's value (see `judging.live.blind_feed`)."""
    await known_contest(contests, cid)
    shown = stored
    if principal.role == "screen":
        shown = BlindValues((await live_board(request, cid)).state).shown
    try:
        if since_token is not None and decode_token(since_token) > await store.head():
            raise UnknownToken(since_token)  # past the log: never a position to look up
        after = await resume_position(store, cid, since_token)
    except UnknownToken as error:
        raise ProblemError(400, "unknown_token", f"unknown token {since_token!r}") from error
    keepalive = settings.feed_keepalive_seconds
    lines = feed_lines(store, cid, after, stream=stream, keepalive=keepalive, shown=shown)
    return StreamingResponse(lines, media_type=NDJSON, headers={"Cache-Control": "no-store"})


def contest_time(state: LifecycleDoc, now: datetime) -> str | None:
    """Elapsed contest time (h:mm:ss, CLICS RELTIME) from the start to now or the end."""
    started = state.get("started")
    if started is None:
        return None
    ended = state.get("ended")
    until = datetime.fromisoformat(ended) if ended is not None else now
    seconds = max(int((until - datetime.fromisoformat(started)).total_seconds()), 0)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def clics_row(row: StandingsRow, progress: Progress) -> dict[str, Any]:
    return {
        "rank": row["rank"],
        "team_id": row["contestant_id"],
        "score": {"num_solved": row["score"]["stages_cleared"], "total_time": row["score"]["time"]},
        "problems": [
            {
                "problem_id": stage["stage_id"],
                "num_judged": stage["attempts"],
                "num_pending": stage["pending"],
                "solved": stage["cleared"],
                "time": stage["cleared_at"],
            }
            for stage in progress["stages"]
        ],
    }


@router.get("/contests/{cid}/scoreboard")
async def scoreboard(
    cid: str,
    request: Request,
    principal: CurrentPrincipal,
    view: ViewParam = "public",
) -> Any:
    """The scoreboard in the CLICS shape (for stages contests: stages are problems)."""
    checked = check_view(principal, cid, view)
    board = await live_board(request, cid)
    document = board.document(checked)
    progress = progress_board(board, checked)["rows"]
    now = datetime.now(UTC)
    return {
        "time": now.isoformat(),
        "contest_time": contest_time(document["state"], now),
        "state": document["state"],
        "position": document["position"],
        "rows": [clics_row(r, p) for r, p in zip(document["rows"], progress, strict=True)],
    }
