"""Scale-out (DESIGN.md §2): two `judging serve` processes on one PostgreSQL database.

Both tail the same log. Their fallback poll is longer than any wait here, so an
update that reaches a client of the other process came by LISTEN/NOTIFY. A command
retried on the other process is a duplicate; both end with the same public board;
the hash chain verifies; exactly one process runs the persisted talent projection.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from e2e_contest import WAIT, Contest, board_stream, command, mark, new_contest, row
from e2e_server import ServerProcess, judging_command
from sqlalchemy.ext.asyncio import create_async_engine

from judging.store.locks import lock_key

pytestmark = pytest.mark.postgres

# Longer than any bounded wait of these tests: only a NOTIFY can wake the other process.
ENV = {"JUDGING_POLL_SECONDS": "300"}


@dataclass
class Pair:
    url: str
    a: ServerProcess
    b: ServerProcess


@pytest.fixture(scope="module")
def pair(postgres_e2e_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    servers = [
        ServerProcess(postgres_e2e_url, tmp_path_factory.mktemp(f"server-{name}"), env=ENV)
        for name in ("a", "b")
    ]
    try:
        for server in servers:
            server.start()
        yield Pair(postgres_e2e_url, *servers)
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
async def clients(pair: Pair) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    async with (
        httpx.AsyncClient(base_url=pair.a.base_url, timeout=WAIT) as a,
        httpx.AsyncClient(base_url=pair.b.base_url, timeout=WAIT) as b,
    ):
        yield a, b


async def until_position(client: httpx.AsyncClient, url: str, position: int) -> dict[str, Any]:
    """GET `url` until its document reflects `position` (bounded by `WAIT`)."""
    async with asyncio.timeout(WAIT):
        while True:
            response = await client.get(url)
            assert response.status_code == 200, response.text
            document: dict[str, Any] = response.json()
            if document["position"] >= position:
                return document
            await asyncio.sleep(0.05)


async def test_a_mark_posted_to_one_process_reaches_a_websocket_client_of_the_other(
    pair: Pair, clients: tuple[httpx.AsyncClient, httpx.AsyncClient]
) -> None:
    contest = await new_contest(clients[0])
    screen = contest.tokens["screen"]
    async with board_stream(pair.b.base_url, contest.cid, view="live", token=screen) as board:
        snapshot = await board.receive()
        position = await contest.accepted("r1", mark("c1", "wiring-faults", 0))
        update = await board.until(position)
    assert update["type"] == "update"
    assert update["position"] >= position > snapshot["position"]
    assert row(update["data"], "c1")["criteria"]["faults"] == 2


async def test_a_command_retried_on_the_other_process_is_a_duplicate_at_its_position(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    on_a = await new_contest(clients[0])
    on_b = Contest(clients[1], on_a.cid, on_a.tokens)
    body = mark("c2", "wiring-faults", 1)
    position = await on_a.accepted("r1", body)
    [retried] = await on_b.send("r1", body)
    assert retried["status"] == "duplicate", retried
    assert retried["position"] == position


async def test_both_processes_end_with_the_same_public_board(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    on_a = await new_contest(clients[0])
    on_b = Contest(clients[1], on_a.cid, on_a.tokens)
    writes = [
        (on_a, "r1", mark("c1", "wiring-quality", 3)),
        (on_b, "r2", mark("c1", "wiring-quality", 2)),
        (on_a, "r3", mark("c1", "wiring-quality", 3)),
        (on_b, "r1", mark("c3", "wiring-faults", 0)),
        (on_a, "r-faults", mark("c2", "wiring-faults", 2)),
        (on_b, "r2", command("impose_penalty", contestant_id="c3", penalty_id="safety")),
    ]
    for contest, who, body in writes:
        last = await contest.accepted(who, body)
    url = f"{on_a.url}/standings"
    board_a, board_b = [await until_position(client, url, last) for client in clients]
    assert board_a == board_b
    assert board_a["position"] == last
    assert board_a["rows"][0]["contestant_id"] == "c1"


async def test_judging_verify_passes_on_the_shared_database(
    pair: Pair, clients: tuple[httpx.AsyncClient, httpx.AsyncClient]
) -> None:
    contest = await new_contest(clients[1])
    await contest.accepted("r1", mark("c1", "wiring-faults", 0))
    verified = await asyncio.to_thread(
        subprocess.run,
        [*judging_command(), "verify", "--db", pair.url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(pair.a.workdir),
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("OK:")


async def talent_lock_holders(url: str) -> int:
    """How many sessions hold the talent projection's advisory lock on this database."""
    key = lock_key("talent") & 0xFFFF_FFFF_FFFF_FFFF  # pg_locks shows it as two oids
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            held = await conn.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                    " AND classid::text::bigint = :high AND objid::text::bigint = :low"
                    " AND objsubid = 1"
                ),
                {"high": key >> 32, "low": key & 0xFFFF_FFFF},
            )
    finally:
        await engine.dispose()
    return int(held or 0)


async def lock_taken(url: str) -> int:
    """The number of holders once someone holds the talent lock (bounded by `WAIT`)."""
    async with asyncio.timeout(WAIT):
        while True:
            holders = await talent_lock_holders(url)
            if holders:
                return holders
            await asyncio.sleep(0.1)


async def test_one_process_runs_the_talent_projection_and_both_serve_its_resumes(
    pair: Pair, clients: tuple[httpx.AsyncClient, httpx.AsyncClient]
) -> None:
    assert await lock_taken(pair.url) == 1
    contest = await new_contest(clients[0])
    await contest.accepted("r1", mark("c1", "wiring-faults", 0))
    await contest.accepted("organizer", command("end"))
    await contest.accepted("organizer", command("finalize"))
    for client in clients:
        resume = await resume_with(client, "w-1", contest.cid)
        assert resume["worker_id"] == "w-1"
    assert await talent_lock_holders(pair.url) == 1


async def resume_with(client: httpx.AsyncClient, worker_id: str, cid: str) -> dict[str, Any]:
    """The worker's resume once it lists contest `cid` (bounded by `WAIT`)."""
    async with asyncio.timeout(WAIT):
        while True:
            response = await client.get(f"/api/workers/{worker_id}/resume")
            if response.status_code == 200:
                resume: dict[str, Any] = response.json()
                if cid in [entry["contest_id"] for entry in resume["contests"]]:
                    return resume
            await asyncio.sleep(0.1)
