"""The log on SQLite: one call per group on the writer's thread, aiosqlite for reads.

The writer task's groups go to one `sqlite3` connection on its own thread: BEGIN
IMMEDIATE (which serializes writers across processes), the head's move, the rows'
`executemany` and COMMIT are one call into that thread, where a bare aiosqlite
transaction would take three. Reads use the aiosqlite connections of the engine's
pool. (The recorded events are made by their callers after the commit: made while
COMMIT synced the file, they cost the thread more, waiting for the GIL, than they
saved.)

Rows are stored as SQLAlchemy's SQLite types store them (the schema's contract with
migrations and `judging verify`), which is the form a plan writes them in
(`rows.Row`): the event id as 32 hex digits, `recorded_at` as naive UTC text.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar, cast

import aiosqlite
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.collector import paused_collector
from judging.store.event_log import COLUMNS, IN_CHUNK, STREAM_ROW_COLUMNS, Planner, stream_rows
from judging.store.events import RecordedEvent, StreamRow, recorded_event
from judging.store.planning import GroupPlan
from judging.store.rows import Row, parse_time, parse_uuid, stored_row
from judging.store.schema import StoredRow

INSERT = f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
MOVE_HEAD = "UPDATE log_head SET position = ?, hash = ? WHERE id = 1 AND position = ?"
HEAD = "SELECT position, hash FROM log_head WHERE id = 1"
# Reads serve what the head covers: a row stored beyond it was never appended.
WITHIN_HEAD = "position <= (SELECT position FROM log_head WHERE id = 1)"
PAGE = (
    f"SELECT {COLUMNS} FROM events WHERE position > ? AND {WITHIN_HEAD} ORDER BY position LIMIT ?"
)
EVERY_ROW = f"SELECT {COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?"


def _stream(columns: str, *, up_to: bool) -> str:
    """A stream's rows after a version (and up to a position), as the head covers them."""
    until = "AND position <= ? " if up_to else ""
    return (
        f"SELECT {columns} FROM events WHERE stream_id = ? AND stream_version > ? "
        f"{until}AND {WITHIN_HEAD} ORDER BY stream_version"
    )


STREAM, STREAM_UP_TO = _stream(COLUMNS, up_to=False), _stream(COLUMNS, up_to=True)
STREAM_ROWS = _stream(STREAM_ROW_COLUMNS, up_to=False)
STREAM_ROWS_UP_TO = _stream(STREAM_ROW_COLUMNS, up_to=True)
_T = TypeVar("_T")


class WriterThread:
    """One `sqlite3` connection, opened on first use and used only on its own thread.

    A call goes to the thread through a queue and its outcome comes back through the
    event loop's `call_soon_threadsafe`: one wake-up each way, without an executor's
    pair of chained futures (their Python cost the writer task as much per group as
    the hashing of 10 events). The thread is a daemon: a process that exits without
    closing the store ends it like a crash, which SQLite's transactions survive.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._db: sqlite3.Connection | None = None
        self._calls: queue.SimpleQueue[_Call[Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def run(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve, name="event-store-writer", daemon=True
            )
            self._thread.start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_T] = loop.create_future()
        self._calls.put((work, loop, future))
        return await future

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            work, loop, future = call
            outcome: tuple[Any, Exception | None]
            try:
                if self._db is None:
                    self._db = self._connect()
                outcome = (work(self._db), None)
            except Exception as error:
                outcome = (None, error)
            with contextlib.suppress(RuntimeError):  # the loop is closed: no one waits
                loop.call_soon_threadsafe(_settle, future, *outcome)

    async def close(self) -> None:
        if self._thread is not None:
            await self.run(_close)
            self._db = None
            self._calls.put(None)
            self._thread.join()  # at once: the thread has nothing left to do
            self._thread = None


_Call = tuple[Callable[[sqlite3.Connection], _T], asyncio.AbstractEventLoop, asyncio.Future[_T]]


def _settle(future: asyncio.Future[Any], result: Any, error: Exception | None) -> None:
    if future.cancelled():  # the caller gave up waiting; the work is done all the same
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class SqliteLog:
    """`EventLog` on SQLite: a writer thread, and the engine's pool for reads."""

    def __init__(self, engine: AsyncEngine, connect: Callable[[], sqlite3.Connection]) -> None:
        self._engine = engine
        self._writer = WriterThread(connect)

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._engine.connect() as conn:
            raw = await conn.get_raw_connection()
            db = raw.driver_connection
            assert isinstance(db, aiosqlite.Connection)
            yield db

    async def append_at(self, plan: GroupPlan, expected_head: int) -> bool:
        rows, head = plan.rows, (plan.head_position, plan.head_hash)
        return await self._writer.run(lambda db: _append_at(db, rows, head, expected_head))

    async def append_locked(
        self, ids: Sequence[uuid.UUID], stream_ids: Sequence[str], planner: Planner
    ) -> tuple[tuple[int, str], GroupPlan]:
        return await self._writer.run(lambda db: _append_locked(db, ids, stream_ids, planner))

    async def read_all(self, after: int, limit: int) -> list[RecordedEvent]:
        async with self._connection() as db:
            rows = await db.execute_fetchall(PAGE, (after, limit))
        return _events(rows)

    async def read_stream(
        self, stream_id: str, after_version: int, up_to: int | None = None
    ) -> list[RecordedEvent]:
        async with self._connection() as db:
            if up_to is None:
                rows = await db.execute_fetchall(STREAM, (stream_id, after_version))
            else:
                rows = await db.execute_fetchall(STREAM_UP_TO, (stream_id, after_version, up_to))
        return _events(rows)

    async def read_stream_rows(
        self, stream_id: str, after_version: int, up_to: int | None = None
    ) -> list[StreamRow]:
        async with self._connection() as db:
            if up_to is None:
                rows = await db.execute_fetchall(STREAM_ROWS, (stream_id, after_version))
            else:
                query, args = STREAM_ROWS_UP_TO, (stream_id, after_version, up_to)
                rows = await db.execute_fetchall(query, args)
        return stream_rows(rows)

    async def stored_after(
        self, after: int, limit: int, *, beyond_head: bool = False
    ) -> list[StoredRow]:
        async with self._connection() as db:
            rows = await db.execute_fetchall(EVERY_ROW if beyond_head else PAGE, (after, limit))
        return [stored_row(row) for row in cast(list[Row], rows)]

    async def head(self) -> tuple[int, str]:
        async with self._connection() as db:
            [(position, hash_)] = await db.execute_fetchall(HEAD)
        return int(position), str(hash_)

    async def close(self) -> None:
        await self._writer.close()


