"""Rounds through the API: the sibling rounds of an event, `advance` and `reopen` as
commands, and the advancement on the standings document."""

from __future__ import annotations

from typing import Any

import httpx
from service_api import ADMIN, ADMIN_TOKEN, command, send


def round_definition(contest_id: str, order: int, **more: Any) -> dict[str, Any]:
    aspect = {"id": "pts", "name": "Points", "type": "measurement", "max": 100}
    return {
        "id": contest_id,
        "title": f"Dance {contest_id}",
        "duration_minutes": 60,
        "round": {"event": "dance", "order": order},
        "criteria": [{"id": "c", "name": "C", "aspects": [aspect]}],
        **more,
    }


async def define(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await client.post("/api/contests", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text


async def test_rounds_advance_and_reopen(client: httpx.AsyncClient) -> None:
    await define(client, round_definition("final", 2))
    await define(client, round_definition("prelim", 1, advancement={"top": 2}))
    await define(client, {**round_definition("solo", 1), "round": None})
    people = [{"id": c, "name": c.title()} for c in ("ann", "bob", "cat")]
    response = await client.post("/api/contests/prelim/contestants", json=people, headers=ADMIN)
    assert response.is_success

    listed = (await client.get("/api/contests/final/rounds")).json()
    assert listed["event"] == "dance"
    assert [(r["contest_id"], r["order"], r["state"]) for r in listed["rounds"]] == [
        ("prelim", 1, "not_started"),
        ("final", 2, "not_started"),
    ]
    assert (await client.get("/api/contests/solo/rounds")).json() == {"event": None, "rounds": []}
    missing = await client.get("/api/contests/nope/rounds")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_contest")

    early = await send(client, ADMIN_TOKEN, command("advance", to="final"), "prelim")
    assert early[0]["error"]["code"] == "round_not_final" and early[0]["http_status"] == 409
    for step in ("start", "end", "finalize"):
        [result] = await send(client, ADMIN_TOKEN, command(step), "prelim")
        assert result["status"] == "accepted", result
    standings = (await client.get("/api/contests/prelim/standings")).json()
    assert standings["advancement"]["projected"] is True

    [advanced] = await send(client, ADMIN_TOKEN, command("advance", to="final"), "prelim")
    assert advanced["status"] == "accepted", advanced
    final = (await client.get("/api/contests/final/standings")).json()
    assert sorted(row["contestant_id"] for row in final["rows"]) == ["ann", "bob", "cat"]
    done = (await client.get("/api/contests/prelim/standings")).json()["advancement"]
    assert done["to"] == "final" and done["projected"] is False
    states = (await client.get("/api/contests/prelim/rounds")).json()["rounds"]
    assert [r["state"] for r in states] == ["finalized", "not_started"]

    [reopened] = await send(client, ADMIN_TOKEN, command("reopen", reason="protest"), "prelim")
    assert reopened["status"] == "accepted", reopened
    states = (await client.get("/api/contests/prelim/rounds")).json()["rounds"]
    assert states[0]["state"] == "ended"
    [again] = await send(client, ADMIN_TOKEN, command("reopen", reason="again"), "prelim")
    assert again["error"]["code"] == "not_finalized"
