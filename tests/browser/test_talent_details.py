"""The talent pages: skills by name, "not assessed" apart from 0 %, points that are
never negative and explained, the drill-down from a team to a resume, phones."""

from __future__ import annotations

import uuid

import httpx
from browser_support import OpenPage, overflowing, screenshot, scrolls_sideways
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect
from talent_setup import finalized_contests

NONE = None
MARKS = [
    [[18, 15, 12, 16], [14, 17, 16, 12], [10, 9, NONE, 11], [NONE, NONE, NONE, NONE]],
    [[19, 16, 15, 17], [13, 15, 18, 14], [12, 11, 13, 10], [NONE, NONE, NONE, NONE]],
]
RADAR_LABELS_INSIDE = """() => [...document.querySelectorAll('svg.radar')].flatMap((svg) => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].filter((text) => {
    const b = text.getBBox();
    return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
      || b.y + b.height > box.y + box.height;
  }).map((text) => text.textContent);
})"""


def test_skills_are_named_and_not_assessed_is_not_zero(
    open_page: OpenPage, api: httpx.Client
) -> None:
    workers = finalized_contests(api, ADMIN_TOKEN, MARKS)
    page, _ = open_page(f"/workers/{workers[2]}", 1280, 800)
    laser = page.locator("#resume-skills tr[data-skill='elec.laser'] .skill-name")
    expect(laser).to_have_text("激光器启动与故障排除")
    expect(laser).to_have_attribute("title", "elec.laser")
    wiring = page.locator("#resume-skills tr[data-skill='elec.wiring']")
    expect(wiring.locator("td").nth(1)).to_have_text("—")  # the first contest did not mark it
    expect(wiring.locator("td").nth(5)).to_have_text("65%")  # the mean of the one that did
    never, _ = open_page(f"/workers/{workers[3]}", 1280, 800)
    expect(never.locator("#resume-contests tbody tr")).to_have_count(2)
    expect(never.locator("#resume-contests tbody tr").first).to_contain_text("未评估")
    expect(never.locator("#resume-rating")).to_contain_text("尚无工匠积分")
    expect(never.locator("#resume-skills tbody tr")).to_have_count(0)
    assert "0%" not in never.locator("#resume").inner_text()


def test_points_are_never_negative_and_explained(open_page: OpenPage, api: httpx.Client) -> None:
    finalized_contests(api, ADMIN_TOKEN, MARKS)
    page, _ = open_page("/leaderboard?lang=en", 1280, 800)
    expect(page.locator("#board-rows tr").first).to_be_visible()
    shown = page.locator("#board-rows td.strong").all_inner_texts()
    values = [float(v.replace(",", "")) for v in shown]
    assert values and min(values) >= 0
    page.click("#board-explain summary")
    expect(page.locator("#board-model")).to_contain_text("openskill PlackettLuce")
    expect(page.locator("#board-model")).to_contain_text("500 + 20 × (μ − 3σ)")
    assert overflowing(page, "#board-rows .worker-id") == []


def test_a_team_drills_down_to_a_workers_resume(open_page: OpenPage, api: httpx.Client) -> None:
    workers = finalized_contests(api, ADMIN_TOKEN, MARKS)
    standard = {
        "id": f"electrician-{uuid.uuid4().hex[:4]}",
        "name": "三级电工（高级工）",
        "required": {"elec.laser": 60, "elec.power": 60, "elec.wiring": 70, "elec.theory": 55},
    }
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    api.post("/api/standards", json=standard, headers=auth).raise_for_status()
    page, _ = open_page("/leaderboard", 1280, 800)
    page.evaluate("t => localStorage.setItem('judging.token.organizer.console', t)", ADMIN_TOKEN)
    page.reload()
    page.select_option("#cap-standard", standard["id"])
    page.select_option("#cap-by", "team")
    team = page.locator(".cap-group[data-group='二班']")
    skill = team.locator(".cap-row[data-skill='elec.laser'] .cap-skill")
    expect(skill).to_have_text("激光器启动与故障排除")
    expect(team.locator(".cap-row[data-skill='elec.laser'] .cap-count")).to_contain_text("未评估")
    team.locator(".cap-members summary").click()
    member = team.locator(f".cap-members tr[data-worker='{workers[3]}']")
    expect(member).to_contain_text("未评估")
    screenshot(page, "capability-members")
    member.locator("a").click()
    expect(page.locator("#worker-name")).to_be_visible()
    assert page.url.endswith(f"/workers/{workers[3]}")


def test_the_talent_pages_and_the_index_fit_a_phone(open_page: OpenPage, api: httpx.Client) -> None:
    workers = finalized_contests(api, ADMIN_TOKEN, MARKS)
    paths = (f"/workers/{workers[0]}", f"/workers/{workers[0]}?lang=en", "/leaderboard", "/")
    for path in paths:
        page, _ = open_page(path, 390, 844)
        expect(page.locator("main")).not_to_contain_text("加载中")
        page.wait_for_timeout(200)
        assert not scrolls_sideways(page), path
        assert page.evaluate(RADAR_LABELS_INSIDE) == [], path
