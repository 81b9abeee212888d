"""The index, the spectator page, the reveal, a chief's correction and the language switch."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

from browser_support import OpenPage, mark, screenshot, sign_in
from contest_setup import Contest, play_some
from playwright.sync_api import Page, Route, expect


def test_the_index_links_every_page_of_a_contest(open_page: OpenPage, contest: Contest) -> None:
    page, _ = open_page("/", 1280, 800)
    assert isinstance(page, Page)
    item = page.locator(f"[data-contest='{contest.id}']")
    expect(item).to_contain_text("长三角电工跨区域闯关邀请赛")
    for kind in ("referee", "screen", "live"):
        expect(item.locator(f"a[href='/{kind}/{contest.id}']")).to_have_count(1)
    screenshot(page, "index")


def test_the_index_pages_through_older_contests(open_page: OpenPage) -> None:
    """Newest first, 50 at a time: a platform keeps years of contests."""
    asked: list[str] = []

    def contests(route: Route) -> None:
        query = parse_qs(urlparse(route.request.url).query)
        asked.append(route.request.url)
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        ids = range(53 - offset, max(53 - offset - limit, 0), -1)  # 53 contests, newest first
        body = [summary(f"past-{n}") for n in ids]
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page, _ = open_page("about:blank", 1280, 800)
    page.route("**/api/contests?*", contests)
    page.goto("/")
    expect(page.locator("#contests li")).to_have_count(50)
    expect(page.locator("#contests li").first).to_have_attribute("data-contest", "past-53")
    page.click("#more")
    expect(page.locator("#contests li")).to_have_count(53)
    expect(page.locator("#contests li").last).to_have_attribute("data-contest", "past-1")
    expect(page.locator("#more")).to_be_hidden()
    assert all("order=recent" in url for url in asked) and len(asked) == 2


def summary(cid: str) -> dict[str, object]:
    lifecycle = dict.fromkeys(("started", "frozen", "ended", "thawed", "finalized"))
    return {
        "id": cid,
        "title": f"Contest {cid}",
        "kind": "competition",
        "venues": [],
        "contestants": 3,
        "state": lifecycle,
    }


def test_a_spectator_follows_a_contestant_and_opens_the_radar(
    open_page: OpenPage, contest: Contest
) -> None:
    play_some(contest)
    page, _ = open_page(f"/live/{contest.id}", 390, 844)
    assert isinstance(page, Page)
    expect(page.locator("#rows li")).to_have_count(6)
    page.click("#rows li[data-contestant='c5'] .follow")
    expect(page.locator("#followed li[data-contestant='c5']")).to_have_count(1)
    page.reload()  # follows are kept on the phone
    expect(page.locator("#followed li[data-contestant='c5']")).to_have_count(1)
    contest.mark("r2", "c5", "theory-score", 18)
    expect(page.locator("#followed li[data-contestant='c5'] .total")).to_have_text("44.67")
    screenshot(page, "spectator")
    page.click("#rows li[data-contestant='c5'] .who")
    expect(page.locator("#detail svg.radar polygon.radar-own")).to_have_count(1)
    expect(page.locator("#detail-legend li")).to_have_count(4)
    screenshot(page, "spectator-radar")


def test_the_screen_reveals_the_frozen_results(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    organizer = contest.tokens["organizer"]
    [frozen] = contest.send(organizer, {"type": "freeze"})
    assert frozen["status"] == "accepted", frozen
    contest.mark("r1", "c6", "theory-score", 20)
    attempt = {"type": "record_attempt", "contestant_id": "c6", "stage_id": "s1"}
    [cleared] = contest.send(contest.tokens["chief"], {**attempt, "result": "cleared"})
    assert cleared["status"] == "accepted", cleared
    [ended] = contest.send(organizer, {"type": "end"})
    assert ended["status"] == "accepted", ended
    path = f"/screen/{contest.id}?reveal=1#token={contest.tokens['screen']}"
    page, _ = open_page(path, 1920, 1080)
    assert isinstance(page, Page)
    expect(page.locator("#reveal-bar")).to_be_visible()
    expect(page.locator("#page")).to_be_hidden()
    # The reveal's rows carry no stages: the cells come from the frozen public board...
    expect(page.locator("#rows tr[data-contestant='c2'] [data-stage='s1']")).to_have_class(
        "stage stage-cleared"
    )
    c6_s1 = page.locator("#rows tr[data-contestant='c6'] [data-stage='s1']")
    expect(c6_s1).to_have_class("stage stage-pending")
    page.keyboard.press("Space")
    expect(page.locator("#reveal-caption")).to_contain_text("陈静")
    expect(page.locator("#rows tr.revealed")).to_have_attribute("data-contestant", "c6")
    # ...and a stage step turns the pending cell into its result.
    expect(c6_s1).to_have_class("stage stage-cleared")
    screenshot(page, "big-screen-reveal")


def test_a_chief_corrects_a_mark(open_page: OpenPage, contest: Contest) -> None:
    page, _ = sign_in(open_page, contest, "chief")
    mark(page, "c2", "wiring-quality", "3")
    sent = page.locator("#history li[data-state='sent']")
    expect(sent).to_have_count(1)
    sent.locator("button.correct").click()
    page.fill("#correct-value", "1")
    page.fill("#correct-reason", "复核后改判")
    page.click("#correct-submit")
    expect(page.locator("#history li[data-state='sent']")).to_have_count(2)
    corrections = contest.events("entry_corrected")
    assert [c["reason"] for c in corrections] == ["复核后改判"]


def test_the_language_switch_is_remembered(open_page: OpenPage, contest: Contest) -> None:
    page, _ = open_page(f"/live/{contest.id}?lang=en", 390, 844)
    assert isinstance(page, Page)
    expect(page.locator(".lang-switch")).to_have_text("中文")
    page.goto(f"/live/{contest.id}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click(".lang-switch")
    expect(page.locator(".lang-switch")).to_have_text("English")
