"""Shared fixtures: migrated databases on each backend, and an event store on them.

- `sqlite_url`: a migrated SQLite file under `tmp_path` (function scope).
- `postgres_url`: a fresh migrated PostgreSQL database, dropped afterwards. Needs
  JUDGING_TEST_POSTGRES_URL (any database on the server, e.g. `.../test`); skipped
  without it, and a failure instead of a skip when JUDGING_REQUIRE_POSTGRES=1.
- `database_url` (alias `db_url`): parametrized over both, so a test that takes it
  runs once per backend (ids `sqlite` and `postgres`, the latter marked `postgres`).
- `memory_url`: `memory://`, the in-memory store; `store_url` is parametrized over
  all three (ids `sqlite`, `postgres`, `memory`).
- `store`: an `EventStore` opened on `database_url`, closed afterwards (a module
  whose tests hold for every backend overrides it with `any_store`).
- `database_engine`: a SQLAlchemy engine on `database_url`, for tests that reach
  around the store (schema checks, tampering).
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import EventStore, migrate, open_store
from judging.store.engines import MEMORY_URL, backend_for
from scratch_database import scratch_database

# Property tests: no per-example deadline anywhere (CI machines are shared and slow),
# and in CI a fixed seed, so a red run is reproducible and never a roll of the dice.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

POSTGRES_ENV = "JUDGING_TEST_POSTGRES_URL"
REQUIRE_ENV = "JUDGING_REQUIRE_POSTGRES"
TEST_POLL_INTERVAL = 0.05  # subscribers' fallback poll in tests (seconds)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
STORE_BACKENDS = [*BACKENDS, "memory"]


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV}=1) but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _reachable(url: str) -> bool:
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), 3):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """JUDGING_TEST_POSTGRES_URL, once the server answers (else skip, or fail in CI)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        _unavailable(f"{POSTGRES_ENV} is not set")
    assert url is not None
    if not _reachable(url):
        _unavailable(f"the server of {POSTGRES_ENV} is unreachable")
    return url


@pytest.fixture
async def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'judging.db'}"
    await migrate(url)
    return url


@pytest.fixture
async def postgres_url(postgres_server_url: str) -> AsyncIterator[str]:
    async with scratch_database(postgres_server_url) as url:
        await migrate(url)
        yield url


@pytest.fixture
def memory_url() -> str:
    return MEMORY_URL


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def db_url(database_url: str) -> str:
    return database_url


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


async def opened_store(url: str) -> AsyncIterator[EventStore]:
    opened = await open_store(url, poll_interval=TEST_POLL_INTERVAL)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[EventStore]:
    async for opened in opened_store(database_url):
        yield opened


@pytest.fixture
async def any_store(store_url: str) -> AsyncIterator[EventStore]:
    async for opened in opened_store(store_url):
        yield opened


@pytest.fixture
async def database_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = backend_for(database_url).create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()
