"""Websocket streams through the ASGI app: snapshot, updates, reconnects, views, refusals."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from service_api import ADMIN, ADMIN_TOKEN, CID, command, mark, prepare, send
from service_asgi import websocket

STANDINGS = f"/ws/contests/{CID}/standings"


def row(document: dict[str, Any], contestant_id: str) -> dict[str, Any]:
    [found] = [r for r in document["rows"] if r["contestant_id"] == contestant_id]
    return found


async def accepted(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> int:
    [result] = await send(client, token, body)
    assert result["status"] == "accepted", result
    position: int = result["position"]
    return position


async def test_a_mark_reaches_a_connected_client(app: FastAPI, client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    async with websocket(app, STANDINGS, {"view": "live"}, ADMIN) as ws:
        snapshot = await ws.receive_json()
        assert snapshot["type"] == "snapshot"
        assert snapshot["data"]["contest_id"] == CID
        position = await accepted(client, tokens["r1"], mark("c1", "wiring-faults", 0))
        update = await ws.until(position)
    assert update["type"] == "update"
    assert update["position"] >= position > snapshot["position"]
    assert row(update["data"], "c1")["criteria"]["wiring"] == 2


async def test_a_reconnect_ends_with_the_board_of_a_client_that_never_left(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    async with websocket(app, STANDINGS) as stayer:
        first = await stayer.receive_json()
        async with websocket(app, STANDINGS) as leaver:
            left_at = (await leaver.receive_json())["position"]
        for contestant in ("c1", "c2"):
            last = await accepted(client, tokens["r1"], mark(contestant, "wiring-faults", 1))
        stayed = await stayer.until(last)
        async with websocket(app, STANDINGS, {"since": left_at}) as back:
            again = await back.until(last)
    assert again["type"] in ("snapshot", "update")
    assert again["position"] >= left_at
    assert again["data"] == stayed["data"]
    assert stayed["position"] > first["position"]


async def test_since_an_unchanged_position_still_gets_the_current_board(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await prepare(client)
    async with websocket(app, STANDINGS) as ws:
        current = await ws.receive_json()
    async with websocket(app, STANDINGS, {"since": current["position"]}) as ws:
        again = await ws.receive_json()
    assert again["type"] == "snapshot"
    assert again["position"] == current["position"]
    assert again["data"] == current["data"]


async def test_the_public_never_sees_frozen_results_or_incomplete_panels(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    await accepted(client, ADMIN_TOKEN, command("freeze"))
    async with (
        websocket(app, STANDINGS) as public,
        websocket(app, STANDINGS, {"view": "live", "token": ADMIN_TOKEN}) as live,
    ):
        frozen = (await public.receive_json())["data"]
        await live.receive_json()
        await accepted(client, tokens["r1"], mark("c1", "wiring-faults", 0))
        last = await accepted(client, tokens["r1"], mark("c2", "wiring-quality", 3))
        live_board = (await live.until(last))["data"]
        # Nothing the public may see changed, so its clients get no update; a new one's
        # snapshot is at the current position and shows the same board.
        async with websocket(app, STANDINGS) as fresh:
            snapshot = await fresh.receive_json()
        public_board = snapshot["data"]
    assert snapshot["position"] >= last
    assert public_board["rows"] == frozen["rows"]
    assert live_board["view"] == "live"
    assert row(live_board, "c1")["criteria"].get("wiring") == 2
    assert row(public_board, "c1")["criteria"].get("wiring") in (None, 0)
    assert row(public_board, "c2")["criteria"].get("wiring") in (None, 0)


async def test_the_live_view_is_refused_to_the_public_and_to_referees(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    async with websocket(app, STANDINGS, {"view": "live"}) as ws:
        closed = await ws.closed()
    assert closed.code == 4403
    assert "live view" in closed.reason
    async with websocket(app, STANDINGS, {"view": "live", "token": tokens["r1"]}) as ws:
        assert (await ws.closed()).code == 4403
    async with websocket(app, STANDINGS, {"token": "not-a-token"}) as ws:
        assert (await ws.closed()).code == 4401


async def test_a_screen_token_in_the_subprotocol_sees_the_live_view(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await prepare(client)
    response = await client.post(
        f"/api/contests/{CID}/tokens", json={"role": "screen"}, headers=ADMIN
    )
    token = response.json()["token"]
    headers = {"Sec-WebSocket-Protocol": f"bearer, {token}"}
    async with websocket(app, STANDINGS, {"view": "live"}, headers) as ws:
        snapshot = await ws.receive_json()
    assert ws.subprotocol == "bearer"
    assert snapshot["data"]["view"] == "live"


async def test_contestant_and_progress_streams(app: FastAPI, client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    path = f"/ws/contests/{CID}/contestants/c1"
    async with websocket(app, path) as one, websocket(app, f"/ws/contests/{CID}/progress") as board:
        assert (await one.receive_json())["data"]["contestant_id"] == "c1"
        assert (await board.receive_json())["type"] == "snapshot"
        position = await accepted(client, tokens["r1"], mark("c1", "wiring-faults", 0))
        contestant = (await one.until(position))["data"]
        progress = (await board.until(position))["data"]
    assert contestant["row"]["criteria"]["wiring"] == 2
    assert {axis["criterion_id"] for axis in contestant["radar"]["criteria"]} == {"wiring"}
    assert contestant["progress"]["contestant_id"] == "c1"
    assert {r["contestant_id"] for r in progress["rows"]} == {"c1", "c2", "c3"}


async def test_unknown_boards_and_bad_parameters_close_with_a_reason(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await prepare(client)
    async with websocket(app, "/ws/contests/nope/standings") as ws:
        assert (await ws.closed()).code == 4404
    async with websocket(app, f"/ws/contests/{CID}/contestants/nobody") as ws:
        assert (await ws.closed()).code == 4404
    async with websocket(app, STANDINGS, {"view": "secret"}) as ws:
        assert (await ws.closed()).code == 4422
    async with websocket(app, STANDINGS, {"since": "-3"}) as ws:
        assert (await ws.closed()).code == 4422
