"""The skill resume and the craftsman leaderboard with its capability view."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from browser_support import OpenPage, screenshot
from contest_setup import HOSTILE_NAME
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect
from talent_setup import finalized_contests

MARKS = [
    [[18, 15, 12, 16], [14, 17, 16, 12], [10, 9, 14, 11], [6, 8, 7, 12]],
    [[19, 16, 15, 17], [13, 15, 18, 14], [12, 11, 13, 10], [8, 9, 10, 11]],
]


def test_the_resume_shows_contests_ranks_radar_and_skills(
    open_page: OpenPage, api: httpx.Client
) -> None:
    worker_ids = finalized_contests(api, ADMIN_TOKEN, MARKS)
    page, _ = open_page(f"/workers/{worker_ids[0]}", 1280, 800)
    expect(page.locator("#worker-name")).to_have_text("张伟")
    expect(page.locator("#resume-contests tbody tr")).to_have_count(2)
    expect(page.locator("#resume-contests tbody tr").first).to_contain_text("1 / 4")
    expect(page.locator("svg.radar .radar-own")).to_have_count(1)
    expect(page.locator("svg.radar .radar-cohort")).to_have_count(1)  # the earlier contest
    expect(page.locator("#resume-skills tbody tr")).to_have_count(4)
    expect(page.locator("#resume-skills tr[data-skill='elec.laser']")).to_contain_text("95%")
    screenshot(page, "resume")


def test_a_hostile_name_is_text_and_an_unknown_worker_is_said(
    open_page: OpenPage, api: httpx.Client
) -> None:
    worker_ids = finalized_contests(api, ADMIN_TOKEN, MARKS[:1])
    page, _ = open_page(f"/workers/{worker_ids[3]}")
    expect(page.locator("#worker-name")).to_have_text(HOSTILE_NAME)
    assert page.locator("img").count() == 0
    missing, problems = open_page(f"/workers/nobody-{uuid.uuid4().hex[:6]}")
    problems.allow_network_errors = True  # the 404 of the resume is the point
    expect(missing.locator("#resume-error")).to_contain_text("nobody-")


def test_the_leaderboard_and_capability_against_a_standard(
    open_page: OpenPage, api: httpx.Client
) -> None:
    worker_ids = finalized_contests(api, ADMIN_TOKEN, MARKS)
    standard: dict[str, Any] = {
        "id": f"electrician-{uuid.uuid4().hex[:4]}",
        "name": "三级电工（高级工）",
        "required": {"elec.laser": 60, "elec.power": 60, "elec.wiring": 70, "elec.theory": 55},
    }
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    api.post("/api/standards", json=standard, headers=auth).raise_for_status()
    page, _ = open_page("/leaderboard", 1280, 800)
    expect(page.locator(f"#board-table tr[data-worker='{worker_ids[0]}']")).to_be_visible()
    expect(page.locator("#cap-needs-token")).to_be_visible()
    page.evaluate("t => localStorage.setItem('judging.token.organizer.console', t)", ADMIN_TOKEN)
    page.reload()
    page.select_option("#cap-standard", standard["id"])
    page.select_option("#cap-by", "team")
    group = page.locator(".cap-group[data-group='一班']")
    expect(group.locator(".cap-row")).to_have_count(4)
    expect(group.locator(".cap-required")).to_have_count(4)
    expect(group.locator(".cap-row[data-skill='elec.wiring'] .cap-gap")).to_be_visible()
    page.locator("#board-table").scroll_into_view_if_needed()
    screenshot(page, "leaderboard")
