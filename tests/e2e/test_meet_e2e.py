"""A meet end to end: one team event and two individual events, one of them with a
preliminary and a final (`advance`), run through the API to the unit table, which
a websocket client of the meet sees arrive."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
import pytest
from e2e_contest import ADMIN, WAIT, bearer, command
from e2e_server import ServerProcess, judging_command
from websockets.asyncio.client import ClientConnection, connect

PORT = 8670  # this module's server (8670-8689 are the meet tests')
AWARDS = [
    {"id": "gold", "name": "金牌", "count": 1},
    {"id": "silver", "name": "银牌", "count": 1},
    {"id": "bronze", "name": "铜牌", "count": 1},
]


@pytest.fixture(scope="module")
def server(
    sqlite_e2e_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """SQLite only: the meet service's reads are tested on both databases in
    tests/integration/test_meets.py; one server keeps this module quick."""
    process = ServerProcess(sqlite_e2e_url, tmp_path_factory.mktemp("meet"), PORT)
    process.start()
    try:
        yield process
    finally:
        process.stop()


def definition(cid: str, **extra: Any) -> dict[str, Any]:
    aspect = {"id": "a", "name": "成绩", "type": "measurement", "max": 100}
    return {
        "id": cid,
        "title": cid,
        "duration_minutes": 60,
        "criteria": [{"id": "c", "name": "成绩", "aspects": [aspect]}],
        **extra,
    }


class Round:
    def __init__(self, client: httpx.AsyncClient, cid: str) -> None:
        self.client, self.cid, self.referee = client, cid, ""

    async def create(self, roster: list[dict[str, Any]] | None, **extra: Any) -> Round:
        created = await self.client.post(
            "/api/contests", json=definition(self.cid, **extra), headers=ADMIN
        )
        assert created.status_code == 201, created.text
        url = f"/api/contests/{self.cid}"
        if roster:
            registered = await self.client.post(f"{url}/contestants", json=roster, headers=ADMIN)
            assert registered.is_success, registered.text
        referees = await self.client.post(
            f"{url}/referees", json=[{"id": "r1", "name": "裁判"}], headers=ADMIN
        )
        assert referees.status_code == 200, referees.text
        self.referee = referees.json()[0]["token"]
        return self

    async def send(self, token: str, *bodies: dict[str, Any]) -> int:
        response = await self.client.post(
            f"/api/contests/{self.cid}/commands", json=list(bodies), headers=bearer(token)
        )
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert all(r["status"] == "accepted" for r in results), results
        position: int = results[-1]["position"]
        return position

    async def run(self, marks: dict[str, float]) -> int:
        """Start, mark everyone, end and finalize; the position of the finalize."""
        await self.send(ADMIN["Authorization"][7:], command("start"))
        await self.send(
            self.referee,
            *(
                command("award_mark", contestant_id=c, aspect_id="a", value=v)
                for c, v in marks.items()
            ),
        )
        return await self.send(ADMIN["Authorization"][7:], command("end"), command("finalize"))


def people(prefix: str, orgs: list[str], team: bool = False) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{prefix}{i}",
            "name": f"{prefix}-{i}",
            "organization": org,
            **({"team": f"Team {org}"} if team else {}),
        }
        for i, org in enumerate(orgs, start=1)
    ]


@asynccontextmanager
async def meet_stream(base_url: str, mid: str) -> AsyncIterator[ClientConnection]:
    url = base_url.replace("http://", "ws://") + f"/ws/meets/{mid}"
    async with connect(url, open_timeout=WAIT) as connection:
        yield connection


async def frame_at(connection: ClientConnection, position: int) -> dict[str, Any]:
    """The first frame at `position` or later (pings skipped); positions never go back."""
    last = 0
    async with asyncio.timeout(WAIT):
        while True:
            frame = orjson.loads(await connection.recv())
            if frame["type"] == "ping":
                continue
            assert frame["position"] >= last
            last = frame["position"]
            if frame["position"] >= position:
                return dict(frame)


async def test_a_meet_of_three_events_through_the_api_to_the_unit_table(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    tag = uuid.uuid4().hex[:8]
    relay, sprint = Round(client, f"relay-{tag}"), Round(client, f"sprint-{tag}")
    pre, final = Round(client, f"wiring-pre-{tag}"), Round(client, f"wiring-final-{tag}")
    mid = f"meet-{tag}"
    meet = {
        "id": mid,
        "title": "职工技能运动会",
        "events": [
            {"id": "relay", "title": "接力", "kind": "team", "rounds": [relay.cid]},
            {"id": "sprint", "title": "短跑", "rounds": [sprint.cid]},
            {"id": "wiring", "title": "接线", "rounds": [pre.cid, final.cid]},
        ],
        "units": [
            {"id": "wz", "name": "温州供电"},
            {"id": "nj", "name": "南京供电"},
            {"id": "hz", "name": "杭州供电"},
        ],
    }
    created = await client.post("/api/meets", json=meet, headers=ADMIN)
    assert created.status_code == 201, created.text
    again = await client.post("/api/meets", json=meet, headers=ADMIN)
    assert again.status_code == 409 and again.json()["code"] == "meet_already_defined"
    bad = await client.post("/api/meets", json={**meet, "events": []}, headers=ADMIN)
    assert bad.status_code == 422 and bad.json()["code"] == "meet_invalid"
    assert (await client.post("/api/meets", json=meet)).status_code in (401, 403)
    put = await client.put(f"/api/meets/{mid}", json={**meet, "id": "other"}, headers=ADMIN)
    assert put.status_code == 422 and put.json()["code"] == "meet_invalid"
    put = await client.put("/api/meets/nothing", json={**meet, "id": "nothing"}, headers=ADMIN)
    assert put.status_code == 404 and put.json()["code"] == "unknown_meet"
    assert (await client.get("/api/meets/nothing/table")).json()["code"] == "unknown_meet"
    listed = (await client.get("/api/meets")).json()
    assert {"id": mid, "title": "职工技能运动会"}.items() <= listed[-1].items()
    board = (await client.get(f"/api/meets/{mid}/table")).json()
    assert [e["state"] for e in board["events"]] == ["not_started"] * 3
    assert [r["state"] for r in board["events"][2]["rounds"]] == ["not_defined"] * 2

    async with meet_stream(server.base_url, mid) as stream:
        snapshot = await frame_at(stream, 0)
        assert snapshot["type"] == "snapshot" and snapshot["data"]["meet_id"] == mid

        await relay.create(
            people("r", ["温州供电", "温州供电", "南京供电", "南京供电", "hz", "hz"], team=True),
            awards=AWARDS,
        )
        await relay.run({"r1": 50, "r2": 40, "r3": 60, "r4": 10, "r5": 30, "r6": 30})
        await sprint.create(people("s", ["nj", "wz", "hz", "Elsewhere"]), awards=AWARDS)
        await sprint.run({"s1": 90, "s2": 80, "s3": 70, "s4": 95})
        round_of = {"event": "wiring"}
        await pre.create(
            people("w", ["wz", "nj", "hz", "wz", "nj"]),
            round={**round_of, "order": 1},
            advancement={"top": 3},
        )
        await final.create(None, round={**round_of, "order": 2}, awards=AWARDS)
        await pre.run({"w1": 50, "w2": 40, "w3": 60, "w4": 10, "w5": 20})
        await pre.send(ADMIN["Authorization"][7:], command("advance", to=final.cid))
        finalists = (await client.get(f"/api/contests/{final.cid}")).json()
        assert sorted(c["id"] for c in finalists["contestants"]) == ["w1", "w2", "w3"]
        last = await final.run({"w1": 70, "w2": 90, "w3": 80})

        pushed = await frame_at(stream, last)
    table = (await client.get(f"/api/meets/{mid}/table")).json()
    assert pushed["type"] == "update"
    assert pushed["data"]["table"] == table["table"]
    assert [e["state"] for e in table["events"]] == ["finalized"] * 3
    # relay: teams wz 90, nj 70, hz 60 -> gold wz, silver nj, bronze hz
    # sprint: Elsewhere 95 (no unit), nj 90, wz 80 -> gold to nobody, silver nj, bronze wz
    # wiring final: nj 90, hz 80, wz 70 -> gold nj, silver hz, bronze wz
    rows = [(r["rank"], r["unit_id"], r["medals"]) for r in table["table"]["rows"]]
    assert rows == [(1, "nj", [1, 2, 0]), (2, "wz", [1, 0, 2]), (3, "hz", [0, 1, 1])]
    assert table["table"]["unmatched"] == ["Elsewhere"]
    assert [r["advanced"] for r in table["events"][2]["rounds"]] == [3, None]
    winners = table["events"][2]["winners"]
    assert [(w["name"], w["award_id"]) for w in winners] == [
        ("w-2", "gold"),
        ("w-3", "silver"),
        ("w-1", "bronze"),
    ]
    printed = await asyncio.to_thread(
        subprocess.run,
        [*judging_command(), "meet-table", mid, "--json", "--db", server.database_url],
        capture_output=True,
        check=True,
    )
    assert orjson.loads(printed.stdout)["table"] == table["table"]  # the CLI's is the API's
