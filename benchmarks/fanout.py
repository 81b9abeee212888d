"""Spectator fan-out of one server process: N websocket clients of one public board.

A real `judging serve` process on a SQLite file in a temporary directory; a points
contest with 100 contestants (one measured criterion, public at once). For each N
(1, 10, 100, 500) N clients connect to the public standings stream, then M marks
are posted one after another; each waits until every client has a frame at (or
past) its position. Measured per N:

- `p50 ms` / `p95 ms` over the marks: from sending the mark to the **last** client
  receiving the board at its position (the command round trip and the hub's tick,
  50 ms coalescing window, included);
- `msgs/s`: update messages the server sent per second while the marks ran;
- `encodes/mark` and `msgs/encode`: the hub's `judging_hub_encodes_total` and
  `judging_websocket_messages_sent_total{kind="update"}` over the marks, from
  `/metrics` (one encode per board update whatever N; every client gets the bytes);
- `p50/p95 vs 1 client`: the reference is the same run with one client (N = 1), so
  the ratio says what N spectators cost over one, across machines.

The clients share this process (one event loop) and read only each frame's position
(a prefix of the text), so their own cost stays small. Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from _server import free_port, judging_command, stop
from websockets.asyncio.client import ClientConnection, connect

SIZES = (1, 10, 100, 500)
MARKS = 20
CONTESTANTS = 100
WAIT = 30.0  # seconds: the bound on any wait
TOKEN = "bench-organizer-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
POSITION = re.compile(r'"position":(\d+)')


def definition(cid: str) -> dict[str, Any]:
    aspect = {"id": "a1", "name": "A", "type": "measurement", "max": 10, "rule": {"kind": "direct"}}
    return {
        "id": cid,
        "title": "Fan-out bench",
        "kind": "competition",
        "duration_minutes": 240,
        "ranking": {"policy": "points"},
        "criteria": [{"id": "a", "name": "A", "aspects": [aspect]}],
    }


@contextmanager
def server(workdir: Path) -> Iterator[str]:
    """A `judging serve` process on a SQLite file in `workdir`; its base URL."""
    port = free_port()
    command = judging_command()
    env = {**os.environ, "JUDGING_ADMIN_TOKEN": TOKEN, "JUDGING_LOG_LEVEL": "warning"}
    database = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    with (workdir / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--db", database],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, timeout=15)


async def healthy(http: httpx.AsyncClient) -> None:
    async with asyncio.timeout(WAIT):
        while True:
            try:
                if (await http.get("/api/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)


async def setup(http: httpx.AsyncClient) -> tuple[str, str]:
    """A started contest with its roster; its id and a referee token."""
    cid = f"fanout-{uuid.uuid4().hex[:8]}"
    (await http.post("/api/contests", json=definition(cid), headers=ADMIN)).raise_for_status()
    people = [{"id": f"c{i}", "name": f"Contestant {i}"} for i in range(CONTESTANTS)]
    url = f"/api/contests/{cid}"
    (await http.post(f"{url}/contestants", json=people, headers=ADMIN)).raise_for_status()
    issued = await http.post(f"{url}/referees", json=[{"id": "r1", "name": "R"}], headers=ADMIN)
    issued.raise_for_status()
    await post(http, cid, TOKEN, {"type": "start"})
    return cid, issued.json()[0]["token"]


async def post(http: httpx.AsyncClient, cid: str, token: str, body: dict[str, Any]) -> int:
    body = {"command_id": str(uuid.uuid4()), **body}
    headers = {"Authorization": f"Bearer {token}"}
    response = await http.post(f"/api/contests/{cid}/commands", json=body, headers=headers)
    response.raise_for_status()
    [result] = response.json()["results"]
    if result["status"] != "accepted":
        raise RuntimeError(f"mark not accepted: {result}")
    position: int = result["position"]
    return position


class Spectator:
    """One websocket client: the position of the latest frame and when it arrived."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.position = 0
        self.arrivals: list[tuple[int, float]] = []
        self.moved = asyncio.Event()

    async def read(self) -> None:
        async for message in self.connection:
            found = POSITION.search(str(message)[:80])
            if found is not None:
                self.position = int(found.group(1))
                self.arrivals.append((self.position, time.perf_counter()))
                self.moved.set()

    def reached(self, position: int) -> float:
        """When the first frame at or past `position` arrived."""
        return next(t for p, t in self.arrivals if p >= position)

    async def until(self, position: int) -> None:
        while self.position < position:
            self.moved.clear()
            await self.moved.wait()


async def metric(http: httpx.AsyncClient, name: str) -> float:
    text = (await http.get("/metrics")).text
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


UPDATES = 'judging_websocket_messages_sent_total{kind="update"}'


async def measure(
    base: str, http: httpx.AsyncClient, contest: tuple[str, str], size: int, marks: Iterator[int]
) -> dict[str, Any]:
    cid, referee = contest
    url = f"{base.replace('http', 'ws', 1)}/ws/contests/{cid}/standings"
    connections = [await connect(url, open_timeout=WAIT, max_queue=None) for _ in range(size)]
    spectators = [Spectator(c) for c in connections]
    readers = [asyncio.create_task(s.read()) for s in spectators]
    try:
        async with asyncio.timeout(WAIT):
            await asyncio.gather(*(s.until(1) for s in spectators))  # every snapshot in
        encodes, updates = (
            await metric(http, "judging_hub_encodes_total"),
            await metric(http, UPDATES),
        )
        latencies, started = [], time.perf_counter()
        for _ in range(MARKS):
            sent = time.perf_counter()
            body = {
                "type": "award_mark",
                "contestant_id": f"c{next(marks)}",
                "aspect_id": "a1",
                "value": 5,
            }
            position = await post(http, cid, referee, body)
            async with asyncio.timeout(WAIT):
                await asyncio.gather(*(s.until(position) for s in spectators))
            latencies.append(max(s.reached(position) for s in spectators) - sent)
        elapsed = time.perf_counter() - started
        encoded = await metric(http, "judging_hub_encodes_total") - encodes
        sent_updates = await metric(http, UPDATES) - updates
    finally:
        for connection in connections:
            await connection.close()
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    return row(size, latencies, elapsed, encoded, sent_updates)


def row(
    size: int, latencies: list[float], elapsed: float, encoded: float, sent: float
) -> dict[str, Any]:
    cuts = statistics.quantiles(latencies, n=20)
    return {
        "clients": size,
        "marks": len(latencies),
        "p50 ms": statistics.median(latencies) * 1000,
        "p95 ms": cuts[18] * 1000,
        "msgs/s": sent / elapsed,
        "encodes/mark": encoded / len(latencies),
        "msgs/encode": sent / encoded if encoded else 0.0,
    }


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    sizes = getattr(args, "fanout_clients", None) or SIZES
    with tempfile.TemporaryDirectory() as tmp, server(Path(tmp)) as base:
        async with httpx.AsyncClient(base_url=base, timeout=WAIT) as http:
            await healthy(http)
            contest = await setup(http)
            marks = iter(range(CONTESTANTS))  # one mark per contestant: never a correction
            rows = [await measure(base, http, contest, size, marks) for size in sizes]
    p50, p95 = rows[0]["p50 ms"], rows[0]["p95 ms"]  # the reference: one client
    for result in rows:
        result["p50 vs 1 client"] = result["p50 ms"] / p50
        result["p95 vs 1 client"] = result["p95 ms"] / p95
    return rows


if __name__ == "__main__":
    for result in asyncio.run(run(argparse.Namespace())):
        print(result)
