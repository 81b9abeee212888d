"""One demo session: the server and the scripted referees, side by side in one loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
import uvicorn

from judging.demo.driver import DemoContest, Driver
from judging.http.app import create_app
from judging.settings import Settings


@dataclass(frozen=True)
class DemoOptions:
    host: str
    port: int
    seed: int
    per_venue: int
    minutes_per_second: float
    once: bool


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
    base = f"http://{options.host}:{options.port}"
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        driver = Driver(client, settings.admin_token, options.seed, options.per_venue)
        contest = await driver.setup("demo-elec")
        print_urls(base, contest, settings.admin_token)
        playing = asyncio.create_task(play(driver, contest, options))
        await asyncio.wait({serving, playing}, return_when=asyncio.FIRST_COMPLETED)
        if playing.done() and options.once:
            server.should_exit = True
        await serving
        playing.cancel()
    print("Demo stopped.")
    return 0


async def play(driver: Driver, contest: DemoContest, options: DemoOptions) -> None:
    await driver.play(contest, options.minutes_per_second)
    await driver.close_contest(contest.contest_id, pause=10 / options.minutes_per_second)
    print(f"The contest is over and final ({driver.rejected} commands were rejected).")
    if not options.once:
        print("The server keeps running: press Ctrl-C to stop.", flush=True)


def print_urls(base: str, contest: DemoContest, admin_token: str) -> None:
    cid = contest.contest_id
    print("Demo contest running at four venues (温州, 南京, 合肥, 苏州).")
    print(f"  Big screen:        {base}/screen/{cid}#token={contest.screen_token}")
    print(f"  Spectators:        {base}/live/{cid}")
    print(f"  Organizer console: {base}/console?contest={cid}#token={admin_token}")
    print(f"  API docs:          {base}/docs")
    print("Press Ctrl-C to stop.", flush=True)
