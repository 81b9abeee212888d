"""Commands over HTTP: 100 referee clients marking at once, against `/api/health`.

A real `judging serve` process on a fresh database (a SQLite file; a scratch
PostgreSQL database too when `JUDGING_TEST_POSTGRES_URL` or `--db
postgresql+asyncpg://...` names a server) holds one running contest of 400
contestants and 25 measurement aspects (no panels); 100 referees (one token each,
their own contestants, so no two send the same cell) each post `award_mark` commands
one after another over their own keep-alive connection, made and opened before the
clock starts (`clients`). Measured: accepted commands per second (from the first
request sent to the last answer), and the p50 / p99 latency of one command. The
reference, in the same run with the same 100 clients, is `GET /api/health` (the
cheapest request the server answers): `ratio` = commands/s ÷ health requests/s.

A second row paces the clients at 200 commands/s in total, for the latency a
busy event day sees (p99 at a steady load rather than at saturation): each client
sends one command every 0.5 s, the clients' phases spread evenly over that half
second (so the server sees one command every 5 ms, not bursts of 100).

The clients run in this process, next to the server on the same machine: their own
cyclic collector is paused while the clock runs (`quiet_collector`), or a full
collection of the clients' heap (100-300 ms on 2 shared cores) would be counted as
the server's latency by every request in flight (the reference's clock too).
`--quick` sends fewer commands.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from _commands import award_mark
from _databases import Databases, postgres_databases, postgres_server, sqlite_database
from _server import free_port, spawn, stop

ADMIN_TOKEN = "bench-commands-organizer"
CID = "bench"
CLIENTS = 100
CONTESTANTS = 400
ASPECTS = 25


def definition() -> dict[str, Any]:
    return {
        "id": CID,
        "title": "Commands bench",
        "kind": "competition",
        "duration_minutes": 600,
        "criteria": [
            {
                "id": f"k{c}",
                "name": f"Skill {c}",
                "aspects": [
                    {"id": f"k{c}a{a}", "name": f"Aspect {a}", "type": "measurement", "max": 10}
                    for a in range(5)
                ],
            }
            for c in range(ASPECTS // 5)
        ],
    }


async def wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


async def set_up(base: str) -> list[str]:
    """The contest, its roster and one referee token per client; the contest started."""
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    people = [{"id": f"c{i}", "name": f"Worker {i}"} for i in range(CONTESTANTS)]
    referees = [{"id": f"r{i}", "name": f"Referee {i}"} for i in range(CLIENTS)]
    async with httpx.AsyncClient(base_url=base, headers=admin, timeout=60) as client:
        (await client.post("/api/contests", json=definition())).raise_for_status()
        path = f"/api/contests/{CID}"
        (await client.post(f"{path}/contestants", json=people)).raise_for_status()
        answer = await client.post(f"{path}/referees", json=referees)
        answer.raise_for_status()
        tokens = [issued["token"] for issued in answer.json()]
        start = {"command_id": str(uuid.uuid4()), "type": "start"}
        (await client.post(f"{path}/commands", json=start)).raise_for_status()
    return tokens


def cells(client: int) -> list[tuple[str, str]]:
    """The cells one client marks: its own contestants (client, client + 100, ...)."""
    return [
        (f"c{person}", f"k{a // 5}a{a % 5}")
        for person in range(client, CONTESTANTS, CLIENTS)
        for a in range(ASPECTS)
    ]


class Window:
    """When the first request of a run was sent and its last answer came: the rate is
    counted over that span, not over opening the clients' connections."""

    def __init__(self) -> None:
        self.first = float("inf")
        self.last = 0.0

    def saw(self, sent: float, answered: float) -> None:
        self.first, self.last = min(self.first, sent), max(self.last, answered)

    @property
    def seconds(self) -> float:
        return self.last - self.first


