"""Helpers of the browser tests: Chromium's launch, a server process, page problems.

Test modules import from here (not from conftest, whose module name is shared by
every test folder).
"""

from __future__ import annotations

import os
import random
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))  # the e2e server helper

from contest_setup import Contest
from e2e_server import ServerProcess

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


def require_browser() -> None:
    """Skip without chromium, except in CI (`CI` set), where it is a failure."""
    if CHROMIUM.exists():
        return
    missing = f"{CHROMIUM} is missing (make browser-deps installs Debian's chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {missing}")
    pytest.skip(missing)


PORTS = range(8700, 8800)  # the browser tests' servers listen on a free one of these


def free_port() -> int:
    """A port of PORTS that nothing listens on now, tried in a random order."""
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def start_server(workdir: Path) -> ServerProcess:
    server = ServerProcess(f"sqlite+aiosqlite:///{workdir / 'judging.db'}", workdir, free_port())
    server.start()
    return server


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


OpenPage = Callable[..., tuple[Page, PageProblems]]


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


def sign_in(
    open_page: OpenPage, contest: Contest, referee: str = "r1"
) -> tuple[Page, PageProblems]:
    """The tablet signed in through a QR-code style link (`#token=`)."""
    page, problems = open_page(f"/referee/{contest.id}#token={contest.tokens[referee]}")
    expect(page.locator("#workspace")).to_be_visible()
    return page, problems


def mark(page: Page, contestant: str, aspect: str, level: str) -> None:
    """Pick the contestant and the aspect, tap the level, submit."""
    page.click(f"[data-contestant='{contestant}']")
    page.click(f"[data-task='aspect:{aspect}']")
    page.click(f"#entry [data-value='{level}']")
    page.click("#entry-send")


def overflowing(page: Page, selector: str) -> list[str]:
    """The texts of the visible elements matching `selector` whose text is cut on the
    side (their scroll width exceeds their client width)."""
    found: list[str] = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.offsetParent !== null && el.clientWidth > 0)
            .filter((el) => el.scrollWidth > el.clientWidth + 0.5)
            .map((el) => `${el.textContent} (${el.scrollWidth} > ${el.clientWidth})`)""",
        selector,
    )
    return found


def scrolls_sideways(page: Page) -> bool:
    """Whether the page is wider than its viewport."""
    wider: bool = page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    return wider
