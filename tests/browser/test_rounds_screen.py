"""Rounds on the big screen and the spectator page: the round switcher, the cut line
under the last finalist of a preliminary, and the final results with award badges."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from browser_support import OpenPage, screenshot
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
NAMES = ["李娜", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏"]
ORGS = ["市总工会", "电力公司", "地铁集团", "水务集团", "机场集团"]
AWARDS = [
    {"id": "gold", "name": "金奖", "count": 1},
    {"id": "silver", "name": "银奖", "count": 1},
    {"id": "bronze", "name": "铜奖", "count": 1},
    {"id": "excellence", "name": "优秀奖", "count": 2},
]


def definition(contest_id: str, title: str, order: int, event: str, **more: Any) -> dict[str, Any]:
    """A round of `event` (each test its own event: the server is shared)."""
    aspect = {"id": "score", "name": "得分", "type": "measurement", "max": 100}
    return {
        "id": contest_id,
        "title": title,
        "duration_minutes": 90,
        "round": {"event": event, "order": order},
        "criteria": [{"id": "dance", "name": "舞蹈", "aspects": [aspect]}],
        **more,
    }


def send(api: httpx.Client, cid: str, token: str, *commands: dict[str, Any]) -> None:
    items = [{"command_id": str(uuid.uuid4()), **command} for command in commands]
    headers = {"Authorization": f"Bearer {token}"}
    response = api.post(f"/api/contests/{cid}/commands", json=items, headers=headers)
    response.raise_for_status()
    for result in response.json()["results"]:
        assert result["status"] == "accepted", result


def judged_round(api: httpx.Client, cid: str, scores: dict[str, float]) -> None:
    """Referee r1 measures each score; the round ends and its results are finalized."""
    referees = [{"id": "r1", "name": "裁判一"}]
    issued = api.post(f"/api/contests/{cid}/referees", json=referees, headers=AUTH)
    issued.raise_for_status()
    token = issued.json()[0]["token"]
    send(api, cid, ADMIN_TOKEN, {"type": "start"})
    marks = [
        {"type": "award_mark", "contestant_id": c, "aspect_id": "score", "value": v}
        for c, v in scores.items()
    ]
    send(api, cid, token, *marks)
    send(api, cid, ADMIN_TOKEN, {"type": "end"}, {"type": "finalize"})


def test_the_cut_line_and_the_awards_of_the_final(open_page: OpenPage, api: httpx.Client) -> None:
    suffix = uuid.uuid4().hex[:6]
    prelim, final = f"prelim-{suffix}", f"final-{suffix}"
    rule = {"top": 6}
    for body in (
        definition(prelim, "职工舞蹈大赛 初赛", 1, f"dance-{suffix}", advancement=rule),
        definition(final, "职工舞蹈大赛 决赛", 2, f"dance-{suffix}", awards=AWARDS),
    ):
        api.post("/api/contests", json=body, headers=AUTH).raise_for_status()
    people = [
        {"id": f"d{i}", "name": name, "organization": ORGS[i % len(ORGS)]}
        for i, name in enumerate(NAMES)
    ]
    api.post(f"/api/contests/{prelim}/contestants", json=people, headers=AUTH).raise_for_status()
    judged_round(api, prelim, {f"d{i}": 90.0 - 3 * i for i in range(len(NAMES))})

    board, _ = open_page(f"/screen/{prelim}?mode=board", 1920, 1080)
    expect(board.locator("#rounds a")).to_have_count(2)
    expect(board.locator("#rounds a[aria-current='page']")).to_have_text("职工舞蹈大赛 初赛")
    cut = board.locator("#rows tr.cut")
    expect(cut).to_have_attribute("data-contestant", "d5")  # the 6th: the last finalist
    expect(cut).to_have_attribute("data-cut", "按当前成绩，6 人晋级（预计）")
    expect(board.locator("#rows tr.advancing")).to_have_count(6)

    send(api, prelim, ADMIN_TOKEN, {"type": "advance", "to": final})
    expect(board.locator("#rows tr.cut")).to_have_attribute("data-cut", "6 人已晋级下一轮")
    screenshot(board, "rounds-cut-line-1920")
    phone, _ = open_page(f"/live/{prelim}", 390, 844)
    expect(phone.locator("#rows li.cut")).to_have_attribute("data-contestant", "d5")
    expect(phone.locator("#rounds a")).to_have_count(2)
    screenshot(phone, "rounds-cut-line-phone")
    small, _ = open_page(f"/screen/{prelim}?mode=board", 390, 844)
    expect(small.locator("#rows tr.cut")).to_have_attribute("data-contestant", "d5")
    screenshot(small, "rounds-screen-phone")

    # the finalists, judged anew: the last finalist wins the final
    judged_round(api, final, {f"d{i}": 70.0 + 4 * i for i in range(6)})
    results, _ = open_page(f"/screen/{final}", 1920, 1080)
    expect(results.locator("#final")).to_be_visible()
    expect(results.locator("#rows tr")).to_have_count(6)
    winner = results.locator("#rows tr[data-contestant='d5'] .award-badge")
    expect(winner).to_have_text("金奖")
    expect(results.locator("#rows .award-badge")).to_have_count(5)
    expect(results.locator("#rows tr[data-contestant='d0'] .award-badge")).to_have_count(0)
    expect(results.locator("#awards .award")).to_have_count(4)
    expect(results.locator("#awards .award").last).to_contain_text("优秀奖")
    expect(results.locator("#rounds a[aria-current='page']")).to_have_text("职工舞蹈大赛 决赛")
    screenshot(results, "rounds-final-awards-1920")
    spectator, _ = open_page(f"/live/{final}", 390, 844)
    expect(spectator.locator("#rows li[data-contestant='d5'] .award-badge")).to_have_text("金奖")
    screenshot(spectator, "rounds-final-awards-phone")
