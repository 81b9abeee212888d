"""Persisted projections catching up with a log they have not read yet.

What a server does on a fresh database restored from a backup, or after an upgrade
that adds a projection (migration 0010 rebuilds the catalog): every persisted
projection (catalog, talent, mentoring, evaluations) reads the whole log from its
checkpoint. For each database (a SQLite file; PostgreSQL too when
`JUDGING_TEST_POSTGRES_URL` or `--db postgresql+asyncpg://...` names a server), a log
of 20 finished contests of about 5,000 events each plus one running (`--quick`: 2) is
written through the event store, then a real `judging serve` is started on it and
timed from the spawn until `/metrics` shows no projection lagging behind the head:

- `catch-up s`: that time (the server's start included: about 1.5 s of imports);
- `server CPU s`: the server process's user and system time by then;
- `events/s`: the log's events over `catch-up s`.

Reference in the same run: the raw driver reading every row of the same `events`
table once (sqlite3 / asyncpg, every column), as events/s; `x raw read` is the
catch-up's rate over it. Four projections each need every event: a catch-up that
read, checked and decoded the log once for all of them would be the cheapest.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from _databases import Databases, libpq_dsn, postgres_databases, postgres_server, sqlite_database
from _server import free_port, stop
from history import spawn, write_log
from sqlalchemy.engine import make_url

CONTESTANTS, CRITERIA = 100, 10  # about 5,000 events a contest, as `history`


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    finished = 2 if getattr(args, "quick", False) else 20
    rows = [await measure("sqlite", sqlite_database, finished)]
    server = postgres_server(args)
    if server:
        rows.append(await measure("postgresql", postgres_databases(server), finished))
    return rows


async def measure(database: str, databases: Databases, finished: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        async with databases() as url:
            await write_log(url, finished, CONTESTANTS, CRITERIA)
            events, read_seconds = await raw_read(url)
            seconds, cpu = await caught_up(url, Path(folder))
    return {
        "database": database,
        "finished contests": finished,
        "events": events,
        "catch-up s": seconds,
        "server CPU s": cpu,
        "events/s": events / seconds,
        "raw read events/s": events / read_seconds,
        "x raw read": read_seconds / seconds,
    }


async def raw_read(url: str) -> tuple[int, float]:
    """Every row of `events` through the plain driver: (rows, seconds)."""
    if make_url(url).get_backend_name() == "postgresql":
        connection = await asyncpg.connect(libpq_dsn(url))
        try:
            started = time.perf_counter()
            rows = await connection.fetch("SELECT * FROM events ORDER BY position")
            return len(rows), time.perf_counter() - started
        finally:
            await connection.close()
    with sqlite3.connect(make_url(url).database or "") as connection:
        started = time.perf_counter()
        found = connection.execute("SELECT * FROM events ORDER BY position").fetchall()
        return len(found), time.perf_counter() - started


async def caught_up(url: str, folder: Path) -> tuple[float, float]:
    """Seconds from spawning `judging serve` until no projection lags, and its CPU."""
    port = free_port()
    began = time.perf_counter()
    process = spawn(url, folder, port)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            while not await current(client):
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped (see {folder / 'server.log'})")
                await asyncio.sleep(0.2)
            seconds = time.perf_counter() - began
            return seconds, cpu_seconds(process.pid)
    finally:
        stop(process)


async def current(client: httpx.AsyncClient) -> bool:
    """Whether `/metrics` answers and shows every projection at the head (a server
    still starting, or showing no projection yet, is not current)."""
    try:
        answer = await client.get("/metrics")
    except httpx.TransportError:
        return False
    lags = [
        float(line.rpartition(" ")[2])
        for line in answer.text.splitlines()
        if line.startswith("judging_projection_lag{")
    ]
    return answer.status_code == 200 and bool(lags) and not any(lags)


def cpu_seconds(pid: int) -> float:
    """User and system time of a process so far (Linux `/proc`)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
