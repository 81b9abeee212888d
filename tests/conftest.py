"""Shared fixtures: migrated databases on each backend, and an event store on them.

- `sqlite_url`: a migrated SQLite file under `tmp_path` (function scope).
- `postgres_url`: a fresh migrated PostgreSQL database, dropped afterwards. Needs
  JUDGING_TEST_POSTGRES_URL (any database on the server, e.g. `.../test`); skipped
  without it, and a failure instead of a skip when JUDGING_REQUIRE_POSTGRES=1.
- Both are copies of a database migrated once per session (a SQLite file copied, a
  PostgreSQL `CREATE DATABASE ... TEMPLATE`): each test still gets a fresh database
  at the head revision, without paying for the ten migrations each time (about
  0.6 s a test on PostgreSQL, 0.1 s on SQLite, on the 2-core CI machine).
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

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import EventStore, migrate, open_store
from judging.store.engines import MEMORY_URL, backend_for
from scratch_database import drop_database, scratch_database, template_database

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


def run_aside(work: Callable[[], Coroutine[Any, Any, object]]) -> None:
    """Run a coroutine to completion on a loop of its own in another thread: session
    fixtures are set up from inside other tests' loops (and Playwright's)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, work()).result()


def sqlite_file_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once, closed (its WAL folded back), for tests to copy."""
    path = tmp_path_factory.mktemp("template") / "judging.db"
    run_aside(lambda: migrate(sqlite_file_url(path)))
    return path


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path) -> str:
    folder = tmp_path_factory.mktemp("db")
    for sibling in migrated_sqlite_file.parent.glob(f"{migrated_sqlite_file.name}*"):
        shutil.copyfile(sibling, folder / sibling.name)  # the file, and a -wal if any
    return sqlite_file_url(folder / migrated_sqlite_file.name)


@pytest.fixture(scope="session")
def migrated_postgres_template(postgres_server_url: str) -> Iterator[str]:
    """The name of a PostgreSQL database migrated once, the template of `postgres_url`'s;
    dropped at the end of the session."""
    names: list[str] = []

    async def create() -> None:
        names.append(await template_database(postgres_server_url, migrate))

    run_aside(create)
    yield names[0]
    run_aside(lambda: drop_database(postgres_server_url, names[0]))


@pytest.fixture
async def postgres_url(
    postgres_server_url: str, migrated_postgres_template: str
) -> AsyncIterator[str]:
    async with scratch_database(postgres_server_url, template=migrated_postgres_template) as url:
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
