"""Cost with history: a server holding years of finished contests against one holding one.

For each size (1, 50 and 200 finished contests of about 5,000 events each, plus one
running contest; `--quick`: 1, 5 and 20 contests of about 1,000 events) a log is
written through the event store (a SQLite file; then a PostgreSQL database as well
when `JUDGING_TEST_POSTGRES_URL` names a server), then a real `judging serve` process is started on
it and measured from outside, as a user would meet it:

A first server start lets the persisted read models catch up with the log written
offline (as on a server that has been running all along: it waits until `/metrics`
shows no projection lagging behind the head; on PostgreSQL then `VACUUM ANALYZE`, as
autovacuum soon would), then the measured start:

- `start s`: from spawning the process until `/api/health` answers and the running
  contest's standings reflect its last event (the median of three starts, one with
  `--quick`, which keeps the whole `judging bench --quick` under two minutes; the
  requests below are timed on the last);
- `rss MB` after start, and `rss after MB` after the requests below;
- `list ms`: `GET /api/contests?order=recent&limit=51`, the index page's request (the
  newest 50 contests, and whether there are more) (median of 21: about 3 ms each);
- `list all ms`: `GET /api/contests`, every contest: its answer grows with the history
  by definition (about 300 bytes a contest), so it is shown without a target;
- `at ms`: `GET .../standings?at=<recent>` on the running contest, public view (median of 5);
- `command ms`: a referee's `award_mark` over HTTP (median of 30, one after another);
- `standings ms`: `GET .../standings` of the running contest (median of 20);
- `capability ms`: `GET /api/capability?by=organization`, an employer's table of the
  same 100 workers (`--quick`: 40) in the same skills (the criteria's skill tags),
  who took part in every finished contest: each contest adds a result per worker
  and skill to the talent database, and none to the table (median of 21).

Every log is written first; then each size is measured `ROUNDS` times (`--quick`:
twice), the sizes taking turns (1, 50, 200, 1, 50, 200, ...), and each figure is the
median of its rounds: a few milliseconds move by half between two server processes
on a shared machine, and a change of the machine's load then weighs on every size
alike.

Each row also gives every figure as a ratio to the 1-contest row of the same run
(`x start`, `x rss`, ...): the goal is ratios near 1, i.e. cost that does not grow
with history. The stored events are written as (type, data) pairs in the stored
shape of DESIGN.md §3/§4, so the benchmark does not depend on the domain's classes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from _commands import award_mark
from _databases import (
    Databases,
    libpq_dsn,
    postgres_databases,
    postgres_server,
    sqlite_database,
)
from _server import free_port, stop
from _server import spawn as serve
from sqlalchemy.engine import make_url

from judging.store import NO_STREAM, EventStore, NewEvent, migrate, open_store

ADMIN_TOKEN = "bench-history-organizer"
T0 = "2024-05-01T08:00:00+00:00"
BATCH = 1000
RUNNING = "running"
STARTS = 3  # server starts per measurement: the start figure is their median
ROUNDS = 3  # measurements of each size, the sizes taking turns: each figure is their median
INDEX_PAGE = {"order": "recent", "limit": 51, "offset": 0}  # what the index page asks for
BY_ORGANIZATION = {"by": "organization"}  # an employer's capability table

Data = tuple[str, dict[str, Any]]


def definition(cid: str, criteria: int) -> dict[str, Any]:
    return {
        "id": cid,
        "title": f"History bench {cid}",
        "kind": "competition",
        "duration_minutes": 240,
        "ranking": {"policy": "points", "tie_breaks": ["countback"], "rank_style": "standard"},
        "venues": [{"id": "v1", "name": "Venue 1"}, {"id": "v2", "name": "Venue 2"}],
        "criteria": [
            {
                "id": f"k{c}",
                "name": f"Skill {c}",
                "skill": f"trade.skill-{c}",  # the same skills every contest, as every year
                "aspects": [
                    {"id": f"k{c}a{a}", "name": f"Aspect {a}", "type": "measurement", "max": 10}
                    for a in range(5)
                ],
            }
            for c in range(criteria)
        ],
    }


def contest_events(cid: str, contestants: int, criteria: int, *, finished: bool) -> list[Data]:
    """A contest's opening, a mark for every contestant × aspect, then end and finalize."""
    people = [
        {
            "id": f"c{i}",
            "name": f"Worker {cid}-{i}",
            "organization": f"Plant {i % 7}",
            "venue": f"v{1 + i % 2}",
            "worker_id": f"w-{i % 400}",
        }
        for i in range(contestants)
    ]
    events: list[Data] = [
        ("contest_defined", {"definition": definition(cid, criteria)}),
        ("contestants_registered", {"contestants": people}),
        ("referees_registered", {"referees": [{"id": "r1", "name": "Referee One"}]}),
        ("contest_started", {"at": T0}),
    ]
    aspects = [f"k{c}a{a}" for c in range(criteria) for a in range(5)]
    for index, aspect in enumerate(aspects):
        for person in range(contestants):
            if not finished and index >= len(aspects) // 2:
                break
            value = float((person * 7 + index * 3) % 11) if value_marked(person, index) else 0.0
            events.append(
                (
                    "mark_awarded",
                    {
                        "command_id": f"{cid}-{aspect}-{person}",
                        "contestant_id": f"c{person}",
                        "aspect_id": aspect,
                        "referee_id": "r1",
                        "value": min(value, 10.0),
                        "at": T0,
                    },
                )
            )
    if finished:
        events += [("contest_ended", {"at": T0}), ("contest_finalized", {"at": T0})]
    return events


