"""Screenshots of every page at every size people use, in Chinese and English, for
docs/screenshots/ (linked from the README). Taken from the demo contest, played by
its scripted referees: one contest mid-way, one frozen and ended, one finalized.

Slow (about 90 pictures), so only when asked: `JUDGING_SCREENSHOTS=1 pytest
tests/browser/test_screenshots.py` writes docs/screenshots/<page>-<width>x<height>-<lang>.png.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import SCREENSHOTS
from e2e_server import ADMIN_TOKEN, ServerProcess
from playwright.sync_api import Browser, Page, expect

from judging.demo.driver import Driver, definition_text, roster_json
from judging.demo.people import contestants, referees
from judging.demo.scenario import Script, Step
from judging.domain.validation import parse_definition

pytestmark = pytest.mark.skipif(
    not os.environ.get("JUDGING_SCREENSHOTS"), reason="JUDGING_SCREENSHOTS=1 takes them"
)

DOCS = SCREENSHOTS.parents[1] / "docs" / "screenshots"
SIZES = [(1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (390, 844)]
LANGUAGES = ["zh", "en"]
PER_VENUE = 9
RUNNING_UNTIL = 100  # contest minutes played before the running pictures
WORKER = "W-NJ-002"


@dataclass
class Demo:
    """A demo contest on the server, with the tokens its pages sign in with."""

    id: str
    tokens: dict[str, str]
    steps: list[Step]
    played: float = -1  # the contest minute played up to (the start is at minute 0)


async def play(client: httpx.AsyncClient, demo: Demo, driver: Driver, until: float) -> None:
    """Send the script's steps up to contest minute `until`, in order, without waiting."""
    due = sorted((s for s in demo.steps if demo.played < s.minute <= until), key=lambda s: s.minute)
    minutes = sorted({round(step.minute, 1) for step in due})
    for minute in minutes:
        await driver.send(demo.id, [s for s in due if round(s.minute, 1) == minute])
    demo.played = until


async def set_up(client: httpx.AsyncClient, script_seed: int) -> tuple[Demo, Driver]:
    """The demo contest with the same people every time and a script of `script_seed`."""
    cid = f"demo-{uuid.uuid4().hex[:6]}"
    driver = Driver(client, ADMIN_TOKEN, 2026, PER_VENUE)
    text = definition_text(cid)
    definition = parse_definition(text, "application/yaml")
    yaml = {"Content-Type": "application/yaml"}
    await driver.post("/api/contests", "organizer", content=text.encode(), headers=yaml)
    people = contestants(driver.rng, PER_VENUE)
    await driver.post(f"/api/contests/{cid}/contestants", "organizer", json=roster_json(people))
    issued = await driver.post(
        f"/api/contests/{cid}/referees", "organizer", json=referees(driver.rng)
    )
    driver.tokens.update({item["id"]: item["token"] for item in issued})
    screen = await driver.post(f"/api/contests/{cid}/tokens", "organizer", json={"role": "screen"})
    steps = Script(random.Random(script_seed), definition, people).build()
    tokens = {**driver.tokens, "screen": screen["token"]}
    return Demo(cid, tokens, steps), driver


