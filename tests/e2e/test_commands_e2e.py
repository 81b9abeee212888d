"""Commands against a real server: retries are duplicates (also across a restart), and
every rejection code of the rules is reachable through the API with its HTTP status."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from e2e_contest import ADMIN, Contest, attempt, bearer, command, mark, new_contest
from e2e_server import ServerProcess


async def test_a_retried_command_is_a_duplicate_with_the_original_position(
    client: httpx.AsyncClient,
) -> None:
    contest = await new_contest(client)
    first = mark("c1", "wiring-faults", 1)
    position = await contest.accepted("r1", first)
    later = await contest.accepted("r2", mark("c2", "wiring-faults", 0))
    [again] = await contest.send("r1", first)
    assert again == {"command_id": first["command_id"], "status": "duplicate", "position": position}
    batch = [first, mark("c3", "wiring-faults", 2)]
    retried, fresh = await contest.send("r1", batch)
    assert retried["status"] == "duplicate"
    assert retried["position"] == position
    assert fresh["status"] == "accepted"
    assert fresh["position"] > later


async def test_a_command_retried_after_a_server_restart_is_still_a_duplicate(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    first = mark("c1", "wiring-quality", 2)
    position = await contest.accepted("r1", first)
    await asyncio.to_thread(server.restart)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as fresh:
        contest.client = fresh
        [again] = await contest.send("r1", first)
        board = await contest.standings("live")
    assert again["status"] == "duplicate"
    assert again["position"] == position
    assert board["position"] == position
    [c1] = [r for r in board["rows"] if r["contestant_id"] == "c1"]
    assert c1["criteria"]["quality"] == pytest.approx(20 / 3, abs=0.01)


async def test_a_token_that_may_not_send_commands_is_refused_as_a_whole(
    client: httpx.AsyncClient,
) -> None:
    contest = await new_contest(client)
    url = f"{contest.url}/commands"
    body = mark("c1", "wiring-faults", 0)
    for headers, status in (
        (bearer(contest.tokens["screen"]), 403),
        ({}, 403),
        (bearer("not-a-token"), 401),
    ):
        response = await client.post(url, json=body, headers=headers)
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"
    other = await new_contest(client, start=False)
    response = await client.post(url, json=body, headers=bearer(other.tokens["r1"]))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


Case = Callable[[Contest], Awaitable[list[tuple[str, dict[str, Any]]]]]


async def _prelude(contest: Contest, *steps: tuple[str, dict[str, Any]]) -> None:
    for who, body in steps:
        await contest.accepted(who, body)


async def not_assigned_venue(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r-wz", mark("c3", "wiring-faults", 0))]


async def not_assigned_aspect(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r-faults", mark("c1", "wiring-quality", 2))]


async def conflict_of_interest(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r-acme", mark("c2", "wiring-quality", 2))]


async def out_of_range(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r1", mark("c1", "wiring-quality", 4))]


async def unknown_aspect(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r1", mark("c1", "soldering", 1))]


async def unknown_contestant(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r1", mark("nobody", "wiring-quality", 1))]


async def entry_locked(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("chief", command("sign_off", contestant_id="c1")))
    return [("r1", mark("c1", "wiring-quality", 1))]


async def contest_not_running(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("organizer", command("end")))
    return [("r1", mark("c1", "wiring-quality", 1))]


async def already_marked(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("r1", mark("c1", "wiring-quality", 1)))
    return [("r1", mark("c1", "wiring-quality", 2))]


async def forbidden(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("r1", command("end")),
        ("organizer", mark("c1", "wiring-quality", 1)),
        ("r1", command("sign_off", contestant_id="c1")),
    ]


async def already_measured(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("r1", mark("c1", "wiring-faults", 0)))
    return [("r2", mark("c1", "wiring-faults", 1))]


async def already_cleared(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("r1", attempt("c1", "s1")))
    return [("r2", attempt("c1", "s1"))]


async def invalid_transition(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("organizer", command("start")), ("organizer", command("thaw"))]


async def not_correctable(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    penalty = command("impose_penalty", contestant_id="c1", penalty_id="safety")
    await _prelude(contest, ("r1", penalty))
    fix = command("correct", supersedes=penalty["command_id"], value=2, reason="typo")
    return [("chief", fix)]


async def contestant_out(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("organizer", command("withdraw", contestant_id="c3")))
    return [("r1", mark("c3", "wiring-faults", 0))]


async def invalid_command(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    no_value = command("award_mark", contestant_id="c1", aspect_id="wiring-faults")
    return [("r1", no_value), ("r1", command("teleport")), ("organizer", command("define"))]


async def unknown_stage(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r1", attempt("c1", "s9"))]


async def unknown_penalty(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r1", command("impose_penalty", contestant_id="c1", penalty_id="swearing"))]


async def unknown_command(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("chief", command("correct", supersedes="no-such-command", void=True, reason="x"))]


async def invalid_correction(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    original = mark("c1", "wiring-faults", 0)
    await _prelude(contest, ("r1", original))
    both = command("correct", supersedes=original["command_id"], value=1, void=True, reason="x")
    return [("chief", both)]


async def contest_finalized(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    await _prelude(contest, ("organizer", command("end")), ("organizer", command("finalize")))
    return [("r1", mark("c1", "wiring-faults", 0)), ("organizer", command("thaw"))]


async def contest_not_started(contest: Contest) -> list[tuple[str, dict[str, Any]]]:
    return [("r1", mark("c1", "wiring-faults", 0)), ("r1", attempt("c1", "s1"))]


# code -> (HTTP status of the contract, the case, whether the contest is started first)
CASES: dict[str, tuple[int, Case, bool]] = {
    "not_assigned(venue)": (403, not_assigned_venue, True),
    "not_assigned(aspect)": (403, not_assigned_aspect, True),
    "conflict_of_interest": (403, conflict_of_interest, True),
    "out_of_range": (422, out_of_range, True),
    "unknown_aspect": (404, unknown_aspect, True),
    "unknown_contestant": (404, unknown_contestant, True),
    "entry_locked": (409, entry_locked, True),
    "contest_not_running": (409, contest_not_running, True),
    "contest_not_running(not started)": (409, contest_not_started, False),
    "already_marked": (409, already_marked, True),
    "forbidden": (403, forbidden, True),
    "already_measured": (409, already_measured, True),
    "already_cleared": (409, already_cleared, True),
    "invalid_transition": (409, invalid_transition, True),
    "not_correctable": (422, not_correctable, True),
    "contestant_out": (409, contestant_out, True),
    "invalid_command": (422, invalid_command, True),
    "unknown_stage": (404, unknown_stage, True),
    "unknown_penalty": (404, unknown_penalty, True),
    "unknown_command": (404, unknown_command, True),
    "invalid_correction": (422, invalid_correction, True),
    "contest_finalized": (409, contest_finalized, True),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_every_rejection_code_is_reachable_with_its_http_status(
    client: httpx.AsyncClient, name: str
) -> None:
    status, case, start = CASES[name]
    code = name.split("(")[0]
    contest = await new_contest(client, start=start)
    commands = await case(contest)
    events = await feed_length(contest)
    for who, body in commands:
        [result] = await contest.send(who, body)
        assert result["command_id"] == body["command_id"]
        assert result["status"] == "rejected", (who, body, result)
        assert result["error"]["code"] == code, result
        assert result["error"]["message"]
        assert result["http_status"] == status, result
        assert "position" not in result
    assert await feed_length(contest) == events  # a rejection appends nothing


async def feed_length(contest: Contest) -> int:
    response = await contest.client.get(
        f"{contest.url}/event-feed", params={"stream": "false"}, headers=ADMIN
    )
    assert response.status_code == 200, response.text
    return len(response.content.splitlines())
