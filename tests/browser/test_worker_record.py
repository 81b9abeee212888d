"""The worker's whole record on a 390 px phone: position levels over time, training
taken and mentoring (the apprentice's level credited to the mentor), in zh and en."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from browser_support import OpenPage, screenshot
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect
from talent_setup import send, skills_definition, workers

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
NOW = datetime.now(UTC)
LEVELS = [
    {"id": "junior", "name": "初级", "min_percent": 60},
    {"id": "middle", "name": "中级", "min_percent": 75},
    {"id": "senior", "name": "高级", "min_percent": 90},
]


def post(api: httpx.Client, path: str, body: Any) -> Any:
    response = api.post(path, json=body, headers=AUTH)
    assert response.is_success, response.text
    return response.json()


def assessments(api: httpx.Client, suffix: str, rounds: list[float]) -> str:
    """Assessments of the first worker's laser skill (20 max) at `rounds` marks; its id."""
    post(api, "/api/standards", {
        "id": f"laser-{suffix}", "name": "激光设备调试工",
        "required": {"elec.laser": 70}, "levels": LEVELS,
    })  # fmt: skip
    roster = workers(suffix)[:1]
    for index, value in enumerate(rounds):
        cid = f"exam-{suffix}-{index}"
        post(api, "/api/contests", {**skills_definition(cid), "kind": "assessment"})
        post(api, f"/api/contests/{cid}/contestants", roster)
        [referee] = post(api, f"/api/contests/{cid}/referees", [{"id": "r1", "name": "考评员"}])
        marking = {"Authorization": f"Bearer {referee['token']}"}
        send(api, cid, AUTH, [{"type": "start"}])
        mark = {"type": "award_mark", "contestant_id": "c0", "aspect_id": "laser-m", "value": value}
        send(api, cid, marking, [mark])
        send(api, cid, AUTH, [{"type": "end"}, {"type": "finalize"}])
    return str(roster[0]["worker_id"])


def training(api: httpx.Client, suffix: str, worker: str) -> None:
    cid = f"train-{suffix}"
    aspect = {"id": "clarity", "name": "清晰", "max": 10, "scale": [1, 5]}
    post(api, "/api/campaigns", {
        "id": cid, "title": "激光安全培训", "kind": "training",
        "form": {"criteria": [{"id": "teaching", "name": "讲授", "aspects": [aspect]}]},
        "subjects": [{"id": "t", "name": "刘老师", "kind": "trainer"}],
        "period": {"start": (NOW - timedelta(days=1)).isoformat(),
                   "end": (NOW + timedelta(days=1)).isoformat()},
        "participants": [worker],
    })  # fmt: skip
    links = post(api, f"/api/campaigns/{cid}/links", {"count": 3})["links"]
    for link in links:
        answer = {"link": link["token"], "subject_id": "t", "values": {"clarity": 4}}
        sent = api.post(
            f"/api/campaigns/{cid}/answers", json={**answer, "command_id": link["token"][-12:]}
        )
        assert sent.json()["status"] == "accepted", sent.text


def mentoring(api: httpx.Client, suffix: str, apprentice: str) -> str:
    pid, mentor = f"prog-{suffix}", f"m-{suffix}"
    post(api, "/api/programmes", {
        "id": pid, "title": "激光师带徒", "organization": "温州电气",
        "weights": {"kpi": 1, "improvement": 1, "attitude": 1},
        "periods": [{"id": "h1", "name": "上半年"}],
    })  # fmt: skip
    start = (NOW - timedelta(days=30)).date().isoformat()
    pair = post(
        api,
        f"/api/programmes/{pid}/pairs",
        {"mentor": mentor, "apprentice": apprentice, "start": start},
    )
    post(api, f"/api/programmes/{pid}/pairs/{pair['id']}/agreement", {"signed_on": start})
    return mentor


def test_the_record_shows_levels_training_and_mentoring_on_a_phone(
    open_page: OpenPage, api: httpx.Client
) -> None:
    suffix = uuid.uuid4().hex[:6]
    worker = assessments(api, suffix, [13, 19])  # 65 % 初级, then 95 % 高级
    training(api, suffix, worker)
    mentor = mentoring(api, suffix, worker)

    page, _ = open_page(f"/workers/{worker}", 390, 844)
    row = page.locator("#resume-levels li[data-skill='elec.laser']")
    expect(row).to_have_attribute("data-level", "senior")
    expect(row.locator(".level-latest")).to_contain_text("高级")
    expect(row.locator(".level-history")).to_contain_text("初级")
    expect(page.locator("#resume-training li")).to_contain_text("激光安全培训")
    expect(page.locator("#resume-mentors li")).to_have_attribute("data-worker", mentor)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows
    screenshot(page, "worker-record-phone")

    page, _ = open_page(f"/workers/{mentor}?lang=en", 390, 844)
    expect(page.locator("#resume-no-contests")).to_be_visible()
    expect(page.locator("#resume-apprentices li")).to_have_attribute("data-worker", worker)
    expect(page.locator("#resume-credits")).to_contain_text("Position level")
    expect(page.locator("#resume-credits")).to_contain_text("高级")
