"""Acceptance: tablet to big screen, offline queueing, server restart, hostile names."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from browser_support import OpenPage, mark, screenshot, sign_in, start_server
from contest_setup import HOSTILE_NAME, Contest, play_some, set_up_contest
from e2e_server import ADMIN_TOKEN
from playwright.sync_api import Page, expect


def big_screen(
    open_page: OpenPage, contest: Contest, base_url: str | None = None, restarts: bool = False
) -> Page:
    path = f"/screen/{contest.id}#token={contest.tokens['screen']}"
    page, problems = open_page(path, 1920, 1080, base_url=base_url)
    problems.allow_network_errors = restarts  # refused connections while the server is down
    assert isinstance(page, Page)
    expect(page.locator("#conn .conn")).to_have_attribute("data-state", "live")
    return page


def test_a_mark_on_the_tablet_reaches_the_big_screen(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    screen = big_screen(open_page, contest)
    expect(screen.locator("#rows tr")).to_have_count(6)
    tablet, _ = sign_in(open_page, contest)
    for aspect in ("laser-start", "power-up", "wiring-quality"):
        mark(tablet, "c1", aspect, "3")
    expect(tablet.locator("#history li[data-state='sent']")).to_have_count(3)
    top = screen.locator("#rows tr").first
    expect(top).to_have_attribute("data-contestant", "c1")
    expect(top.locator(".col-total")).to_have_text("30")
    expect(screen.locator("#ticker li").first).to_contain_text("张伟")
    screenshot(screen, "big-screen")
    screenshot(tablet, "referee-tablet")


def test_marks_queued_offline_are_sent_once_after_a_reload(
    open_page: OpenPage, contest: Contest
) -> None:
    tablet, problems = sign_in(open_page, contest)
    problems.allow_network_errors = True  # the failing requests are the point here
    tablet.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    mark(tablet, "c1", "wiring-quality", "2")
    mark(tablet, "c3", "wiring-quality", "1")
    mark(tablet, "c6", "power-up", "3")
    expect(tablet.locator("#history li[data-state='pending']")).to_have_count(3)
    tablet.reload()  # still cut off: the tablet comes back from what it kept
    expect(tablet.locator("#history li[data-state='pending']")).to_have_count(3)
    tablet.unroute("**/api/**")
    tablet.context.set_offline(True)
    tablet.context.set_offline(False)  # the `online` event sends at once
    expect(tablet.locator("#history li[data-state='sent']")).to_have_count(3, timeout=15000)
    marks = contest.events("mark_awarded")
    assert sorted((m["contestant_id"], m["aspect_id"], m["value"]) for m in marks) == [
        ("c1", "wiring-quality", 2),
        ("c3", "wiring-quality", 1),
        ("c6", "power-up", 3),
    ]
    assert len({m["command_id"] for m in marks}) == 3


def test_a_rejection_shows_its_reason(open_page: OpenPage, contest: Contest) -> None:
    tablet, _ = sign_in(open_page, contest)
    mark(tablet, "c1", "wiring-quality", "2")
    mark(tablet, "c1", "wiring-quality", "3")
    rejected = tablet.locator("#history li[data-state='rejected']")
    expect(rejected).to_have_count(1)
    expect(rejected.locator(".reason")).to_contain_text("裁判长")  # already_marked, in Chinese


def test_the_big_screen_recovers_from_a_server_restart(open_page: OpenPage, tmp_path: Path) -> None:
    own = start_server(tmp_path)
    try:
        with httpx.Client(base_url=own.base_url, timeout=10) as client:
            contest = set_up_contest(client, ADMIN_TOKEN, "restart")
            screen = big_screen(open_page, contest, base_url=own.base_url, restarts=True)
            own.restart()
            contest.mark("r1", "c6", "wiring-quality", 3)
            top = screen.locator("#rows tr").first
            expect(top).to_have_attribute("data-contestant", "c6", timeout=30000)
            expect(screen.locator("#conn .conn")).to_have_attribute("data-state", "live")
    finally:
        own.stop()


@pytest.mark.parametrize("path", ["/screen/{cid}", "/live/{cid}", "/referee/{cid}"])
def test_a_hostile_name_is_shown_as_text(open_page: OpenPage, contest: Contest, path: str) -> None:
    token = contest.tokens["r1"] if path.startswith("/referee") else contest.tokens["screen"]
    page, problems = open_page(path.format(cid=contest.id) + f"#token={token}")
    assert isinstance(page, Page)
    target = page.locator("[data-contestant='c4']").first
    expect(target).to_contain_text(HOSTILE_NAME)
    expect(target).to_contain_text("<b>bold</b>")
    assert page.locator("img").count() == 0
    assert problems.dialogs == []
