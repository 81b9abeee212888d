"""The spectator page on a phone: search, venue filter, a followed contestant's
timeline, "not yet assessed" said as such, radar labels whole, no sideways scroll."""

from __future__ import annotations

from browser_support import OpenPage, screenshot, scrolls_sideways
from contest_setup import Contest, play_some
from playwright.sync_api import Page, expect

LABELS_INSIDE = """() => {
  const svg = document.querySelector('#detail svg.radar');
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].filter((text) => {
    const b = text.getBBox();
    return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
      || b.y + b.height > box.y + box.height;
  }).map((text) => text.textContent);
}"""


def spectator(open_page: OpenPage, contest: Contest, query: str = "") -> Page:
    page, _ = open_page(f"/live/{contest.id}{query}", 390, 844)
    expect(page.locator("#rows li")).to_have_count(6)
    return page


def test_search_by_name_or_organization_and_filter_by_venue(
    open_page: OpenPage, contest: Contest
) -> None:
    play_some(contest)
    page = spectator(open_page, contest)
    page.fill("#search", "王芳")
    expect(page.locator("#rows li")).to_have_count(1)
    expect(page.locator("#rows li").first).to_have_attribute("data-contestant", "c2")
    page.fill("#search", "温州电气")  # an organization
    expect(page.locator("#rows li")).to_have_count(2)
    expect(page.locator("#shown")).to_have_text("显示 2 / 6")
    page.fill("#search", "")
    page.select_option("#venue-filter", "nj")
    expect(page.locator("#rows li")).to_have_count(2)
    page.fill("#search", "没有这个人")
    expect(page.locator("#rows li.empty")).to_have_text("没有符合条件的选手")
    assert not scrolls_sideways(page)


def test_a_followed_contestants_timeline(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    page = spectator(open_page, contest)
    page.click("#rows li[data-contestant='c5'] .follow")
    page.click("#rows li[data-contestant='c5'] .who")
    timeline = page.locator("#detail-timeline li")
    expect(timeline).to_have_count(6)  # 3 marks before, then s1 failed, s1 and s2 cleared
    expect(timeline.nth(3)).to_contain_text("挑战「第一关」未通过")
    expect(timeline.nth(4)).to_contain_text("通过「第一关」")
    contest.mark("r2", "c5", "theory-score", 18)  # seen as it happens
    expect(timeline).to_have_count(7)
    expect(timeline.last).to_contain_text("电工理论 得 18 分")
    page.reload()  # what was seen of a followed contestant is kept on the phone
    page.click("#followed li[data-contestant='c5'] .who")
    expect(page.locator("#detail-timeline li").last).to_contain_text("电工理论 得 18 分")
    screenshot(page, "spectator-timeline")


def test_not_yet_assessed_is_said_and_radar_labels_are_whole(
    open_page: OpenPage, contest: Contest
) -> None:
    play_some(contest)
    page = spectator(open_page, contest)
    page.click("#rows li[data-contestant='c2'] .who")
    legend = page.locator("#detail-legend li")
    expect(legend).to_have_count(4)
    expect(legend.nth(3)).to_have_text("电工理论尚未评估")  # no "– / 20 · percentile"
    expect(page.locator("#detail svg .radar-unassessed")).to_have_count(1)
    assert page.evaluate(LABELS_INSIDE) == []
    assert not scrolls_sideways(page)


def test_the_english_page_fits_a_phone(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    page = spectator(open_page, contest, "?lang=en")
    page.click("#rows li[data-contestant='c3'] .who")
    expect(page.locator("#detail-legend li").nth(3)).to_contain_text("not assessed yet")
    assert page.evaluate(LABELS_INSIDE) == []
    assert not scrolls_sideways(page)
