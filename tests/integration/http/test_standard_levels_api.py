"""Position standards with levels through the API: defined, listed, refused when no ladder."""

from __future__ import annotations

import httpx
from service_api import ADMIN

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
