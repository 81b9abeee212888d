"""Throw-away PostgreSQL databases, for tests and benchmarks."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


async def _execute(server_url: str, statement: str) -> None:
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


def _database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(server_url: str, name: str) -> None:
    await _execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def scratch_database(
    server_url: str, prefix: str = "judging_t", template: str | None = None
) -> AsyncIterator[str]:
    """Create an empty database on the server of `server_url` (a copy of `template`
    when given); yield its URL; drop it.

    `server_url` names any database the user may connect to (e.g. `.../test`).
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copied = f' TEMPLATE "{template}"' if template else ""
    await _execute(server_url, f'CREATE DATABASE "{name}"{copied}')
    try:
        yield _database_url(server_url, name)
    finally:
        await drop_database(server_url, name)


async def template_database(
    server_url: str, fill: Callable[[str], Awaitable[None]], prefix: str = "judging_tpl"
) -> str:
    """Create a database, `fill` it (given its URL), and return its name, for
    `scratch_database(..., template=name)` to copy. The caller drops it; `fill` must
    leave no connection open (a template in use cannot be copied)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    await _execute(server_url, f'CREATE DATABASE "{name}"')
    try:
        await fill(_database_url(server_url, name))
    except BaseException:
        await drop_database(server_url, name)
        raise
    return name
