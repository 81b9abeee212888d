"""End-to-end fixtures: one real server process per test module and backend.

- `e2e_database_url` (module scope, parametrized `sqlite` / `postgres`): an empty
  database for the server to migrate: a SQLite file, or a scratch PostgreSQL
  database dropped at the end of the module (skipped, or failed in CI, without one).
- `server`: a `ServerProcess` on it, started once per module and backend; tests
  share it and each works on its own contest (`e2e_contest.new_contest`).
- `client`: an `httpx.AsyncClient` on the server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from e2e_server import ServerProcess

from scratch_database import scratch_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

# The server's feed keepalive, short so that a test can see one without waiting long.
SERVER_ENV = {"JUDGING_FEED_KEEPALIVE_SECONDS": "0.5"}


@pytest.fixture(scope="module")
def postgres_e2e_url(postgres_server_url: str) -> Iterator[str]:
    """A scratch PostgreSQL database for one module's server, dropped afterwards (on a
    loop of its own: the tests' loops are per test)."""
    scratch = scratch_database(postgres_server_url, prefix="judging_e2e")
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        yield runner.run(scratch.__aenter__())
        runner.run(scratch.__aexit__(None, None, None))


@pytest.fixture(scope="module")
def sqlite_e2e_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('e2e-db') / 'judging.db'}"


@pytest.fixture(scope="module", params=BACKENDS)
def e2e_database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_e2e_url")
    return url


@pytest.fixture(scope="module")
def server(
    e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("server")
    process = ServerProcess(e2e_database_url, workdir, env=SERVER_ENV)
    process.start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
async def client(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as http:
        yield http
