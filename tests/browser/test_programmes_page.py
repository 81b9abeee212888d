"""The organizer's programme page on a phone: create a programme, form a pair, sign its
agreement, assess a period (a second assessment of it is refused, in words), end the
pair; the mentor's report and the pool show it."""

from __future__ import annotations

import uuid

from browser_support import OpenPage, screenshot, scrolls_sideways
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import expect


def test_a_programme_from_creation_to_the_mentors_report(open_page: OpenPage) -> None:
    pid = f"prog-{uuid.uuid4().hex[:8]}"
    page, problems = open_page(f"/programmes?lang=en#token={ADMIN_TOKEN}", 390, 844)
    problems.allow_network_errors = True  # the refused second assessment is a logged 409
    expect(page.locator("#programme-select")).to_be_visible()
    card = page.locator("#new-programme-card")
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    page.fill("#new-id", pid)
    page.fill("#new-title", "Fitters 2026")
    page.fill("#new-periods", "q1 First quarter\nq2 Second quarter")
    page.click("#new-programme button[type=submit]")
    expect(page.locator("#prog-message")).to_contain_text(pid)
    expect(page.locator("#programme-head")).to_contain_text("Fitters 2026")

    page.fill("#pair-mentor", "m-1")
    page.fill("#pair-mentor-name", "Master Wang")
    page.fill("#pair-apprentice", "a-1")
    page.fill("#pair-start", "2026-01-10")
    page.click("#pair-form button[type=submit]")
    row = page.locator("#pairs-table tr[data-pair='pair-1']")
    expect(row).to_have_attribute("data-state", "formed")
    row.locator("button.sign").click()
    expect(row).to_have_attribute("data-state", "active")

    for part, value in (("kpi", "80"), ("improvement", "60"), ("attitude", "100")):
        page.fill(f"#assess-{part}", value)
    page.click("#assess-form button[type=submit]")
    expect(page.locator("#prog-message")).to_contain_text(
        "80.0"
    )  # weights 2:1:1 (the form's defaults)
    for part, value in (("kpi", "10"), ("improvement", "10"), ("attitude", "10")):
        page.fill(f"#assess-{part}", value)
    page.click("#assess-form button[type=submit]")
    expect(page.locator("#prog-message")).to_have_class("message error")
    expect(page.locator("#prog-message")).to_contain_text("already assessed")

    report = page.locator("#report .report-pair[data-pair='pair-1']")
    expect(report.locator("tr[data-period='q1']")).to_contain_text("First quarter")
    expect(report.locator("tr[data-period='q1']")).to_contain_text("80.0")
    expect(page.locator("#pool-table tr[data-worker='m-1']")).to_contain_text("Master Wang")

    row.locator("select.outcome").select_option("ended_early")
    row.locator("button.end").click()
    expect(row).to_have_attribute("data-state", "ended_early")
    assert not scrolls_sideways(page)
    screenshot(page, "programmes-phone")
