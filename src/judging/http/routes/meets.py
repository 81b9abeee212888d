"""Meets (赛事): organizers define or redefine them; anyone reads them and their board.

    POST /api/meets                 organizer: a meet definition (JSON) -> 201 {id, position}
    PUT  /api/meets/{mid}           organizer: redefine it (the latest definition wins)
    GET  /api/meets                 every meet: {id, title, events, units, position}
    GET  /api/meets/{mid}           its definition and position
    GET  /api/meets/{mid}/table     its board: events (state, rounds, winners), unit table
    WS   /ws/meets/{mid}            that board, then a new one whenever it changes

A definition that does not read as one is a 422 `meet_invalid` listing each
problem with its path; one that reads but does not hold together (an event id used
twice, a contest in two rounds...) is a 422 `meet_invalid` too.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, WebSocket
from pydantic import ValidationError

from judging.application.writer import new_command_id
from judging.domain.meet import DefineMeet, MeetDefinition, RedefineMeet
from judging.http.auth import ALL_ROLES, Principal
from judging.http.deps import Meets, require_roles, services
from judging.http.errors import ProblemError
from judging.http.routes.websockets import Refusal, offered_token, parse_since
from judging.http.schemas import Created
from judging.live.websocket import ConnectionState, LiveConnection

router = APIRouter(prefix="/meets", tags=["meets"])
ws_router = APIRouter()

Organizer = Annotated[Principal, Depends(require_roles("organizer"))]
Anyone = Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
# The body is read by `_definition` (its problems answered as `meet_invalid`), so the
# schema documents it here.
_DEFINITION_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _definition(body: bytes) -> MeetDefinition:
    try:
        return MeetDefinition.model_validate_json(body)
    except ValidationError as error:
        errors = [
            {
                "path": ".".join(str(part) for part in item["loc"]),
                "message": item["msg"],
                "code": item["type"],
            }
            for item in error.errors()[:50]
        ]
        detail = f"the meet definition has {error.error_count()} problem(s)"
        raise ProblemError(422, "meet_invalid", detail, errors=errors) from None


def _unknown(meet_id: str) -> ProblemError:
    return ProblemError(404, "unknown_meet", f"no meet {meet_id!r}")


@router.post("", status_code=201, openapi_extra=_DEFINITION_BODY)
async def define_meet(request: Request, service: Meets, principal: Organizer) -> Created:
    definition = _definition(await request.body())
    command = DefineMeet(command_id=new_command_id(), definition=definition)
    position = await service.define(command, principal.actor())
    return Created(id=definition.id, position=position)


@router.put("/{mid}", openapi_extra=_DEFINITION_BODY)
async def redefine_meet(
    mid: str, request: Request, service: Meets, principal: Organizer
) -> Created:
    definition = _definition(await request.body())
    if definition.id != mid:
        detail = f"the definition's id {definition.id!r} is not the meet's ({mid!r})"
        raise ProblemError(422, "meet_invalid", detail)
    command = RedefineMeet(command_id=new_command_id(), definition=definition)
    position = await service.define(command, principal.actor())
    return Created(id=mid, position=position)


@router.get("")
async def list_meets(service: Meets, _: Anyone) -> list[dict[str, Any]]:
    """Every meet, in the order they were first defined."""
    return [
        {
            "id": meet.definition.id,
            "title": meet.definition.title,
            "events": len(meet.definition.events),
            "units": len(meet.definition.units),
            "position": meet.position,
        }
        for meet in await service.meets()
    ]


@router.get("/{mid}")
async def get_meet(mid: str, service: Meets, _: Anyone) -> dict[str, Any]:
    meet = await service.meet(mid)
    if meet is None:
        raise _unknown(mid)
    return {**meet.definition.model_dump(mode="json"), "position": meet.position}


@router.get("/{mid}/table")
async def meet_table(mid: str, service: Meets, _: Anyone) -> dict[str, Any]:
    """The meet's board: events with their rounds, state and winners; the unit table."""
    board = await service.board(mid)
    if board is None:
        raise _unknown(mid)
    return board


@ws_router.websocket("/ws/meets/{mid}")
async def meet_socket(websocket: WebSocket, mid: str) -> None:
    """Public: the board as a snapshot, then updates with increasing positions."""
    _, subprotocol = offered_token(websocket)  # public: a token offered is not needed
    await websocket.accept(subprotocol=subprotocol)
    found = services(websocket)
    connection = LiveConnection(websocket, found.hub.stats, found.settings.ws_idle_ping_seconds)
    try:
        since = parse_since(websocket)
        async with found.meet_feed.subscribe(mid, since) as subscription:
            await connection.stream(subscription)
    except Refusal as refusal:
        await connection.close(refusal.code, refusal.reason)
    except LookupError:
        if connection.machine.state is ConnectionState.CONNECTING:
            await connection.close(4404, f"no such meet: {mid!r}")
