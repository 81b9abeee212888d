"""Read routes of the live boards, and /metrics."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from service_api import (
    ADMIN,
    ADMIN_TOKEN,
    CID,
    CONTESTANTS,
    EXAMPLE_YAML,
    REFEREES,
    bearer,
    command,
    mark,
    prepare,
    send,
)
from service_asgi import websocket

from judging.cli import main

URL = f"/api/contests/{CID}"


async def position_of(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> int:
    [result] = await send(client, token, body)
    assert result["status"] == "accepted", result
    position: int = result["position"]
    return position


def criteria_of(document: dict[str, Any], contestant_id: str) -> dict[str, Any]:
    [row] = [r for r in document["rows"] if r["contestant_id"] == contestant_id]
    criteria: dict[str, Any] = row["criteria"]
    return criteria


async def test_standings_read_their_own_writes(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    position = await position_of(client, tokens["r1"], mark("c1", "wiring-faults", 0))
    document = (await client.get(f"{URL}/standings")).json()
    assert document["contest_id"] == CID
    assert document["view"] == "public"
    assert document["position"] >= position
    assert criteria_of(document, "c1")["wiring"] == 2


async def test_the_live_view_needs_organizer_chief_or_screen(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    live = {"view": "live"}
    assert (await client.get(f"{URL}/standings", params=live)).status_code == 403
    response = await client.get(f"{URL}/standings", params=live, headers=bearer(tokens["r1"]))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    for token in (ADMIN_TOKEN, tokens["chief"]):
        response = await client.get(f"{URL}/standings", params=live, headers=bearer(token))
        assert response.status_code == 200
        assert response.json()["view"] == "live"


async def test_frozen_results_stay_off_the_public_board(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    await position_of(client, ADMIN_TOKEN, command("freeze"))
    await position_of(client, tokens["r1"], mark("c1", "wiring-faults", 0))
    public = (await client.get(f"{URL}/standings")).json()
    live = (await client.get(f"{URL}/standings", params={"view": "live"}, headers=ADMIN)).json()
    assert criteria_of(live, "c1")["wiring"] == 2
    assert criteria_of(public, "c1").get("wiring") in (None, 0)


async def test_time_travel_and_groups(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    before = (await client.get(f"{URL}/standings")).json()
    await position_of(client, tokens["r1"], mark("c1", "wiring-faults", 0))
    past = (await client.get(f"{URL}/standings", params={"at": before["position"]})).json()
    assert past["rows"] == before["rows"]
    venue = (await client.get(f"{URL}/standings", params={"group": "venue:wz"})).json()
    assert {r["contestant_id"] for r in venue["rows"]} == {"c1", "c2"}
    organizations = await client.get(f"{URL}/standings", params={"group": "organization"})
    assert organizations.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"view": "secret"}, {"group": "venue:mars"}, {"group": "species"}, {"at": -1}, {"at": 10**6}],
)
async def test_bad_parameters_are_422(client: httpx.AsyncClient, params: dict[str, Any]) -> None:
    await prepare(client)
    response = await client.get(f"{URL}/standings", params=params, headers=ADMIN)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


async def test_unknown_contest_and_contestant_are_404(client: httpx.AsyncClient) -> None:
    await prepare(client)
    for path in ("standings", "progress", "scoreboard", "contestants/c1/radar"):
        response = await client.get(f"/api/contests/nope/{path}")
        assert response.json()["code"] == "unknown_contest", path
    response = await client.get(f"{URL}/contestants/nobody/radar")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_contestant"


async def test_radar_per_criterion(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    await position_of(client, tokens["r1"], mark("c1", "wiring-faults", 0))
    radar = (await client.get(f"{URL}/contestants/c1/radar")).json()
    [axis] = radar["criteria"]
    assert axis["criterion_id"] == "wiring"
    assert set(axis) >= {"mark", "max", "percent", "cohort_mean_percent", "percentile"}
    assert axis["mark"] == 2


async def test_judges_progress_and_reveal(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    await position_of(client, tokens["r1"], mark("c1", "wiring-quality", 2))
    judges = await client.get(f"{URL}/judges", headers=bearer(tokens["chief"]))
    assert judges.status_code == 200
    rows = {row["referee_id"]: row for row in judges.json()["judges"]}
    assert rows["r1"]["marks_given"] == 1
    assert (await client.get(f"{URL}/judges")).status_code == 403
    progress = (await client.get(f"{URL}/progress")).json()
    assert {r["contestant_id"] for r in progress["rows"]} == {"c1", "c2", "c3"}
    reveal = await client.get(f"{URL}/reveal", headers=ADMIN)
    assert reveal.status_code == 200
    assert set(reveal.json()) >= {"frozen", "steps"}
    assert (await client.get(f"{URL}/reveal", headers=bearer(tokens["chief"]))).status_code == 403


async def test_metrics_are_exposed(app: FastAPI, client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    async with websocket(app, f"/ws/contests/{CID}/standings") as ws:
        await ws.receive_json()
        await send(client, tokens["r1"], mark("c1", "wiring-faults", 0))
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'judging_events_appended_total{type="contest_defined"} 1.0' in text
    assert 'judging_projection_lag{projection="live-boards"}' in text
    assert 'judging_websocket_clients{stream="standings"} 1.0' in text
    assert 'judging_websocket_messages_sent_total{kind="snapshot"}' in text
    assert "judging_websocket_snapshots_resent_total" in text


async def other_contest(client: httpx.AsyncClient, cid: str) -> dict[str, str]:
    """A second contest in the same log, started; returns its referees' tokens."""
    yaml = EXAMPLE_YAML.replace(f"id: {CID}", f"id: {cid}").encode()
    headers = {**ADMIN, "Content-Type": "application/yaml"}
    assert (await client.post("/api/contests", content=yaml, headers=headers)).status_code == 201
    url = f"/api/contests/{cid}"
    assert (await client.post(f"{url}/contestants", json=CONTESTANTS, headers=ADMIN)).is_success
    response = await client.post(f"{url}/referees", json=REFEREES, headers=ADMIN)
    await send(client, ADMIN_TOKEN, command("start"), cid)
    return {item["id"]: item["token"] for item in response.json()}


