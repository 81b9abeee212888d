"""A small contest on a running server, set up through the API, and clients for it.

The definition follows DESIGN.md §4: a judgement aspect with a 3-referee panel (its
own criterion `quality`, so the board shows its mark apart), a measurement aspect
(criterion `faults`), two stages, penalties and `freeze_minutes`. Referees: `r1`..`r3`
may judge anything (the panel); `r-wz` only venue wz; `r-faults` only the measurement;
`r-acme` belongs to ACME like `c2`; `chief` is the chief referee.

`new_contest(client)` defines one with a fresh id, registers the roster, issues a
screen token and (by default) starts it. `Contest.send(who, body)` posts commands as
`who` (a referee id, `organizer`, `screen`) and returns the per-command results.
`board_stream(...)` is a websocket client of the standings stream.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from e2e_server import ADMIN_TOKEN
from websockets.asyncio.client import ClientConnection, connect

WAIT = 10.0  # seconds: the bound on any wait for the server (never a timing assertion)


def definition(cid: str) -> dict[str, Any]:
    return {
        "id": cid,
        "title": "E2E electricians",
        "kind": "competition",
        "duration_minutes": 240,
        "freeze_minutes": 60,
        "ranking": {"policy": "points", "tie_breaks": ["countback"], "rank_style": "standard"},
        "venues": [{"id": "wz", "name": "温州"}, {"id": "nj", "name": "南京"}],
        "criteria": [
            {
                "id": "quality",
                "name": "接线工艺",
                "aspects": [
                    {
                        "id": "wiring-quality",
                        "name": "接线工艺",
                        "type": "judgement",
                        "max": 10,
                        "scale": [0, 3],
                        "panel": {"size": 3, "aggregate": "mean", "max_spread": 1},
                    }
                ],
            },
            {
                "id": "faults",
                "name": "接线错误数",
                "aspects": [
                    {
                        "id": "wiring-faults",
                        "name": "接线错误数",
                        "type": "measurement",
                        "max": 2,
                        "rule": {
                            "kind": "tiers",
                            "tiers": [
                                {"below": 1, "mark": 2},
                                {"below": 2, "mark": 1},
                                {"below": 3, "mark": 0.5},
                            ],
                            "else": 0,
                        },
                    }
                ],
            },
        ],
        "stages": [{"id": "s1", "name": "第一关"}, {"id": "s2", "name": "第二关"}],
        "penalties": [
            {"id": "safety", "name": "安全违规", "points": 5},
            {"id": "restart", "name": "重新开始", "minutes": 5},
        ],
    }


CONTESTANTS = [
    {"id": "c1", "name": "张三", "organization": "Plant A", "venue": "wz", "worker_id": "w-1"},
    {"id": "c2", "name": "李四", "organization": "ACME", "venue": "wz"},
    {"id": "c3", "name": "王五", "organization": "Plant B", "venue": "nj"},
]

REFEREES = [
    {"id": "r1", "name": "Referee One"},
    {"id": "r2", "name": "Referee Two"},
    {"id": "r3", "name": "Referee Three"},
    {"id": "r-wz", "name": "Venue Referee", "venues": ["wz"]},
    {"id": "r-faults", "name": "Faults Referee", "aspects": ["wiring-faults"]},
    {"id": "r-acme", "name": "ACME Referee", "organization": "ACME"},
    {"id": "chief", "name": "Chief Referee", "role": "chief"},
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer(ADMIN_TOKEN)


def command(type_: str, **fields: Any) -> dict[str, Any]:
    return {"command_id": str(uuid.uuid4()), "type": type_, **fields}


def mark(contestant: str, aspect: str, value: float | bool) -> dict[str, Any]:
    return command("award_mark", contestant_id=contestant, aspect_id=aspect, value=value)


def attempt(contestant: str, stage: str, result: str = "cleared") -> dict[str, Any]:
    return command("record_attempt", contestant_id=contestant, stage_id=stage, result=result)


def row(document: dict[str, Any], contestant_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        r for r in document["rows"] if r["contestant_id"] == contestant_id
    ]
    [one] = found
    return one


@dataclass
class Contest:
    """One contest on the server, with the tokens of everyone taking part."""

    client: httpx.AsyncClient
    cid: str
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return f"/api/contests/{self.cid}"

    async def send(self, who: str, body: Any) -> list[dict[str, Any]]:
        """POST commands as `who`; the per-command results of a 200 answer."""
        response = await self.client.post(
            f"{self.url}/commands", json=body, headers=bearer(self.tokens[who])
        )
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    async def accepted(self, who: str, body: dict[str, Any]) -> int:
        [result] = await self.send(who, body)
        assert result["status"] == "accepted", result
        position: int = result["position"]
        return position

    async def standings(self, view: str = "public", *, as_: str = "organizer") -> dict[str, Any]:
        """The standings of a view; the live view as the organizer (who sees incomplete
        blind panels too) or as `as_="screen"` (which does not)."""
        token = ADMIN_TOKEN if as_ == "organizer" else self.tokens[as_]
        headers = bearer(token) if view == "live" else {}
        response = await self.client.get(
            f"{self.url}/standings", params={"view": view}, headers=headers
        )
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document


async def new_contest(client: httpx.AsyncClient, *, start: bool = True) -> Contest:
    """A freshly defined contest with its roster, a screen token and (by default) started."""
    cid = f"e2e-{uuid.uuid4().hex[:10]}"
    created = await client.post("/api/contests", json=definition(cid), headers=ADMIN)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == cid
    url = f"/api/contests/{cid}"
    roster = await client.post(f"{url}/contestants", json=CONTESTANTS, headers=ADMIN)
    assert roster.is_success, roster.text
    referees = await client.post(f"{url}/referees", json=REFEREES, headers=ADMIN)
    assert referees.status_code == 200, referees.text
    tokens = {item["id"]: item["token"] for item in referees.json()}
    screen = await client.post(f"{url}/tokens", json={"role": "screen"}, headers=ADMIN)
    assert screen.status_code == 200, screen.text
    tokens |= {"organizer": ADMIN_TOKEN, "screen": screen.json()["token"]}
    contest = Contest(client, cid, tokens)
    if start:
        await contest.accepted("organizer", command("start"))
    return contest


class BoardStream:
    """A websocket client of a standings stream: frames as JSON, pings skipped."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.frames: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        """The next snapshot or update (a TimeoutError after `WAIT` seconds)."""
        async with asyncio.timeout(WAIT):
            while True:
                frame: dict[str, Any] = orjson.loads(await self.connection.recv())
                if frame["type"] != "ping":
                    self.frames.append(frame)
                    return frame

    async def until(self, position: int) -> dict[str, Any]:
        """Frames until one reflects at least `position`; that one."""
        async with asyncio.timeout(WAIT):
            while True:
                frame = await self.receive()
                if frame["position"] >= position:
                    return frame


@asynccontextmanager
async def board_stream(
    base_url: str,
    cid: str,
    *,
    view: str = "public",
    token: str | None = None,
    since: int | None = None,
) -> AsyncIterator[BoardStream]:
    params = httpx.QueryParams(
        {"view": view}
        | ({"token": token} if token is not None else {})
        | ({"since": str(since)} if since is not None else {})
    )
    url = f"{base_url.replace('http', 'ws', 1)}/ws/contests/{cid}/standings?{params}"
    async with connect(url, open_timeout=WAIT, close_timeout=WAIT) as connection:
        yield BoardStream(connection)
