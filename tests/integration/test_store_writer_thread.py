"""The SQLite log's writer thread (`sqlite_log.WriterThread`): one connection, calls in order."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from judging.store.sqlite_log import WriterThread


def connector(path: Path) -> WriterThread:
    return WriterThread(
        lambda: sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    )


async def test_calls_run_on_one_thread_with_one_connection(tmp_path: Path) -> None:
    writer = connector(tmp_path / "w.db")
    seen = [await writer.run(lambda db: (threading.get_ident(), id(db))) for _ in range(3)]
    assert len(set(seen)) == 1 and seen[0][0] != threading.get_ident()
    await writer.close()


async def test_an_error_reaches_its_caller_and_the_thread_goes_on(tmp_path: Path) -> None:
    writer = connector(tmp_path / "w.db")
    with pytest.raises(sqlite3.OperationalError):
        await writer.run(lambda db: db.execute("SELECT * FROM missing"))
    assert await writer.run(lambda db: db.execute("SELECT 1").fetchone()) == (1,)
    await writer.close()


async def test_a_cancelled_caller_leaves_the_work_done_and_the_thread_serving(
    tmp_path: Path,
) -> None:
    writer = connector(tmp_path / "w.db")
    await writer.run(lambda db: db.execute("CREATE TABLE t (n INTEGER)"))
    release = threading.Event()

    def slow_insert(db: sqlite3.Connection) -> None:
        release.wait(5)
        db.execute("INSERT INTO t VALUES (1)")

    waiting = asyncio.ensure_future(writer.run(slow_insert))
    await asyncio.sleep(0)
    waiting.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert await writer.run(lambda db: db.execute("SELECT n FROM t").fetchall()) == [(1,)]
    await writer.close()


async def test_close_ends_the_thread_and_a_later_call_starts_again(tmp_path: Path) -> None:
    writer = connector(tmp_path / "w.db")
    first = await writer.run(lambda db: threading.get_ident())
    await writer.close()
    assert not any(t.ident == first for t in threading.enumerate())
    assert await writer.run(lambda db: db.execute("SELECT 2").fetchone()) == (2,)
    await writer.close()
