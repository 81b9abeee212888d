"""Through the console alone: a preliminary round is finalized, advanced to the final
(a rejection shown in the page's language first), its award list opened, then re-opened."""

from __future__ import annotations

import uuid

import httpx
from browser_support import OpenPage
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect
from test_rounds_screen import AUTH, NAMES, ORGS, definition, send


def test_finalize_advance_and_open_the_award_list(open_page: OpenPage, api: httpx.Client) -> None:
    suffix = uuid.uuid4().hex[:6]
    prelim, final = f"heat-{suffix}", f"last-{suffix}"
    awards = [
        {"id": "gold", "name": "金奖", "count": 1},
        {"id": "silver", "name": "银奖", "count": 2},
    ]
    event = f"weld-{suffix}"
    for body in (
        definition(prelim, "焊工比武 初赛", 1, event, advancement={"top": 4}, awards=awards),
        definition(final, "焊工比武 决赛", 2, event),
    ):
        api.post("/api/contests", json=body, headers=AUTH).raise_for_status()
    people = [
        {"id": f"w{i}", "name": name, "organization": ORGS[i % len(ORGS)]}
        for i, name in enumerate(NAMES[:6])
    ]
    api.post(f"/api/contests/{prelim}/contestants", json=people, headers=AUTH).raise_for_status()
    issued = api.post(
        f"/api/contests/{prelim}/referees", json=[{"id": "r1", "name": "裁判一"}], headers=AUTH
    )
    issued.raise_for_status()
    send(api, prelim, ADMIN_TOKEN, {"type": "start"})
    marks = [
        {"type": "award_mark", "contestant_id": f"w{i}", "aspect_id": "score", "value": 90 - 5 * i}
        for i in range(6)
    ]
    send(api, prelim, issued.json()[0]["token"], *marks)

    page, problems = open_page(f"/console?contest={prelim}#token={ADMIN_TOKEN}", 1440, 900)
    problems.allow_network_errors = True
    expect(page.locator("#contest-head h2")).to_have_text("焊工比武 初赛")
    advance = page.locator(f"#advance-buttons [data-to='{final}']")
    expect(advance).to_be_disabled()  # not final yet: the note says why
    note = page.locator("#advance-note")
    expect(note).to_have_text("本轮成绩确认后才能晋级 按当前成绩，4 人晋级（预计）")
    expect(page.locator("#awards-link")).to_have_count(0)

    page.click("#lifecycle [data-command='end']")
    page.click("#lifecycle-confirm-button")
    expect(page.locator("#lifecycle [data-command='finalize']")).to_be_enabled()
    page.click("#lifecycle [data-command='finalize']")
    page.click("#lifecycle-confirm-button")
    expect(page.locator("#contest-state")).to_have_text("成绩已确认")

    expect(advance).to_be_enabled()
    advance.click()
    expect(page.locator("#results-result .ok")).to_be_visible()
    expect(note).to_have_text("4 人已晋级下一轮")
    roster = api.get(f"/api/contests/{final}", headers=AUTH).json()["contestants"]
    assert sorted(c["id"] for c in roster) == ["w0", "w1", "w2", "w3"]

    advance.click()  # a second time: refused, the reason in Chinese
    refused = page.locator("#results-result .error")
    expect(refused).to_have_attribute("data-code", "already_advanced")
    expect(refused).to_contain_text("本轮已晋级过")

    with page.context.expect_page() as opened:
        page.click("#awards-link")
    awards_page = opened.value
    awards_page.wait_for_load_state()
    assert awards_page.url.endswith(f"/awards/{prelim}")
    expect(awards_page.locator("body")).to_contain_text("金奖")
    expect(awards_page.locator("body")).to_contain_text(NAMES[0])

    # re-opened with a reason (asked to confirm): ended again, nothing to advance from
    page.bring_to_front()
    page.click("#reopen-button")  # no reason yet: said so, nothing sent
    expect(page.locator("#results-result .error")).to_have_text("重新开放: 请填写重新开放的原因")
    page.fill("#reopen-reason", "成绩录入错误")
    page.click("#reopen-button")
    page.click("#reopen-confirm-button")
    expect(page.locator("#contest-state")).to_have_text("已结束")
    expect(advance).to_be_disabled()
    expect(page.locator("#awards-link")).to_have_count(0)
    assert not problems.unexpected()
