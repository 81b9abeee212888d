"""Commands through the API: the referee flow, duplicates, batches, every rejection code."""

from __future__ import annotations

import httpx
import pytest
from service_api import ADMIN_TOKEN, CID, command, mark, prepare, send


@pytest.fixture
def service_db_url(database_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL."""
    return database_url


async def test_a_mark_is_accepted_with_a_position(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    body = mark()
    [result] = await send(client, tokens["r1"], body)
    assert result["status"] == "accepted"
    assert result["command_id"] == body["command_id"]
    assert result["position"] > 0
    assert "error" not in result


async def test_the_same_command_again_is_a_duplicate_with_its_original_position(
    client: httpx.AsyncClient,
) -> None:
    tokens = await prepare(client)
    body = mark()
    [first] = await send(client, tokens["r1"], body)
    await send(client, tokens["r1"], mark(contestant="c1", aspect="wiring-faults", value=0))
    [again] = await send(client, tokens["r1"], [body])
    assert again == {
        "command_id": body["command_id"],
        "status": "duplicate",
        "position": first["position"],
    }


async def test_a_command_id_used_again_for_another_command_is_a_conflict(
    client: httpx.AsyncClient,
) -> None:
    tokens = await prepare(client)
    body = mark(value=1)
    [first] = await send(client, tokens["r1"], body)
    reused = [
        {**body, "value": 2},  # another value
        {**body, "contestant_id": "c2"},  # another contestant
        command("impose_penalty", contestant_id="c1", penalty_id="safety")
        | {"command_id": body["command_id"]},  # another kind of command
    ]
    results = await send(client, tokens["r1"], reused)
    for result in results:
        assert result["status"] == "rejected", result
        assert (result["http_status"], result["error"]["code"]) == (409, "command_id_conflict")
    [by_other] = await send(client, tokens["r2"], body)  # the same body from another referee
    assert by_other["error"]["code"] == "command_id_conflict"
    [again] = await send(client, tokens["r1"], body | {"client_time": "2025-05-01T09:00:00Z"})
    assert (again["status"], again["position"]) == ("duplicate", first["position"])


async def test_a_batch_runs_each_command_on_its_own_in_order(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    invalid = {"command_id": "bad-1", "type": "award_mark", "contestant_id": "c1", "value": 1}
    batch = [mark(value=1), invalid, mark(aspect="wiring-faults", value=1)]
    results = await send(client, tokens["r1"], batch)
    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted"]
    assert results[1]["command_id"] == "bad-1"
    assert results[1]["error"]["code"] == "invalid_command"
    assert "aspect_id" in results[1]["error"]["message"]
    assert results[1]["http_status"] == 422
    assert results[0]["position"] < results[2]["position"]


async def test_a_command_that_is_not_an_object_is_rejected(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    results = await send(client, tokens["r1"], [42, "x", None, {"type": "nope"}])
    assert [r["error"]["code"] for r in results] == ["invalid_command"] * 4


async def test_metadata_records_actor_device_venue_and_client_time(
    client: httpx.AsyncClient,
) -> None:
    tokens = await prepare(client)
    body = mark() | {"client_time": "2025-05-01T09:00:00+08:00"}
    headers = {"Authorization": f"Bearer {tokens['r1']}", "X-Device-Id": "tablet-7"}
    response = await client.post(f"/api/contests/{CID}/commands", json=body, headers=headers)
    [result] = response.json()["results"]
    store = client._transport.app.state.services.store  # type: ignore[attr-defined]
    [event] = await store.read_all(result["position"] - 1, 1)
    assert event.metadata == {
        "actor_id": "r1",
        "role": "referee",
        "device": "tablet-7",
        "venue": "wz",
        "client_time": "2025-05-01T09:00:00+08:00",
        "command_id": body["command_id"],
    }


async def test_lifecycle_goes_through_commands(client: httpx.AsyncClient) -> None:
    await prepare(client)
    results = await send(client, ADMIN_TOKEN, [command("end"), command("finalize")])
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    detail = (await client.get(f"/api/contests/{CID}")).json()
    assert detail["state"]["finalized"] is not None


async def test_a_rejected_command_may_be_sent_again(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client, start=False)
    body = mark()
    [first] = await send(client, tokens["r1"], body)
    assert first["error"]["code"] == "contest_not_running"
    await send(client, ADMIN_TOKEN, command("start"))
    [second] = await send(client, tokens["r1"], body)
    assert second["status"] == "accepted"


async def _rejection(client: httpx.AsyncClient, token: str, body: dict[str, object]) -> dict:  # type: ignore[type-arg]
    [result] = await send(client, token, body)
    assert result["status"] == "rejected", result
    assert "position" not in result
    return result


@pytest.mark.parametrize(
    ("referee", "body", "code", "status"),
    [
        ("r2", mark(contestant="c1"), "not_assigned", 403),
        ("r4", mark(aspect="wiring-quality"), "not_assigned", 403),
        ("r3", mark(contestant="c2"), "conflict_of_interest", 403),
        ("r1", mark(value=5), "out_of_range", 422),
        ("r1", mark(aspect="nope"), "unknown_aspect", 404),
        ("r1", mark(contestant="nobody"), "unknown_contestant", 404),
        ("r1", command("start"), "forbidden", 403),
    ],
)
async def test_rejection_codes(
    client: httpx.AsyncClient, referee: str, body: dict[str, object], code: str, status: int
) -> None:
    tokens = await prepare(client)
    result = await _rejection(client, tokens[referee], body)
    assert result["error"]["code"] == code
    assert result["http_status"] == status
    assert result["error"]["message"]


async def test_contest_not_running(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client, start=False)
    result = await _rejection(client, tokens["r1"], mark())
    assert (result["error"]["code"], result["http_status"]) == ("contest_not_running", 409)


async def test_already_marked(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    await send(client, tokens["r1"], mark())
    result = await _rejection(client, tokens["r1"], mark())
    assert (result["error"]["code"], result["http_status"]) == ("already_marked", 409)


async def test_entry_locked(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    [signed] = await send(client, tokens["chief"], command("sign_off", contestant_id="c1"))
    assert signed["status"] == "accepted"
    result = await _rejection(client, tokens["r1"], mark())
    assert (result["error"]["code"], result["http_status"]) == ("entry_locked", 409)


async def test_correction_by_the_chief(client: httpx.AsyncClient) -> None:
    tokens = await prepare(client)
    original = mark()
    await send(client, tokens["r1"], original)
    fix = command("correct", supersedes=original["command_id"], value=3, reason="misread")
    [result] = await send(client, tokens["chief"], fix)
    assert result["status"] == "accepted"
    store = client._transport.app.state.services.store  # type: ignore[attr-defined]
    [event] = await store.read_all(result["position"] - 1, 1)
    assert event.metadata["venue"] == "wz"


async def test_who_may_send_commands(client: httpx.AsyncClient) -> None:
    await prepare(client)
    url = f"/api/contests/{CID}/commands"
    anonymous = await client.post(url, json=mark())
    assert (anonymous.status_code, anonymous.json()["code"]) == (403, "forbidden")
    unknown = await client.post(url, json=mark(), headers={"Authorization": "Bearer bogus"})
    assert (unknown.status_code, unknown.json()["code"]) == (401, "invalid_token")


async def test_commands_for_an_unknown_contest_are_404(client: httpx.AsyncClient) -> None:
    await prepare(client)
    response = await client.post(
        "/api/contests/nope/commands",
        json=mark(),
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert (response.status_code, response.json()["code"]) == (404, "unknown_contest")
