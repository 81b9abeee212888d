"""Issue 16 end to end, on a real server process (SQLite and PostgreSQL): a training
campaign rated by 10 anonymous raters from one-time links, a mentor programme of 3
pairs assessed over 2 periods, and a position assessment (a contest of kind
`assessment`) granting levels against a standard; then the resumes, the capability
view and the weighted leaderboard show all of it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from e2e_contest import ADMIN, bearer, command, mark

NOW = datetime.now(UTC)
LEVELS = [
    {"id": "junior", "name": "初级", "min_percent": 60},
    {"id": "middle", "name": "中级", "min_percent": 75},
    {"id": "senior", "name": "高级", "min_percent": 90},
]
# Apprentice -> (assembly, measuring) marks of 10: 初级/中级/高级 per skill.
EXAM_MARKS = {"a1": (9, 9), "a2": (8, 7), "a3": (6, 5)}


async def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def define_standard(client: httpx.AsyncClient, sid: str) -> None:
    body = {
        "id": sid,
        "name": "装配钳工",
        "required": {"fit.assembly": 70, "fit.measuring": 60},
        "levels": LEVELS,
    }
    bad = await client.post("/api/standards", json={**body, "levels": LEVELS[::-1]}, headers=ADMIN)
    assert (bad.status_code, bad.json()["code"]) == (422, "standard_invalid")
    await ok(await client.post("/api/standards", json=body, headers=ADMIN), 201)


def exam(cid: str) -> dict[str, Any]:
    def criterion(cid_: str, name: str, skill: str) -> dict[str, Any]:
        aspect = {"id": f"{cid_}-m", "name": name, "type": "measurement", "max": 10}
        return {"id": cid_, "name": name, "skill": skill, "aspects": [aspect]}

    return {
        "id": cid,
        "title": "钳工岗位技能考核",
        "kind": "assessment",
        "duration_minutes": 120,
        "criteria": [
            criterion("assembly", "装配", "fit.assembly"),
            criterion("measuring", "测量", "fit.measuring"),
        ],
    }


async def position_assessment(client: httpx.AsyncClient, cid: str, team: str) -> None:
    """The exam taken by the three apprentices, marked, ended and finalized."""
    await ok(await client.post("/api/contests", json=exam(cid), headers=ADMIN), 201)
    url = f"/api/contests/{cid}"
    roster = [
        {"id": f"c-{w}", "name": f"学徒{w[-1]}", "team": team, "worker_id": w} for w in EXAM_MARKS
    ]
    await ok(await client.post(f"{url}/contestants", json=roster, headers=ADMIN))
    issued = await ok(
        await client.post(f"{url}/referees", json=[{"id": "r1", "name": "考评员"}], headers=ADMIN)
    )
    referee = bearer(issued[0]["token"])
    marks = [
        mark(f"c-{w}", aspect, value)
        for w, values in EXAM_MARKS.items()
        for aspect, value in zip(("assembly-m", "measuring-m"), values, strict=True)
    ]
    for who, batch in ((ADMIN, [command("start")]), (referee, marks)):
        sent = await ok(await client.post(f"{url}/commands", json=batch, headers=who))
        assert {r["status"] for r in sent["results"]} == {"accepted"}, sent
    for step in ("end", "finalize"):
        sent = await ok(await client.post(f"{url}/commands", json=[command(step)], headers=ADMIN))
        assert sent["results"][0]["status"] == "accepted", sent


async def training_campaign(client: httpx.AsyncClient, cid: str) -> dict[str, Any]:
    """A training rated by 10 anonymous raters, each through a one-time link."""
    body = {
        "id": cid,
        "title": "精密装配培训",
        "kind": "training",
        "form": {
            "criteria": [
                {
                    "id": "teaching",
                    "name": "讲授",
                    "weight": 2,
                    "aspects": [{"id": "clarity", "name": "清晰", "max": 10, "scale": [1, 5]}],
                },
                {
                    "id": "design",
                    "name": "课程设计",
                    "aspects": [{"id": "useful", "name": "实用", "max": 5, "scale": [1, 5]}],
                },
            ]
        },
        "subjects": [{"id": "trainer", "name": "刘老师", "kind": "trainer"}],
        "period": {
            "start": (NOW - timedelta(days=1)).isoformat(),
            "end": (NOW + timedelta(days=1)).isoformat(),
        },
        "raters": "anonymous",
        "participants": ["a1", "a2", "a3"],
    }
    await ok(await client.post("/api/campaigns", json=body, headers=ADMIN), 201)
    issued = await client.post(f"/api/campaigns/{cid}/links", json={"count": 10}, headers=ADMIN)
    tokens = [link["token"] for link in (await ok(issued, 201))["links"]]
    assert len(set(tokens)) == 10
    for i, token in enumerate(tokens):
        answer = {
            "link": token,
            "subject_id": "trainer",
            "values": {"clarity": 3 + i % 3, "useful": 4},
            "command_id": str(uuid.uuid4()),
        }
        sent = await ok(await client.post(f"/api/campaigns/{cid}/answers", json=answer))
        assert sent["status"] == "accepted", sent
    again = {**answer, "command_id": str(uuid.uuid4())}
    spent = await client.post(f"/api/campaigns/{cid}/answers", json=again)
    assert (spent.status_code, spent.json()["code"]) == (409, "link_already_used")
    return await ok(await client.get(f"/api/campaigns/{cid}/report", headers=ADMIN))


async def mentor_programme(client: httpx.AsyncClient, pid: str) -> None:
    """Three pairs (m1-a1, m2-a2, m3-a3), signed, assessed in two periods each."""
    body = {
        "id": pid,
        "title": "钳工师带徒",
        "organization": "Acme",
        "weights": {"kpi": 2, "improvement": 1, "attitude": 1},
        "periods": [{"id": "h1", "name": "上半年"}, {"id": "h2", "name": "下半年"}],
    }
    url = f"/api/programmes/{pid}"
    await ok(await client.post("/api/programmes", json=body, headers=ADMIN), 201)
    start = (NOW - timedelta(days=60)).date().isoformat()
    for n in (1, 2, 3):
        pair = {"mentor": f"m{n}", "apprentice": f"a{n}", "start": start, "goals": "独立装配"}
        formed = await ok(await client.post(f"{url}/pairs", json=pair, headers=ADMIN), 201)
        pair_url = f"{url}/pairs/{formed['id']}"
        await ok(
            await client.post(f"{pair_url}/agreement", json={"signed_on": start}, headers=ADMIN)
        )
        for period, kpi in (("h1", 60 + 10 * n), ("h2", 70 + 10 * n)):
            scores = {"period": period, "kpi": kpi, "improvement": 80, "attitude": 90}
            await ok(await client.post(f"{pair_url}/assessments", json=scores, headers=ADMIN), 201)


async def test_training_mentoring_and_levels_show_in_resume_and_capability(
    client: httpx.AsyncClient,
) -> None:
    suffix = uuid.uuid4().hex[:8]
    sid, team = f"fitter-{suffix}", f"team-{suffix}"
    await define_standard(client, sid)
    report = await training_campaign(client, f"train-{suffix}")
    [trainer] = report["subjects"]
    assert (trainer["shown"], trainer["answers"]) == (True, 10)
    await mentor_programme(client, f"prog-{suffix}")
    await position_assessment(client, f"exam-{suffix}", team)

    a1 = await ok(await client.get("/api/workers/a1/resume"))
    levels = {row["skill"]: row for row in a1["levels"] if row["standard_id"] == sid}
    assert {skill: row["latest"]["level_name"] for skill, row in levels.items()} == {
        "fit.assembly": "高级",
        "fit.measuring": "高级",
    }
    assert levels["fit.assembly"]["latest"]["contest_id"] == f"exam-{suffix}"
    [training] = [t for t in a1["training"] if t["campaign_id"] == f"train-{suffix}"]
    assert training["kind"] == "training" and training["aggregate"] is not None
    [mentor] = [p for p in a1["mentoring"]["mentors"] if p["programme_id"] == f"prog-{suffix}"]
    assert mentor["mentor_id"] == "m1"
    a3 = await ok(await client.get("/api/workers/a3/resume"))
    assert {
        r["skill"]: r["latest"]["level_id"] for r in a3["levels"] if r["standard_id"] == sid
    } == {
        "fit.assembly": "junior"  # 60 % assembly is 初级; 50 % measuring is below 初级
    }

    m1 = await ok(await client.get("/api/workers/m1/resume"))
    [apprentice] = [
        p for p in m1["mentoring"]["apprentices"] if p["programme_id"] == f"prog-{suffix}"
    ]
    assert apprentice["apprentice_id"] == "a1"
    credited = {(c["kind"], c["apprentice_id"]) for c in m1["mentoring"]["credits"]}
    assert ("level", "a1") in credited  # the apprentice's level, granted while the pair lasts
    assert m1["contests"] == [] and m1["levels"] == []

    table = await ok(
        await client.get("/api/capability", params={"standard": sid, "by": "team"}, headers=ADMIN)
    )
    [counts] = table["levels"]
    assert counts["standard_id"] == sid
    # a1 高级 in both; a2 80 % assembly 中级, 70 % measuring 初级 -> 初级; a3 partial
    assert counts["position"] == {"junior": 1, "middle": 0, "senior": 1}
    assert counts["partial"] == 1
    [group] = [g for g in table["groups"] if g["group"] == team]
    assert group["workers"] == 3

    board = await ok(
        await client.get(
            "/api/leaderboard", params={"w_contests": 0, "w_levels": 1, "w_mentoring": 1}
        )
    )
    scores = {row["worker_id"]: row["score"] for row in board["rows"]}
    assert scores["a1"] >= 600 and scores["m1"] > 0
    assert board["weights"] == {"contests": 0, "levels": 1, "mentoring": 1, "training": 0}
