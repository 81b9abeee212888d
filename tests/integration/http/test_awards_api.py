"""Awards as published results through the ASGI app, on SQLite and PostgreSQL:
`GET .../awards` (public once finalized), `GET /api/verify/{code}` (the proof holds,
then fails after the event is changed in the database, as `judging verify` does), the
CLICS `awards` and the resume's award."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from service_api import ADMIN, ADMIN_TOKEN, CID, EXAMPLE_YAML, command, mark, send

from judging.application.awards import encode
from judging.cli import main
from judging.store.engines import backend_for

URL = f"/api/contests/{CID}"
AWARDS_YAML = """\
awards:
  - {id: gold, name: 金奖, count: 1}
  - {id: silver, name: 银奖, count: 1}
  - {id: excellence, name: 优秀奖, min_score: 0.1}
"""
ROSTER = [
    {"id": "c1", "name": "张三", "organization": "Plant A", "venue": "wz", "worker_id": "w-1"},
    {"id": "c2", "name": "李四", "organization": "ACME", "venue": "wz"},
    {"id": "c3", "name": "王五", "organization": "Plant B", "venue": "nj", "worker_id": "w-3"},
    {"id": "c4", "name": "赵六", "organization": "Plant B", "venue": "nj"},
]
REFEREES = [{"id": "r4", "name": "Referee Four", "role": "referee", "aspects": ["wiring-faults"]}]


@pytest.fixture
def service_db_url(database_url: str) -> str:
    return database_url  # both backends


async def accepted(
    client: httpx.AsyncClient, body: dict[str, Any], token: str = ADMIN_TOKEN
) -> int:
    [result] = await send(client, token, body)
    assert result["status"] == "accepted", result
    position: int = result["position"]
    return position


async def ended_contest(client: httpx.AsyncClient) -> None:
    """The §4 example with three award tiers; c1 > c2 > c3 marked, c4 not."""
    headers = {**ADMIN, "Content-Type": "application/yaml"}
    body = (EXAMPLE_YAML + AWARDS_YAML).encode()
    assert (await client.post("/api/contests", content=body, headers=headers)).status_code == 201
    assert (await client.post(f"{URL}/contestants", json=ROSTER, headers=ADMIN)).is_success
    issued = await client.post(f"{URL}/referees", json=REFEREES, headers=ADMIN)
    referee = issued.json()[0]["token"]
    await accepted(client, command("start"))
    for contestant, faults in (("c1", 0), ("c2", 1), ("c3", 2)):
        await accepted(client, mark(contestant, "wiring-faults", faults), referee)
    await accepted(client, command("end"))


async def test_awards_are_public_once_finalized_and_each_code_proves_its_award(
    app: FastAPI, client: httpx.AsyncClient, service_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await ended_contest(client)
    for headers in ({}, ADMIN):  # not official yet, for anyone
        early = await client.get(f"{URL}/awards", headers=headers)
        assert early.status_code == 409 and early.json()["code"] == "not_finalized"

    position = await accepted(client, command("finalize"))
    awards = (await client.get(f"{URL}/awards")).json()  # no token: public
    assert [(a["contestant_id"], a["award_id"], a["rank"]) for a in awards] == [
        ("c1", "gold", 1),
        ("c2", "silver", 2),
        ("c3", "excellence", 3),
    ]
    assert awards[0]["name"] == "张三" and awards[0]["award_name"] == "金奖"
    assert awards[0]["organization"] == "Plant A"
    assert {a["position"] for a in awards} == {position}  # the awards_published event
    assert all(a["holds"] for a in awards)

    proof = (await client.get(f"/api/verify/{awards[1]['code']}")).json()
    assert proof["holds"] is True and proof["reason"] is None and proof["superseded"] is False
    assert proof["award"] == {
        "contestant_id": "c2",
        "award_id": "silver",
        "rank": 2,
        "award_name": "银奖",
    }
    assert proof["contestant"]["name"] == "李四" and proof["contest"]["id"] == CID
    assert proof["position"] == position and proof["stored_hash"] == awards[1]["hash"]
    assert proof["computed_hash"] == proof["stored_hash"]

    await app.state.services.runner.wait_for(position)  # every projection: no writer left
    resume = (await client.get("/api/workers/w-1/resume")).json()
    assert [(c["award"], c["award_name"]) for c in resume["contests"]] == [("gold", "金奖")]

    await tamper(service_db_url, position)  # c2's silver given to c4 in the stored event
    broken = (await client.get(f"/api/verify/{awards[1]['code']}")).json()
    assert broken["holds"] is False and broken["reason"] == "content_mismatch"
    assert broken["award"]["contestant_id"] == "c4"  # what the database says now
    assert broken["computed_hash"] != broken["stored_hash"]
    listed = (await client.get(f"{URL}/awards")).json()
    assert not any(a["holds"] for a in listed)  # the list says it cannot be trusted
    code = await asyncio.to_thread(main, ["verify", "--db", service_db_url])
    assert code == 1 and f"BROKEN at position {position}" in capsys.readouterr().out


async def tamper(url: str, position: int) -> None:
    backend = backend_for(url)
    engine = backend.create_engine(url)
    try:
        async with engine.connect() as conn:  # read first: SQLite cannot turn a read
            query = sa.text("SELECT data FROM events WHERE position = :p")  # into a write
            data = (await conn.execute(query, {"p": position})).scalar_one()
        changed = data.replace('"c2"', '"c4"')
        assert changed != data
        async with engine.begin() as conn:
            update = sa.text("UPDATE events SET data = :d WHERE position = :p")
            await conn.execute(update, {"d": changed, "p": position})
    finally:
        await engine.dispose()


async def test_bad_and_unknown_codes(client: httpx.AsyncClient) -> None:
    await ended_contest(client)
    bad = await client.get("/api/verify/1207-3-9F2AB81C0D3E-0")
    assert bad.status_code == 400 and bad.json()["code"] == "verification_code_invalid"
    beyond = await client.get(f"/api/verify/{encode(10**9, 1, 'a' * 64)}")
    assert beyond.status_code == 404 and beyond.json()["code"] == "verification_code_unknown"
    # a well-formed code at a position that holds another event: nothing is said of it
    other = await client.get(f"/api/verify/{encode(1, 1, 'a' * 64)}")
    assert other.status_code == 404 and other.json()["code"] == "verification_code_unknown"


async def test_clics_carries_the_published_awards(client: httpx.AsyncClient) -> None:
    await ended_contest(client)
    await accepted(client, command("finalize"))
    found = (await client.get(f"/api/clics/contests/{CID}/awards")).json()
    by_id = {award["id"]: award for award in found}
    assert by_id["gold"] == {"id": "gold", "citation": "金奖", "team_ids": ["c1"]}
    assert by_id["silver"]["team_ids"] == ["c2"] and by_id["excellence"]["team_ids"] == ["c3"]
    assert by_id["winner"]["team_ids"] == ["c1"]  # the feed's own award stays


async def test_a_contest_without_tiers_has_no_awards(client: httpx.AsyncClient) -> None:
    headers = {**ADMIN, "Content-Type": "application/yaml"}
    assert (
        await client.post("/api/contests", content=EXAMPLE_YAML.encode(), headers=headers)
    ).is_success
    for step in ("start", "end", "finalize"):
        await accepted(client, command(step))
    answer = await client.get(f"{URL}/awards")
    assert answer.status_code == 200 and answer.json() == []
    unknown = await client.get("/api/contests/nope/awards")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_contest"


async def test_a_reopened_contest_has_no_official_awards_until_finalized_again(
    client: httpx.AsyncClient,
) -> None:
    await ended_contest(client)
    await accepted(client, command("finalize"))
    first = (await client.get(f"{URL}/awards")).json()
    await accepted(client, command("reopen", reason="a mark was wrong"))
    closed = await client.get(f"{URL}/awards")
    assert closed.status_code == 409 and closed.json()["code"] == "not_finalized"
    stale = (await client.get(f"/api/verify/{first[0]['code']}")).json()
    assert stale["holds"] is True and stale["superseded"] is True  # in the log, not in force

    second_position = await accepted(client, command("finalize"))
    second = (await client.get(f"{URL}/awards")).json()
    assert {a["position"] for a in second} == {second_position}
    assert second[0]["code"] != first[0]["code"]
    current = (await client.get(f"/api/verify/{second[0]['code']}")).json()
    assert current["holds"] is True and current["superseded"] is False
