"""Online assessments through the API (SQLite): candidate links issued hashed, scoped and
revocable; the candidate reads the questions without their key and answers once; a
resend is a duplicate; the finalized assessment grants a level through the talent
projection, like any assessment."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import orjson
from service_api import ADMIN, ADMIN_TOKEN, bearer, command, send
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

CID = "online-exam"
LEVELS = [
    {"id": "junior", "name": "初级", "min_percent": 50},
    {"id": "senior", "name": "高级", "min_percent": 90},
]


def question(prompt: str, answer: int) -> dict[str, Any]:
    return {"prompt": prompt, "options": ["A", "B", "C"], "answer": answer}


def exam() -> dict[str, Any]:
    aspects = [
        {
            "id": f"q{n}",
            "name": f"Q{n}",
            "type": "measurement",
            "max": 5,
            "rule": {"kind": "pass_fail"},
            "question": question(f"Question {n}?", n % 3),
        }
        for n in (1, 2)
    ]
    criterion = {"id": "theory", "name": "理论", "skill": "elec.theory", "aspects": aspects}
    return {
        "id": CID,
        "title": "电工理论在线考核",
        "kind": "assessment",
        "duration_minutes": 30,
        "criteria": [criterion],
    }


PEOPLE = [
    {"id": "c1", "name": "张三", "worker_id": "w-1"},
    {"id": "c2", "name": "李四", "worker_id": "w-2"},
    {"id": "c3", "name": "王五"},  # no worker id: no link
]


async def prepared(client: httpx.AsyncClient) -> dict[str, str]:
    standard = {"id": "electrician", "name": "电工", "required": {"elec.theory": 60}}
    standard["levels"] = LEVELS  # type: ignore[assignment]
    assert (await client.post("/api/standards", json=standard, headers=ADMIN)).status_code == 201
    assert (await client.post("/api/contests", json=exam(), headers=ADMIN)).status_code == 201
    url = f"/api/contests/{CID}"
    assert (await client.post(f"{url}/contestants", json=PEOPLE, headers=ADMIN)).is_success
    issued = await client.post(f"{url}/candidates/tokens", headers=ADMIN)
    assert issued.status_code == 200, issued.text
    links = issued.json()
    assert [(i["contestant_id"], i["worker_id"]) for i in links] == [("c1", "w-1"), ("c2", "w-2")]
    assert all(i["url"] == f"/assess/{CID}#token={i['token']}" for i in links)
    return {item["contestant_id"]: item["token"] for item in links}


def answer(answers: dict[str, int], command_id: str | None = None) -> dict[str, Any]:
    return {"command_id": command_id or str(uuid.uuid4()), "answers": answers}


async def test_a_candidate_answers_once_and_the_finalized_assessment_grants_a_level(
    client: httpx.AsyncClient, service_db_url: str
) -> None:
    tokens = await prepared(client)
    url = f"/api/contests/{CID}/candidates"
    paper = (await client.get(f"{url}/me", headers=bearer(tokens["c1"]))).json()
    assert paper["name"] == "张三" and paper["state"]["started"] is None
    assert [q["aspect_id"] for q in paper["questions"]] == ["q1", "q2"]
    assert all("answer" not in q for q in paper["questions"])
    public = (await client.get(f"/api/contests/{CID}")).json()["definition"]
    assert "answer" not in public["criteria"][0]["aspects"][0]["question"]

    early = await client.post(
        f"{url}/answers", json=answer({"q1": 1}), headers=bearer(tokens["c1"])
    )
    assert (early.status_code, early.json()["code"]) == (409, "contest_not_running")
    await send(client, ADMIN_TOKEN, [command("start")], CID)

    right = answer({"q1": 1, "q2": 2})  # both right: 100 %
    first = await client.post(f"{url}/answers", json=right, headers=bearer(tokens["c1"]))
    assert first.json()["status"] == "accepted", first.text
    again = await client.post(f"{url}/answers", json=right, headers=bearer(tokens["c1"]))
    assert again.json() == {**first.json(), "status": "duplicate"}
    twice = await client.post(
        f"{url}/answers", json=answer({"q1": 0}), headers=bearer(tokens["c1"])
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "already_answered")
    half = answer({"q1": 1, "q2": 0})  # one right: 50 %
    assert (await client.post(f"{url}/answers", json=half, headers=bearer(tokens["c2"]))).is_success
    answered = (await client.get(f"{url}/me", headers=bearer(tokens["c1"]))).json()
    assert [q["answered"] for q in answered["questions"]] == [True, True]

    standings = (await client.get(f"/api/contests/{CID}/standings")).json()
    assert {r["contestant_id"]: r["score"]["total"] for r in standings["rows"]} == {
        "c1": 10,
        "c2": 5,
        "c3": 0,
    }
    for read in ("judges", "desk", "progress", "contestants/c1/radar"):  # online marks read fine
        response = await client.get(f"/api/contests/{CID}/{read}", headers=ADMIN)
        assert response.status_code == 200, (read, response.text)
    desk = (await client.get(f"/api/contests/{CID}/desk", headers=ADMIN)).text
    assert '"online"' in desk
    await send(client, ADMIN_TOKEN, [command("end"), command("finalize")], CID)
    assert (await resume_levels(client, "w-1")) == [("electrician", "elec.theory", "senior")]
    assert (await resume_levels(client, "w-2")) == [("electrician", "elec.theory", "junior")]

    engine = create_async_engine(service_db_url)
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT type, data FROM events"))).all()
    await engine.dispose()
    datas = [orjson.loads(r.data) if isinstance(r.data, str | bytes) else r.data for r in rows]
    assert tokens["c1"] not in orjson.dumps(datas).decode()  # kept hashed only
    marks = [d for r, d in zip(rows, datas, strict=True) if r.type == "mark_awarded"]
    assert {m["referee_id"] for m in marks} == {"online"} and len(marks) == 4


async def resume_levels(client: httpx.AsyncClient, worker: str) -> list[tuple[str, str, str]]:
    for _ in range(200):  # the talent projection follows the log
        resume = (await client.get(f"/api/workers/{worker}/resume")).json()
        found = [(s["standard_id"], s["skill"], s["latest"]["level_id"]) for s in resume["levels"]]
        if found:
            return found
        await asyncio.sleep(0.05)
    return []


async def test_candidate_tokens_are_scoped_and_revocable(client: httpx.AsyncClient) -> None:
    tokens = await prepared(client)
    await send(client, ADMIN_TOKEN, [command("start")], CID)
    c1 = bearer(tokens["c1"])
    refused = await client.post(f"/api/contests/{CID}/commands", json=[command("end")], headers=c1)
    assert refused.status_code == 403
    as_organizer = await client.get(f"/api/contests/{CID}/candidates/me", headers=ADMIN)
    assert as_organizer.status_code == 403
    one = await client.post(
        f"/api/contests/{CID}/candidates/tokens", json={"contestant_ids": ["c1"]}, headers=ADMIN
    )
    assert [i["contestant_id"] for i in one.json()] == ["c1"]
    stale = await client.get(f"/api/contests/{CID}/candidates/me", headers=c1)
    assert stale.status_code == 401  # re-issued: the earlier link is revoked
    fresh = bearer(one.json()[0]["token"])
    assert (await client.get(f"/api/contests/{CID}/candidates/me", headers=fresh)).is_success
    revoked = await client.delete(f"/api/contests/{CID}/candidates/c1/tokens", headers=ADMIN)
    assert revoked.json() == {"revoked": 1}
    assert (
        await client.get(f"/api/contests/{CID}/candidates/me", headers=fresh)
    ).status_code == 401
    nobody = await client.post(
        f"/api/contests/{CID}/candidates/tokens", json={"contestant_ids": ["c3"]}, headers=ADMIN
    )
    assert (nobody.status_code, nobody.json()["code"]) == (404, "unknown_contestant")
