"""Referees under load, and the ledger of what the server acknowledged.

A contest (two venues, stages, penalties, a direct measurement, workers for the
talent database) is set up through the API; then `clients` tablets send one command
at a time, each with its own `command_id`, for as long as asked. The `Ledger` keeps
every command sent and what became of it: acknowledged (`accepted` or `duplicate`,
with a position), or not yet (no answer, a 5xx): those are sent again, unchanged,
until acknowledged, as a tablet on flaky Wi-Fi does.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from server_process import ADMIN

CONTESTANTS = 24
STAGES = [f"s{n}" for n in range(1, 6)]


def definition(cid: str) -> dict[str, Any]:
    return {
        "id": cid,
        "title": f"Under fire {cid}",
        "duration_minutes": 600,
        "ranking": {"policy": "stages", "penalty_minutes": 20},
        "venues": [{"id": "wz", "name": "Wenzhou"}, {"id": "nj", "name": "Nanjing"}],
        "criteria": [
            {
                "id": "wiring",
                "name": "Wiring",
                "skill": "elec.wiring",
                "aspects": [
                    {"id": "faults", "name": "Faults", "type": "measurement", "max": 10,
                     "rule": {"kind": "direct"}},
                ],
            }
        ],
        "stages": [{"id": s, "name": s.upper()} for s in STAGES],
        "penalties": [{"id": "safety", "name": "Safety", "points": 1}],
    }  # fmt: skip


def roster() -> list[dict[str, Any]]:
    return [
        {
            "id": f"c{n}",
            "name": f"Worker {n}",
            "organization": f"Plant {n % 3}",
            "venue": "wz" if n % 2 else "nj",
            "worker_id": f"w-{n}",
        }
        for n in range(CONTESTANTS)
    ]


async def setup_contest(client: httpx.AsyncClient, cid: str) -> dict[str, str]:
    """Define, register and start the contest; the referee's bearer header."""
    created = await client.post("/api/contests", json=definition(cid), headers=ADMIN)
    assert created.status_code == 201, created.text
    url = f"/api/contests/{cid}"
    assert (await client.post(f"{url}/contestants", json=roster(), headers=ADMIN)).is_success
    referees = await client.post(f"{url}/referees", json=[{"id": "r1", "name": "R"}], headers=ADMIN)
    assert referees.status_code == 200, referees.text
    started = await client.post(f"{url}/commands", json=command("start"), headers=ADMIN)
    assert started.status_code == 200, started.text
    return {"Authorization": f"Bearer {referees.json()[0]['token']}"}


def command(type_: str, **fields: Any) -> dict[str, Any]:
    return {"command_id": str(uuid.uuid4()), "type": type_, **fields}


def random_command(rng: random.Random) -> dict[str, Any]:
    contestant = f"c{rng.randrange(CONTESTANTS)}"
    if rng.random() < 0.3:
        return command("impose_penalty", contestant_id=contestant, penalty_id="safety",
                       reason="load")  # fmt: skip
    return command("record_attempt", contestant_id=contestant, stage_id=rng.choice(STAGES),
                   result="failed")  # fmt: skip


@dataclass
class Ledger:
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    acknowledged: dict[str, int] = field(default_factory=dict)  # command id -> position
    duplicates: int = 0  # acknowledged as `duplicate` (a resend of a stored command)
    rejected: dict[str, Any] = field(default_factory=dict)
    unanswered: int = 0  # tries that got no answer or a 5xx (then sent again)
    statuses: dict[int, int] = field(default_factory=dict)  # HTTP status -> count

    def pending(self) -> list[dict[str, Any]]:
        done = self.acknowledged.keys() | self.rejected.keys()
        return [body for cid, body in self.sent.items() if cid not in done]

    def record(self, results: list[dict[str, Any]]) -> None:
        for result in results:
            command_id = result["command_id"]
            if result["status"] in ("accepted", "duplicate"):
                position = self.acknowledged.setdefault(command_id, result["position"])
                assert position == result["position"], (command_id, position, result)
                self.duplicates += result["status"] == "duplicate"
            else:
                self.rejected[command_id] = result


async def send(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], body: Any, ledger: Ledger
) -> bool:
    """POST one command (or a list); whether it was answered (else: send it again)."""
    try:
        response = await client.post(url, json=body, headers=headers)
    except httpx.HTTPError:
        ledger.unanswered += 1
        return False
    ledger.statuses[response.status_code] = ledger.statuses.get(response.status_code, 0) + 1
    if response.status_code != 200:
        ledger.unanswered += 1
        return False
    ledger.record(response.json()["results"])
    return True


async def tablet(
    base_url: str, cid: str, headers: dict[str, str], ledger: Ledger, stop: asyncio.Event, seed: int
) -> None:
    """One tablet: a new command whenever the last one was answered, else the same again."""
    rng = random.Random(seed)
    url = f"/api/contests/{cid}/commands"
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        body: dict[str, Any] | None = None
        while not stop.is_set():
            if body is None:
                body = random_command(rng)
                ledger.sent[body["command_id"]] = body
            if await send(client, url, headers, body, ledger):
                body = None
            else:
                await asyncio.sleep(0.05)


async def settle(base_url: str, cid: str, headers: dict[str, str], ledger: Ledger) -> None:
    """Send every command not yet answered again until each is (the server is up)."""
    url = f"/api/contests/{cid}/commands"
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for _ in range(100):
            pending = ledger.pending()
            if not pending:
                return
            for body in pending:
                await send(client, url, headers, body, ledger)
            await asyncio.sleep(0.2)
    raise AssertionError(f"{len(ledger.pending())} commands never answered")
