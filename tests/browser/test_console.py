"""The organizer console: define, roster, referees with QR codes, lifecycle, judges, replay."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from browser_support import OpenPage, PageProblems, screenshot
from contest_setup import HOSTILE_NAME, Contest, definition
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import Page, expect

HEADER = "id,name,organization,team,workshop,venue,worker_id\n"
ROSTER_WITH_ERROR = HEADER + "c1,张伟,温州电气,一班,,wz,\nc2,,南京机电,,,nj,\n"
ROSTER = (
    "id,name,organization,team,workshop,venue,worker_id\n"
    "c1,张伟,温州电气,一班,总装车间,wz,w-1\n"
    '"c2","王芳","南京机电, 有限公司",二班,,nj,w-2\n'
    f"c3,{HOSTILE_NAME},<b>bold</b>,一班,,wz,\n"
)
REFEREES = (
    "id,name,role,venues\nr1,赵裁判,referee,wz\nr2,孙裁判,referee,nj\nchief,周裁判长,chief,\n"
)


def invalid(contest_id: str) -> dict[str, Any]:
    document = definition(contest_id)
    document["criteria"][1]["aspects"][0]["max"] = -1
    return document


def open_console(open_page: OpenPage) -> tuple[Page, PageProblems]:
    page, problems = open_page(f"/console#token={ADMIN_TOKEN}", 1440, 900)
    problems.allow_network_errors = True  # the 422 of the invalid definition is the point
    assert "#token" not in page.url
    expect(page.locator("#definition-submit")).to_be_visible()
    return page, problems


def define(page: Page, document: dict[str, Any]) -> None:
    page.fill("#definition-text", json.dumps(document, ensure_ascii=False))
    page.click("#definition-submit")


def lifecycle(page: Page, command: str) -> None:
    page.click(f"#lifecycle [data-command='{command}']")
    if command in ("end", "finalize"):  # asked to confirm, with the consequence named
        page.click("#lifecycle-confirm-button")


def mark(api: httpx.Client, cid: str, token: str, contestant: str, level: int) -> int:
    body = [
        {
            "command_id": str(uuid.uuid4()),
            "type": "award_mark",
            "contestant_id": contestant,
            "aspect_id": "wiring-quality",
            "value": level,
        }
    ]
    headers = {"Authorization": f"Bearer {token}"}
    response = api.post(f"/api/contests/{cid}/commands", json=body, headers=headers)
    [result] = response.json()["results"]
    assert result["status"] == "accepted", result
    position: int = result["position"]
    return position


def test_the_console_runs_a_contest_end_to_end(open_page: OpenPage, api: httpx.Client) -> None:
    cid = f"console-{uuid.uuid4().hex[:8]}"
    page, problems = open_console(open_page)

    define(page, invalid(cid))
    expect(page.locator("#definition-result .path")).to_contain_text(["criteria[1].aspects[0].max"])
    define(page, definition(cid))
    expect(page.locator("#contest-head")).to_contain_text("长三角电工跨区域闯关邀请赛")
    expect(page.locator("#contest-select")).to_have_value(cid)

    page.fill("#roster-text", ROSTER_WITH_ERROR)
    expect(page.locator("#roster-result li[data-line='3']")).to_contain_text("name")
    expect(page.locator("#roster-upload")).to_be_disabled()
    page.fill("#roster-text", ROSTER)
    expect(page.locator("#roster-preview tbody tr")).to_have_count(3)
    expect(page.locator("#roster-preview")).to_contain_text("南京机电, 有限公司")
    page.click("#roster-upload")
    expect(page.locator("#roster-done")).to_be_visible()
    expect(page.locator("#contest-head")).to_contain_text("3")

    page.fill("#referees-text", REFEREES)
    page.click("#referees-register")
    expect(page.locator("#token-cards .token-card svg.qr")).to_have_count(3)
    page.click("#screen-token")
    expect(page.locator("#token-cards .token-card")).to_have_count(4)
    tokens = page.locator("#token-cards .token-card").evaluate_all(
        "cards => cards.map(c => c.dataset.token)"
    )
    link = page.locator("#token-cards .token-card a").first.get_attribute("href")
    assert link is not None and link.endswith(f"/referee/{cid}#token={tokens[0]}")

    # Not started yet: only start can be pressed; freeze says what it waits for.
    expect(page.locator("#lifecycle [data-command='freeze']")).to_be_disabled()
    expect(page.locator("#lifecycle li[data-step='freeze'] .step-note")).to_have_text(
        "需在比赛进行中"
    )
    lifecycle(page, "start")
    expect(page.locator("#contest-state")).to_have_text("进行中")

    before = mark(api, cid, tokens[0], "c1", 3) - 1
    mark(api, cid, tokens[0], "c3", 1)
    page.click("#judges-refresh")
    expect(page.locator("#judges-table tbody tr")).to_have_count(3)
    expect(page.locator("#judges-table tr[data-referee='r1'] td").nth(2)).to_have_text("2")
    page.click("#replay-reload")
    expect(page.locator("#replay-table tr[data-contestant='c1']")).to_contain_text("10")
    page.locator("#replay-slider").fill(str(before))
    expect(page.locator("#replay-board")).to_have_attribute("data-position", str(before))
    expect(page.locator("#replay-table tr[data-contestant='c1'] td").last).to_have_text("0")
    page.select_option("#replay-speed", "10")
    page.click("#replay-play")
    expect(page.locator("#replay-table tr[data-contestant='c1']")).to_contain_text("10")

    expect(page.locator("#replay-table")).to_contain_text(HOSTILE_NAME)
    expect(page.locator("#replay-table tr[data-contestant='c1'] td").nth(3)).to_have_text("温州")
    assert page.locator("img").count() == 0
    expect(page.locator("#replay-play")).to_have_text("▶ 播放")  # played to the end
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "console")

    for command in ("end", "finalize"):
        lifecycle(page, command)
    expect(page.locator("#contest-state")).to_have_text("成绩已确认")
    assert [e for e in problems.errors if "422" not in e] == []  # only the invalid definition


def test_a_wrong_token_is_refused_and_a_typed_one_signs_in(open_page: OpenPage) -> None:
    page, problems = open_page("/console#token=not-a-token", 1440, 900)
    problems.allow_network_errors = True  # the 401 of /api/me is the point
    expect(page.locator("#signin .error")).to_be_visible()
    page.fill("#token-input", ADMIN_TOKEN)
    page.click("#signin button[type='submit']")
    expect(page.locator("#definition-submit")).to_be_visible()
    page.reload()  # the token is kept in this browser
    expect(page.locator("#sign-out")).to_be_visible()


def test_console_opens_the_contest_named_in_the_address(
    open_page: OpenPage, contest: Contest
) -> None:
    page, _ = open_page(f"/console?contest={contest.id}#token={ADMIN_TOKEN}", 1440, 900)
    expect(page.locator("#contest-select")).to_have_value(contest.id)
    expect(page.locator("#contest-head")).to_contain_text("长三角电工跨区域闯关邀请赛")
    assert "#token" not in page.url and f"contest={contest.id}" in page.url
