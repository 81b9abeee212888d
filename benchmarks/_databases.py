"""Where a benchmark writes: a throw-away SQLite file or PostgreSQL database.

Not a benchmark itself (its name starts with `_`): `judging bench` puts this folder
on the import path, so a benchmark module says `from _databases import ...`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url

Databases = Callable[[], AbstractAsyncContextManager[str]]  # yields a database URL


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite+aiosqlite:///{tmp}/bench.db"


def postgres_databases(server_url: str) -> Databases:
    """Each call: an empty database on the server of `server_url`, dropped afterwards."""

    @asynccontextmanager
    async def scratch() -> AsyncIterator[str]:
        name = f"judging_bench_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(libpq_dsn(server_url))
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
            try:
                yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
            finally:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    return scratch


def postgres_server(args: argparse.Namespace) -> str | None:
    """The PostgreSQL server to measure on: `--db` when it is one, else
    JUDGING_TEST_POSTGRES_URL (None: SQLite only)."""
    given: str | None = getattr(args, "db", None)
    if given and make_url(given).get_backend_name() == "postgresql":
        return given
    return os.environ.get("JUDGING_TEST_POSTGRES_URL")


def libpq_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
