"""The big screen at the sizes venues use: nothing that matters is cut, rows fill the
board, the text scales with the screen, and the operator's controls stay hidden."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from browser_support import OpenPage, overflowing, screenshot, scrolls_sideways
from contest_setup import HOSTILE_NAME
from e2e_server import ServerProcess
from playwright.sync_api import Page, expect
from screen_setup import LONG_NAME, LONG_TITLE, crowded_contest, mark_commands, send_marks

SIZES = [(1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]


def rows_fill(page: Page) -> float:
    """The share of the board's height that its rows span, from the first to the last."""
    share: float = page.evaluate(
        """() => {
            const rows = [...document.querySelectorAll('#rows tr')];
            const board = document.querySelector('#board-area');
            const top = rows[0].getBoundingClientRect().top;
            const bottom = rows[rows.length - 1].getBoundingClientRect().bottom;
            return (bottom - top) / board.clientHeight;
        }"""
    )
    return share


@pytest.fixture(scope="module")
def server_api(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def crowded(server_api: httpx.Client) -> str:
    contest = crowded_contest(server_api, 40)
    hostile = {"id": "hostile", "name": HOSTILE_NAME, "organization": "<b>bold</b>", "venue": "wz"}
    contest.api.post(
        f"/api/contests/{contest.id}/contestants",
        json=[hostile],
        headers={"Authorization": f"Bearer {contest.tokens['organizer']}"},
    ).raise_for_status()
    send_marks(contest, mark_commands(40))
    return f"/screen/{contest.id}#token={contest.tokens['screen']}"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_title_and_every_name_show_whole_and_rows_fill_the_board(
    open_page: OpenPage, crowded: str, width: int, height: int
) -> None:
    page, _ = open_page(crowded, width, height)
    expect(page.locator("#rows tr").first).to_be_visible()
    page.wait_for_timeout(300)  # the fonts settle and the rows are fitted
    expect(page.locator("#title")).to_have_text(LONG_TITLE)
    assert overflowing(page, "#title") == []
    assert overflowing(page, "#rows .name, #podium .name") == []
    assert page.locator("#rows tr").count() >= 10
    assert rows_fill(page) >= 0.85
    assert not scrolls_sideways(page)
    # Stage names and criterion names head their columns.
    head = page.locator("#board-head")
    expect(head.locator("[data-stage='s2']")).to_have_text("第二关")
    expect(head.locator("[data-criterion='laser']")).to_have_text("激光器启动与故障排除")
    assert overflowing(page, "#board-head th") == []
    screenshot(page, f"big-screen-{width}x{height}")


def test_the_text_scales_with_the_screen(open_page: OpenPage, crowded: str) -> None:
    sizes = {}
    for width, height in ((1920, 1080), (3840, 2160)):
        page, _ = open_page(crowded, width, height)
        expect(page.locator("#rows tr").first).to_be_visible()
        rem = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
        sizes[width] = (page.locator("#rows tr").count(), page.evaluate(rem))
    assert sizes[3840][0] == sizes[1920][0]  # the same rows, twice as large
    assert sizes[3840][1] == pytest.approx(2 * sizes[1920][1], rel=0.02)


def test_operator_controls_show_only_when_operated(open_page: OpenPage, crowded: str) -> None:
    page, _ = open_page(crowded, 1920, 1080)
    expect(page.locator("#rows tr").first).to_be_visible()
    expect(page.locator("#operator")).to_be_hidden()
    page.keyboard.press("o")  # pins the panel
    expect(page.locator("#operator")).to_be_visible()
    expect(page.locator("#reveal-open")).to_be_visible()
    page.click("#venues [data-venue='nj']")
    expect(page.locator("#venues [data-venue='nj']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#rows .col-venue")).to_have_count(0)  # one venue: no venue column
    assert LONG_NAME not in page.locator("#rows").inner_text()  # p00 is at wz
    page.keyboard.press("o")  # unpinned: hidden a few seconds after the last move
    page.mouse.move(5, 600)
    expect(page.locator("#operator")).to_be_hidden(timeout=10000)
    expect(page.locator("body")).to_have_class("bigscreen idle")  # and so is the cursor


def test_a_phone_sized_screen_does_not_scroll_sideways(open_page: OpenPage, crowded: str) -> None:
    page, _ = open_page(crowded, 390, 844)
    expect(page.locator("#rows tr").first).to_be_visible()
    assert not scrolls_sideways(page)
    assert overflowing(page, "#title, #rows .name") == []
