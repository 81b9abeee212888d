"""The talent routes through the ASGI app: resumes, leaderboard, standards, capability."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from service_api import (
    ADMIN,
    ADMIN_TOKEN,
    CID,
    EXAMPLE_YAML,
    bearer,
    command,
    create_example,
    mark,
    send,
)

URL = f"/api/contests/{CID}"
WORKERS = [
    {"id": "c1", "name": "张三", "team": "A", "workshop": "W1", "venue": "wz", "worker_id": "w-1"},
    {"id": "c2", "name": "李四", "team": "A", "workshop": "W1", "venue": "wz", "worker_id": "w-2"},
    {"id": "c3", "name": "王五", "team": "B", "workshop": "W2", "venue": "wz", "worker_id": "w-3"},
    {"id": "c4", "name": "No worker id", "team": "B", "venue": "wz"},
]
REFEREES = [{"id": "r1", "name": "Referee One", "role": "referee", "venues": ["wz"]}]
STANDARD = {"id": "electrician-3", "name": "三级电工", "required": {"elec.wiring": 50}}


async def accepted(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> int:
    [result] = await send(client, token, body)
    assert result["status"] == "accepted", result
    position: int = result["position"]
    return position


async def finalized_contest(
    app: FastAPI, client: httpx.AsyncClient, unmarked: Sequence[dict[str, Any]] = ()
) -> int:
    """The §4 example contest with three workers, marked, ended and finalized; the
    `unmarked` contestants are registered too, and nobody marks them."""
    created = await create_example(client)
    assert created.status_code == 201
    roster = [*WORKERS, *unmarked]
    assert (await client.post(f"{URL}/contestants", json=roster, headers=ADMIN)).is_success
    issued = await client.post(f"{URL}/referees", json=REFEREES, headers=ADMIN)
    referee = issued.json()[0]["token"]
    await accepted(client, ADMIN_TOKEN, command("start"))
    for contestant, faults in (("c1", 0), ("c2", 1), ("c3", 5), ("c4", 0)):
        await accepted(client, referee, mark(contestant, "wiring-faults", faults))
    await accepted(client, ADMIN_TOKEN, command("end"))
    position = await accepted(client, ADMIN_TOKEN, command("finalize"))
    await app.state.services.runner.wait_for(position, names=("talent",))
    detail = (await client.get(URL)).json()  # the console's replay spans these positions
    assert (detail["defined_position"], detail["position"]) == (
        created.json()["position"],
        position,
    )
    return position


async def test_a_finalized_contest_shows_in_the_workers_resume(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    position = await finalized_contest(app, client)
    response = await client.get("/api/workers/w-1/resume")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["worker_id"] == "w-1"
    assert body["name"] == "张三"
    [entry] = body["contests"]
    assert entry["contest_id"] == CID
    assert entry["rank"] == 1  # c4 ties on marks but has no worker id; rank is in the field
    assert entry["skills"]["elec.wiring"] == pytest.approx(2 / 12 * 100)
    assert body["skills"]["elec.wiring"]["latest"] == pytest.approx(2 / 12 * 100)
    assert body["rating"]["contests"] == 1
    assert position > 0


async def test_a_worker_never_marked_is_not_assessed_rated_or_counted_in_means(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    never = {"id": "c5", "name": "赵六", "team": "A", "venue": "wz", "worker_id": "w-5"}
    await finalized_contest(app, client, unmarked=[never])
    body = (await client.get("/api/workers/w-5/resume")).json()
    [entry] = body["contests"]
    assert (entry["assessed"], entry["rank"], entry["percentile"]) == (False, None, None)
    assert entry["skills"] == body["skills"] == {}
    assert body["rating"] is None
    board = (await client.get("/api/leaderboard")).json()
    assert [row["worker_id"] for row in board["rows"]] == ["w-1", "w-2", "w-3"]
    assert board["model"]["model"] == "PlackettLuce"
    assert all(row["points"] >= 0 for row in board["rows"])
    table = (await client.get("/api/capability", params={"by": "team"}, headers=ADMIN)).json()
    assert table["contests"] == [CID]
    team_a = table["groups"][0]
    assert (team_a["group"], team_a["workers"]) == ("A", 3)
    [wiring] = team_a["skills"]
    assert (wiring["workers"], wiring["not_assessed"]) == (2, 1)
    assert wiring["mean"] == pytest.approx((2 / 12 * 100 + 1 / 12 * 100) / 2)
    assert [m["worker_id"] for m in team_a["members"]] == ["w-1", "w-2", "w-5"]


async def test_an_unknown_worker_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/workers/nobody/resume")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_worker"


async def test_the_leaderboard_lists_the_workers_by_ordinal(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await finalized_contest(app, client)
    body = (await client.get("/api/leaderboard")).json()
    assert body["total"] == 3
    assert [row["worker_id"] for row in body["rows"]] == ["w-1", "w-2", "w-3"]
    assert [row["rank"] for row in body["rows"]] == [1, 2, 3]
    page = (await client.get("/api/leaderboard", params={"limit": 1, "offset": 1})).json()
    assert [row["worker_id"] for row in page["rows"]] == ["w-2"]
    assert page["rows"][0]["rank"] == 2
    assert (await client.get("/api/leaderboard", params={"limit": 0})).status_code == 422


async def test_standards_are_defined_by_organizers_and_read_by_all(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.post("/api/standards", json=STANDARD)).status_code == 403
    created = await client.post("/api/standards", json=STANDARD, headers=ADMIN)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == STANDARD["id"]
    replaced = {**STANDARD, "required": {"elec.wiring": 60, "elec.theory": 70}}
    assert (await client.post("/api/standards", json=replaced, headers=ADMIN)).is_success
    [listed] = (await client.get("/api/standards")).json()
    assert listed["required"] == replaced["required"]
    assert listed["position"] > created.json()["position"]


async def test_a_retried_standard_appends_once(client: httpx.AsyncClient) -> None:
    body = {**STANDARD, "command_id": "define-once"}
    first = (await client.post("/api/standards", json=body, headers=ADMIN)).json()
    second = (await client.post("/api/standards", json=body, headers=ADMIN)).json()
    assert first == second


async def test_an_invalid_standard_is_a_422_with_paths(client: httpx.AsyncClient) -> None:
    bad = {"id": "x", "name": "x", "required": {"elec.wiring": 150}}
    response = await client.post("/api/standards", json=bad, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "body.required.elec.wiring"


async def test_capability_per_team_against_a_standard(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await finalized_contest(app, client)
    assert (await client.post("/api/standards", json=STANDARD, headers=ADMIN)).is_success
    params = {"by": "team", "standard": "electrician-3"}
    response = await client.get("/api/capability", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["standard"]["required"] == STANDARD["required"]
    team_a, team_b = body["groups"]
    assert (team_a["group"], team_a["workers"]) == ("A", 2)
    [skill] = team_a["skills"]
    assert skill["mean"] == pytest.approx(12.5)
    assert skill["gap"] == pytest.approx(12.5 - 50)
    assert (team_b["group"], team_b["workers"]) == ("B", 1)


async def test_capability_needs_organizer_or_chief_and_a_known_standard(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/api/capability")).status_code == 403
    screen = await client.post(f"{URL}/tokens", json={"role": "screen"}, headers=ADMIN)
    assert screen.status_code == 404  # no contest yet: no screen token either
    response = await client.get("/api/capability", params={"standard": "nope"}, headers=ADMIN)
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_standard"
    by = await client.get("/api/capability", params={"by": "venue"}, headers=ADMIN)
    assert by.status_code == 422


async def test_capability_for_a_screen_token_is_forbidden(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await finalized_contest(app, client)
    screen = (await client.post(f"{URL}/tokens", json={"role": "screen"}, headers=ADMIN)).json()
    response = await client.get("/api/capability", headers=bearer(screen["token"]))
    assert response.status_code == 403
    assert (await client.get("/api/leaderboard", headers=bearer(screen["token"]))).is_success


async def test_a_chief_sees_the_capability_of_its_own_contests_groups_only(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await finalized_contest(app, client)  # teams A and B, from contest CID
    other = EXAMPLE_YAML.replace(f"id: {CID}", "id: other").encode()
    yaml = {**ADMIN, "Content-Type": "application/yaml"}
    assert (await client.post("/api/contests", content=other, headers=yaml)).status_code == 201
    roster = [{"id": "x1", "name": "X", "team": " a ", "venue": "wz"}]  # team A, spelled apart
    assert (
        await client.post("/api/contests/other/contestants", json=roster, headers=ADMIN)
    ).is_success
    chief = {"id": "boss", "name": "Chief of other", "role": "chief"}
    issued = await client.post("/api/contests/other/referees", json=[chief], headers=ADMIN)
    token = issued.json()[0]["token"]
    everyone = await client.get("/api/capability", params={"by": "team"}, headers=ADMIN)
    assert [g["group"] for g in everyone.json()["groups"]] == ["A", "B"]
    scoped = await client.get("/api/capability", params={"by": "team"}, headers=bearer(token))
    assert scoped.status_code == 200, scoped.text
    assert [g["group"] for g in scoped.json()["groups"]] == ["A"]
    by_org = await client.get("/api/capability", params={"by": "workshop"}, headers=bearer(token))
    assert by_org.json()["groups"] == []  # the other contest names no workshop
