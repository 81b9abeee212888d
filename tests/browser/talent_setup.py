"""A finalized contest of workers with skill tags, set up through the HTTP API."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from contest_setup import HOSTILE_NAME

CRITERIA = ("laser", "power", "wiring", "theory")


def skills_definition(contest_id: str) -> dict[str, Any]:
    def criterion(cid: str, name: str, skill: str, max_: int) -> dict[str, Any]:
        aspect = {"id": f"{cid}-m", "name": name, "type": "measurement", "max": max_}
        return {
            "id": cid,
            "name": name,
            "skill": skill,
            "aspects": [{**aspect, "rule": {"kind": "direct"}}],
        }

    return {
        "id": contest_id,
        "title": f"电工技能考核 {contest_id[-4:]}",
        "duration_minutes": 120,
        "ranking": {"policy": "points"},
        "venues": [{"id": "wz", "name": "温州"}],
        "criteria": [
            criterion("laser", "激光器启动与故障排除", "elec.laser", 20),
            criterion("power", "上电与软件安装", "elec.power", 20),
            criterion("wiring", "识图焊接接线", "elec.wiring", 20),
            criterion("theory", "电工理论", "elec.theory", 20),
        ],
    }


def workers(suffix: str) -> list[dict[str, Any]]:
    teams = ["一班", "一班", "二班", "二班"]
    names = ["张伟", "王芳", "李强", HOSTILE_NAME]
    return [
        {
            "id": f"c{i}",
            "name": names[i],
            "organization": "温州电气",
            "team": teams[i],
            "workshop": "总装车间" if i < 3 else "调试车间",
            "venue": "wz",
            "worker_id": f"w{i}-{suffix}",
        }
        for i in range(4)
    ]


def finalized_contests(
    api: httpx.Client, token: str, marks: Sequence[Sequence[Sequence[float | None]]]
) -> list[str]:
    """One contest per `marks` row set (contestant -> 4 marks, None: not marked); the
    worker ids."""
    suffix = uuid.uuid4().hex[:6]
    auth = {"Authorization": f"Bearer {token}"}
    roster = workers(suffix)
    for round_, per_worker in enumerate(marks):
        cid = f"skills-{suffix}-{round_}"
        api.post("/api/contests", json=skills_definition(cid), headers=auth).raise_for_status()
        api.post(f"/api/contests/{cid}/contestants", json=roster, headers=auth).raise_for_status()
        referee = {"id": "r1", "name": "赵裁判", "role": "referee"}
        issued = api.post(f"/api/contests/{cid}/referees", json=[referee], headers=auth)
        issued.raise_for_status()
        marking = {"Authorization": f"Bearer {issued.json()[0]['token']}"}
        marks_sent: list[dict[str, Any]] = []
        for i, values in enumerate(per_worker):
            for criterion, value in zip(CRITERIA, values, strict=True):
                if value is None:
                    continue
                mark = {"contestant_id": f"c{i}", "aspect_id": f"{criterion}-m", "value": value}
                marks_sent.append({"type": "award_mark", **mark})
        send(api, cid, auth, [{"type": "start"}])
        send(api, cid, marking, marks_sent)
        send(api, cid, auth, [{"type": "end"}, {"type": "finalize"}])
    return [worker["worker_id"] for worker in roster]


def send(api: httpx.Client, cid: str, auth: dict[str, str], commands: list[dict[str, Any]]) -> None:
    items = [{"command_id": str(uuid.uuid4()), **c} for c in commands]
    sent = api.post(f"/api/contests/{cid}/commands", json=items, headers=auth)
    sent.raise_for_status()
    assert all(r["status"] == "accepted" for r in sent.json()["results"]), sent.json()
