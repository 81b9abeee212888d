"""The big screen: paging through a long ranking, the venue filter, the public view."""
# Rows fill the screen now (issue 13): 1080 px holds 12 of 36 rows a page, not 10 of them
# with a third of the screen empty, and the venue filter is on the operator's panel.

from __future__ import annotations

from browser_support import OpenPage, screenshot
from contest_setup import Contest
from playwright.sync_api import expect


def register_many(contest: Contest, count: int) -> None:
    people = [
        {"id": f"p{n}", "name": f"选手{n:02d}", "venue": "nj" if n % 2 else "wz"}
        for n in range(count)
    ]
    response = contest.api.post(
        f"/api/contests/{contest.id}/contestants",
        json=people,
        headers={"Authorization": f"Bearer {contest.tokens['organizer']}"},
    )
    response.raise_for_status()


def test_a_long_ranking_is_paged_and_filtered_by_venue(
    open_page: OpenPage, contest: Contest
) -> None:
    register_many(contest, 30)
    page, _ = open_page(f"/screen/{contest.id}#token={contest.tokens['screen']}", 1920, 1080)
    expect(page.locator("#page")).to_have_text("第 1/3 页")
    shown = page.locator("#rows tr").count()
    assert shown == 12  # 36 rows, 12 a page at 1080 px
    page.keyboard.press("o")  # the operator's panel
    # Header and panel controls stay on one line each (nothing wraps beside the title).
    wrapped = page.evaluate(
        """() => [...document.querySelectorAll('.screen-head > :not(h1), #operator button')]
            .filter((el) => el.offsetHeight > 0)
            .filter((el) => el.getClientRects().length > 1
              || el.offsetHeight > 1.9 * parseFloat(getComputedStyle(el).fontSize) + 24)
            .map((el) => el.id || el.textContent)"""
    )
    assert wrapped == []
    screenshot(page, "big-screen-paged")
    page.click("#venues [data-venue='nj']")
    expect(page.locator("#page")).to_have_text("第 1/2 页")
    shown = {tr.get_attribute("data-contestant") for tr in page.locator("#rows tr").all()}
    at_nanjing = {f"p{n}" for n in range(1, 30, 2)} | {"c2", "c5"}
    assert shown and shown <= at_nanjing  # one venue shown: its rows, no venue column


def test_without_a_token_the_screen_shows_the_public_board(
    open_page: OpenPage, contest: Contest
) -> None:
    page, _ = open_page(f"/screen/{contest.id}", 1920, 1080)
    expect(page.locator("#rows tr")).to_have_count(6)
    expect(page.locator("#reveal-open")).to_be_hidden()
