"""Contests through the API: define (YAML, JSON), list, read, contestants."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import yaml
from fastapi import FastAPI
from service_api import (
    ADMIN,
    CID,
    CONTESTANTS,
    EXAMPLE_YAML,
    bearer,
    create_example,
    mark,
    prepare,
    send,
)


async def test_create_from_yaml_answers_201_with_id_and_position(
    client: httpx.AsyncClient,
) -> None:
    response = await create_example(client)
    assert response.status_code == 201
    assert response.json() == {"id": CID, "position": response.json()["position"]}
    assert response.json()["position"] >= 1


async def test_create_from_json(client: httpx.AsyncClient) -> None:
    definition = yaml.safe_load(EXAMPLE_YAML) | {"id": "from-json"}
    response = await client.post("/api/contests", json=definition, headers=ADMIN)
    assert response.status_code == 201
    assert response.json()["id"] == "from-json"


async def test_an_existing_id_is_409(client: httpx.AsyncClient) -> None:
    await create_example(client)
    response = await create_example(client)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "contest_already_defined"


async def test_invalid_definition_lists_every_problem(client: httpx.AsyncClient) -> None:
    definition = yaml.safe_load(EXAMPLE_YAML)
    definition["duration_minutes"] = -1
    definition["criteria"][0]["aspects"][0]["max"] = "ten"
    response = await client.post("/api/contests", json=definition, headers=ADMIN)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_definition"
    paths = {error["path"] for error in body["errors"]}
    assert {"duration_minutes", "criteria[0].aspects[0].max"} <= paths
    assert all({"path", "message", "code"} <= set(error) for error in body["errors"])


async def test_unsupported_media_type_is_415(client: httpx.AsyncClient) -> None:
    headers = {**ADMIN, "Content-Type": "text/plain"}
    response = await client.post("/api/contests", content=b"id: x", headers=headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


async def test_only_an_organizer_creates(client: httpx.AsyncClient) -> None:
    anonymous = await client.post("/api/contests", content=EXAMPLE_YAML.encode())
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "forbidden"
    wrong = await client.post("/api/contests", json={}, headers=bearer("nope"))
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "invalid_token"
    tokens = await prepare(client, start=False)
    as_referee = await client.post("/api/contests", json={}, headers=bearer(tokens["r1"]))
    assert as_referee.status_code == 403


async def test_list_and_read(client: httpx.AsyncClient) -> None:
    await prepare(client)
    listed = await client.get("/api/contests")
    assert listed.status_code == 200
    [summary] = listed.json()
    assert summary["id"] == CID
    assert summary["kind"] == "competition"
    assert summary["contestants"] == 3
    assert summary["state"]["started"] is not None
    assert summary["state"]["ended"] is None
    assert [v["id"] for v in summary["venues"]] == ["wz", "nj"]
    detail = (await client.get(f"/api/contests/{CID}")).json()
    assert detail["definition"]["title"] == "长三角电工跨区域闯关邀请赛"
    assert [c["id"] for c in detail["contestants"]] == ["c1", "c2", "c3"]
    assert "worker_id" not in detail["contestants"][0]
    referee = next(r for r in detail["referees"] if r["id"] == "r1")
    assert referee == {"id": "r1", "name": "Referee One", "role": "referee", "venues": ["wz"]}
    assert "token" not in str(detail["referees"])


async def test_unknown_contest_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/contests/nope")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_contest"
    response = await client.post("/api/contests/nope/contestants", json=CONTESTANTS, headers=ADMIN)
    assert response.status_code == 404


async def test_contestants_upload_answers_position_and_count(client: httpx.AsyncClient) -> None:
    await create_example(client)
    url = f"/api/contests/{CID}/contestants"
    response = await client.post(url, json=CONTESTANTS, headers=ADMIN)
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert response.json()["position"] >= 2


async def test_contestant_of_an_unknown_venue_is_422(client: httpx.AsyncClient) -> None:
    await create_example(client)
    body = [{"id": "c9", "name": "X", "venue": "mars"}]
    response = await client.post(f"/api/contests/{CID}/contestants", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_venue"


async def test_malformed_contestants_are_validation_errors(client: httpx.AsyncClient) -> None:
    await create_example(client)
    url = f"/api/contests/{CID}/contestants"
    response = await client.post(url, json=[{"id": "c1"}], headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["path"].endswith("name")
    empty = await client.post(url, json=[], headers=ADMIN)
    assert empty.status_code == 422


async def test_the_list_pages_in_the_order_defined(client: httpx.AsyncClient) -> None:
    await create_example(client)
    for cid in ("second", "third"):
        other = yaml.safe_load(EXAMPLE_YAML) | {"id": cid}
        assert (await client.post("/api/contests", json=other, headers=ADMIN)).status_code == 201
    everything = (await client.get("/api/contests")).json()
    assert [c["id"] for c in everything] == [CID, "second", "third"]
    page = (await client.get("/api/contests", params={"limit": 2, "offset": 1})).json()
    assert page == everything[1:]
    recent = (await client.get("/api/contests", params={"order": "recent", "limit": 2})).json()
    assert [c["id"] for c in recent] == ["third", "second"]
    bad = await client.get("/api/contests", params={"limit": 0})
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_error")
    unknown = await client.get("/api/contests", params={"order": "sideways"})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "validation_error")


async def test_commands_and_the_list_never_read_the_log(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: a command is decided on the cached contest and folded in from what was
    appended; the list is one query of the catalog. Only the token index may refresh
    (and a rejection reads the contest's newer events once, in case it was stale)."""
    tokens = await prepare(client)
    store = app.state.services.store
    requests = asyncio.current_task()  # the ASGI transport runs the app in this task
    reads: list[tuple[str, object]] = []
    for name in ("read_all", "read_stream"):
        original = getattr(store, name)

        async def counted(*args: Any, _original: Any = original, _name: str = name) -> Any:
            if asyncio.current_task() is requests:
                reads.append((_name, args[0]))
            return await _original(*args)

        monkeypatch.setattr(store, name, counted)
    for contestant, aspect in (
        ("c1", "wiring-faults"),
        ("c2", "wiring-faults"),
        ("c1", "wiring-quality"),
    ):
        [result] = await send(client, tokens["r1"], mark(contestant, aspect, 1))
        assert result["status"] == "accepted", result
    assert (await client.get("/api/contests")).status_code == 200
    assert [read for read in reads if read != ("read_stream", "access")] == []


async def test_a_yaml_alias_bomb_is_refused_at_once(client: httpx.AsyncClient) -> None:
    """460 bytes of aliases naming aliases (a "billion laughs") once froze the server."""
    lines = [f"a0: &a0 [{','.join(['xxxxxxxx'] * 9)}]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    headers = {**ADMIN, "Content-Type": "application/yaml"}
    async with asyncio.timeout(5):
        response = await client.post("/api/contests", content="\n".join(lines), headers=headers)
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["yaml_alias"]
