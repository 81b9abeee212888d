"""Browser tests: Debian's chromium driven by Playwright against a real server process.

Chromium is never downloaded (`playwright install` is not used): the tests launch
`/usr/bin/chromium` (`make browser-deps` installs it). Without it the tests skip,
except in CI (`CI` set), where they fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OpenPage,
    PageProblems,
    require_browser,
    start_server,
)
from contest_setup import Contest, set_up_contest
from e2e_server import ADMIN_TOKEN, ServerProcess
from playwright.sync_api import Browser, Dialog, Page, sync_playwright


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's sync API keeps an event loop running while it is up,
    which the asyncio tests of other folders must not find."""
    require_browser()
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = start_server(tmp_path_factory.mktemp("browser-server"))
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def api(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def contest(api: httpx.Client) -> Contest:
    return set_up_contest(api, ADMIN_TOKEN, f"browser-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def open_page(browser: Browser, server: ServerProcess) -> Iterator[OpenPage]:
    """`open_page(path, width, height)`: a page in a fresh context, its problems collected;
    at the end, no console error, uncaught exception or dialog may have happened."""
    opened: list[PageProblems] = []
    contexts = []

    def opener(
        path: str, width: int = 1280, height: int = 800, base_url: str | None = None
    ) -> tuple[Page, PageProblems]:
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=base_url or server.base_url
        )
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems()
        page.on("console", lambda m: m.type == "error" and problems.errors.append(m.text))
        page.on("pageerror", lambda e: problems.errors.append(f"pageerror: {e}"))

        def on_dialog(dialog: Dialog) -> None:
            problems.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path)
        opened.append(problems)
        return page, problems

    yield opener
    for context in contexts:
        context.close()
    for problems in opened:
        assert problems.unexpected() == [], problems.errors
        assert problems.dialogs == []
