"""The referee tablet: sign in by link, mark, see the sync state; offline queueing."""

from __future__ import annotations

from browser_support import OpenPage, mark, sign_in
from contest_setup import Contest
from playwright.sync_api import expect


def test_a_referee_marks_and_sees_it_sent(open_page: OpenPage, contest: Contest) -> None:
    page, _ = sign_in(open_page, contest)
    assert "#token" not in page.url  # the token leaves the address bar at once
    expect(page.locator("[data-contestant]")).to_have_count(4)  # venue wz only
    mark(page, "c1", "wiring-quality", "3")
    expect(page.locator("#history li[data-state='sent']")).to_have_count(1)
    expect(page.locator("#entry-panel")).to_contain_text("1/1")  # the panel's progress
    expect(page.locator("#current-score")).to_have_count(0)  # no totals for referees


def test_a_long_contestant_list_keeps_every_card_whole(
    open_page: OpenPage, contest: Contest
) -> None:
    people = [
        {
            "id": f"p{n}",
            "name": f"选手{n:02d}",
            "organization": "温州电力安装有限公司",
            "venue": "wz",
        }
        for n in range(20)
    ]
    headers = {"Authorization": f"Bearer {contest.tokens['organizer']}"}
    contest.api.post(
        f"/api/contests/{contest.id}/contestants", json=people, headers=headers
    ).raise_for_status()
    page, _ = sign_in(open_page, contest)
    expect(page.locator("[data-contestant]")).to_have_count(24)
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.pick')]
            .filter((el) => el.scrollHeight > el.clientHeight + 1).map((el) => el.textContent)"""
    )
    assert clipped == []
