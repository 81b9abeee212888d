"""Acceptance: a whole event day through the pages only.

The organizer creates the contest from a file, uploads a roster whose one bad line is
fixed in the page, registers referees and prints their token sheet, starts; three
tablets mark (an out-of-range value is stopped on the tablet), a panel over its
spread appears in the chief's re-score queue and is corrected there with one click, a
referee's correction request is answered, a contestant is signed off; the organizer
freezes, ends, the big screen reveals, the organizer thaws and finalizes. Screenshots
of every page at tablet and desktop sizes in both languages are taken on the way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, NETWORK_NOISE, SCREENSHOTS, require_browser
from e2e_server import ADMIN_TOKEN, ServerProcess
from event_day_setup import (
    BAD_VENUE,
    REFEREES_CSV,
    definition_yaml,
    local_link,
    roster_csv,
    shoot,
    shots_dir,
    start_server,
    tablet,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

LAN = "http://192.168.50.10:8000"  # the venue address typed into the console


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_browser()
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = start_server(tmp_path_factory.mktemp("event-day"))
    try:
        yield process
    finally:
        process.stop()


class Errors:
    """Console errors and uncaught exceptions of every page of a context."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.on("page", self.page)
        for page in context.pages:
            self.page(page)
        return context

    def page(self, page: Page) -> None:
        page.on("console", lambda m: m.type == "error" and self.seen.append(m.text))
        page.on("pageerror", lambda e: self.seen.append(f"pageerror: {e}"))

    def unexpected(self) -> list[str]:
        # 4xx answers the pages show as messages (the bad roster, the rejected value)
        return [e for e in self.seen if not any(noise in e for noise in NETWORK_NOISE)]


def console_page(browser: Browser, base: str, errors: Errors) -> Page:
    context = errors.watch(browser.new_context(viewport={"width": 1440, "height": 900}))
    page = context.new_page()
    page.goto(f"{base}/console#token={ADMIN_TOKEN}")
    expect(page.locator("#definition-submit")).to_be_visible()
    return page


def create_from_file(page: Page, folder: Path, cid: str) -> None:
    file = folder / f"{cid}.yaml"
    file.write_text(definition_yaml(cid), encoding="utf-8")
    page.set_input_files("#definition-file", str(file))
    expect(page.locator("#definition-text")).to_have_value(definition_yaml(cid))
    page.click("#definition-submit")
    expect(page.locator("#contest-head")).to_contain_text("长三角电工技能大赛")


def roster_with_a_fixed_line(page: Page, folder: Path) -> None:
    file = folder / "roster.csv"
    file.write_text(roster_csv(BAD_VENUE), encoding="utf-8")
    page.set_input_files("#roster-file", str(file))
    bad = page.locator("#roster-result li[data-line='4']")
    expect(bad).to_contain_text(BAD_VENUE)  # the row, the field's value, the venues known
    expect(bad).to_contain_text("wz, nj")
    expect(page.locator("#roster-upload")).to_be_disabled()
    page.fill("#roster-text", roster_csv("wz"))  # fixed in the page
    expect(page.locator("#roster-result li")).to_have_count(0)
    page.click("#roster-upload")
    expect(page.locator("#roster-done")).to_be_visible()
    expect(page.locator("#roster-table tbody tr")).to_have_count(4)
    row = page.locator("#roster-table tr[data-contestant='c4']")
    row.locator("button.edit").click()
    page.fill("#edit-team", "三班")
    page.click("#edit-save")
    expect(page.locator("#roster-table tr[data-contestant='c4']")).to_contain_text("三班")


def referees_and_token_sheet(page: Page) -> dict[str, str]:
    """Registers the referees; the printed links of each, by referee id."""
    page.fill("#referees-text", REFEREES_CSV)
    expect(page.locator("#public-base-warning")).to_be_visible()  # 127.0.0.1: no tablet gets there
    page.fill("#public-base", LAN)
    page.locator("#public-base").dispatch_event("change")
    expect(page.locator("#public-base-warning")).to_be_hidden()
    page.click("#referees-register")
    cards = page.locator("#token-cards .token-card")
    expect(cards).to_have_count(4)
    page.click("#screen-token")
    expect(cards).to_have_count(5)  # a screen token keeps the referees' cards
    expect(page.locator("#token-cards .token-card[data-referee='r1']")).to_contain_text("综合工艺")
    links: dict[str, str] = page.locator("#token-cards .token-card").evaluate_all(
        "cards => Object.fromEntries(cards.map("
        "c => [c.dataset.referee, c.querySelector('a').href]))",
    )
    assert all(link.startswith(LAN) for link in links.values()), links
    page.emulate_media(media="print")
    page.screenshot(path=str(shots_dir() / "event-day-token-sheet-print.png"), full_page=True)
    expect(page.locator("#definition-submit")).to_be_hidden()  # only the sheet is printed
    page.pdf(path=str(SCREENSHOTS / "event-day-token-sheet.pdf"))
    page.emulate_media(media="screen")
    return links


def step(page: Page, command: str, confirm: bool = False) -> None:
    button = page.locator(f"#lifecycle [data-command='{command}']")
    expect(button).to_be_enabled()
    button.click()
    if confirm:
        expect(page.locator("#lifecycle-confirm")).to_be_visible()
        page.click("#lifecycle-confirm-button")
    expect(page.locator(f"#lifecycle li[data-step='{command}']")).to_have_class("step done")


def mark(page: Page, contestant: str, aspect: str, value: str, typed: bool = False) -> None:
    page.click(f"[data-contestant='{contestant}']")
    page.click(f"[data-task='aspect:{aspect}']")
    if typed:
        page.fill("#entry-number", value)
    else:
        page.click(f"#entry [data-value='{value}']")
    page.click("#entry-send")


