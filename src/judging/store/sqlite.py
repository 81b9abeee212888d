"""SQLite: WAL, a busy timeout, and writers serialized with BEGIN IMMEDIATE.

pysqlite's own transaction handling is switched off (`isolation_level=None`) and
SQLAlchemy's "begin" event emits BEGIN itself: IMMEDIATE on the writer engine
(which takes the write lock up front), DEFERRED for readers.

Durability: the event log's writer connection commits with `synchronous=FULL` (a
commit is on disk when `append` returns). The engine's pool serves reads and the
projections' units of work (their rows, checkpoints and snapshots: data derived from
the log), which commit with `synchronous=NORMAL`: in WAL mode a crash can only roll
back such a transaction as a whole, rows and checkpoint together, so the projection
applies those events again; it never sees them twice or half. Each log commit's
sync covers the projections' frames written before it. A command on a running
contest waited behind one sync per persisted projection before.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from judging.store.backend import Backend
from judging.store.event_log import EventLog
from judging.store.sqlite_log import SqliteLog

BUSY_TIMEOUT_S = 30
WRITER_OPTION = "judging_sqlite_writer"
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}",
    "PRAGMA synchronous=FULL",
)
DERIVED_SYNC = "PRAGMA synchronous=NORMAL"  # the pool: reads and derived data only


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in (*PRAGMAS, DERIVED_SYNC):
        cursor.execute(pragma)
    cursor.close()


def _writer_connection(engine: AsyncEngine) -> sqlite3.Connection:
    """A plain sqlite3 connection to the engine's database, set up like the pool's."""
    [database], options = engine.dialect.create_connect_args(engine.url)
    db = sqlite3.connect(
        str(database),
        isolation_level=None,
        timeout=BUSY_TIMEOUT_S,
        check_same_thread=False,
        uri=bool(options.get("uri", False)),
    )
    for pragma in PRAGMAS:
        db.execute(pragma)
    return db


def _on_begin(conn: Connection) -> None:
    writer = conn.get_execution_options().get(WRITER_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _listened(engine: AsyncEngine) -> AsyncEngine:
    event.listen(engine.sync_engine, "connect", _on_connect)
    event.listen(engine.sync_engine, "begin", _on_begin)
    return engine


class SqliteBackend(Backend):
    name = "sqlite"
    one_writer = True

    def create_engine(self, url: str) -> AsyncEngine:
        engine = create_async_engine(
            url,
            connect_args={"isolation_level": None, "timeout": BUSY_TIMEOUT_S},
            pool_reset_on_return=None,  # every transaction ends itself (no extra ROLLBACK)
        )
        return _listened(engine)

    def create_memory_engine(self) -> AsyncEngine:
        """A private in-memory database on one connection (callers take turns on it)."""
        engine = create_async_engine(
            "sqlite+aiosqlite://", poolclass=StaticPool, connect_args={"isolation_level": None}
        )
        return _listened(engine)

    def event_log(self, engine: AsyncEngine) -> EventLog:
        return SqliteLog(engine, functools.partial(_writer_connection, engine))

    def writer(self, engine: AsyncEngine) -> AsyncEngine:
        return engine.execution_options(**{WRITER_OPTION: True})

    def prepare(self, url: str) -> None:
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
