"""The referee tablet: sign in by link, mark, see the sync state; offline queueing."""

from __future__ import annotations

from conftest import OpenPage, screenshot
from contest_setup import Contest
from playwright.sync_api import Page, expect


def sign_in(open_page: OpenPage, contest: Contest, referee: str = "r1") -> tuple[Page, object]:
    page, problems = open_page(f"/referee/{contest.id}#token={contest.tokens[referee]}")
    assert isinstance(page, Page)
    expect(page.locator("#workspace")).to_be_visible()
    return page, problems


def mark(page: Page, contestant: str, aspect: str, level: str) -> None:
    page.click(f"[data-contestant='{contestant}']")
    page.click(f"[data-task='aspect:{aspect}']")
    page.click(f"#entry [data-value='{level}']")
    page.click("#entry-send")


def test_a_referee_marks_and_sees_it_sent(open_page: OpenPage, contest: Contest) -> None:
    page, _ = sign_in(open_page, contest)
    assert "#token" not in page.url  # the token leaves the address bar at once
    expect(page.locator("[data-contestant]")).to_have_count(4)  # venue wz only
    mark(page, "c1", "wiring-quality", "3")
    expect(page.locator("#history li[data-state='sent']")).to_have_count(1)
    expect(page.locator("#current-score")).to_contain_text("10")
    screenshot(page, "referee-tablet")