def value_marked(person: int, index: int) -> bool:
    return (person + index) % 13 != 0


async def write_log(url: str, finished: int, contestants: int, criteria: int) -> None:
    await migrate(url)
    store = await open_store(url)
    try:
        for n in range(finished):
            await append_all(
                store,
                f"past-{n:03d}",
                contest_events(f"past-{n:03d}", contestants, criteria, finished=True),
            )
        await append_all(
            store, RUNNING, contest_events(RUNNING, contestants, criteria, finished=False)
        )
    finally:
        await store.close()


async def append_all(store: EventStore, cid: str, events: list[Data]) -> None:
    version = NO_STREAM
    for start in range(0, len(events), BATCH):
        batch = [
            NewEvent(uuid.uuid4(), type_, data, {"actor_id": "bench", "role": "organizer"})
            for type_, data in events[start : start + BATCH]
        ]
        await store.append(f"contest-{cid}", batch, version)
        version = (version if version != NO_STREAM else 0) + len(batch)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def median_seconds(times: int, call: Callable[[], Awaitable[Any]]) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def warm_up(url: str, folder: Path, contests: int) -> None:
    """A server that has been running all along: start one, let its persisted read
    models (catalog, talent, snapshots) catch up with the log written offline, stop it."""
    port = free_port()
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    process = spawn(url, folder, port)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            await wait_current(client, process, admin)
            listed = 0
            while listed < contests:
                await asyncio.sleep(0.5)
                listed = len(await ok(client.get("/api/contests", headers=admin)))
            while await lagging(client):  # noqa: ASYNC110 (another process's state)
                await asyncio.sleep(0.5)
    finally:
        stop(process)  # a graceful stop: the snapshots taken are written before it exits
    if make_url(url).get_backend_name() == "postgresql":
        await settle(url)


async def settle(url: str) -> None:
    """What autovacuum does soon after a bulk load on a running server: the planner's
    statistics of the tables just written (else the first plans guess their sizes)."""
    connection = await asyncpg.connect(libpq_dsn(url))
    try:
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


async def lagging(client: httpx.AsyncClient) -> list[str]:
    """The projections not yet at the log head (`judging_projection_lag` in `/metrics`).

    Every persisted projection reads the whole log once on a fresh database (about
    5,000 events/s each at 200 contests): measuring before they are done would time
    the requests against that catch-up, not against the history they hold."""
    answer = await client.get("/metrics")
    answer.raise_for_status()
    behind = []
    for line in answer.text.splitlines():
        if line.startswith("judging_projection_lag{"):
            name, _, value = line.partition("} ")
            if float(value) > 0:
                behind.append(name.split('"')[1])
    return behind


def spawn(url: str, folder: Path, port: int) -> subprocess.Popen[bytes]:
    LOG.append(folder / "server.log")
    return serve(url, folder, port, ADMIN_TOKEN)


async def measure(url: str, folder: Path, marks: Marks, starts_wanted: int) -> dict[str, float]:
    """Start the server `starts_wanted` times (the start figure is their median), then
    measure the requests on the last one."""
    starts = []
    for _ in range(starts_wanted - 1):
        async with started_server(url, folder) as (_client, _process, _head, seconds):
            starts.append(seconds)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with started_server(url, folder) as (client, process, head, seconds):
        starts.append(seconds)
        rss_start = rss_mb(process.pid)
        listing = await median_seconds(
            21, lambda: ok(client.get("/api/contests", params=INDEX_PAGE, headers=admin))
        )
        listing_all = await median_seconds(
            5, lambda: ok(client.get("/api/contests", headers=admin))
        )
        at = await median_seconds(
            5,
            lambda: ok(client.get(f"/api/contests/{RUNNING}/standings", params={"at": head - 5})),
        )
        current = await median_seconds(
            20, lambda: ok(client.get(f"/api/contests/{RUNNING}/standings"))
        )
        capability = await median_seconds(
            21, lambda: ok(client.get("/api/capability", params=BY_ORGANIZATION, headers=admin))
        )
        referee = await referee_headers(client, admin)
        command_time = await median_seconds(30, lambda: mark(client, referee, marks))
        rss_after = rss_mb(process.pid)
    return {
        "start s": statistics.median(starts),
        "rss MB": rss_start,
        "rss after MB": rss_after,
        "list ms": listing * 1000,
        "list all ms": listing_all * 1000,
        "at ms": at * 1000,
        "command ms": command_time * 1000,
        "standings ms": current * 1000,
        "capability ms": capability * 1000,
    }