async def test_the_cli_prints_the_api_document_at_every_position(
    app: FastAPI,
    client: httpx.AsyncClient,
    service_db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """DESIGN.md §6: `judging standings CID --at N --json` prints the body of
    `GET .../standings?at=N`, for every N of a log that holds two contests (and
    positions of neither), before, during and after the freeze."""
    tokens = await prepare(client, start=False)
    others = await other_contest(client, "other")
    await send(client, ADMIN_TOKEN, command("start"))
    for n, value in enumerate((0, 1, 3)):
        await send(client, tokens["r1"], mark("c1", "wiring-faults", value))
        await send(client, others["r2"], mark("c3", "wiring-faults", n), "other")
        if n == 1:
            await send(client, ADMIN_TOKEN, command("freeze"))
    await send(client, tokens["r2"], mark("c3", "wiring-quality", 2))
    head = await app.state.services.store.head()
    cases: list[tuple[list[str], dict[str, Any], dict[str, str]]] = [
        ([], {}, {}),
        (["--view", "live"], {"view": "live"}, ADMIN),
        (["--group", "organization"], {"group": "organization"}, {}),
    ]
    compared = 0
    for at in range(1, head + 1):
        for argv, params, headers in cases:
            api = await client.get(f"{URL}/standings", params={"at": at, **params}, headers=headers)
            capsys.readouterr()
            argv = ["standings", CID, "--at", str(at), "--json", "--db", service_db_url, *argv]
            code = await asyncio.to_thread(main, argv)
            if api.status_code == 404:
                assert code == 1, at
                continue
            assert api.status_code == 200 and code == 0, (at, api.text)
            assert orjson.loads(capsys.readouterr().out) == api.json(), (at, argv)
            compared += 1
    assert compared > 2 * len(cases)
