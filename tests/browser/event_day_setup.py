"""The event-day test's contest, files and helpers: a server on a port of 8600-8699,
the definition file, the roster with one bad line, the referees, and screenshots of
a page at tablet and desktop sizes in both languages."""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Callable
from pathlib import Path

from browser_support import SCREENSHOTS
from e2e_server import ServerProcess
from playwright.sync_api import Browser, BrowserContext, Page, expect

PORTS = range(8600, 8700)
SIZES = [(1024, 768), (768, 1024), (1440, 900)]
LANGUAGES = ["zh", "en"]
DOCS = SCREENSHOTS.parents[1] / "docs" / "screenshots"


def for_docs() -> bool:
    """Whether the pictures are taken for docs/screenshots (`JUDGING_SCREENSHOTS=1`)."""
    return bool(os.environ.get("JUDGING_SCREENSHOTS"))


def shots_dir() -> Path:
    """docs/screenshots when asked for (`JUDGING_SCREENSHOTS=1`), else test-artifacts."""
    folder = DOCS if for_docs() else SCREENSHOTS / "event-day"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
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


def definition_yaml(contest_id: str) -> str:
    return f"""\
id: {contest_id}
title: 长三角电工技能大赛（决赛日）
duration_minutes: 240
freeze_minutes: 60
ranking: {{policy: points}}
venues: [{{id: wz, name: 温州}}, {{id: nj, name: 南京}}]
criteria:
  - id: wiring
    name: 识图与接线
    aspects:
      - {{id: wiring-quality, name: 接线工艺, type: judgement, max: 10, scale: [0, 3],
         panel: {{size: 3, aggregate: mean, max_spread: 1}}}}
  - id: craft
    name: 综合工艺
    aspects:
      - {{id: finish, name: 成品质量, type: judgement, max: 15,
         panel: {{size: 3, aggregate: median, max_spread: 5}}}}
  - id: theory
    name: 电工理论
    aspects:
      - {{id: theory-test, name: 理论考试, type: measurement, unit: 分, max: 20,
         rule: {{kind: direct}}}}
"""


HEADER = "id,name,organization,team,workshop,venue,worker_id\n"
ROSTER_LINES = [
    "c1,张伟,温州电气,一班,总装车间,wz,W-001",
    "c2,王芳,南京机电,二班,调试车间,nj,W-002",
    "c3,李强,温州电气,二班,总装车间,{venue},W-003",
    "c4,陈静,南京机电,一班,维修车间,nj,W-004",
]
BAD_VENUE = "hz"  # line 4 of the file: a venue this contest does not have


def roster_csv(venue_of_c3: str) -> str:
    return HEADER + "\n".join(line.format(venue=venue_of_c3) for line in ROSTER_LINES) + "\n"


REFEREES_CSV = (
    "id,name,role,organization,venues,criteria\n"
    "r1,赵一鸣,referee,裁判组,,wiring;craft\n"
    "r2,钱二平,referee,裁判组,,wiring;theory\n"
    "r3,孙三立,referee,裁判组,wz,wiring\n"
    "chief,周正,chief,裁判组,,\n"
)


def shoot(
    browser: Browser,
    base_url: str,
    path: str,
    name: str,
    ready: str,
    prepare: Callable[[Page], None] | None = None,
) -> list[Path]:
    """`path` (its `?`/`#` parts kept) at every size and language, once `ready` shows
    and `prepare` has clicked what the picture is about."""
    taken = []
    folder = shots_dir()
    for width, height in SIZES:
        for language in LANGUAGES:
            context = browser.new_context(viewport={"width": width, "height": height})
            try:
                page = context.new_page()
                page.goto(base_url + with_language(path, language))
                expect(page.locator(ready).first).to_be_visible(timeout=15000)
                if prepare is not None:
                    prepare(page)
                if for_docs():  # published: live data settles first (in test-artifacts
                    page.wait_for_timeout(400)  # no check reads it; 30 waits were 12 s)
                target = folder / f"event-day-{name}-{width}x{height}-{language}.png"
                page.screenshot(path=str(target), animations="disabled")
                taken.append(target)
            finally:
                context.close()
    return taken


def with_language(path: str, language: str) -> str:
    """`path` with `lang=` in its query (before any `#fragment`)."""
    address, hash_mark, fragment = path.partition("#")
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}lang={language}{hash_mark}{fragment}"


def local_link(link: str, base_url: str) -> str:
    """A printed link (on the venue's address) as this test's server serves it."""
    path = link.split("://", 1)[1].split("/", 1)[1]
    return f"{base_url}/{path}"


def tablet(
    browser: Browser, base_url: str, link: str, watch: Callable[[BrowserContext], BrowserContext]
) -> Page:
    """A referee's tablet opened from the printed link, in a context of its own."""
    context = watch(browser.new_context(viewport={"width": 1024, "height": 768}))
    page = context.new_page()
    page.goto(local_link(link, base_url))
    expect(page.locator("#workspace")).to_be_visible()
    return page
