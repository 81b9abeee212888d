"""The chief's desk and the tablet's panel view over HTTP; offline API docs."""

from __future__ import annotations

from typing import Any

import httpx
from service_api import ADMIN, ADMIN_TOKEN, CID, bearer, command, mark, prepare, send


async def desk(client: httpx.AsyncClient, token: str, kind: str = "desk") -> dict[str, Any]:
    response = await client.get(f"/api/contests/{CID}/{kind}", headers=bearer(token))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def marked_over_spread(client: httpx.AsyncClient) -> tuple[dict[str, str], list[str]]:
    """c1's wiring quality marked 0 by r1 and 3 by the chief: over its spread of 1."""
    tokens = await prepare(client)
    ids = []
    for who, value in (("r1", 0), ("chief", 3)):
        item = mark("c1", "wiring-quality", value)
        [result] = await send(client, tokens[who], item)
        assert result["status"] == "accepted", result
        ids.append(item["command_id"])
    return tokens, ids


async def test_the_desk_lists_every_mark_and_queues_a_panel_over_its_spread(
    client: httpx.AsyncClient,
) -> None:
    tokens, (first, _) = await marked_over_spread(client)
    body = await desk(client, tokens["chief"])
    entries = {entry["command_id"]: entry for entry in body["entries"]}
    assert entries[first]["referee_id"] == "r1"
    assert entries[first]["value"] == 0
    assert entries[first]["at"]
    [panel] = body["queue"]
    assert (panel["contestant_id"], panel["aspect_id"], panel["marked"], panel["size"]) == (
        "c1",
        "wiring-quality",
        2,
        3,
    )
    assert panel["spread"] == 3
    fix = command("correct", supersedes=first, value=2, reason="re-scored")
    [result] = await send(client, tokens["chief"], fix)
    assert result["status"] == "accepted", result
    after = await desk(client, ADMIN_TOKEN)
    assert after["queue"] == []
    corrected = {entry["command_id"]: entry for entry in after["entries"]}[first]
    assert (corrected["value"], corrected["first_value"]) == (2, 0)
    assert corrected["corrections"][0]["reason"] == "re-scored"


async def test_a_request_reaches_the_desk_until_the_chief_corrects(
    client: httpx.AsyncClient,
) -> None:
    tokens, (first, _) = await marked_over_spread(client)
    ask = command("request_correction", supersedes=first, reason="meant 2")
    [result] = await send(client, tokens["r1"], ask)
    assert result["status"] == "accepted", result
    [request] = (await desk(client, tokens["chief"]))["requests"]
    assert (request["entry_id"], request["referee_id"], request["reason"]) == (
        first,
        "r1",
        "meant 2",
    )
    mine = (await desk(client, tokens["r1"], "tablet"))["mine"]
    assert [(m["command_id"], m["requested"]) for m in mine] == [(first, True)]
    await send(client, tokens["chief"], command("correct", supersedes=first, value=2, reason="ok"))
    assert (await desk(client, tokens["chief"]))["requests"] == []


async def test_a_referee_sees_panel_progress_but_no_other_values(
    client: httpx.AsyncClient,
) -> None:
    tokens, _ = await marked_over_spread(client)
    body = await desk(client, tokens["r1"], "tablet")
    panels = {(p["contestant_id"], p["aspect_id"]): p for p in body["panels"]}
    assert {contestant for contestant, _ in panels} == {"c1", "c2"}  # r1 judges at wz
    assert panels["c1", "wiring-quality"]["marked"] == 2
    assert panels["c1", "wiring-quality"]["rescore"] is True
    assert [m["referee_id"] for m in body["mine"]] == ["r1"]
    assert "entries" not in body


async def test_who_may_read_the_desk(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    url = f"/api/contests/{CID}"
    assert (await client.get(f"{url}/desk", headers=bearer(tokens["r1"]))).status_code == 403
    assert (await client.get(f"{url}/desk")).status_code in (401, 403)
    assert (await client.get(f"{url}/tablet", headers=ADMIN)).status_code == 403
    missing = await client.get("/api/contests/nope/desk", headers=ADMIN)
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_contest")


async def test_the_api_docs_load_nothing_from_the_internet(client: httpx.AsyncClient) -> None:
    for path in ("/docs", "/redoc"):
        page = await client.get(path)
        assert page.status_code == 200
        assert "http" not in page.text.replace("http-equiv", ""), page.text
    script = await client.get("/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert len(script.content) > 100_000


async def test_the_site_tells_the_console_its_public_address(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/site", headers=ADMIN)).json()
    assert body["public_base_url"] is None