# -- on the writer's thread -----------------------------------------------------------


def _append_at(
    db: sqlite3.Connection, rows: list[Row], head: tuple[int, str], expected: int
) -> bool:
    try:
        with _immediate(db):
            if db.execute(MOVE_HEAD, (*head, expected)).rowcount != 1:
                raise _Moved
            db.executemany(INSERT, rows)
    except (_Moved, sqlite3.IntegrityError):
        return False
    return True


def _append_locked(
    db: sqlite3.Connection, ids: Sequence[uuid.UUID], stream_ids: Sequence[str], planner: Planner
) -> tuple[tuple[int, str], GroupPlan]:
    with _immediate(db):
        [(position, hash_)] = db.execute(HEAD).fetchall()
        head = (int(position), str(hash_))
        stored = {row.event_id: row for row in _stored(db, ids)}
        plan = planner(head, stored, dict.fromkeys(stream_ids, 0) | _versions(db, stream_ids))
        if plan.rows:
            db.execute(MOVE_HEAD, (plan.head_position, plan.head_hash, head[0]))
            db.executemany(INSERT, plan.rows)
    return head, plan


class _Moved(Exception):
    """The head is not where the plan started: nothing written."""


@contextmanager
def _immediate(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT; ROLLBACK on any error (of the work or of COMMIT)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _stored(db: sqlite3.Connection, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
    found: list[StoredRow] = []
    for chunk in _chunks(ids):
        query = f"SELECT {COLUMNS} FROM events WHERE event_id IN ({_marks(chunk)})"
        found += map(stored_row, db.execute(query, [i.hex for i in chunk]))
    return found


def _versions(db: sqlite3.Connection, stream_ids: Sequence[str]) -> dict[str, int]:
    versions: dict[str, int] = {}
    for chunk in _chunks(stream_ids):
        query = (
            "SELECT stream_id, max(stream_version) FROM events "
            f"WHERE stream_id IN ({_marks(chunk)}) GROUP BY stream_id"
        )
        versions.update((str(s), int(v)) for s, v in db.execute(query, chunk))
    return versions


def _close(db: sqlite3.Connection) -> None:
    db.close()


# -- rows -----------------------------------------------------------------------------


def _event(row: Any) -> RecordedEvent:  # a sqlite3 row: a tuple (no row factory is set)
    position, stream_id, version, event_id, type_, data, metadata, at, prev_hash, hash_ = row
    return recorded_event(
        position,
        stream_id,
        version,
        parse_uuid(event_id),
        type_,
        _loads(data),
        _loads(metadata),
        parse_time(at),
        prev_hash,
        hash_,
    )


_loads = orjson.loads


def _events(rows: Iterable[Any]) -> list[RecordedEvent]:
    """The rows as events, built with the cyclic collector paused (a long stream's
    hundreds of thousands of objects made half the read's time in its collections)."""
    with paused_collector():
        return [_event(row) for row in rows]


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), IN_CHUNK):
        yield items[start : start + IN_CHUNK]


def _marks(chunk: Sequence[Any]) -> str:
    return ", ".join("?" * len(chunk))
