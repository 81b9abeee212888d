"""A contest for the browser tests, set up through the HTTP API like an organizer would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def definition(contest_id: str) -> dict[str, Any]:
    judged = {"type": "judgement", "max": 10, "scale": [0, 3]}
    return {
        "id": contest_id,
        "title": "长三角电工跨区域闯关邀请赛",
        "duration_minutes": 240,
        "ranking": {"policy": "points"},
        "venues": [{"id": "wz", "name": "温州"}, {"id": "nj", "name": "南京"}],
        "criteria": [
            {
                "id": "laser",
                "name": "激光器启动与故障排除",
                "aspects": [
                    {"id": "laser-start", "name": "激光器启动", **judged},
                    {
                        "id": "laser-ok",
                        "name": "启动成功",
                        "type": "measurement",
                        "max": 5,
                        "rule": {"kind": "pass_fail"},
                    },
                ],
            },
            {
                "id": "power",
                "name": "上电与软件安装",
                "aspects": [{"id": "power-up", "name": "上电流程", **judged}],
            },
            {
                "id": "wiring",
                "name": "识图焊接接线",
                "aspects": [{"id": "wiring-quality", "name": "接线工艺", **judged}],
            },
            {
                "id": "theory",
                "name": "电工理论",
                "aspects": [
                    {
                        "id": "theory-score",
                        "name": "理论成绩",
                        "type": "measurement",
                        "max": 20,
                        "unit": "分",
                        "rule": {"kind": "direct"},
                    }
                ],
            },
        ],
        "stages": [
            {"id": "s1", "name": "第一关"},
            {"id": "s2", "name": "第二关"},
            {"id": "s3", "name": "第三关"},
        ],
    }


CONTESTANTS = [
    {"id": "c1", "name": "张伟", "organization": "温州电气", "venue": "wz"},
    {"id": "c2", "name": "王芳", "organization": "南京机电", "venue": "nj"},
    {"id": "c3", "name": "李强", "organization": "温州电气", "venue": "wz"},
    {"id": "c4", "name": HOSTILE_NAME, "organization": "<b>bold</b>", "venue": "wz"},
    {"id": "c5", "name": "刘洋", "organization": "苏州自动化", "venue": "nj"},
    {"id": "c6", "name": "陈静", "organization": "杭州装备", "venue": "wz"},
]

REFEREES = [
    {"id": "r1", "name": "赵裁判", "role": "referee", "venues": ["wz"]},
    {"id": "r2", "name": "孙裁判", "role": "referee", "venues": ["nj"]},
    {"id": "chief", "name": "周裁判长", "role": "chief"},
]


@dataclass
class Contest:
    """A running contest and the tokens the pages sign in with."""

    id: str
    api: httpx.Client
    tokens: dict[str, str] = field(default_factory=dict)

    def send(self, token: str, *commands: dict[str, Any]) -> list[dict[str, Any]]:
        items = [{"command_id": str(uuid.uuid4()), **command} for command in commands]
        response = self.api.post(
            f"/api/contests/{self.id}/commands",
            json=items,
            headers={"Authorization": f"Bearer {token}"},
        )
        response.raise_for_status()
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def mark(self, referee: str, contestant: str, aspect: str, value: float | bool) -> None:
        command = {
            "type": "award_mark",
            "contestant_id": contestant,
            "aspect_id": aspect,
            "value": value,
        }
        [result] = self.send(self.tokens[referee], command)
        assert result["status"] == "accepted", result

    def events(self, event_type: str) -> list[dict[str, Any]]:
        """The contest's events of one type, from the event feed (ndjson, not streamed)."""
        response = self.api.get(
            f"/api/contests/{self.id}/event-feed",
            params={"stream": "false"},
            headers={"Authorization": f"Bearer {self.tokens['organizer']}"},
        )
        response.raise_for_status()
        lines = [orjson.loads(line) for line in response.text.splitlines() if line.strip()]
        return [line["data"] for line in lines if line["type"] == event_type]

    def standings(self, view: str = "live") -> dict[str, Any]:
        response = self.api.get(
            f"/api/contests/{self.id}/standings",
            params={"view": view},
            headers={"Authorization": f"Bearer {self.tokens['organizer']}"},
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


def set_up_contest(api: httpx.Client, admin_token: str, contest_id: str) -> Contest:
    """Define, register contestants and referees, issue a screen token, start."""
    auth = {"Authorization": f"Bearer {admin_token}"}
    api.post("/api/contests", json=definition(contest_id), headers=auth).raise_for_status()
    path = f"/api/contests/{contest_id}"
    api.post(f"{path}/contestants", json=CONTESTANTS, headers=auth).raise_for_status()
    issued = api.post(f"{path}/referees", json=REFEREES, headers=auth)
    issued.raise_for_status()
    contest = Contest(contest_id, api, {"organizer": admin_token})
    contest.tokens.update({referee["id"]: referee["token"] for referee in issued.json()})
    screen = api.post(f"{path}/tokens", json={"role": "screen"}, headers=auth)
    screen.raise_for_status()
    contest.tokens["screen"] = screen.json()["token"]
    [started] = contest.send(admin_token, {"type": "start"})
    assert started["status"] == "accepted", started
    return contest


def play_some(contest: Contest) -> None:
    """A few marks and attempts, so that boards have something to show."""
    for contestant, levels in {
        "c2": (2, 3, 1),
        "c3": (1, 2, 2),
        "c5": (3, 3, 2),
        "c6": (0, 1, 1),
    }.items():
        referee = "r1" if contestant in ("c3", "c6") else "r2"
        for aspect, level in zip(
            ("laser-start", "power-up", "wiring-quality"), levels, strict=True
        ):
            contest.mark(referee, contestant, aspect, level)
    attempts = [
        ("c2", "s1", "cleared"),
        ("c2", "s2", "failed"),
        ("c5", "s1", "failed"),
        ("c5", "s1", "cleared"),
        ("c5", "s2", "cleared"),
        ("c3", "s1", "cleared"),
    ]
    commands = [
        {"type": "record_attempt", "contestant_id": c, "stage_id": s, "result": r}
        for c, s, r in attempts
    ]
    for result in contest.send(contest.tokens["chief"], *commands):
        assert result["status"] == "accepted", result
