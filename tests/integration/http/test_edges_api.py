"""Edge values reach no 500, on either database: numbers past any column, odd bytes,
nesting deeper than any parser's stack, a command id used again with another body."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from service_api import ADMIN, CID, prepare

from judging.live.event_feed import encode_token

DEEP = 100_000
JSON = {**ADMIN, "Content-Type": "application/json"}


@pytest.fixture
def service_db_url(database_url: str) -> str:
    return database_url


def code_of(response: httpx.Response) -> tuple[int, str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return response.status_code, response.json()["code"]


@pytest.mark.parametrize("position", [2**63 - 1, 2**63, 2**63 + 1, 2**64 - 1])
async def test_a_feed_token_beyond_any_position_is_unknown(
    client: httpx.AsyncClient, position: int
) -> None:
    await prepare(client)
    params = {"since_token": encode_token(position), "stream": "false"}
    response = await client.get(f"/api/contests/{CID}/event-feed", params=params, headers=ADMIN)
    assert code_of(response) == (400, "unknown_token")


@pytest.mark.parametrize("offset", ["1e20", str(10**20), str(2**63), "-1"])
@pytest.mark.parametrize("url", ["/api/leaderboard", "/api/contests"])
async def test_an_offset_past_any_list_is_a_422(
    client: httpx.AsyncClient, url: str, offset: str
) -> None:
    response = await client.get(url, params={"offset": offset, "limit": 10})
    assert code_of(response) == (422, "validation_error")


@pytest.mark.parametrize("standard", ["\x00", "a\x00b", "é" * 3, "x" * 65, "../x"])
async def test_a_standard_id_that_is_no_id_is_a_422(
    client: httpx.AsyncClient, standard: str
) -> None:
    response = await client.get("/api/capability", params={"standard": standard}, headers=ADMIN)
    assert code_of(response) == (422, "validation_error")


async def test_a_standard_command_id_used_for_another_standard_is_a_409(
    client: httpx.AsyncClient,
) -> None:
    body: dict[str, Any] = {"id": "s", "name": "S", "required": {"a.b": 50}, "command_id": "k"}
    first = await client.post("/api/standards", json=body, headers=ADMIN)
    assert first.status_code == 201, first.text
    for other in ({**body, "required": {"a.b": 60}}, {**body, "id": "t"}):
        response = await client.post("/api/standards", json=other, headers=ADMIN)
        assert code_of(response) == (409, "command_id_conflict")
    again = await client.post("/api/standards", json=body, headers=ADMIN)
    assert again.json() == first.json()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/contests/{CID}/contestants",
        f"/api/contests/{CID}/referees",
        f"/api/contests/{CID}/tokens",
        "/api/standards",
    ],
)
async def test_json_nested_past_the_parsers_stack_is_a_400(
    client: httpx.AsyncClient, path: str
) -> None:
    await prepare(client, start=False)
    deep = b"[" * DEEP + b"]" * DEEP
    assert code_of(await client.post(path, content=deep, headers=JSON)) == (400, "invalid_json")


@pytest.mark.parametrize(
    ("text", "media"),
    [
        (b"[" * DEEP + b"]" * DEEP, "application/json"),
        (b'{"id": "x", "title": ' + b"[" * 900 + b"]" * 900 + b"}", "application/json"),
        (b"id: x\ntitle: " + b"[" * DEEP, "application/yaml"),
    ],
    ids=["json-past-the-stack", "json-deep", "yaml-deep"],
)
async def test_a_definition_nested_too_deep_is_a_422(
    client: httpx.AsyncClient, text: bytes, media: str
) -> None:
    headers = {**ADMIN, "Content-Type": media}
    response = await client.post("/api/contests", content=text, headers=headers)
    assert code_of(response) == (422, "invalid_definition")
    assert response.json()["errors"][0]["code"] == "too_deep"
