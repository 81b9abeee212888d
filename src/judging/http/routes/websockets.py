"""Websocket streams of the live boards (DESIGN.md §7).

    WS /ws/contests/{cid}/standings?view=public|live&since=<position>&group=...
    WS /ws/contests/{cid}/contestants/{id}?view=...
    WS /ws/contests/{cid}/progress?view=...

First `{"type": "snapshot", "position", "data"}`, then `{"type": "update", ...}`
with increasing positions, each with the whole board (latest wins), and
`{"type": "ping"}` when idle. The token comes from `Authorization: Bearer`, or the
subprotocols `bearer, <token>` (what the pages send: browsers cannot set headers,
and a URL is written to the server's log); the `token` query parameter of older
clients is still read, and redacted from every log line. Refusals close the
accepted socket with a code and a reason: 4401 bad token, 4403 view not allowed,
4404 unknown board, 4422 bad parameter, 4429 too many unknown tokens from the
client's address; a client dropped for being too slow (or a server shutting down)
gets 1013: reconnect.

Positions are global log positions: a message's `position` is the position the
process's live projection had applied when the board was rendered. Before the
snapshot the connection waits (briefly) until the projection reaches the log head,
so a client reconnecting with `since=P` (P was committed, so P <= head) gets a
snapshot at P or later: always the current board, never a lower position.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, WebSocket

from judging.http.auth import Principal, TooManyFailures
from judging.http.deps import Services, authenticated, services
from judging.http.reads import catch_up, may_see, seen_view
from judging.live.hub import BoardKey
from judging.live.websocket import ConnectionState, LiveConnection

router = APIRouter()

BEARER = "bearer"


class Refusal(Exception):
    """Why a websocket is closed before it streams: a close code and a reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def offered_token(websocket: WebSocket) -> tuple[str | None, str | None]:
    """The token and the subprotocol to accept (`bearer` when the token came that way)."""
    header = websocket.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), None
    offered = [p.strip() for p in websocket.headers.get("sec-websocket-protocol", "").split(",")]
    if BEARER in offered and offered.index(BEARER) + 1 < len(offered):
        return offered[offered.index(BEARER) + 1], BEARER
    return websocket.query_params.get("token"), None


async def principal_of(websocket: WebSocket, token: str | None) -> Principal:
    try:
        principal = await authenticated(websocket, token)
    except TooManyFailures as held_off:
        raise Refusal(4429, f"too many unknown tokens; retry in {held_off.retry_after} s") from None
    if principal is None:
        raise Refusal(4401, "unknown or revoked token")
    return principal


def parse_since(websocket: WebSocket) -> int:
    raw = websocket.query_params.get("since", "0")
    if not raw.isdigit():
        raise Refusal(4422, "since must be a log position (a whole number)")
    return int(raw)


def parse_view(websocket: WebSocket) -> str:
    view = websocket.query_params.get("view", "public")
    if view not in ("public", "live"):
        raise Refusal(4422, "view must be public or live")
    return view


async def _checked_key(
    websocket: WebSocket, found: Services, token: str | None, key: BoardKey
) -> BoardKey:
    principal = await principal_of(websocket, token)
    if not may_see(principal, key.contest_id, key.view):
        raise Refusal(4403, "the live view needs an organizer, chief or screen token")
    parse_since(websocket)  # the snapshot is at least at the head, so at least at `since`
    await catch_up(found.runner, await found.store.head())
    await found.boards.load(key.contest_id)  # the hub renders the boards in memory
    return replace(key, view=seen_view(principal, key.view))  # a screen's: blind panels hidden


async def serve(websocket: WebSocket, kind: str, subject: str | None = None) -> None:
    """Accept, check, subscribe and stream until the client leaves."""
    token, subprotocol = offered_token(websocket)
    await websocket.accept(subprotocol=subprotocol)
    found = services(websocket)
    connection = LiveConnection(websocket, found.hub.stats, found.settings.ws_idle_ping_seconds)
    cid = websocket.path_params["cid"]
    try:
        key = BoardKey(cid, kind, parse_view(websocket), subject)
        key = await _checked_key(websocket, found, token, key)
        async with found.hub.subscribe(key) as subscription:
            await connection.stream(subscription)
    except Refusal as refusal:
        await connection.close(refusal.code, refusal.reason)
    except LookupError:
        if connection.machine.state is ConnectionState.CONNECTING:
            await connection.close(4404, f"no such board: {kind} of contest {cid!r}")


@router.websocket("/ws/contests/{cid}/standings")
async def standings(websocket: WebSocket, cid: str) -> None:
    group = websocket.query_params.get("group")
    await serve(websocket, "standings", group)


@router.websocket("/ws/contests/{cid}/contestants/{contestant_id}")
async def contestant(websocket: WebSocket, cid: str, contestant_id: str) -> None:
    await serve(websocket, "contestant", contestant_id)


@router.websocket("/ws/contests/{cid}/progress")
async def progress(websocket: WebSocket, cid: str) -> None:
    await serve(websocket, "progress")
