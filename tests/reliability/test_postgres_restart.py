"""A PostgreSQL outage under two server processes: they recover on their own.

Both servers reach PostgreSQL through `PgProxy`, which drops every session and
refuses connections for a few seconds: to the servers, exactly a database restart,
without disturbing anyone else's use of the machine's PostgreSQL. With
`JUDGING_RELIABILITY_PG_RESTART=1` the machine's PostgreSQL itself is restarted
instead (`pg_ctlcluster ... restart`; it ends every session on the machine).

The fallback poll is set to 30 s, so an update that arrives within seconds came by
LISTEN/NOTIFY. The test proves:

- while the database is away, commands are answered 503 with `Retry-After` (never
  500), and what is in memory is still served;
- afterwards commands are accepted again, and a screen on either server gets the
  update of a command sent to the other within seconds: LISTEN resumed on both;
- exactly one process holds each persisted projection's lock (talent, catalog) and
  the checkpoints' lock; nothing fails in either server's log;
- no screen update is missed: each screen's last board equals the other server's.

Short in CI (one outage); `JUDGING_LONG_RELIABILITY=1` for five.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import sqlalchemy as sa
from pg_proxy import PgProxy
from referee_load import command, random_command, setup_contest
from server_process import ADMIN, ServerProcess
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from websockets.asyncio.client import ClientConnection, connect

from judging.store.locks import lock_key

pytestmark = [pytest.mark.reliability, pytest.mark.postgres]

LONG = os.environ.get("JUDGING_LONG_RELIABILITY") == "1"
OUTAGES = 5 if LONG else 1
REAL_RESTART = os.environ.get("JUDGING_RELIABILITY_PG_RESTART") == "1"
OUTAGE_SECONDS = 3.0
PROMPT = 8.0  # seconds: an update by NOTIFY arrives well within; the poll takes 30
LOCKS = ("talent", "catalog", "log-checkpoints")
HOLDERS = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND classid::bigint = :high AND objid::bigint = :low"
)


class Screen:
    """A public standings websocket: the last board it received."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.last: dict[str, Any] = {}
        self.updates = 0

    async def until(self, position: int, within: float) -> dict[str, Any]:
        """Frames until the board shows `position` (or later); TimeoutError after `within`."""
        async with asyncio.timeout(within):
            while self.last.get("position", 0) < position:
                frame = orjson.loads(await self.connection.recv())
                if frame["type"] in ("snapshot", "update"):
                    self.last = frame["data"]
                    self.updates += 1
        return self.last


@asynccontextmanager
async def screen(server: ServerProcess, cid: str) -> AsyncIterator[Screen]:
    url = f"ws://127.0.0.1:{server.port}/ws/contests/{cid}/standings?view=public"
    async with connect(url, open_timeout=10) as connection:
        watcher = Screen(connection)
        await watcher.until(1, PROMPT)
        yield watcher


async def accepted(
    client: httpx.AsyncClient, cid: str, headers: dict[str, str], body: dict[str, Any]
) -> int:
    """Send until accepted, honouring 503 and Retry-After; never a 500."""
    for _ in range(120):
        try:
            answer = await client.post(f"/api/contests/{cid}/commands", json=body, headers=headers)
        except httpx.HTTPError:
            await asyncio.sleep(0.5)
            continue
        assert answer.status_code in (200, 503), answer.text
        if answer.status_code == 503:
            await asyncio.sleep(float(answer.headers["retry-after"]))
            continue
        [result] = answer.json()["results"]
        assert result["status"] in ("accepted", "duplicate"), result
        position: int = result["position"]
        return position
    raise AssertionError("the command was never accepted")


async def holders(url: str, name: str) -> int:
    key = lock_key(name) & 0xFFFF_FFFF_FFFF_FFFF
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            query = sa.text(HOLDERS)
            count = await conn.scalar(query, {"high": key >> 32, "low": key & 0xFFFF_FFFF})
            return int(count or 0)
    finally:
        await engine.dispose()


