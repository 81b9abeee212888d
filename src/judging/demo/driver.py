"""Plays the demo script against a running server through its public HTTP API.

The driver is an ordinary API client: it creates the contest, uploads the roster and
the referees, then sends each referee's commands with that referee's own token at
the pace chosen, exactly as tablets would.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import httpx

from judging.demo.people import Person, contestants, referees
from judging.demo.scenario import Script, Step, command_id
from judging.domain.validation import parse_definition

log = logging.getLogger("judging.demo")


@dataclass(frozen=True)
class DemoContest:
    contest_id: str
    screen_token: str
    steps: list[Step]
    title: str = ""
    people: list[Person] = field(default_factory=list)


def definition_text(contest_id: str) -> str:
    text = resources.files("judging.demo").joinpath("contest.yaml").read_text(encoding="utf-8")
    return text.replace("id: demo-elec", f"id: {contest_id}", 1)


def roster_json(people: list[Person]) -> list[dict[str, Any]]:
    fields = ("id", "name", "organization", "team", "workshop", "venue", "worker_id")
    return [{name: getattr(person, name) for name in fields} for person in people]


class Driver:
    """Sets the demo contest up and plays its script."""

    def __init__(self, client: httpx.AsyncClient, admin_token: str, seed: int, per_venue: int):
        self.client = client
        self.rng = random.Random(seed)
        self.per_venue = per_venue
        self.tokens: dict[str, str] = {"organizer": admin_token}
        self.rejected = 0

    async def post(self, path: str, actor: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[actor]}", **kwargs.pop("headers", {})}
        response = await self.client.post(path, headers=headers, **kwargs)
        response.raise_for_status()
        return response.json()

    async def setup(self, contest_id: str) -> DemoContest:
        text = definition_text(contest_id)
        definition = parse_definition(text, "application/yaml")
        yaml = {"Content-Type": "application/yaml"}
        await self.post("/api/contests", "organizer", content=text.encode(), headers=yaml)
        people = contestants(self.rng, self.per_venue)
        base = f"/api/contests/{contest_id}"
        await self.post(f"{base}/contestants", "organizer", json=roster_json(people))
        issued = await self.post(f"{base}/referees", "organizer", json=referees(self.rng))
        self.tokens.update({item["id"]: item["token"] for item in issued})
        screen = await self.post(f"{base}/tokens", "organizer", json={"role": "screen"})
        steps = Script(self.rng, definition, people).build()
        return DemoContest(contest_id, screen["token"], steps, definition.title, people)

    async def play(self, contest: DemoContest, minutes_per_second: float) -> None:
        """Sends the steps at their contest minute, grouped per actor like tablets do."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        for minute, steps in _by_minute(contest.steps):
            delay = started + minute / minutes_per_second - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            await self.send(contest.contest_id, steps)

    async def send(self, contest_id: str, steps: list[Step]) -> None:
        batches: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for step in steps:
            batches[step.actor].append(step.command)
        for actor, commands in batches.items():
            body = await self.post(f"/api/contests/{contest_id}/commands", actor, json=commands)
            for result in body["results"]:
                if result["status"] == "rejected":
                    self.rejected += 1
                    log.warning("demo command rejected: %s", result.get("error"))

    async def get(self, path: str, actor: str) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[actor]}"}
        response = await self.client.get(path, headers=headers)
        response.raise_for_status()
        return response.json()

    async def awards(self, contest_id: str) -> list[dict[str, Any]]:
        """The awards published when the contest was finalized, best first."""
        found: list[dict[str, Any]] = await self.get(
            f"/api/contests/{contest_id}/awards", "organizer"
        )
        return found

    async def lifecycle(self, contest_id: str) -> dict[str, Any]:
        detail = await self.get(f"/api/contests/{contest_id}", "organizer")
        state: dict[str, Any] = detail["state"]
        return state

    async def close_contest(self, contest_id: str, hold: float = 0.0, pause: float = 0.0) -> None:
        """After the end: the board stays frozen until the organizer thaws it (after
        trying the reveal), or for `hold` seconds; then thaw if nobody did and finalize."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + hold
        while loop.time() < deadline:
            state = await self.lifecycle(contest_id)
            if state["thawed"] or state["finalized"]:
                break
            await asyncio.sleep(min(1.0, max(0.0, deadline - loop.time())))
        for kind, moment in (("thaw", "thawed"), ("finalize", "finalized")):
            if (await self.lifecycle(contest_id))[moment]:
                continue
            command = {"command_id": command_id(self.rng), "type": kind}
            await self.post(f"/api/contests/{contest_id}/commands", "organizer", json=[command])
            await asyncio.sleep(pause)


def _by_minute(steps: list[Step]) -> list[tuple[float, list[Step]]]:
    """Groups steps into ticks of a tenth of a contest minute."""
    ticks: dict[float, list[Step]] = defaultdict(list)
    for step in steps:
        ticks[round(step.minute, 1)].append(step)
    return sorted(ticks.items())
