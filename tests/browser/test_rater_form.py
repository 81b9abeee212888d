"""The rater's form on a 390 px phone: answers survive a cut network and arrive once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from browser_support import OpenPage, screenshot
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import Page, expect

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
PHONE = (390, 844)


def campaign(campaign_id: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    scale = {"max": 10, "scale": [1, 5]}
    return {
        "id": campaign_id,
        "title": "焊接技能培训反馈",
        "kind": "training",
        "form": {
            "criteria": [
                {
                    "id": "teaching",
                    "name": "讲授",
                    "weight": 2,
                    "aspects": [{"id": "clarity", "name": "讲授清晰", **scale}],
                },
                {
                    "id": "design",
                    "name": "课程设计",
                    "aspects": [{"id": "useful", "name": "内容实用", **scale}],
                },
            ]
        },
        "subjects": [
            {"id": "wang", "name": "王建国老师", "kind": "trainer"},
            {"id": "course", "name": "焊接基础课程", "kind": "course"},
        ],
        "period": {
            "start": (now - timedelta(hours=1)).isoformat(),
            "end": (now + timedelta(days=1)).isoformat(),
        },
        "min_answers": 1,  # so that the test can count the answers in the report
    }


def set_up(api: httpx.Client, links: int) -> tuple[str, list[str]]:
    campaign_id = f"rate-{uuid.uuid4().hex[:8]}"
    assert api.post("/api/campaigns", json=campaign(campaign_id), headers=ADMIN).status_code == 201
    issued = api.post(f"/api/campaigns/{campaign_id}/links", json={"count": links}, headers=ADMIN)
    return campaign_id, [link["url"] for link in issued.json()["links"]]


def answer_everything(page: Page) -> None:
    for field, value in (
        ("wang.clarity", 5),
        ("wang.useful", 4),
        ("course.clarity", 3),
        ("course.useful", 2),
    ):
        page.locator(f"[data-field='{field}'][data-value='{value}']").click()
    expect(page.locator("#rate-submit")).to_be_enabled()


def answers(api: httpx.Client, campaign_id: str) -> dict[str, int | None]:
    report = api.get(f"/api/campaigns/{campaign_id}/report", headers=ADMIN).json()
    return {subject["id"]: subject["answers"] for subject in report["subjects"]}


def test_an_answer_sent_offline_arrives_once_when_the_network_is_back(
    open_page: OpenPage, api: httpx.Client
) -> None:
    campaign_id, [url] = set_up(api, 1)
    phone, problems = open_page(url, *PHONE)
    problems.allow_network_errors = True  # the requests that fail offline are the point
    expect(phone.locator(".rate-subject")).to_have_count(2)
    answer_everything(phone)
    screenshot(phone, "rater-form-390")

    phone.context.set_offline(True)
    phone.locator("#rate-submit").click()
    status = phone.locator("#rate-status")
    expect(status).to_have_attribute("data-phase", "waiting")
    expect(status).to_contain_text("恢复网络后会自动发送")
    screenshot(phone, "rater-form-390-offline")
    assert answers(api, campaign_id) == {"wang": None, "course": None}  # none yet

    phone.context.set_offline(False)  # the `online` event sends at once
    expect(status).to_have_attribute("data-phase", "sent", timeout=15000)
    assert answers(api, campaign_id) == {"wang": 1, "course": 1}

    phone.reload()  # what the phone kept: sent, and nothing goes out again
    expect(phone.locator("#rate-status")).to_have_attribute("data-phase", "sent")
    again, _ = open_page(url, *PHONE)  # the same link on another phone: spent
    expect(again.locator("#rate-status")).to_have_attribute("data-phase", "used")
    expect(again.locator("#rate-form")).to_be_hidden()
    assert answers(api, campaign_id) == {"wang": 1, "course": 1}


def test_a_lost_answer_is_resent_and_counted_once(open_page: OpenPage, api: httpx.Client) -> None:
    campaign_id, [url] = set_up(api, 1)
    phone, problems = open_page(url, *PHONE)
    problems.allow_network_errors = True
    lost: list[str] = []

    def reach_the_server_then_fail(route: Any) -> None:
        if not lost:
            route.fetch()  # the server takes the answer; its reply never arrives
            lost.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    phone.route("**/answers", reach_the_server_then_fail)
    expect(phone.locator(".rate-subject")).to_have_count(2)
    answer_everything(phone)
    phone.locator("#rate-submit").click()
    expect(phone.locator("#rate-status")).to_have_attribute("data-phase", "sent", timeout=15000)
    assert lost
    assert answers(api, campaign_id) == {"wang": 1, "course": 1}