def pick_the_panel(page: Page) -> None:
    page.click("[data-contestant='c1']")
    page.click("[data-task='aspect:wiring-quality']")
    expect(page.locator("#entry-panel .chip-rescore")).to_be_visible()


def test_a_whole_event_day_through_the_pages(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    base, errors = server.base_url, Errors()
    cid = f"final-{uuid.uuid4().hex[:6]}"
    console = console_page(browser, base, errors)
    lifecycle = console.locator("#lifecycle")

    create_from_file(console, tmp_path, cid)
    expect(lifecycle.locator("li.step button:enabled")).to_have_count(1)  # only start
    roster_with_a_fixed_line(console, tmp_path)
    links = referees_and_token_sheet(console)
    screen_link = links.pop(next(k for k in links if k not in ("r1", "r2", "r3", "chief")))
    shoot(browser, base, f"/console?contest={cid}#token={ADMIN_TOKEN}", "console", "#lifecycle")
    step(console, "start")

    r1, r2, r3 = (tablet(browser, base, links[r], errors.watch) for r in ("r1", "r2", "r3"))
    # An out-of-range value is stopped on the tablet: nothing is sent.
    mark(r1, "c1", "finish", "20", typed=True)
    expect(r1.locator("#entry-error")).to_contain_text("0–15")
    expect(r1.locator("#entry-range")).to_contain_text("0–15")
    expect(r1.locator("#sync-pending")).to_have_attribute("data-count", "0")
    expect(r1.locator("#history li[data-command-id]")).to_have_count(0)
    r1.fill("#entry-number", "12")
    r1.click("#entry-send")
    expect(r1.locator("#history li[data-state='sent']")).to_have_count(1)
    # Three tablets mark one panel 0, 2 and 3: a spread of 3 over the allowed 1.
    for page, level in ((r1, "0"), (r2, "2"), (r3, "3")):
        mark(page, "c1", "wiring-quality", level)
        expect(page.locator(f"#entry [data-value='{level}']")).to_have_class("chosen")
    expect(r3.locator("#entry-panel")).to_contain_text("3/3")
    expect(r3.locator("#entry-panel .chip-rescore")).to_be_visible()
    expect(r1.locator("[data-contestant='c1'] .chip-rescore")).to_be_visible(timeout=15000)
    assert r1.locator("#current-score").count() == 0  # no running totals for referees
    mark(r2, "c2", "theory-test", "15", typed=True)
    expect(r2.locator("#history li[data-state='sent']")).to_have_count(2)
    r2.locator("#history li[data-state='sent']").first.locator("button.request").click()
    r2.fill("#correct-reason", "试卷复核应为 16 分")
    r2.click("#correct-submit")
    expect(r2.locator("#history [data-status='requested']")).to_be_visible(timeout=15000)
    r3_path = f"/referee/{cid}#token={links['r3'].rsplit('=', 1)[1]}"
    shoot(browser, base, r3_path, "referee", "#history li[data-command-id]", pick_the_panel)

    chief_link = links["chief"]
    chief = errors.watch(browser.new_context(viewport={"width": 1440, "height": 900})).new_page()
    chief.goto(local_link(chief_link, base))  # a chief's printed link opens the chief's desk
    queue = chief.locator("#queue .queue-item")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("张伟")
    expect(chief.locator("#requests .request-item")).to_have_count(1)
    shoot(
        browser,
        base,
        f"/chief/{cid}#token={chief_link.rsplit('=', 1)[1]}",
        "chief",
        "#queue .queue-item",
    )
    queue.locator("button.fix").click()  # one click: r1's 0 becomes the median 2
    expect(chief.locator("#queue-empty")).to_be_visible()
    expect(chief.locator("#desk-message .ok")).to_contain_text("张伟")
    expect(r1.locator("#history [data-status='corrected']")).to_contain_text("2", timeout=20000)

    request = chief.locator("#requests .request-item")
    request.locator("button[data-act='correct']").click()
    chief.fill("#chief-value", "16")
    chief.fill("#chief-reason", "按裁判申请复核")
    chief.click("#chief-confirm")
    expect(chief.locator("#requests .request-item")).to_have_count(0)
    chief.locator("#signoff tr[data-contestant='c1'] button").click()
    expect(chief.locator("#chief-dialog-effect")).to_contain_text("锁定")
    chief.click("#chief-confirm")
    expect(chief.locator("#signoff tr[data-contestant='c1'] .chip-locked")).to_be_visible()
    expect(chief.locator("#marks-rows tr[data-contestant='c1'] .chip-locked").first).to_be_visible()

    step(console, "freeze")
    mark(r2, "c4", "theory-test", "18", typed=True)  # hidden from the public until the thaw
    expect(r2.locator("#history li[data-state='sent']")).to_have_count(4)
    step(console, "end", confirm=True)
    screen = errors.watch(browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
    screen.goto(f"{base}/screen/{cid}?reveal=1#token={screen_link.rsplit('=', 1)[1]}")
    expect(screen.locator("#reveal-bar")).to_be_visible()
    screen.keyboard.press("Space")  # the operator's next step
    expect(screen.locator("#reveal-caption")).to_contain_text("陈静")
    step(console, "thaw")
    expect(lifecycle.locator("li.step button:enabled")).to_have_count(1)  # only finalize
    step(console, "finalize", confirm=True)
    expect(console.locator("#contest-state")).to_have_text("成绩已确认")
    expect(lifecycle.locator("li.step button:enabled")).to_have_count(0)

    shoot(
        browser, base, f"/screen/{cid}#token={screen_link.rsplit('=', 1)[1]}", "screen", "#rows tr"
    )
    shoot(browser, base, f"/live/{cid}", "live", "[data-contestant]")
    assert errors.unexpected() == []
