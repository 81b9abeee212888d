"""Two API processes on one database: the expected version keeps their caches honest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from service_api import command, mark, prepare, send

from judging.http.app import create_app
from judging.settings import Settings


@pytest.fixture
def service_db_url(database_url: str) -> str:
    return database_url


@pytest.fixture
async def other_client(settings: Settings, app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A second app (another process) on the same database."""
    other: FastAPI = create_app(settings)
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://other") as http:
            yield http


async def test_each_process_sees_the_others_commands(
    client: httpx.AsyncClient, other_client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    await other_client.get("/api/contests/yrd-electricians")  # warm the other cache
    body = mark()
    [first] = await send(client, tokens["r1"], body)
    [again] = await send(other_client, tokens["r1"], body)
    assert again == {**first, "status": "duplicate"}
    [fresh] = await send(other_client, tokens["r1"], mark(aspect="wiring-faults", value=0))
    assert fresh["status"] == "accepted"
    assert fresh["position"] > first["position"]


async def test_racing_processes_never_lose_or_double_a_command(
    client: httpx.AsyncClient, other_client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    await other_client.get("/api/contests/yrd-electricians")
    same = mark()
    bodies = [(client, same), (other_client, same)]
    bodies += [(c, mark(contestant=cid)) for c, cid in ((client, "c1"), (other_client, "c2"))]
    bodies[2] = (client, command("impose_penalty", contestant_id="c1", penalty_id="safety"))
    results = await asyncio.gather(*(send(c, tokens["r1"], b) for c, b in bodies))
    statuses = sorted(r[0]["status"] for r in results[:2])
    assert statuses == ["accepted", "duplicate"]
    assert results[0][0]["position"] == results[1][0]["position"]
    assert [r[0]["status"] for r in results[2:]] == ["accepted", "accepted"]
