from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from judging.store import EventStore, migrate, open_store

PG = os.environ.get(
    "JUDGING_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


async def _pg_url() -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(PG, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(sa.text(f"CREATE DATABASE {name}"))
    await engine.dispose()
    return PG.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgres"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    else:
        url = await _pg_url()
    await migrate(url)
    return url


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[EventStore]:
    s = await open_store(db_url, poll_interval=0.05)
    yield s
    await s.close()
