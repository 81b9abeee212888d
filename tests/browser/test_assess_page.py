"""The candidate's online assessment on a 390 px phone: the answers survive a cut network,
are counted once, and the finalized assessment grants the worker a level."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from browser_support import OpenPage
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
PHONE = (390, 844)


def exam(cid: str) -> dict[str, Any]:
    prompts = [
        ("接地线的颜色是？", ["红色", "黄绿双色", "蓝色"], 1),
        ("安全电压不高于？", ["36V", "220V"], 0),
    ]
    aspects = [
        {
            "id": f"q{n}",
            "name": f"第{n}题",
            "type": "measurement",
            "max": 5,
            "rule": {"kind": "pass_fail"},
            "question": {"prompt": prompt, "options": options, "answer": answer},
        }
        for n, (prompt, options, answer) in enumerate(prompts, 1)
    ]
    criterion = {"id": "theory", "name": "电工理论", "skill": "elec.online", "aspects": aspects}
    return {
        "id": cid,
        "title": "电工理论在线考核",
        "kind": "assessment",
        "duration_minutes": 30,
        "criteria": [criterion],
    }


def command(type_: str) -> dict[str, str]:
    return {"command_id": str(uuid.uuid4()), "type": type_}


def set_up(api: httpx.Client) -> str:
    cid = f"online-{uuid.uuid4().hex[:8]}"
    assert api.post("/api/contests", json=exam(cid), headers=ADMIN).status_code == 201
    people = [{"id": "c1", "name": "张三", "worker_id": f"w-{cid}"}, {"id": "c2", "name": "李四"}]
    assert api.post(f"/api/contests/{cid}/contestants", json=people, headers=ADMIN).is_success
    started = api.post(f"/api/contests/{cid}/commands", json=[command("start")], headers=ADMIN)
    assert started.json()["results"][0]["status"] == "accepted"
    return cid


def candidate_link(open_page: OpenPage, cid: str) -> str:
    """The organizer prints the candidate links from the console: one QR card each."""
    console, _ = open_page(f"/console?contest={cid}#token={ADMIN_TOKEN}", 1440, 900)
    console.locator("#candidate-links").click()
    cards = console.locator("#token-cards .token-card[data-kind='candidate']")
    expect(cards).to_have_count(1)  # c2 has no worker id: no link
    expect(cards.locator("svg.qr")).to_have_count(1)
    link = cards.locator("a").get_attribute("href")
    assert link is not None and f"/assess/{cid}#token=" in link
    return link


def marks(api: httpx.Client, cid: str) -> float:
    standings = api.get(f"/api/contests/{cid}/standings", headers=ADMIN).json()
    return sum(float(row["score"]["total"]) for row in standings["rows"])


def test_answers_sent_offline_arrive_once_when_the_network_is_back(
    open_page: OpenPage, api: httpx.Client
) -> None:
    cid = set_up(api)
    phone, problems = open_page(candidate_link(open_page, cid), *PHONE)
    problems.allow_network_errors = True  # the requests that fail offline are the point
    expect(phone.locator(".assess-question")).to_have_count(2)
    expect(phone.locator("#assess-intro")).to_contain_text("张三")
    assert "#token=" not in phone.url  # the token left the address bar
    phone.locator("[data-field='q1'][data-value='1']").click()
    expect(phone.locator("#assess-submit")).to_be_disabled()
    phone.locator("[data-field='q2'][data-value='1']").click()  # wrong: 36V is index 0
    expect(phone.locator("#assess-submit")).to_be_enabled()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE[0]  # nothing wider than the phone

    phone.context.set_offline(True)
    phone.locator("#assess-submit").click()
    status = phone.locator("#assess-status")
    expect(status).to_have_attribute("data-phase", "waiting")
    expect(status).to_contain_text("恢复网络后会自动提交")
    assert marks(api, cid) == 0

    phone.context.set_offline(False)  # the `online` event sends at once
    expect(status).to_have_attribute("data-phase", "submitted", timeout=15000)
    assert marks(api, cid) == 5  # one right answer of two, counted once

    phone.reload()  # the phone kept the token and the outbox: submitted, nothing resent
    expect(phone.locator("#assess-status")).to_have_attribute("data-phase", "submitted")
    expect(phone.locator("#assess-form")).to_be_hidden()
    phone.locator("#lang button").click()
    expect(phone.locator("#assess-status")).to_have_text("Submitted, thank you!")
    assert marks(api, cid) == 5