async def referee(
    client: httpx.AsyncClient,
    mine: list[tuple[str, str]],
    interval: float,
    latencies: list[float],
    window: Window,
    phase: float = 0.0,
) -> int:
    """Send `mine` one by one; paced (`interval` > 0): one every `interval` seconds,
    the first `phase` seconds after the start."""
    accepted = 0
    next_at = time.perf_counter() + phase - interval
    for contestant, aspect in mine:
        if interval:
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        body = award_mark(contestant, aspect)
        started = time.perf_counter()
        answer = await client.post(f"/api/contests/{CID}/commands", json=body)
        answered = time.perf_counter()
        latencies.append(answered - started)
        window.saw(started, answered)
        results = answer.json().get("results", []) if answer.status_code == 200 else []
        accepted += sum(1 for result in results if result["status"] == "accepted")
    return accepted


async def health(client: httpx.AsyncClient, count: int, window: Window) -> None:
    for _ in range(count):
        started = time.perf_counter()
        (await client.get("/api/health")).raise_for_status()
        window.saw(started, time.perf_counter())


async def clients(stack: AsyncExitStack, base: str, tokens: list[str]) -> list[httpx.AsyncClient]:
    """One client per token, each with its connection open, before any clock starts.

    Making an `httpx.AsyncClient` takes about 20 ms of CPU (its TLS context): made
    while the others were already sending, the 100 clients blocked the loop for two
    seconds, and that was counted as the latency of every request in flight.
    """
    made = []
    for token in tokens:
        headers = {"Authorization": f"Bearer {token}"}
        client = httpx.AsyncClient(base_url=base, headers=headers, timeout=60)
        made.append(await stack.enter_async_context(client))
    for client in made:
        (await client.get("/api/health")).raise_for_status()  # the connection, warm
    return made


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


@contextmanager
def quiet_collector() -> Iterator[None]:
    """The clients' cyclic collector paused (the heap collected first, garbage after)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


async def load(
    referees: list[httpx.AsyncClient], per_client: int, interval: float
) -> dict[str, float]:
    latencies: list[float] = []
    window = Window()
    offset = 0 if interval == 0 else per_client
    with quiet_collector():
        done = await asyncio.gather(
            *(
                referee(
                    client,
                    cells(n)[offset : offset + per_client],
                    interval,
                    latencies,
                    window,
                    phase=interval * n / len(referees),
                )
                for n, client in enumerate(referees)
            )
        )
    return {
        "accepted": sum(done),
        "per s": sum(done) / window.seconds,
        "p50 ms": percentile(latencies, 0.5) * 1000,
        "p99 ms": percentile(latencies, 0.99) * 1000,
    }


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    per_client = 10 if getattr(args, "quick", False) else 40
    rows = await measure("sqlite", sqlite_database, per_client)
    server = postgres_server(args)
    if server:
        rows += await measure("postgresql", postgres_databases(server), per_client)
    return rows


async def measure(database: str, databases: Databases, per_client: int) -> list[dict[str, Any]]:
    """The three rows on one database: health, saturated, paced."""
    with tempfile.TemporaryDirectory() as name:
        async with databases() as url:
            health_rate, saturated, paced = await serve_and_load(url, Path(name), per_client)
    return [
        {"database": database, "case": "GET /api/health (reference)", "per s": health_rate,
         "ratio": 1.0},
        {"database": database, "case": "award_mark, 100 clients at once", **saturated,
         "ratio": saturated["per s"] / health_rate},
        {"database": database, "case": "award_mark, paced at 200/s", **paced,
         "ratio": paced["per s"] / health_rate},
    ]  # fmt: skip


async def serve_and_load(
    url: str, folder: Path, per_client: int
) -> tuple[float, dict[str, float], dict[str, float]]:
    """A server on `url`: health checks/s, then the saturated and the paced loads."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = spawn(url, folder, port, ADMIN_TOKEN)
    try:
        await wait_healthy(base, process)
        tokens = await set_up(base)
        window = Window()
        async with AsyncExitStack() as stack:
            referees = await clients(stack, base, tokens)  # the same 100 for all three
            with quiet_collector():
                await asyncio.gather(*(health(c, per_client, window) for c in referees))
            health_rate = CLIENTS * per_client / window.seconds
            saturated = await load(referees, per_client, interval=0.0)
            paced = await load(referees, per_client, interval=CLIENTS / 200)
        return health_rate, saturated, paced
    finally:
        stop(process)
