"""Position standards with levels through the API: defined, listed, refused when no ladder."""

from __future__ import annotations

from typing import Any

import httpx
from service_api import ADMIN, ADMIN_TOKEN, bearer, command, mark, send

LEVELS = [
    {"id": "junior", "name": "初级", "min_percent": 60},
    {"id": "middle", "name": "中级", "min_percent": 75},
]


async def test_levels_are_defined_listed_and_checked(client: httpx.AsyncClient) -> None:
    body = {"id": "fitter", "name": "钳工", "required": {"fit": 70}, "levels": LEVELS}
    assert (await client.post("/api/standards", json=body, headers=ADMIN)).status_code == 201
    plain = {"id": "plain", "name": "Plain", "required": {"fit": 50}}
    assert (await client.post("/api/standards", json=plain, headers=ADMIN)).status_code == 201
    listed = {s["id"]: s for s in (await client.get("/api/standards", headers=ADMIN)).json()}
    assert listed["fitter"]["levels"] == LEVELS
    assert listed["plain"]["levels"] == []
    for levels in (LEVELS[::-1], [LEVELS[0], {**LEVELS[1], "id": "junior"}]):
        bad = await client.post("/api/standards", json={**body, "levels": levels}, headers=ADMIN)
        assert (bad.status_code, bad.json()["code"]) == (422, "standard_invalid")
    extra = [{**LEVELS[0], "colour": "red"}]
    refused = await client.post("/api/standards", json={**body, "levels": extra}, headers=ADMIN)
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
    table = (
        await client.get("/api/capability", params={"standard": "fitter"}, headers=ADMIN)
    ).json()
    assert table["standard"]["levels"] == LEVELS
    assert table["levels"][0]["position"] == {"junior": 0, "middle": 0}


def exam(cid: str, kind: str = "assessment") -> dict[str, Any]:
    aspect = {"id": "fit-m", "name": "装配", "type": "measurement", "max": 10}
    criterion = {"id": "fit", "name": "装配", "skill": "fit", "aspects": [aspect]}
    return {"id": cid, "title": cid, "kind": kind, "duration_minutes": 60, "criteria": [criterion]}


async def contest(
    client: httpx.AsyncClient, cid: str, roster: list[dict[str, Any]]
) -> dict[str, str]:
    """The contest defined with its roster; the referee's and the chief's tokens by id."""
    kind = "assessment" if cid == "exam" else "competition"
    assert (await client.post("/api/contests", json=exam(cid, kind), headers=ADMIN)).is_success
    assert (
        await client.post(f"/api/contests/{cid}/contestants", json=roster, headers=ADMIN)
    ).is_success
    staff = [{"id": "r1", "name": "考评员"}, {"id": "boss", "name": "Chief", "role": "chief"}]
    issued = await client.post(f"/api/contests/{cid}/referees", json=staff, headers=ADMIN)
    return {item["id"]: item["token"] for item in issued.json()}


async def test_a_chief_counts_the_levels_of_its_own_groups_workers_only(
    client: httpx.AsyncClient,
) -> None:
    body = {"id": "fitter", "name": "钳工", "required": {"fit": 70}, "levels": LEVELS}
    assert (await client.post("/api/standards", json=body, headers=ADMIN)).status_code == 201
    people = [
        {"id": "c1", "name": "甲", "team": "A", "worker_id": "w-a"},
        {"id": "c2", "name": "乙", "team": "B", "worker_id": "w-b"},
    ]
    tokens = await contest(client, "exam", people)
    await send(client, ADMIN_TOKEN, [command("start")], "exam")
    marks = [mark("c1", "fit-m", 9), mark("c2", "fit-m", 7)]
    assert {r["status"] for r in await send(client, tokens["r1"], marks, "exam")} == {"accepted"}
    await send(client, ADMIN_TOKEN, [command("end"), command("finalize")], "exam")
    chief = (await contest(client, "other", [{"id": "x", "name": "X", "team": "a"}]))["boss"]

    everyone = (
        await client.get("/api/capability", params={"standard": "fitter"}, headers=ADMIN)
    ).json()
    assert everyone["levels"][0]["position"] == {"junior": 1, "middle": 1}
    scoped = await client.get(
        "/api/capability", params={"standard": "fitter"}, headers=bearer(chief)
    )
    assert scoped.status_code == 200, scoped.text
    assert [g["group"] for g in scoped.json()["groups"]] == ["A"]
    assert scoped.json()["levels"][0]["position"] == {"junior": 0, "middle": 1}
