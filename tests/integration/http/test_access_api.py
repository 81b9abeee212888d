"""Referees' and screens' tokens: issued once, hashed in the access stream, scoped."""

from __future__ import annotations

import asyncio
import hashlib

import httpx
import pytest
import yaml
from fastapi import FastAPI
from service_api import (
    ADMIN,
    ADMIN_TOKEN,
    CID,
    EXAMPLE_YAML,
    REFEREES,
    bearer,
    command,
    mark,
    prepare,
    send,
)
from service_asgi import websocket

from judging.http.app import create_app
from judging.settings import Settings


@pytest.fixture
def service_db_url(database_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL."""
    return database_url


async def test_each_referee_gets_a_token_stored_only_as_a_hash(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    assert set(tokens) == {r["id"] for r in REFEREES}
    store = client._transport.app.state.services.store  # type: ignore[attr-defined]
    grants = await store.read_stream("access")
    stored = str([(e.data, e.metadata) for e in grants])
    for token in tokens.values():
        assert token not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored


async def test_re_registering_a_referee_revokes_the_old_token(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    response = await client.post(f"/api/contests/{CID}/referees", json=REFEREES[:1], headers=ADMIN)
    [again] = response.json()
    assert again["id"] == "r1"
    assert again["token"] != tokens["r1"]
    old = await client.post(
        f"/api/contests/{CID}/commands", json=mark(), headers=bearer(tokens["r1"])
    )
    assert (old.status_code, old.json()["code"]) == (401, "invalid_token")
    [result] = await send(client, again["token"], mark())
    assert result["status"] == "accepted"


async def test_only_an_organizer_registers_referees(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    url = f"/api/contests/{CID}/referees"
    response = await client.post(url, json=REFEREES, headers=bearer(tokens["chief"]))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


async def test_a_screen_token_reads_but_sends_no_commands(client: httpx.AsyncClient) -> None:
    await prepare(client)
    url = f"/api/contests/{CID}/tokens"
    response = await client.post(url, json={"role": "screen"}, headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert body["subject_id"] == "screen-1"
    screen = bearer(body["token"])
    assert (await client.get(f"/api/contests/{CID}", headers=screen)).status_code == 200
    sent = await client.post(f"/api/contests/{CID}/commands", json=mark(), headers=screen)
    assert (sent.status_code, sent.json()["code"]) == (403, "forbidden")
    second = await client.post(url, json={"role": "screen"}, headers=ADMIN)
    assert second.json()["subject_id"] == "screen-2"


async def test_only_screen_tokens_are_issued_there(client: httpx.AsyncClient) -> None:
    await prepare(client)
    url = f"/api/contests/{CID}/tokens"
    response = await client.post(url, json={"role": "organizer"}, headers=ADMIN)
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


async def test_a_token_of_another_contest_is_403(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    other = yaml.safe_load(EXAMPLE_YAML) | {"id": "other"}
    assert (await client.post("/api/contests", json=other, headers=ADMIN)).status_code == 201
    response = await client.post(
        "/api/contests/other/commands", json=mark(), headers=bearer(tokens["r1"])
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    read = await client.get("/api/contests/other", headers=bearer(tokens["r1"]))
    assert read.status_code == 403


async def test_a_malformed_authorization_header_is_401(client: httpx.AsyncClient) -> None:
    for header in ("Basic abc", "Bearer", "Bearer " + "x" * 1000, "token"):
        response = await client.get("/api/contests", headers={"Authorization": header})
        assert (response.status_code, response.json()["code"]) == (401, "invalid_token")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_the_admin_token_is_an_organizer(client: httpx.AsyncClient) -> None:
    await prepare(client)
    [result] = await send(client, ADMIN_TOKEN, command("freeze"))
    assert result["status"] == "accepted"


async def test_an_organizer_revokes_a_lost_tablets_token(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    url = f"/api/contests/{CID}/tokens/r1"
    refused = await client.delete(url, headers=bearer(tokens["chief"]))
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")

    response = await client.delete(url, headers=ADMIN)
    assert response.status_code == 200
    assert response.json() == {"revoked": 1}
    old = await client.post(
        f"/api/contests/{CID}/commands", json=mark(), headers=bearer(tokens["r1"])
    )
    assert (old.status_code, old.json()["code"]) == (401, "invalid_token")

    again = await client.delete(url, headers=ADMIN)
    assert (again.status_code, again.json()["code"]) == (404, "unknown_token")
    [reissued] = (
        await client.post(f"/api/contests/{CID}/referees", json=REFEREES[:1], headers=ADMIN)
    ).json()
    [result] = await send(client, reissued["token"], mark())
    assert result["status"] == "accepted"


async def test_screens_named_at_once_by_two_processes_get_different_ids(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    await prepare(client)
    other = create_app(settings)  # a second process on the same database
    async with (
        other.router.lifespan_context(other),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=other), base_url="http://b") as b,
    ):
        url = f"/api/contests/{CID}/tokens"
        await b.get(f"/api/contests/{CID}", headers=ADMIN)  # b has read the access stream
        issued = await asyncio.gather(
            *(c.post(url, json={"role": "screen"}, headers=ADMIN) for c in (client, b) * 3)
        )
    subjects = [response.json()["subject_id"] for response in issued]
    assert sorted(subjects) == [f"screen-{n}" for n in range(1, 7)]


async def test_a_revoked_screens_id_is_not_given_to_the_next_screen(
    client: httpx.AsyncClient,
) -> None:
    await prepare(client)
    url = f"/api/contests/{CID}/tokens"
    for _ in range(2):
        await client.post(url, json={"role": "screen"}, headers=ADMIN)
    assert (await client.delete(f"{url}/screen-1", headers=ADMIN)).json() == {"revoked": 1}
    third = await client.post(url, json={"role": "screen"}, headers=ADMIN)
    assert third.json()["subject_id"] == "screen-3"


async def test_failed_authentications_are_limited_per_address(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    statuses = []
    for n in range(30):
        response = await client.get("/api/me", headers=bearer(f"guess-{n}"))
        statuses.append(response.status_code)
    assert statuses[:20] == [401] * 20  # a burst of failures, then held off
    assert set(statuses[20:]) == {429}
    held = await client.get("/api/me", headers=bearer("guess-again"))
    assert held.json()["code"] == "too_many_attempts"
    assert 1 <= int(held.headers["retry-after"]) <= 5
    valid = await client.get("/api/me", headers=bearer(tokens["r1"]))
    assert valid.status_code == 200  # tablets behind the same address keep working
    assert (await client.get("/api/me")).status_code == 200  # and so does the public
    async with websocket(app, f"/ws/contests/{CID}/standings", {"token": "guess"}) as ws:
        assert (await ws.closed()).code == 4429


async def test_another_address_is_not_held_off(app: FastAPI, client: httpx.AsyncClient) -> None:
    await prepare(client)
    for n in range(25):
        await client.get("/api/me", headers=bearer(f"guess-{n}"))
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as other:
        response = await other.get("/api/me", headers=bearer("guess"))
    assert (response.status_code, response.json()["code"]) == (401, "invalid_token")