@contextlib.asynccontextmanager
async def started_server(
    url: str, folder: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, subprocess.Popen[bytes], int, float]]:
    """A server on the log, once its running board is current: its client, process,
    the running contest's last position and the seconds it took to get there."""
    port = free_port()
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    began = time.perf_counter()
    process = spawn(url, folder, port)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            head = await wait_current(client, process, admin)
            yield client, process, head, time.perf_counter() - began
    finally:
        stop(process)


async def ok(response: Awaitable[httpx.Response]) -> Any:
    answer = await response
    answer.raise_for_status()
    return answer.json()


LOG: list[Path] = []


def log_tail() -> str:
    return LOG[-1].read_text()[-3000:] if LOG else ""


async def wait_current(
    client: httpx.AsyncClient, process: subprocess.Popen[bytes], admin: dict[str, str]
) -> int:
    """Until the server answers and the running contest's standings show its last event."""
    target = None
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited during start-up:\n{log_tail()}")
        try:
            if target is None:
                detail = await ok(client.get(f"/api/contests/{RUNNING}", headers=admin))
                target = int(detail["position"])
            document = await ok(client.get(f"/api/contests/{RUNNING}/standings", headers=admin))
            if int(document["position"]) >= target:
                return target
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        await asyncio.sleep(0.05)


async def referee_headers(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    body = [{"id": "bench-ref", "name": "Bench Referee"}]
    answer = await ok(client.post(f"/api/contests/{RUNNING}/referees", json=body, headers=admin))
    token = answer[0]["token"]
    return {"Authorization": f"Bearer {token}"}


class Marks:
    """Fresh marks for the running contest: its last criterion is never marked."""

    def __init__(self, contestants: int, criteria: int) -> None:
        self.cells = iter(
            (f"c{person}", f"k{criteria - 1}a{aspect}")
            for aspect in range(5)
            for person in range(contestants)
        )


async def mark(client: httpx.AsyncClient, headers: dict[str, str], marks: Marks) -> None:
    contestant, aspect = next(marks.cells)
    body = award_mark(contestant, aspect)
    answer = await ok(client.post(f"/api/contests/{RUNNING}/commands", json=body, headers=headers))
    results = answer if isinstance(answer, list) else answer.get("results", [answer])
    if results[0]["status"] == "rejected":
        raise RuntimeError(f"the bench mark was rejected: {results[0]}")


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = await measure_sizes(args, "sqlite", sqlite_database)
    server = postgres_server(args)
    if server:
        rows += await measure_sizes(args, "postgresql", postgres_databases(server))
    return rows


async def measure_sizes(
    args: argparse.Namespace, database: str, databases: Databases
) -> list[dict[str, Any]]:
    quick = getattr(args, "quick", False)
    sizes = (1, 5, 20) if quick else (1, 50, 200)
    contestants, criteria = (40, 5) if quick else (100, 10)  # ≈1,000 or ≈5,000 events each
    samples: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    async with contextlib.AsyncExitStack() as stack:
        logs = []
        for size in sizes:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = await stack.enter_async_context(databases())
            await write_log(url, size, contestants, criteria)
            await warm_up(url, folder, size + 1)
            logs.append((size, url, folder, Marks(contestants, criteria)))
        for _ in range(2 if quick else ROUNDS):  # the sizes in turn: load changes hit all
            for size, url, folder, marks in logs:
                samples[size].append(await measure(url, folder, marks, 1 if quick else STARTS))
    rows: list[dict[str, Any]] = []
    for size in sizes:
        taken = samples[size]
        figures = {key: statistics.median(sample[key] for sample in taken) for key in taken[0]}
        rows.append({"database": database, "finished contests": size, **figures})
    first = rows[0]
    for row in rows:
        for key in (
            "start s",
            "rss MB",
            "rss after MB",
            "list ms",
            "at ms",
            "command ms",
            "standings ms",
            "capability ms",
        ):
            row[f"x {key.split()[0]}{'' if key != 'rss after MB' else ' after'}"] = (
                row[key] / first[key]
            )
    return rows
