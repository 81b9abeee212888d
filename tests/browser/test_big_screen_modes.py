"""The big screen through a contest: the ticker in words, pending cells of a frozen
points contest, rows sliding to their places, and the final results."""

from __future__ import annotations

import re

from browser_support import OpenPage, screenshot
from contest_setup import Contest, play_some
from playwright.sync_api import expect


def send(contest: Contest, token: str, command: dict[str, object]) -> None:
    [result] = contest.send(contest.tokens[token], command)
    assert result["status"] == "accepted", result


def test_the_ticker_says_what_happened_in_words(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    page, _ = open_page(f"/screen/{contest.id}#token={contest.tokens['screen']}", 1920, 1080)
    expect(page.locator("#rows tr")).to_have_count(6)
    contest.mark("r1", "c1", "theory-score", 20)
    expect(page.locator("#ticker li").first).to_have_text("张伟 电工理论 得 20 分，升至第 2 名")
    attempt = {"type": "record_attempt", "contestant_id": "c1", "stage_id": "s1"}
    send(contest, "chief", {**attempt, "result": "cleared"})
    expect(page.locator("#ticker li").first).to_contain_text("张伟 通过「第一关」")
    expect(page.locator("#recent li").first).to_contain_text("张伟 通过「第一关」")
    path = f"/screen/{contest.id}?lang=en#token={contest.tokens['screen']}"
    english, _ = open_page(path, 1920, 1080)
    expect(english.locator("#rows tr")).to_have_count(6)
    contest.mark("r2", "c2", "theory-score", 20)
    told = "王芳 scored 20 in 电工理论, up to 1st"
    expect(english.locator("#ticker li").first).to_have_text(told)


def test_a_row_that_moves_up_slides_to_its_place(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    page, _ = open_page(f"/screen/{contest.id}#token={contest.tokens['screen']}", 1920, 1080)
    expect(page.locator("#rows tr")).to_have_count(6)
    contest.mark("r1", "c6", "theory-score", 20)
    row = page.locator("#rows tr[data-contestant='c6']")
    expect(row).to_have_class(re.compile(r"\bmoving\b"))
    expect(row.locator(".move.up")).to_have_text("▲")
    expect(row.locator(".rank-no")).to_have_text("1")  # from 6th, tied with 刘洋


def test_a_frozen_points_contest_shows_pending_cells(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    send(contest, "organizer", {"type": "freeze"})
    contest.mark("r1", "c6", "theory-score", 20)  # after the freeze: hidden from the public
    public, _ = open_page(f"/screen/{contest.id}", 1920, 1080)
    cell = public.locator("#rows tr[data-contestant='c6'] [data-criterion='theory'] .cell")
    expect(cell).to_have_class("cell cell-pending")  # not public yet: pending, never 0
    marked = public.locator("#rows tr[data-contestant='c6'] [data-criterion='power'] .cell")
    expect(marked).to_have_text("3.33")
    expect(public.locator("#ticker li").first).to_contain_text("封榜中")
    # With a token and the public board asked for, only what was really marked is pending.
    path = f"/screen/{contest.id}?view=public#token={contest.tokens['screen']}"
    operated, _ = open_page(path, 1920, 1080)
    row = operated.locator("#rows tr[data-contestant='c6']")
    expect(row.locator("[data-criterion='theory'] .cell")).to_have_class("cell cell-pending")
    other = operated.locator("#rows tr[data-contestant='c1'] [data-criterion='theory'] .cell")
    expect(other).to_have_class("cell cell-none")
    screenshot(operated, "big-screen-frozen")


def test_after_the_end_the_final_results_show(open_page: OpenPage, contest: Contest) -> None:
    play_some(contest)
    send(contest, "organizer", {"type": "end"})
    send(contest, "organizer", {"type": "finalize"})
    page, _ = open_page(f"/screen/{contest.id}#token={contest.tokens['screen']}", 1920, 1080)
    expect(page.locator("#final")).to_be_visible()
    expect(page.locator("#final-title")).to_have_text("最终成绩")
    expect(page.locator("#final-podium .step")).to_have_count(3)
    expect(page.locator("#final-podium .step-1 .name")).to_have_text("刘洋")
    expect(page.locator("#awards")).to_be_hidden()  # no awards yet
    expect(page.locator("#ticker li").first).to_have_text("成绩已确认 · 第一名 刘洋（26.67）")
    expect(page.locator("#rows tr")).to_have_count(6)
    page.keyboard.press("f")  # the operator goes back to the board
    expect(page.locator("#final")).to_be_hidden()
    expect(page.locator("#podium .podium-card")).to_have_count(3)
    screenshot(page, "big-screen-final")
