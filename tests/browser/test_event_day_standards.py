"""Position standards are created and edited in the console, no API call by hand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, require_browser
from e2e_server import ADMIN_TOKEN, ServerProcess
from event_day_setup import start_server
from playwright.sync_api import Page, expect, sync_playwright


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    require_browser()
    server: ServerProcess = start_server(tmp_path_factory.mktemp("standards"))
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(f"{server.base_url}/console#token={ADMIN_TOKEN}")
            expect(page.locator("#standards")).to_be_visible()
            yield page
            browser.close()
    finally:
        server.stop()


def test_a_standard_is_created_then_edited(console: Page) -> None:
    console.fill("#standard-id", "electrician-l3")
    console.fill("#standard-name", "三级电工")
    console.fill("#standard-required", "elec.wiring: 80\nelec.theory：70%")
    console.click("#standard-save")
    row = console.locator("#standards-table tr[data-standard='electrician-l3']")
    expect(row).to_contain_text("elec.wiring 80%")
    row.locator("button.edit").click()
    expect(console.locator("#standard-required")).to_have_value("elec.theory: 70\nelec.wiring: 80")
    console.fill("#standard-required", "elec.wiring: 85")
    console.click("#standard-save")
    expect(row).to_contain_text("elec.wiring 85%")
    expect(row).not_to_contain_text("elec.theory")


def test_a_bad_line_is_named(console: Page) -> None:
    console.fill("#standard-id", "fitter")
    console.fill("#standard-name", "钳工")
    console.fill("#standard-required", "mech.fit: lots")
    console.click("#standard-save")
    expect(console.locator("#standards-result")).to_contain_text("mech.fit: lots")
