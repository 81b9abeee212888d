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
    expect(page.locator("#current-score")).to_contain_text("10")
