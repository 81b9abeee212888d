"""Helpers of the API tests: the §4 example contest and a ready-made roster."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

ADMIN_TOKEN = "admin-secret-for-tests"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

EXAMPLE_YAML = """\
id: yrd-electricians          # slug, unique
title: 长三角电工跨区域闯关邀请赛
kind: competition
duration_minutes: 240
freeze_minutes: 60
ranking:
  policy: points
  penalty_minutes: 20
  tie_breaks: [countback]
  rank_style: standard
venues: [{id: wz, name: 温州}, {id: nj, name: 南京}]
criteria:
  - id: wiring
    name: 识图焊接接线
    skill: elec.wiring
    aspects:
      - id: wiring-quality
        name: 接线工艺
        type: judgement
        max: 10
        scale: [0, 3]
        panel: {size: 3, aggregate: mean, max_spread: 1}
      - id: wiring-faults
        name: 接线错误数
        type: measurement
        max: 2
        rule:
          kind: tiers
          tiers: [{below: 1, mark: 2}, {below: 2, mark: 1}, {below: 3, mark: 0.5}]
          else: 0
stages:
  - {id: s1, name: 第一关}
penalties:
  - {id: safety, name: 安全违规, points: 5}
  - {id: restart, name: 重新开始, minutes: 5}
"""

CID = "yrd-electricians"

CONTESTANTS = [
    {"id": "c1", "name": "张三", "organization": "Plant A", "venue": "wz", "worker_id": "w-1"},
    {"id": "c2", "name": "李四", "organization": "ACME", "venue": "wz"},
    {"id": "c3", "name": "王五", "organization": "Plant B", "venue": "nj"},
]

REFEREES = [
    {"id": "r1", "name": "Referee One", "role": "referee", "venues": ["wz"]},
    {"id": "r2", "name": "Referee Two", "role": "referee", "venues": ["nj"]},
    {"id": "r3", "name": "Referee Three", "role": "referee", "organization": "ACME"},
    {"id": "r4", "name": "Referee Four", "role": "referee", "aspects": ["wiring-faults"]},
    {"id": "chief", "name": "Chief", "role": "chief"},
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def command(type_: str, **fields: Any) -> dict[str, Any]:
    return {"command_id": str(uuid.uuid4()), "type": type_, **fields}


def mark(contestant: str = "c1", aspect: str = "wiring-quality", value: Any = 2) -> dict[str, Any]:
    return command("award_mark", contestant_id=contestant, aspect_id=aspect, value=value)


async def create_example(client: httpx.AsyncClient) -> httpx.Response:
    headers = {**ADMIN, "Content-Type": "application/yaml"}
    return await client.post("/api/contests", content=EXAMPLE_YAML.encode(), headers=headers)


async def send(
    client: httpx.AsyncClient, token: str, body: Any, cid: str = CID
) -> list[dict[str, Any]]:
    response = await client.post(f"/api/contests/{cid}/commands", json=body, headers=bearer(token))
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


async def prepare(client: httpx.AsyncClient, *, start: bool = True) -> dict[str, str]:
    """The example contest with its roster; returns the referees' tokens by id."""
    assert (await create_example(client)).status_code == 201
    url = f"/api/contests/{CID}"
    assert (await client.post(f"{url}/contestants", json=CONTESTANTS, headers=ADMIN)).is_success
    response = await client.post(f"{url}/referees", json=REFEREES, headers=ADMIN)
    assert response.status_code == 200, response.text
    tokens = {item["id"]: item["token"] for item in response.json()}
    if start:
        [result] = await send(client, ADMIN_TOKEN, command("start"))
        assert result["status"] == "accepted", result
    return tokens
