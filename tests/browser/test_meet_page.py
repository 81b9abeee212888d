"""The meet's board: events with their state, rounds and winners, the unit table, live
over the meet's websocket, on a phone and on a 1080p screen, in Chinese and English."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from browser_support import OpenPage, screenshot, scrolls_sideways
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
AWARDS = [
    {"id": "gold", "name": "金牌", "count": 1},
    {"id": "silver", "name": "银牌", "count": 1},
    {"id": "bronze", "name": "铜牌", "count": 1},
]
UNITS = [{"id": "hz", "name": "杭州分公司"}, {"id": "nb", "name": "宁波分公司"}]


def command(api: httpx.Client, cid: str, token: str, *bodies: dict[str, Any]) -> None:
    sent = [{"command_id": str(uuid.uuid4()), **body} for body in bodies]
    answer = api.post(
        f"/api/contests/{cid}/commands", json=sent, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    assert all(r["status"] == "accepted" for r in answer.json()["results"]), answer.text


def ended_contest(api: httpx.Client, cid: str, scores: dict[str, tuple[str, float]]) -> None:
    """A contest whose contestants (id -> (unit name, score)) are marked, then ended."""
    aspect = {"id": "a", "name": "成绩", "type": "measurement", "max": 100}
    definition = {
        "id": cid,
        "title": f"项目 {cid}",
        "duration_minutes": 60,
        "criteria": [{"id": "c", "name": "成绩", "aspects": [aspect]}],
        "awards": AWARDS,
    }
    assert api.post("/api/contests", json=definition, headers=ADMIN).status_code == 201
    roster = [{"id": i, "name": f"选手{i}", "organization": org} for i, (org, _) in scores.items()]
    assert api.post(f"/api/contests/{cid}/contestants", json=roster, headers=ADMIN).is_success
    referees = api.post(
        f"/api/contests/{cid}/referees", json=[{"id": "r1", "name": "裁判"}], headers=ADMIN
    )
    command(api, cid, ADMIN_TOKEN, {"type": "start"})
    marks = [
        {"type": "award_mark", "contestant_id": i, "aspect_id": "a", "value": value}
        for i, (_, value) in scores.items()
    ]
    command(api, cid, referees.json()[0]["token"], *marks)
    command(api, cid, ADMIN_TOKEN, {"type": "end"})


def test_the_meet_board_shows_events_winners_and_the_unit_table_live(
    open_page: OpenPage, api: httpx.Client
) -> None:
    tag = uuid.uuid4().hex[:8]
    one, two = f"meet-one-{tag}", f"meet-two-{tag}"
    ended_contest(api, one, {"a1": ("杭州分公司", 90), "a2": ("nb", 80)})
    command(api, one, ADMIN_TOKEN, {"type": "finalize"})
    ended_contest(api, two, {"b1": ("hz", 60), "b2": ("宁波分公司", 70)})
    mid = f"meet-{tag}"
    meet = {
        "id": mid,
        "title": "职工运动会",
        "events": [
            {"id": "one", "title": "项目一", "rounds": [one]},
            {"id": "two", "title": "项目二", "rounds": [two]},
        ],
        "units": UNITS,
    }
    assert api.post("/api/meets", json=meet, headers=ADMIN).status_code == 201

    page, _ = open_page(f"/meets/{mid}", 390, 844)
    expect(page.locator("#meet-title")).to_have_text("职工运动会")
    expect(page.locator("[data-event='one'] .winner")).to_have_count(2)
    expect(page.locator("[data-event='one'] .winner").first).to_contain_text("杭州分公司")
    expect(page.locator("[data-event='two'] .state-chip").first).to_have_text("已结束")
    expect(page.locator("[data-event='two'] a[href='/screen/" + two + "']")).to_have_count(1)
    expect(page.locator("#table-rows tr").first).to_have_attribute("data-unit", "hz")
    assert not scrolls_sideways(page)

    command(api, two, ADMIN_TOKEN, {"type": "finalize"})  # arrives over the websocket
    expect(page.locator("[data-event='two'] .winner")).to_have_count(2)
    expect(page.locator("[data-event='two'] .winner").first).to_contain_text("宁波分公司")
    expect(page.locator("#table-rows tr[data-unit='hz'] td.medal-count")).to_have_text(
        ["1", "1", "0"]
    )
    expect(page.locator("#table-rows tr[data-unit='nb'] td.medal-count")).to_have_text(
        ["1", "1", "0"]
    )
    expect(page.locator("#table-rows td.rank")).to_have_text(["1", "1"])
    screenshot(page, "meet-phone")

    wide, _ = open_page(f"/meets/{mid}?lang=en", 1920, 1080)
    expect(wide.locator("#table-title")).to_have_text("Medal table")
    expect(wide.locator("[data-event='two'] .state-chip").first).to_have_text("Results final")
    assert not scrolls_sideways(wide)
    screenshot(wide, "meet-1080p")
