"""A crowded contest for the big screen: many contestants at two venues, long names."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from contest_setup import REFEREES, Contest, definition
from e2e_server import ADMIN_TOKEN

LONG_TITLE = "2026 年长三角三省一市电工职业技能跨区域闯关邀请赛（决赛）暨第五届电气装配技能大比武"
LONG_NAME = "欧阳·买买提·阿卜杜热合曼"
LONG_ORGANIZATION = "国网浙江省电力有限公司温州供电公司输变电检修分公司"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
JUDGED = ("laser-start", "power-up", "wiring-quality")  # levels 0..3
MEASURED = ("laser-ok", "theory-score")  # pass/fail, 0..20


def crowd(count: int) -> list[dict[str, Any]]:
    """`count` contestants, half at each venue; the first has a long name and organization."""
    people = [
        {
            "id": f"p{n:02d}",
            "name": f"{SURNAMES[n % len(SURNAMES)]}选手{n:02d}",
            "organization": f"{'温州' if n % 2 == 0 else '南京'}电气第{n % 7 + 1}分公司",
            "venue": "wz" if n % 2 == 0 else "nj",
        }
        for n in range(count)
    ]
    people[0] = {**people[0], "name": LONG_NAME, "organization": LONG_ORGANIZATION}
    return people


def crowded_contest(
    api: httpx.Client, count: int = 40, title: str = LONG_TITLE, start: bool = True
) -> Contest:
    """A points contest with criteria and stages, `count` contestants, referees r1 (wz),
    r2 (nj) and a chief, and a screen token; started unless `start` is false."""
    cid = f"crowd-{uuid.uuid4().hex[:8]}"
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    api.post("/api/contests", json={**definition(cid), "title": title}, headers=auth)
    api.post(f"/api/contests/{cid}/contestants", json=crowd(count), headers=auth)
    issued = api.post(f"/api/contests/{cid}/referees", json=REFEREES, headers=auth)
    issued.raise_for_status()
    contest = Contest(cid, api, {"organizer": ADMIN_TOKEN})
    contest.tokens.update({referee["id"]: referee["token"] for referee in issued.json()})
    screen = api.post(f"/api/contests/{cid}/tokens", json={"role": "screen"}, headers=auth)
    contest.tokens["screen"] = screen.json()["token"]
    if start:
        [started] = contest.send(ADMIN_TOKEN, {"type": "start"})
        assert started["status"] == "accepted", started
    return contest


def referee_of(contestant: int) -> str:
    return "r1" if contestant % 2 == 0 else "r2"


def value(contestant: int, aspect: str) -> float | bool:
    if aspect == "laser-ok":
        return contestant % 3 != 0
    if aspect == "theory-score":
        return float((contestant * 13) % 21)
    return (contestant * 7 + JUDGED.index(aspect) * 3) % 4


Mark = tuple[str, dict[str, Any]]  # a referee and an award_mark command


def mark_commands(count: int, aspects: tuple[str, ...] = JUDGED) -> list[Mark]:
    """(referee, award_mark) for each of `count` contestants and `aspects`, values spread."""
    return [
        (
            referee_of(n),
            {
                "type": "award_mark",
                "contestant_id": f"p{n:02d}",
                "aspect_id": aspect,
                "value": value(n, aspect),
            },
        )
        for aspect in aspects
        for n in range(count)
    ]


def send_marks(contest: Contest, marks: list[Mark]) -> int:
    """Send the marks, one request per referee's run of them; the last position."""
    position = 0
    for referee in ("r1", "r2"):
        own = [command for who, command in marks if who == referee]
        if own:
            results = contest.send(contest.tokens[referee], *own)
            assert all(r["status"] == "accepted" for r in results), results
            position = max(position, *(r["position"] for r in results))
    return position
