"""One demo session: the server and the scripted referees, side by side in one loop.

The session prints every page's URL (tablets and the chief's desk signed in through
their link), plays the script, keeps the ended contest frozen until the organizer
thaws it (or `hold` seconds pass), finalizes it, prints the awards it published with
a verification link, and leaves the server running. Beside the script, the showcase
(`showcase.py`) sets up a meet around the contest with a preliminary and a final,
a training campaign, a mentor programme and a position standard, and prints their
pages' links when they are done (a few seconds in).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn

from judging.demo import showcase
from judging.demo.driver import DemoContest, Driver
from judging.demo.showcase import Showcase
from judging.http.app import create_app
from judging.settings import Settings

REFEREE = "r-wz-1"  # the first referee of 温州: the tablet link printed
CHIEF = "chief-wz"
WORKER = "W-WZ-001"  # a contestant's worker id: the resume link printed


@dataclass(frozen=True)
class DemoOptions:
    host: str
    port: int
    seed: int
    per_venue: int
    minutes_per_second: float
    once: bool
    hold: float = 600.0  # seconds the ended contest stays frozen, waiting for the reveal


async def run_demo(settings: Settings, options: DemoOptions) -> int:
    """Serves until Ctrl-C (or, with `once`, until the contest is final)."""
    assert settings.admin_token is not None
    config = uvicorn.Config(
        create_app(settings), host=options.host, port=options.port, log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        if serving.done():
            return 1
        await asyncio.sleep(0.05)
    local = settings.model_copy(update={"public_base_url": None}).base_url(
        options.host, options.port
    )
    async with httpx.AsyncClient(base_url=local, timeout=30) as client:
        driver = Driver(client, settings.admin_token, options.seed, options.per_venue)
        contest = await driver.setup("demo-elec")
        base = settings.base_url(options.host, options.port)
        print_urls(base, contest, driver.tokens)
        extra = Showcase(driver, random.Random(options.seed + 1), contest.people, WORKER)
        extras = asyncio.create_task(play_showcase(extra, contest, base, driver.tokens))
        playing = asyncio.create_task(play(driver, contest, options, extras, base))
        await asyncio.wait({serving, playing}, return_when=asyncio.FIRST_COMPLETED)
        if playing.done() and options.once:
            server.should_exit = True
        await serving
        playing.cancel()
        extras.cancel()
    print("Demo stopped.")
    return 0


async def play_showcase(
    extra: Showcase, contest: DemoContest, base: str, tokens: dict[str, str]
) -> bool:
    """The meet, training, mentoring and levels beside the main contest; their links."""
    try:
        await extra.play(contest.contest_id, contest.title)
    except (httpx.HTTPError, KeyError) as error:
        print(f"The demo's meet, training and mentoring could not be set up: {error}")
        return False
    print("Also in the demo: a meet, a preliminary and final, training, mentoring, levels.")
    for label, path in showcase_paths(tokens):
        print(f"  {label + ':':<20}{base}{path}")
    print(flush=True)
    return True


def showcase_paths(tokens: dict[str, str]) -> list[tuple[str, str]]:
    return [
        ("Meet (unit table)", f"/meets/{showcase.MEET}"),
        ("Final's awards", f"/awards/{showcase.FINAL}"),
        ("Final's spectators", f"/live/{showcase.FINAL}"),
        ("Training ratings", "/campaigns  (signed in by the console's link)"),
        ("Mentor programme", f"/programmes#token={tokens['organizer']}"),
        ("Resume with levels", f"/workers/{WORKER}"),
    ]


def award_lines(base: str, contest_id: str, awards: list[dict[str, Any]]) -> list[str]:
    """The published awards, best first (the first ten), and where to see and check them."""
    counts: dict[str, int] = {}
    for award in awards:
        counts[award["award_name"]] = counts.get(award["award_name"], 0) + 1
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    lines = [f"Awards published ({summary or 'none'}):"]
    for award in awards[:10]:
        who = (
            f"{award['name']}（{award['organization']}）"
            if award["organization"]
            else award["name"]
        )
        lines.append(f"  {award['award_name']}  #{award['rank']}  {who}  {award['code']}")
    if len(awards) > 10:
        lines.append(f"  ... and {len(awards) - 10} more")
    lines.append(f"  {'Award list:':<20}{base}/awards/{contest_id}")
    lines.append(f"  {'Certificates:':<20}{base}/certificates/{contest_id}")
    if awards:
        lines.append(f"  {'Verify an award:':<20}{base}/verify/{awards[0]['code']}")
    return lines


async def play(
    driver: Driver,
    contest: DemoContest,
    options: DemoOptions,
    extras: asyncio.Task[bool],
    base: str,
) -> None:
    await driver.play(contest, options.minutes_per_second)
    hold = min(options.hold, 10 / options.minutes_per_second) if options.once else options.hold
    print(
        f"The contest has ended with the public board frozen. Try the reveal on the big "
        f"screen (its operator panel), then thaw in the console; the demo thaws and "
        f"finalizes by itself in {hold:g} s otherwise.",
        flush=True,
    )
    await driver.close_contest(contest.contest_id, hold, pause=2 / options.minutes_per_second)
    await extras  # the meet's other event and the rest are done well before
    print(f"The contest is over and final ({driver.rejected} commands were rejected).")
    try:
        awards = await driver.awards(contest.contest_id)
    except httpx.HTTPStatusError:  # re-opened from the console meanwhile: none official
        awards = []
    print("\n".join(award_lines(base, contest.contest_id, awards)))
    if not options.once:
        print("The server keeps running with the finished contest: Ctrl-C stops it.", flush=True)


def print_urls(base: str, contest: DemoContest, tokens: dict[str, str]) -> None:
    print("Demo contest running at four venues (温州, 南京, 合肥, 苏州).")
    for label, path in page_paths(contest, tokens):
        print(f"  {label + ':':<20}{base}{path}")
    print("Press Ctrl-C to stop.", flush=True)


def page_paths(contest: DemoContest, tokens: dict[str, str]) -> list[tuple[str, str]]:
    """Every page of the demo with the token it signs in with (in the URL's fragment)."""
    cid = contest.contest_id
    return [
        ("Referee tablet", f"/referee/{cid}#token={tokens[REFEREE]}"),
        ("Chief's desk", f"/chief/{cid}#token={tokens[CHIEF]}"),
        ("Organizer console", f"/console?contest={cid}#token={tokens['organizer']}"),
        ("Big screen", f"/screen/{cid}#token={contest.screen_token}"),
        ("Spectators", f"/live/{cid}"),
        ("Skill resume", f"/workers/{WORKER}"),
        ("Leaderboard", "/leaderboard"),
        ("Contests and meets", "/"),
        ("API docs", "/docs"),
    ]
