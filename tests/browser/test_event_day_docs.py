"""/docs and /redoc render with the network to the internet blocked: every request
that does not go to the loopback address is aborted (and counted)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, require_browser
from e2e_server import ServerProcess
from event_day_setup import start_server
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = start_server(tmp_path_factory.mktemp("docs"))
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_browser()
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def offline_page(browser: Browser, aborted: list[str]) -> Page:
    page = browser.new_page()

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", only_loopback)
    return page


def test_swagger_ui_renders_without_internet(browser: Browser, server: ServerProcess) -> None:
    aborted: list[str] = []
    page = offline_page(browser, aborted)
    page.goto(f"{server.base_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Judging")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/contests/{cid}/desk", exact=True)).to_be_visible()
    assert aborted == []


def test_redoc_renders_without_internet(browser: Browser, server: ServerProcess) -> None:
    aborted: list[str] = []
    page = offline_page(browser, aborted)
    page.goto(f"{server.base_url}/redoc")
    expect(page.locator("h1").first).to_contain_text("Judging")
    expect(page.get_by_text("/api/contests/{cid}/desk").first).to_be_attached()
    assert aborted == []
