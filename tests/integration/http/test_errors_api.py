"""Bad input never reaches a 500: every error is a problem document with a stable code."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_api import ADMIN, CID, bearer, prepare

from judging.http.limits import MAX_BATCH, MAX_BODY_BYTES
from judging.http.routes import contests as contests_routes

COMMANDS = f"/api/contests/{CID}/commands"
JSON = {**ADMIN, "Content-Type": "application/json"}


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"NaN", b'{"a": NaN}', b"[" * 5000 + b"]" * 5000, b"\xff\xfe", b"1e999"],
)
async def test_malformed_json_is_400(client: httpx.AsyncClient, raw: bytes) -> None:
    await prepare(client, start=False)
    _problem(await client.post(COMMANDS, content=raw, headers=JSON), 400, "invalid_json")


@pytest.mark.parametrize("body", [1, "x", None, True, 12345678901234567890123])
async def test_a_body_that_is_not_commands_is_422(client: httpx.AsyncClient, body: Any) -> None:
    await prepare(client, start=False)
    response = await client.post(COMMANDS, content=json.dumps(body), headers=JSON)
    _problem(response, 422, "validation_error")


async def test_a_batch_too_long_is_413(client: httpx.AsyncClient) -> None:
    await prepare(client, start=False)
    response = await client.post(COMMANDS, json=[{}] * (MAX_BATCH + 1), headers=ADMIN)
    _problem(response, 413, "payload_too_large")


async def test_a_body_too_large_is_413(client: httpx.AsyncClient) -> None:
    await prepare(client, start=False)
    big = b"[" + b" " * MAX_BODY_BYTES + b"]"
    _problem(await client.post(COMMANDS, content=big, headers=JSON), 413, "payload_too_large")

    async def chunks() -> Any:  # no Content-Length: counted while read
        for _ in range(5):
            yield b" " * (MAX_BODY_BYTES // 4)

    response = await client.post(COMMANDS, content=chunks(), headers=JSON)
    _problem(response, 413, "payload_too_large")
    response = await client.post("/api/contests", content=chunks(), headers=JSON)
    _problem(response, 413, "payload_too_large")


async def test_wrong_media_type_is_415(client: httpx.AsyncClient) -> None:
    await prepare(client, start=False)
    headers = {**ADMIN, "Content-Type": "text/plain"}
    _problem(
        await client.post(COMMANDS, content=b"[]", headers=headers), 415, "unsupported_media_type"
    )


async def test_not_found_and_method_not_allowed(client: httpx.AsyncClient) -> None:
    _problem(await client.get("/api/nothing-here"), 404, "not_found")
    _problem(await client.delete("/api/contests"), 405, "method_not_allowed")


async def test_validation_errors_carry_paths(client: httpx.AsyncClient) -> None:
    await prepare(client, start=False)
    url = f"/api/contests/{CID}/contestants"
    body = _problem(await client.post(url, content=b"{", headers=JSON), 422, "validation_error")
    assert body["errors"]
    body = _problem(await client.post(url, json={"a": 1}, headers=ADMIN), 422, "validation_error")
    assert body["errors"][0]["path"] == "body"


async def test_unicode_and_huge_numbers_in_commands(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    weird = [
        {
            "command_id": "名字🙂",
            "type": "award_mark",
            "contestant_id": "c1",
            "aspect_id": "wiring-quality",
            "value": 1e308,
        },
        {"command_id": "x" * 65, "type": "start"},
        {
            "command_id": "\u0000",
            "type": "award_mark",
            "contestant_id": "\u202e",
            "aspect_id": "a",
            "value": 1,
        },
    ]
    response = await client.post(COMMANDS, json=weird, headers=bearer(tokens["r1"]))
    assert response.status_code == 200
    codes = [r["error"]["code"] for r in response.json()["results"]]
    assert codes == ["out_of_range", "invalid_command", "invalid_command"]


async def test_an_unexpected_error_is_a_500_problem_with_a_request_id(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object, **__: object) -> list[str]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(contests_routes, "summary_page", broken)
    response = await client.get("/api/contests", headers={"X-Request-Id": "req-42"})
    body = _problem(response, 500, "internal_error")
    assert body["request_id"] == "req-42"
    assert response.headers["x-request-id"] == "req-42"
    assert "secret" not in response.text


async def test_openapi_and_docs(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    schema = (await client.get("/openapi.json")).json()
    assert "/api/contests/{cid}/commands" in schema["paths"]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "command_id", "contestant_id", "aspect_id", "value", "x"])
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
command_like = st.fixed_dictionaries(
    {
        "command_id": st.text(max_size=70) | st.integers(),
        "type": st.sampled_from(["award_mark", "start", "correct", "sign_off", "nope"]),
    },
    optional={
        "contestant_id": json_values,
        "aspect_id": json_values,
        "value": json_values,
        "client_time": json_values,
        "supersedes": json_values,
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=json_values | command_like | st.lists(command_like, max_size=5))
async def test_random_json_never_gets_a_500(client: httpx.AsyncClient, body: Any) -> None:
    if not (await client.get(f"/api/contests/{CID}")).is_success:
        await prepare(client)
    response = await client.post(COMMANDS, json=body, headers=ADMIN)
    assert response.status_code < 500, response.text
