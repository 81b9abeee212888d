"""The CLICS-style event feed against a real server: ndjson with tokens, resume after a
token, 400 for unknown tokens, and a streaming feed that delivers new events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
from e2e_contest import WAIT, Contest, bearer, mark, new_contest

NDJSON = "application/x-ndjson"


async def feed(contest: Contest, who: str = "organizer", **params: str) -> list[dict[str, Any]]:
    response = await contest.client.get(
        f"{contest.url}/event-feed",
        params={"stream": "false", **params},
        headers=bearer(contest.tokens[who]),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(NDJSON)
    return [orjson.loads(line) for line in response.content.splitlines()]


async def test_stream_false_gives_one_event_per_line_with_a_token(
    client: httpx.AsyncClient,
) -> None:
    contest = await new_contest(client)
    body = mark("c1", "wiring-faults", 1)
    await contest.accepted("r1", body)
    events = await feed(contest)
    assert [e["type"] for e in events] == [
        "contest_defined",
        "contestants_registered",
        "referees_registered",
        "contest_started",
        "mark_awarded",
    ]
    assert all(set(event) == {"type", "id", "data", "token", "head"} for event in events)
    assert len({event["token"] for event in events}) == len(events)
    assert len({event["id"] for event in events}) == len(events)
    assert events[0]["data"]["definition"]["id"] == contest.cid
    assert events[-1]["data"]["command_id"] == body["command_id"]
    assert events[-1]["data"]["contestant_id"] == "c1"
    assert await feed(contest, "screen") == events


async def test_since_token_resumes_after_that_event(client: httpx.AsyncClient) -> None:
    contest = await new_contest(client)
    await contest.accepted("r1", mark("c1", "wiring-faults", 0))
    events = await feed(contest)
    for index, event in enumerate(events):
        assert await feed(contest, since_token=event["token"]) == events[index + 1 :]


async def test_an_unknown_token_is_a_400(client: httpx.AsyncClient) -> None:
    contest = await new_contest(client)
    other = await new_contest(client, start=False)
    foreign = (await feed(other))[0]["token"]
    for token in ("nonsense", foreign, ""):
        response = await client.get(
            f"{contest.url}/event-feed",
            params={"since_token": token, "stream": "false"},
            headers=bearer(contest.tokens["organizer"]),
        )
        assert response.status_code == 400, (token, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unknown_token"


async def test_the_feed_is_for_organizers_and_screens(client: httpx.AsyncClient) -> None:
    contest = await new_contest(client)
    url = f"{contest.url}/event-feed"
    params = {"stream": "false"}
    assert (await client.get(url, params=params)).status_code == 403
    referee = bearer(contest.tokens["r1"])
    assert (await client.get(url, params=params, headers=referee)).status_code == 403


async def next_line(lines: AsyncIterator[str]) -> str:
    async with asyncio.timeout(WAIT):
        return await anext(lines)


async def next_event(lines: AsyncIterator[str]) -> dict[str, Any]:
    """The next event line, skipping keepalive newlines (bounded by `WAIT`)."""
    async with asyncio.timeout(WAIT):
        while not (line := await next_line(lines)):
            pass
    event: dict[str, Any] = orjson.loads(line)
    return event


async def test_stream_true_delivers_an_event_appended_while_connected(
    client: httpx.AsyncClient,
) -> None:
    contest = await new_contest(client)
    known = await feed(contest)
    url = f"{contest.url}/event-feed"
    headers = bearer(contest.tokens["screen"])
    params = {"stream": "true", "since_token": known[1]["token"]}
    async with client.stream("GET", url, params=params, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(NDJSON)
        lines = response.aiter_lines()
        assert [await next_event(lines) for _ in known[2:]] == known[2:]
        body = mark("c2", "wiring-faults", 2)
        await contest.accepted("r1", body)
        new = await next_event(lines)
        assert await next_line(lines) == ""  # idle: a keepalive newline
    assert new["type"] == "mark_awarded"
    assert new["data"]["command_id"] == body["command_id"]
    resumed = await feed(contest, since_token=known[-1]["token"])
    assert resumed == [new]
