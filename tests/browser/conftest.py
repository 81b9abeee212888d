"""Browser tests: Debian's chromium driven by Playwright against a real server process.

Chromium is never downloaded (`playwright install` is not used): the tests launch
`/usr/bin/chromium` (`make browser-deps` installs it). Without it the tests skip,
except in CI (`CI` set), where they fail.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))  # the e2e server helper

from contest_setup import Contest, set_up_contest  # noqa: E402
from e2e_server import ADMIN_TOKEN, ServerProcess  # noqa: E402

CHROMIUM = Path(os.environ.get("JUDGING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
NETWORK_NOISE = ("Failed to load resource", "WebSocket connection to", "net::ERR_")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (make browser-deps installs Debian's chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[dev]')"
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {missing}")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def start_server(workdir: Path) -> ServerProcess:
    server = ServerProcess(f"sqlite+aiosqlite:///{workdir / 'judging.db'}", workdir)
    server.start()
    return server


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


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions and dialogs seen on a page."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    allow_network_errors: bool = False

    def unexpected(self) -> list[str]:
        if not self.allow_network_errors:
            return self.errors
        return [e for e in self.errors if not any(noise in e for noise in NETWORK_NOISE)]


OpenPage = Callable[..., tuple[object, PageProblems]]


@pytest.fixture
def open_page(browser: object, server: ServerProcess) -> Iterator[OpenPage]:
    """`open_page(path, width, height)`: a page in a fresh context, its problems collected."""
    contexts: list[tuple[object, PageProblems]] = []

    def opener(
        path: str, width: int = 1280, height: int = 800, base_url: str | None = None
    ) -> tuple[object, PageProblems]:
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height}, base_url=base_url or server.base_url
        )
        page = context.new_page()
        problems = PageProblems()
        page.on("console", lambda m: m.type == "error" and problems.errors.append(m.text))
        page.on("pageerror", lambda e: problems.errors.append(f"pageerror: {e}"))

        def on_dialog(dialog: object) -> None:
            problems.dialogs.append(dialog.message)  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)
        page.goto(path)
        contexts.append((context, problems))
        return page, problems

    yield opener
    for context, _ in contexts:
        context.close()  # type: ignore[attr-defined]
    for _, problems in contexts:
        assert problems.unexpected() == [], problems.errors
        assert problems.dialogs == []


def screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # type: ignore[attr-defined]