async def one_holder_each(url: str) -> None:
    """Every lock has exactly one holder, and keeps it (sampled for two seconds)."""
    for _ in range(100):
        if [await holders(url, name) for name in LOCKS] == [1] * len(LOCKS):
            break
        await asyncio.sleep(0.2)
    for _ in range(5):
        assert [await holders(url, name) for name in LOCKS] == [1] * len(LOCKS)
        await asyncio.sleep(0.4)


async def outage(proxy: PgProxy, client: httpx.AsyncClient, cid: str, referee: Any) -> int:
    """Take the database away; the statuses a command got meanwhile (503s counted)."""
    if REAL_RESTART:
        cluster = os.listdir("/etc/postgresql")[0]
        restart = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"]
        task = asyncio.create_task(asyncio.to_thread(subprocess.run, restart, check=True))
    else:
        await proxy.down()
    unavailable = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + OUTAGE_SECONDS
    while loop.time() < deadline:
        try:
            answer = await client.post(
                f"/api/contests/{cid}/commands", json=random_command_body(), headers=referee
            )
        except httpx.HTTPError:
            continue
        assert answer.status_code in (200, 503), answer.text
        if answer.status_code == 503:
            assert int(answer.headers["retry-after"]) > 0
            assert answer.json()["code"] == "database_unavailable"
            unavailable += 1
        await asyncio.sleep(0.2)
    if REAL_RESTART:
        await task
    else:
        await proxy.up()
    return unavailable


def random_command_body() -> dict[str, Any]:
    return random_command(random.Random())


async def test_two_servers_through_a_database_outage(postgres_url: str, tmp_path: Path) -> None:
    proxy = PgProxy(postgres_url)
    await proxy.up()
    env = {"JUDGING_POLL_SECONDS": "30"}
    servers = [ServerProcess(proxy.url(), _dir(tmp_path, n), env) for n in ("a", "b")]
    figures: list[str] = []
    try:
        for server in servers:
            await server.start()
        a, b = servers
        cid = f"pg-{uuid.uuid4().hex[:8]}"
        async with (
            httpx.AsyncClient(base_url=a.base_url, timeout=10) as to_a,
            httpx.AsyncClient(base_url=b.base_url, timeout=10) as to_b,
        ):
            referee = await setup_contest(to_a, cid)
            async with screen(a, cid) as on_a, screen(b, cid) as on_b:
                await on_b.until(await accepted(to_a, cid, referee, random_command_body()), PROMPT)
                await one_holder_each(postgres_url)
                for n in range(OUTAGES):
                    unavailable = await outage(proxy, to_a, cid, referee)
                    if not REAL_RESTART:
                        assert unavailable > 0  # the database was away: 503s, not 500s
                    # LISTEN resumed on both: a command to one reaches the other's screen.
                    position = await accepted(to_a, cid, referee, random_command_body())
                    await on_b.until(position, PROMPT)
                    position = await accepted(to_b, cid, referee, random_command_body())
                    await on_a.until(position, PROMPT)
                    await one_holder_each(postgres_url)
                    figures.append(f"outage {n + 1}: {unavailable} answers 503")
                last = await accepted(to_a, cid, ADMIN, command("end"))
                for watcher in (on_a, on_b):
                    board = await watcher.until(last, PROMPT)
                    served = await to_a.get(f"/api/contests/{cid}/standings")
                    assert board == served.json()  # no screen update missed
            assert (await to_b.get("/api/contests")).status_code == 200
    finally:
        for server in servers:
            await server.stop()
        await proxy.down()
    for server in servers:
        text = server.log_text()
        assert "Traceback" not in text, text[-4000:]
        assert "failed at position" not in text, text[-4000:]
    kind = "PostgreSQL restarted" if REAL_RESTART else "proxy outage"
    print(f"\n{kind} x{OUTAGES}, two servers: " + "; ".join(figures))


def _dir(root: Path, name: str) -> Path:
    path = root / name
    path.mkdir()
    return path
