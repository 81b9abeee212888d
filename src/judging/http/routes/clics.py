"""The CLICS Contest API (2023-06) of every contest, under `/api/clics/contests/{cid}`.

`GET /api/clics/contests/{cid}` is the contest; below it `state`, `scoreboard`,
`event-feed` (ndjson, `since_token` to resume) and the collections `teams`,
`organizations`, `groups`, `problems`, `judgement-types`, `submissions`,
`judgements`, `awards`, each also by id. An organizer, a chief or a screen of the
contest sees everything; anyone else sees the public view, where the judgements of
entries made during the freeze wait for the thaw. The product's own event feed
(`/api/contests/{cid}/event-feed`, its own event types) is a different thing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from judging.clics.contest_api import COLLECTIONS, ContestApi, UnknownToken
from judging.domain.events import parse_event, stream_id
from judging.domain.facts import View
from judging.http.auth import Principal
from judging.http.deps import CurrentPrincipal, known_contest, services
from judging.http.errors import ProblemError
from judging.http.reads import live_board, may_see, seen_view
from judging.projections.standings_doc import StandingsRow

router = APIRouter(prefix="/clics/contests/{cid}", tags=["clics"])

NDJSON = "application/x-ndjson"


def _view(principal: Principal, cid: str) -> View:
    return seen_view(principal, "live") if may_see(principal, cid, "live") else "public"


async def _api(
    request: Request, cid: str, principal: Principal
) -> tuple[ContestApi, list[StandingsRow]]:
    """The contest's CLICS objects for the caller's view, from its stream, and the
    standings rows of that view."""
    store = services(request).store
    await known_contest(services(request).contests, cid)
    view = _view(principal, cid)
    board = await live_board(request, cid)
    rows = board.document(view)["rows"]
    recorded = await store.read_stream(stream_id(cid))
    events = [parse_event(e.type, e.data, position=e.position) for e in recorded]
    winners = [str(row["contestant_id"]) for row in rows if row.get("rank") == 1]
    return ContestApi.of(events, public=view == "public", winners=winners), rows


@router.get("")
async def contest(cid: str, request: Request, principal: CurrentPrincipal) -> Any:
    """The CLICS contest object."""
    return (await _api(request, cid, principal))[0].contest()


@router.get("/state")
async def state(cid: str, request: Request, principal: CurrentPrincipal) -> Any:
    return (await _api(request, cid, principal))[0].state()


@router.get("/scoreboard")
async def scoreboard(cid: str, request: Request, principal: CurrentPrincipal) -> Any:
    """Ranks and totals of the standings document, with the Contest API's problem cells."""
    api, rows = await _api(request, cid, principal)
    return api.scoreboard(rows, datetime.now(UTC))


@router.get("/event-feed", response_class=Response)
async def event_feed(
    cid: str,
    request: Request,
    principal: CurrentPrincipal,
    since_token: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The notifications so far, one JSON object a line (2023-06: tokens, `data: null`)."""
    api, _ = await _api(request, cid, principal)
    try:
        lines = api.event_feed(since_token)
    except UnknownToken:
        raise ProblemError(400, "unknown_token", f"unknown token {since_token!r}") from None
    body = b"".join(orjson.dumps(line) + b"\n" for line in lines)
    return Response(body, media_type=NDJSON, headers={"Cache-Control": "no-store"})


@router.get("/{endpoint}")
async def collection(cid: str, endpoint: str, request: Request, principal: CurrentPrincipal) -> Any:
    """One collection: teams, organizations, groups, problems, judgement-types, ..."""
    _known(endpoint)
    return (await _api(request, cid, principal))[0].collection(endpoint)


@router.get("/{endpoint}/{object_id}")
async def one(
    cid: str, endpoint: str, object_id: str, request: Request, principal: CurrentPrincipal
) -> Any:
    _known(endpoint)
    found = (await _api(request, cid, principal))[0].feed.of(endpoint).get(object_id)
    if found is None:
        raise ProblemError(404, "not_found", f"no {endpoint} object {object_id!r}")
    return found


def _known(endpoint: str) -> None:
    if endpoint not in COLLECTIONS:
        raise ProblemError(404, "not_found", f"no CLICS endpoint {endpoint!r}")
