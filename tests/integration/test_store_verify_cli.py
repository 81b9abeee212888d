"""`judging verify` on an intact log, and on logs tampered with through raw SQL."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from judging.cli import main
from judging.store import EventStore, NewEvent

Tamper = Callable[[AsyncConnection], Awaitable[None]]
SET_DATA = sa.text("UPDATE events SET data = :data WHERE position = :position")


async def fill(store: EventStore, count: int = 6) -> None:
    for n in range(count):
        await store.append(f"s-{n % 2}", [NewEvent(uuid.uuid4(), "marked", {"n": n}, {"by": "r"})])


async def verify(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = await asyncio.to_thread(main, ["verify", "--db", url, "--page-size", "2"])
    return code, capsys.readouterr().out


async def change_data(conn: AsyncConnection) -> None:
    await conn.execute(SET_DATA, {"data": '{"n":999}', "position": 3})


async def delete_event(conn: AsyncConnection) -> None:
    await conn.execute(sa.text("DELETE FROM events WHERE position = 3"))


async def swap_contents(conn: AsyncConnection) -> None:
    """Swap the type, data and metadata of positions 3 and 5."""
    query = sa.text("SELECT position, type, data, metadata FROM events WHERE position IN (3, 5)")
    rows = {row.position: row for row in await conn.execute(query)}
    update = sa.text("UPDATE events SET type = :t, data = :d, metadata = :m WHERE position = :p")
    for position, other in ((3, 5), (5, 3)):
        source = rows[other]
        params = {"t": source.type, "d": source.data, "m": source.metadata, "p": position}
        await conn.execute(update, params)


async def reformat_data(conn: AsyncConnection) -> None:
    """Same JSON value, other bytes: the stored text is what is hashed."""
    await conn.execute(SET_DATA, {"data": '{"n": 2}', "position": 3})


async def truncate_tail(conn: AsyncConnection) -> None:
    await conn.execute(sa.text("DELETE FROM events WHERE position = 6"))


async def test_intact_log_verifies(
    store: EventStore, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await fill(store)
    [last] = await store.read_all(after=5)
    code, out = await verify(database_url, capsys)
    assert code == 0
    assert out.strip() == f"OK: 6 events, head hash {last.hash}"


async def test_empty_log_verifies(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = await verify(database_url, capsys)
    assert (code, out.strip()) == (0, f"OK: 0 events, head hash {'0' * 64}")


@pytest.mark.parametrize(
    ("tamper", "position"),
    [
        (change_data, 3),
        (delete_event, 3),
        (swap_contents, 3),
        (reformat_data, 3),
        (truncate_tail, 6),
    ],
)
async def test_tampered_log_names_the_first_broken_position(
    store: EventStore,
    database_url: str,
    database_engine: AsyncEngine,
    capsys: pytest.CaptureFixture[str],
    tamper: Tamper,
    position: int,
) -> None:
    await fill(store)
    async with database_engine.begin() as conn:
        await tamper(conn)
    code, out = await verify(database_url, capsys)
    assert code == 1
    assert out.startswith(f"BROKEN at position {position}:")


def test_verify_command_in_a_process(sqlite_url: str) -> None:
    judging = Path(sys.executable).with_name("judging")
    done = subprocess.run(
        [str(judging), "verify", "--db", sqlite_url], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.split(":")[0]) == (0, "OK")


def test_migrate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new' / 'judging.db'}"
    assert main(["migrate", "--db", url]) == 0
    assert main(["migrate", "--db", url]) == 0
    assert "Migrated" in capsys.readouterr().out
    assert main(["verify", "--db", url]) == 0
