"""The CLICS-style event feed: ndjson lines, resume by token, streaming, keepalives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from service_api import ADMIN, ADMIN_TOKEN, CID, bearer, mark, prepare, send
from service_asgi import stream_get

from judging.live.event_feed import encode_token
from judging.settings import Settings

FEED = f"/api/contests/{CID}/event-feed"


@pytest.fixture
def settings(tmp_path: Path, service_db_url: str) -> Settings:
    return Settings(
        database_url=service_db_url,
        data_dir=tmp_path,
        admin_token=ADMIN_TOKEN,
        feed_keepalive_seconds=0.2,
    )


async def lines(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(FEED, params={"stream": "false", **params}, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [orjson.loads(line) for line in response.content.splitlines()]


async def test_stream_false_returns_the_contests_events_and_ends(
    client: httpx.AsyncClient,
) -> None:
    await prepare(client)
    events = await lines(client)
    assert [e["type"] for e in events][:2] == ["contest_defined", "contestants_registered"]
    assert events[-1]["type"] == "contest_started"
    assert all(set(e) == {"type", "id", "data", "token", "head"} for e in events)
    assert len({e["token"] for e in events}) == len(events)
    assert events[0]["data"]["definition"]["id"] == CID


async def test_since_token_resumes_after_that_event(client: httpx.AsyncClient) -> None:
    await prepare(client)
    events = await lines(client)
    assert await lines(client, since_token=events[1]["token"]) == events[2:]
    assert await lines(client, since_token=events[-1]["token"]) == []


@pytest.mark.parametrize("token", ["nonsense", "p12", "", encode_token(10_000)])
async def test_an_unknown_token_is_a_400(client: httpx.AsyncClient, token: str) -> None:
    await prepare(client)
    response = await client.get(FEED, params={"since_token": token}, headers=ADMIN)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unknown_token"


async def test_a_token_of_another_stream_is_unknown(client: httpx.AsyncClient) -> None:
    await prepare(client)
    positions = {
        orjson.loads(line)["token"]
        for line in (
            await client.get(FEED, params={"stream": "false"}, headers=ADMIN)
        ).content.splitlines()
    }
    foreign = next(encode_token(p) for p in range(1, 100) if encode_token(p) not in positions)
    response = await client.get(FEED, params={"since_token": foreign}, headers=ADMIN)
    assert response.json()["code"] == "unknown_token"


async def test_the_feed_needs_an_organizer_or_a_screen(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    assert (await client.get(FEED)).status_code == 403
    assert (await client.get(FEED, headers=bearer(tokens["r1"]))).status_code == 403
    screen = (
        await client.post(f"/api/contests/{CID}/tokens", json={"role": "screen"}, headers=ADMIN)
    ).json()["token"]
    response = await client.get(FEED, params={"stream": "false"}, headers=bearer(screen))
    assert response.status_code == 200
    assert (await client.get("/api/contests/nope/event-feed", headers=ADMIN)).status_code == 404


async def test_stream_true_sends_new_events_and_keepalives(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tokens = await prepare(client)
    backlog = await lines(client)
    query = {"since_token": backlog[-1]["token"], "stream": "true"}
    async with stream_get(app, FEED, query, ADMIN) as response:
        assert response.status == 200
        await send(client, tokens["r1"], mark("c1", "wiring-faults", 0))
        line = await response.line()
        assert await response.line() == b"\n"  # idle: a keepalive newline
    # leaving disconnected the client: the app's response ended (else stream_get times out)
    event = orjson.loads(line)
    assert event["type"] == "mark_awarded"
    assert event["data"]["contestant_id"] == "c1"


async def test_a_clics_scoreboard(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    await send(client, tokens["r1"], mark("c1", "wiring-faults", 0))
    response = await client.get(f"/api/contests/{CID}/scoreboard")
    assert response.status_code == 200, response.text
    board = response.json()
    assert set(board) >= {"time", "contest_time", "state", "rows"}
    assert board["contest_time"].count(":") == 2
    row = board["rows"][0]
    assert set(row) == {"rank", "team_id", "score", "problems"}
    assert set(row["score"]) == {"num_solved", "total_time"}
    assert [p["problem_id"] for p in row["problems"]] == ["s1"]
    problem = row["problems"][0]
    assert set(problem) == {"problem_id", "num_judged", "num_pending", "solved", "time"}