class Contests:
    """The demo contests, played by an event loop in a thread of its own (Playwright's
    sync API keeps one running in this thread)."""

    def __init__(self, base_url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client: httpx.AsyncClient = self.run(self._client(base_url))
        self.drivers: dict[str, Driver] = {}
        self.demos: dict[str, Demo] = {}

    @staticmethod
    async def _client(base_url: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=base_url, timeout=30)

    def run(self, work: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    def start(self) -> None:
        for name, seed, until in (("earlier", 7, 999), ("final", 11, 999), ("frozen", 13, 170)):
            demo, driver = self.run(set_up(self.client, seed))
            self.demos[name], self.drivers[name] = demo, driver
            self.run(play(self.client, demo, driver, until))
            if name != "frozen":
                self.run(driver.close_contest(demo.id, pause=0))
        demo, driver = self.run(set_up(self.client, 17))
        self.demos["running"], self.drivers["running"] = demo, driver
        self.run(play(self.client, demo, driver, RUNNING_UNTIL))

    def advance(self, minutes: float) -> None:
        """The running contest a little further on (so a screen has news to tell)."""
        demo = self.demos["running"]
        self.run(play(self.client, demo, self.drivers["running"], demo.played + minutes))

    def close(self) -> None:
        self.run(self.client.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


@pytest.fixture(scope="module")
def contests(server: ServerProcess) -> Iterator[Contests]:
    made = Contests(server.base_url)
    made.start()
    yield made
    made.close()


def shoot(
    browser: Browser, server: ServerProcess, path: str, name: str, ready: str, **how: Any
) -> None:
    """Every size and language of one page: `ready` shows when it is drawn; `before`
    runs on the page first (e.g. a token in localStorage), `after` once it is ready."""
    DOCS.mkdir(parents=True, exist_ok=True)
    sizes = how.get("sizes", SIZES)
    for lang in LANGUAGES:
        for width, height in sizes:
            context = browser.new_context(
                viewport={"width": width, "height": height}, base_url=server.base_url
            )
            page = context.new_page()
            if how.get("before"):
                page.goto("/")  # the origin, for localStorage
                how["before"](page)
            separator = "&" if "?" in path.split("#")[0] else "?"
            base, _, fragment = path.partition("#")
            page.goto(f"{base}{separator}lang={lang}" + (f"#{fragment}" if fragment else ""))
            expect(page.locator(ready).first).to_be_visible(timeout=20000)
            if how.get("after"):
                how["after"](page)
            page.wait_for_timeout(how.get("settle", 700))
            page.screenshot(
                path=str(DOCS / f"{name}-{width}x{height}-{lang}.png"), animations="disabled"
            )
            context.close()


def organizer(page: Page) -> None:
    page.evaluate("t => localStorage.setItem('judging.token.organizer.console', t)", ADMIN_TOKEN)


def test_index(browser: Browser, server: ServerProcess, contests: Contests) -> None:
    shoot(browser, server, "/", "index", "#contests li")


def test_big_screen(browser: Browser, server: ServerProcess, contests: Contests) -> None:
    running = contests.demos["running"]
    path = f"/screen/{running.id}#token={running.tokens['screen']}"

    def news(page: Page) -> None:
        contests.advance(1.5)
        page.wait_for_timeout(1200)

    shoot(browser, server, path, "big-screen", "#rows tr", after=news)


def test_big_screen_states(browser: Browser, server: ServerProcess, contests: Contests) -> None:
    hd = [(1920, 1080)]
    final = contests.demos["final"]
    shoot(
        browser,
        server,
        f"/screen/{final.id}#token={final.tokens['screen']}",
        "big-screen-final",
        "#final-podium .step",
        sizes=hd,
    )
    frozen = contests.demos["frozen"]
    last = f"/screen/{frozen.id}?page=3"  # the slower contestants: results pending since the freeze
    shoot(browser, server, last, "big-screen-frozen", "#rows tr", sizes=hd)

    def reveal(page: Page) -> None:
        for _ in range(3):
            page.keyboard.press("Space")
        page.mouse.move(1, 1)  # and back to idle: the operator's panel hides
        page.wait_for_timeout(4600)

    path = f"/screen/{frozen.id}?reveal=1&view=public#token={frozen.tokens['screen']}"
    shoot(browser, server, path, "big-screen-reveal", "#reveal-bar", sizes=hd, after=reveal)


def test_spectator(browser: Browser, server: ServerProcess, contests: Contests) -> None:
    running = contests.demos["running"]
    shoot(browser, server, f"/live/{running.id}", "spectator", "#rows li")

    def detail(page: Page) -> None:
        page.locator("#rows li .who").first.click()
        expect(page.locator("#detail-timeline li").first).to_be_visible()

    phone = [(390, 844)]
    shoot(
        browser,
        server,
        f"/live/{running.id}",
        "spectator-detail",
        "#rows li",
        sizes=phone,
        after=detail,
    )


def test_resume_and_leaderboard(
    browser: Browser, server: ServerProcess, contests: Contests
) -> None:
    shoot(browser, server, f"/workers/{WORKER}", "resume", "#resume-skills")
    shoot(
        browser, server, "/leaderboard", "leaderboard", "#cap-groups .cap-group", before=organizer
    )

    def members(page: Page) -> None:
        page.locator(".cap-members summary").first.click()
        page.locator(".cap-members").first.scroll_into_view_if_needed()

    hd = [(1920, 1080), (390, 844)]
    shoot(
        browser,
        server,
        "/leaderboard",
        "capability-members",
        "#cap-groups .cap-group",
        before=organizer,
        sizes=hd,
        after=members,
    )


def test_referee_and_console(browser: Browser, server: ServerProcess, contests: Contests) -> None:
    running = contests.demos["running"]
    referee = next(key for key in running.tokens if key.startswith("r-"))
    shoot(
        browser,
        server,
        f"/referee/{running.id}#token={running.tokens[referee]}",
        "referee",
        "#workspace",
    )
    shoot(
        browser,
        server,
        f"/console?contest={running.id}#token={ADMIN_TOKEN}",
        "console",
        "#definition-submit",
    )


def test_the_screenshots_are_all_there(contests: Contests) -> None:
    taken = sorted(path.name for path in DOCS.glob("*-*x*-*.png"))
    assert len(taken) >= 7 * len(SIZES) * len(LANGUAGES)
    assert all(Path(DOCS / name).stat().st_size > 5000 for name in taken)
